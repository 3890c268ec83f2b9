#!/usr/bin/python3
"""check_feeds.py: read the generated feeds as a feed reader would (feedparser).

Usage: check_feeds.py PUBLIC_DIR > summary.json

Fails (exit 1, one line per problem on stderr) when a feed is not well-formed
for feedparser (bozo), when an entry lacks a title, an absolute http(s) link, an
id or a date, when the self link is missing, or when the RSS and Atom feeds
disagree about what a reader would show. Prints a JSON summary of what a reader
sees, which the golden tests compare with the expected one.
"""
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
        entries.append({
            "title": e.get("title"),
            "link": e.get("link"),
            "id": e.get("id"),
            "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", e.published_parsed) if e.get("published_parsed") else None,
            "author": e.get("author_detail", {}).get("name"),
            "tags": [t["term"] for t in e.get("tags", [])],
            "enclosures": sorted(l["href"] for l in e.get("enclosures", [])),
        })
    return {
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "self": selfs[0] if selfs else None,
        "hubs": hubs,
        "entries": entries,
    }


def main():
    public = sys.argv[1]
    problems = []
    out = {}
    for name in ("feed.xml", "atom.xml"):
        path = os.path.join(public, name)
        if os.path.exists(path):
            out[name] = summarize(path, problems)
    if "feed.xml" in out and "atom.xml" in out:
        rss, atom = out["feed.xml"], out["atom.xml"]
        for key in ("title", "link", "hubs"):
            if rss[key] != atom[key]:
                fail(problems, "feeds", "RSS and Atom disagree on %s: %r vs %r" % (key, rss[key], atom[key]))
        if len(rss["entries"]) != len(atom["entries"]):
            fail(problems, "feeds", "RSS has %d entries, Atom %d" % (len(rss["entries"]), len(atom["entries"])))
        for r, a in zip(rss["entries"], atom["entries"]):
            for key in ("title", "link", "id", "published", "author", "tags"):
                if r[key] != a[key]:
                    fail(problems, "feeds", "RSS and Atom disagree on %s: %r vs %r" % (key, r[key], a[key]))
    for p in problems:
        print("check_feeds: " + p, file=sys.stderr)
    json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    print()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
