"""import_check.py OLD NEW ID...: each ID is an item of the old feed OLD and of
feedgen's feed NEW (files), with the same link, title and publication instant,
as feedparser (what readers use) reads them. Prints what differs; exit 1 then."""
import calendar
import sys

import feedparser


def items(path):
    d = feedparser.parse(path)
    if d.bozo:
        sys.exit("%s: not a feed: %s" % (path, d.bozo_exception))
    return {e.id: e for e in d.entries}


def instant(e):
    t = e.get("published_parsed") or e.get("updated_parsed")
    return calendar.timegm(t) if t else None


old, new = items(sys.argv[1]), items(sys.argv[2])
bad = 0
for i in sys.argv[3:]:
    if i not in old or i not in new:
        print("%s: in the old feed %s, in the new %s" % (i, i in old, i in new))
        bad = 1
        continue
    for what, f in (("link", lambda e: e.link), ("title", lambda e: e.title), ("instant", instant)):
        if f(old[i]) != f(new[i]):
            print("%s: %s %r became %r" % (i, what, f(old[i]), f(new[i])))
            bad = 1
sys.exit(bad)
