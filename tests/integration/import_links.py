#!/usr/bin/env python3
"""tests/integration/import_links.py FEED BASE DIR COUNT: after `feedgen import`,
the links feedgen's FEED gives are pages the old generator really wrote.

Every item's link, and every href in an item's content, that starts with BASE
(the site URL) must be a file in DIR (the old site's output, `_site/` or
`public/`; a link ending in "/" is its index.html). FEED must hold COUNT items,
so a feed that lost items cannot pass. Prints "# ..." lines (one per link
without a file, then a count) and exits 1 on any failure.
"""
import os
import re
import sys

import feedparser


def main():
    if len(sys.argv) != 5:
        print("usage: import_links.py FEED BASE DIR COUNT", file=sys.stderr)
        return 2
    feed, base, root, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    d = feedparser.parse(feed)
    bad = 0
    links = 0
    for e in d.entries:
        urls = [(e.get("link", ""), True)]
        for c in e.get("content", []):
            urls += [(u, False) for u in re.findall(r'href="([^"]*)"', c.get("value", ""))]
        for u, is_item in urls:
            if not u.startswith(base):
                if is_item:
                    print("# %s: item link not under %s" % (u, base))
                    bad += 1
                continue
            links += 1
            path = u[len(base):].split("#")[0]
            p = os.path.join(root, path)
            if path == "" or path.endswith("/"):
                p = os.path.join(p, "index.html")
            if not os.path.isfile(p):
                print("# %s: the old site has no %s" % (u, os.path.relpath(p, root)))
                bad += 1
    n = len(d.entries)
    print("# %d items, %d links under %s, %d without a page" % (n, links, base, bad))
    if n != count:
        print("# expected %d items" % count)
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
