#!/usr/bin/python3
"""walk_archive.py: follow RFC 5005 prev-archive links from the main feeds, as an archive-aware reader does.

Usage: walk_archive.py PUBLIC_DIR BASE_URL IDS_FILE

For feed.xml and atom.xml in PUBLIC_DIR: starts at the feed, follows
prev-archive (a URL under BASE_URL, read from the file it names in
PUBLIC_DIR) until a page has none, and checks on the way that
  - the main feed is no archive (no fh:archive) and each page is one,
  - each page's self link is the URL that led to it, its current link is the
    main feed's self, and its next-archive is the page (or feed) the walk came
    from, except the newest page, which has none and is what the feed links,
  - no page is visited twice, each is read by feedparser without complaint,
  - every entry of a page is older than every entry of the page after it,
  - the ids met, feed and pages together, are IDS_FILE's (one per line)
    exactly, each met once.
Prints "KIND: N pages, M entries" per feed; exits 1 with a line per problem.
"""
import os
import sys
import time
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"


def links(root):
    """rel -> [href] of the feed-level links (atom:link in RSS's channel, link in Atom)."""
    top = root.find("channel") if root.tag == "rss" else root
    out = {}
    for l in top.findall(ATOM + "link"):
        out.setdefault(l.get("rel"), []).append(l.get("href"))
    return out, top


def read(public, base, url, problems, what):
    if not url.startswith(base):
        problems.append("%s: %s is not under %s" % (what, url, base))
        return None
    path = os.path.join(public, url[len(base):])
    if not os.path.exists(path):
        problems.append("%s: %s names no file (%s)" % (what, url, path))
        return None
    root = ET.parse(path).getroot()
    d = feedparser.parse(path)
    if d.bozo:
        problems.append("%s: feedparser reports %s ill-formed: %r" % (what, path, d.bozo_exception))
    rel, top = links(root)
    return {
        "rel": rel,
        "archive": top.find(FH + "archive") is not None,
        "complete": top.find(FH + "complete") is not None,
        "entries": [(e.get("id"), time.mktime(e.published_parsed) if e.get("published_parsed") else None)
                    for e in d.entries],
    }


def one(rel, name):
    v = rel.get(name, [])
    return v[0] if len(v) == 1 else None if not v else "several"


def walk(public, base, name, ids, problems):
    main_url = base + name
    main = read(public, base, main_url, problems, name)
    if main is None:
        return
    if main["archive"]:
        problems.append("%s: the main feed carries fh:archive" % name)
    if one(main["rel"], "self") != main_url:
        problems.append("%s: self link %r, expected %s" % (name, one(main["rel"], "self"), main_url))
    met = [i for i, _ in main["entries"]]
    chain = [main["entries"]]
    seen = {main_url}
    after, url, pages = main_url, one(main["rel"], "prev-archive"), 0
    while url:
        what = "%s page %s" % (name, url)
        if url in seen or url == "several":
            problems.append("%s: visited twice, or several prev-archive links" % what)
            break
        seen.add(url)
        page = read(public, base, url, problems, what)
        if page is None:
            break
        pages += 1
        if not page["archive"]:
            problems.append("%s: no fh:archive" % what)
        if page["complete"]:
            problems.append("%s: fh:complete on an archive page" % what)
        if one(page["rel"], "self") != url:
            problems.append("%s: self link %r" % (what, one(page["rel"], "self")))
        if one(page["rel"], "current") != main_url:
            problems.append("%s: current link %r, expected %s" % (what, one(page["rel"], "current"), main_url))
        nxt = one(page["rel"], "next-archive")
        if after == main_url and nxt is not None:
            problems.append("%s: the newest page links next-archive %r" % (what, nxt))
        if after != main_url and nxt != after:
            problems.append("%s: next-archive %r, expected %s" % (what, nxt, after))
        if not page["entries"]:
            problems.append("%s: an empty page" % what)
        met += [i for i, _ in page["entries"]]
        chain.append(page["entries"])
        after, url = url, one(page["rel"], "prev-archive")
    # Newest first along the chain: each page entirely older than the one before it in the walk.
    for newer, older in zip(chain, chain[1:]):
        dn = [d for _, d in newer if d is not None]
        do = [d for _, d in older if d is not None]
        if dn and do and max(do) > min(dn):
            problems.append("%s: a page holds an entry newer than one in the page after it" % name)
    dup = sorted({i for i in met if met.count(i) > 1})
    if dup:
        problems.append("%s: met more than once: %s" % (name, ", ".join(dup)))
    missing, extra = sorted(set(ids) - set(met)), sorted(set(met) - set(ids))
    if missing:
        problems.append("%s: never met: %s" % (name, ", ".join(missing)))
    if extra:
        problems.append("%s: not published, yet met: %s" % (name, ", ".join(extra)))
    print("%s: %d pages, %d entries" % (name, pages, len(met)))


def main():
    public, base, ids_file = sys.argv[1:4]
    with open(ids_file, encoding="utf-8") as f:
        ids = [l.strip() for l in f if l.strip()]
    problems = []
    for name in ("feed.xml", "atom.xml"):
        if os.path.exists(os.path.join(public, name)):
            walk(public, base, name, ids, problems)
    for p in problems:
        print("walk_archive: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
