#!/usr/bin/python3
"""check_feeds.py: read the generated feeds as a feed reader would (feedparser).

Usage: check_feeds.py PUBLIC_DIR > summary.json

Reads the feeds of PUBLIC_DIR and of each of its sub-folders (archive pages,
views), keyed by their path inside it ("feed.xml", "archive/1/atom.xml").

Fails (exit 1, one line per problem on stderr) when a feed is not well-formed
for feedparser (bozo), when an entry lacks a title, an absolute http(s) link, an
id or a date, when the self link is missing, or when the RSS and Atom feeds
disagree about what a reader would show. Prints a JSON summary of what a reader
sees, which the golden tests compare with the expected one.

A feed.json is read with the json module (Debian 12's feedparser 6.0 does not
read JSON Feed; check_jsonfeed.py checks its rules) and must agree with the
Atom feed as feedparser reads it: title, home page, hubs, and each entry's
title, link, id, dates, author and tags (JSON Feed's tags have no scheme: a
term Atom gives in a scheme, such as an entry's tag, counts once there).
An entry whose tags carry a scheme (RSS domain) shows them as tag_schemes.
"""
import datetime
import json
import os
import sys
import time

import feedparser


def fail(problems, feed, msg):
    problems.append("%s: %s" % (feed, msg))


def absolute(url):
    return isinstance(url, str) and (url.startswith("http://") or url.startswith("https://"))


def summarize(path, problems):
    d = feedparser.parse(path)
    name = os.path.basename(path)
    if d.bozo:
        fail(problems, name, "feedparser reports it ill-formed: %r" % (d.bozo_exception,))
    links = d.feed.get("links", [])
    selfs = [l["href"] for l in links if l.get("rel") == "self"]
    hubs = [l["href"] for l in links if l.get("rel") == "hub"]
    if len(selfs) != 1:
        fail(problems, name, "expected exactly one self link, found %d" % len(selfs))
    elif not selfs[0].endswith("/" + name):
        fail(problems, name, "self link %s does not name this file" % selfs[0])
    entries = []
    for i, e in enumerate(d.entries):
        where = "%s entry %d" % (name, i + 1)
        for key in ("title", "link", "id"):
            if not e.get(key):
                fail(problems, where, "no %s" % key)
        if e.get("link") and not absolute(e.link):
            fail(problems, where, "link is not absolute: %r" % e.link)
        if not e.get("published_parsed"):
            fail(problems, where, "no date a reader can parse")
        for l in e.get("links", []) + e.get("enclosures", []):
            if l.get("href") and not absolute(l["href"]):
                fail(problems, where, "relative URL %r" % l["href"])
        content = e.get("content", [{}])[0].get("value", "")
        for attr in ('href="', 'src="'):
            for part in content.split(attr)[1:]:
                if not absolute(part.split('"')[0]):
                    fail(problems, where, "relative %s%s in content" % (attr, part.split('"')[0]))
        entry = {
            "title": e.get("title"),
            "link": e.get("link"),
            "id": e.get("id"),
            "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", e.published_parsed) if e.get("published_parsed") else None,
            "author": e.get("author_detail", {}).get("name"),
            "tags": [t["term"] for t in e.get("tags", [])],
            "enclosures": sorted(l["href"] for l in e.get("enclosures", [])),
        }
        # A tag's taxonomy (RSS domain, Atom scheme), shown only where a feed gives one.
        if any(t.get("scheme") for t in e.get("tags", [])):
            entry["tag_schemes"] = [t.get("scheme") for t in e.get("tags", [])]
        entries.append(entry)
    return {
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "self": selfs[0] if selfs else None,
        "hubs": hubs,
        "entries": entries,
    }


def agree_json(js, modified, atom, atom_path, problems):
    """feed.json against atom.xml: what a reader shows must not depend on the format."""
    for key in ("title", "link", "hubs"):
        if js[key] != atom[key]:
            fail(problems, "feeds", "JSON Feed and Atom disagree on %s: %r vs %r" % (key, js[key], atom[key]))
    if len(js["entries"]) != len(atom["entries"]):
        fail(problems, "feeds", "JSON Feed has %d items, Atom %d entries" % (len(js["entries"]), len(atom["entries"])))
    updated = [time.strftime("%Y-%m-%dT%H:%M:%SZ", e.updated_parsed) if e.get("updated_parsed") else None
               for e in feedparser.parse(atom_path).entries]
    for j, a, m, u in zip(js["entries"], atom["entries"], modified, updated):
        # JSON Feed's tags have no scheme: Atom's terms, one in a scheme once when not there before.
        terms = []
        for t, s in zip(a["tags"], a.get("tag_schemes", [None] * len(a["tags"]))):
            if s is None or t not in terms:
                terms.append(t)
        a = dict(a, tags=terms)
        for key in ("title", "link", "id", "published", "author", "tags"):
            if j[key] != a[key]:
                fail(problems, "feeds", "JSON Feed and Atom disagree on %s: %r vs %r" % (key, j[key], a[key]))
        if m != u:
            fail(problems, "feeds", "JSON Feed's date_modified %r is not Atom's updated %r" % (m, u))
        if j["image"] and j["image"] not in a["enclosures"]:
            fail(problems, "feeds", "JSON Feed's image %r is not among Atom's enclosures" % j["image"])


def utc(date):
    """An RFC 3339 date-time as feedparser's summary writes it, in UTC."""
    d = datetime.datetime.fromisoformat(date.upper().replace("Z", "+00:00"))
    return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def summarize_json(path, problems):
    """feed.json in the shape of summarize's, plus each entry's date_modified."""
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as fh:
        f = json.load(fh)
    entries, modified = [], []
    for i, it in enumerate(f.get("items", [])):
        where = "%s item %d" % (name, i + 1)
        for key in ("title", "url", "id", "date_published"):
            if not it.get(key):
                fail(problems, where, "no %s" % key)
        entries.append({
            "title": it.get("title"),
            "link": it.get("url"),
            "id": it.get("id"),
            "published": utc(it["date_published"]) if it.get("date_published") else None,
            "author": (it.get("authors") or f.get("authors") or [{}])[0].get("name"),
            "tags": it.get("tags", []),
            "image": it.get("image"),
        })
        modified.append(utc(it["date_modified"]) if it.get("date_modified") else None)
    return {
        "title": f.get("title"),
        "link": f.get("home_page_url"),
        "self": f.get("feed_url"),
        "hubs": [h.get("url") for h in f.get("hubs", [])],
        "entries": entries,
    }, modified


def check_folder(public, rel, out, problems):
    """The feeds of one folder (rel inside public, "" for public itself) into out, keyed by path."""
    folder = os.path.join(public, rel)
    here = {}
    for name in ("feed.xml", "atom.xml"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            here[name] = summarize(path, problems)
    if "feed.xml" in here and "atom.xml" in here:
        rss, atom = here["feed.xml"], here["atom.xml"]
        for key in ("title", "link", "hubs"):
            if rss[key] != atom[key]:
                fail(problems, "feeds", "RSS and Atom disagree on %s: %r vs %r" % (key, rss[key], atom[key]))
        if len(rss["entries"]) != len(atom["entries"]):
            fail(problems, "feeds", "RSS has %d entries, Atom %d" % (len(rss["entries"]), len(atom["entries"])))
        for r, a in zip(rss["entries"], atom["entries"]):
            for key in ("title", "link", "id", "published", "author", "tags", "tag_schemes"):
                if r.get(key) != a.get(key):
                    fail(problems, "feeds", "RSS and Atom disagree on %s: %r vs %r" % (key, r.get(key), a.get(key)))
    path = os.path.join(folder, "feed.json")
    if os.path.exists(path):
        here["feed.json"], modified = summarize_json(path, problems)
        if "atom.xml" in here:
            agree_json(here["feed.json"], modified, here["atom.xml"], os.path.join(folder, "atom.xml"),
                       problems)
    for name, summary in here.items():
        out[os.path.join(rel, name) if rel else name] = summary


def main():
    public = sys.argv[1]
    problems = []
    out = {}
    # The output folder's own feeds, then those of its sub-folders (archive pages, views).
    for dirpath, dirnames, _ in os.walk(public):
        dirnames.sort()
        rel = os.path.relpath(dirpath, public)
        check_folder(public, "" if rel == "." else rel, out, problems)
    for p in problems:
        print("check_feeds: " + p, file=sys.stderr)
    json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    print()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
