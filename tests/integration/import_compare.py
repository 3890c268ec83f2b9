#!/usr/bin/env python3
"""tests/integration/import_compare.py [--name NAME] OLD NEW...: the proof of
`feedgen import`: every item of OLD (the feed the old generator published,
RSS 2.0 or Atom 1.0) must be in each NEW feed (feedgen's atom.xml, feed.xml)
with the same id (Atom id, RSS guid), link, title and publication instant.
A title is compared as a reader shows it: an HTML one (jekyll-feed's
type="html", "Tom &amp; Jerry") with its entities decoded ("Tom & Jerry").

Items are found in NEW by id. The instant is published_parsed, else
updated_parsed (RSS pubDate, Atom published), compared in UTC, to the second
(what RSS and jekyll-feed write). Prints one line per mismatch,
  NAME: NEWFILE: ID: FIELD: old 'X', new 'Y'
then a count line,
  NAME: K of N items kept id, link, title and date
K counting the items kept in every NEW feed. Exit 0 when all N are kept,
1 on any mismatch, 2 when a feed cannot be read or OLD has no items (a proof
over nothing proves nothing). Run with /usr/bin/python3 (feedparser).
"""
import calendar
import html
import os
import sys
import time

import feedparser


def die(msg):
    print("import_compare.py: " + msg, file=sys.stderr)
    sys.exit(2)


def load(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    d = feedparser.parse(data)
    if d.bozo and not d.entries:
        die("%s: not a feed (%s)" % (path, d.bozo_exception))
    if d.version not in ("rss20", "atom10"):
        die("%s: not RSS 2.0 or Atom 1.0 (%r)" % (path, d.version))
    return d


def instant(e):
    t = e.get("published_parsed") or e.get("updated_parsed")
    return None if t is None else calendar.timegm(t)


def show_instant(t):
    if t is None:
        return "none"
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def title(e):
    t = e.get("title") or ""
    if (e.get("title_detail") or {}).get("type") == "text/html":
        t = html.unescape(t)
    return t.strip() or None


def fields(e):
    return {
        "id": e.get("id"),
        "link": e.get("link"),
        "title": title(e),
        "date": instant(e),
    }


def main(argv):
    name = "import"
    if len(argv) > 2 and argv[1] == "--name":
        name = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        die("usage: import_compare.py [--name NAME] OLD NEW...")
    old = load(argv[1])
    if not old.entries:
        die("%s: no items" % argv[1])
    news = []
    for path in argv[2:]:
        by_id = {}
        for e in load(path).entries:
            by_id.setdefault(e.get("id"), []).append(e)
        news.append((os.path.basename(path), by_id))

    kept = 0
    for o in old.entries:
        of = fields(o)
        oid = of["id"]
        good = True
        if not oid:
            print("%s: %s: an item without id (link %s)" % (name, argv[1], of["link"]))
            good = False
        for base, by_id in (news if oid else []):
            found = by_id.get(oid, [])
            if not found:
                print("%s: %s: %s: id: not in the new feed (old link %s)" % (name, base, oid, of["link"]))
                good = False
                continue
            if len(found) > 1:
                print("%s: %s: %s: id: %d items have it" % (name, base, oid, len(found)))
                good = False
            nf = fields(found[0])
            for k in ("link", "title", "date"):
                if of[k] != nf[k]:
                    if k == "date":
                        ov, nv = show_instant(of[k]), show_instant(nf[k])
                    else:
                        ov, nv = of[k], nf[k]
                    print("%s: %s: %s: %s: old '%s', new '%s'" % (name, base, oid, k, ov, nv))
                    good = False
        kept += good
    n = len(old.entries)
    print("%s: %d of %d items kept id, link, title and date" % (name, kept, n))
    return 0 if kept == n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
