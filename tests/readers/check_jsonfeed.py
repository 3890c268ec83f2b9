#!/usr/bin/python3
"""check_jsonfeed.py: check feed.json files against the JSON Feed 1.1 rules.

Usage: check_jsonfeed.py FILE...

Parses each file with Python's json module (no feed library: Debian 12's
python3-feedparser 6.0 does not read JSON Feed) and checks what
https://jsonfeed.org/version/1.1 requires, and what feedgen promises on top:

- the file is UTF-8 JSON, one object, ending in one newline, with no duplicate
  keys; "version" is its first key and is https://jsonfeed.org/version/1.1;
- every member has the type the spec gives it, and no member is unknown
  (extensions start with "_"); an author object has at least one member;
- title and items are present; home_page_url and feed_url too (the spec asks
  for them on the public web), and feed_url names this file;
- each item has a string id, unique in the feed, and content_html or
  content_text; dates are RFC 3339 date-times; hubs have a type and a url;
  attachments a url and a mime_type;
- every URL (home_page_url, feed_url, favicon, icon, authors' url, item url,
  image, attachments, hubs, and the href/src in content_html) is absolute
  http(s), mailto: allowed for an author's url.

Prints nothing and exits 0 when every file passes; otherwise one line per
problem on stderr and exit 1.
"""
import datetime
import json
import os
import re
import sys

VERSION = "https://jsonfeed.org/version/1.1"

# RFC 3339 5.6 date-time; second 60 is allowed by the RFC but feedgen never writes it.
RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
# RFC 5646 in outline: letters and digits in hyphen-separated subtags.
LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")

STR, ARR, OBJ, BOOL, NUM = "string", "array", "object", "boolean", "number"
TOP = {
    "version": STR, "title": STR, "home_page_url": STR, "feed_url": STR, "description": STR,
    "user_comment": STR, "next_url": STR, "icon": STR, "favicon": STR, "authors": ARR,
    "author": OBJ, "language": STR, "expired": BOOL, "hubs": ARR, "items": ARR,
}
ITEM = {
    "id": STR, "url": STR, "external_url": STR, "title": STR, "content_html": STR,
    "content_text": STR, "summary": STR, "image": STR, "banner_image": STR,
    "date_published": STR, "date_modified": STR, "authors": ARR, "author": OBJ, "tags": ARR,
    "language": STR, "attachments": ARR,
}
AUTHOR = {"name": STR, "url": STR, "avatar": STR}
HUB = {"type": STR, "url": STR}
ATTACHMENT = {"url": STR, "mime_type": STR, "title": STR, "size_in_bytes": NUM,
              "duration_in_seconds": NUM}


def kind(v):
    if isinstance(v, bool):
        return BOOL
    if isinstance(v, (int, float)):
        return NUM
    return {str: STR, list: ARR, dict: OBJ}.get(type(v), type(v).__name__)


def absolute(url, mail_ok=False):
    if not isinstance(url, str):
        return False
    if mail_ok and url.startswith("mailto:") and "@" in url:
        return True
    return re.match(r"^https?://[^/\s?#]+([/?#]\S*)?$", url) is not None


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []

    def fail(self, where, msg):
        self.problems.append("%s: %s: %s" % (self.path, where, msg))

    def members(self, obj, spec, where):
        """Types of the known members; unknown ones are problems unless extensions."""
        if not isinstance(obj, dict):
            self.fail(where, "expected an object, found %s" % kind(obj))
            return False
        for k, v in obj.items():
            if k.startswith("_"):
                continue
            if k not in spec:
                self.fail(where, "unknown member %r" % k)
            elif kind(v) != spec[k]:
                self.fail(where, "%r is %s, expected %s" % (k, kind(v), spec[k]))
        return True

    def url(self, obj, key, where, mail_ok=False):
        if key in obj and not absolute(obj[key], mail_ok):
            self.fail(where, "%s is not an absolute http(s) URL: %r" % (key, obj[key]))

    def date(self, obj, key, where):
        """The date as a datetime, or None (a problem when it is there and wrong)."""
        if key not in obj or not isinstance(obj[key], str):
            return None
        m = RFC3339.match(obj[key])
        if not m:
            self.fail(where, "%s is not an RFC 3339 date-time: %r" % (key, obj[key]))
            return None
        off = m.group(8)
        if off not in ("Z", "z") and (int(off[1:3]) > 23 or int(off[4:6]) > 59):
            self.fail(where, "%s has an offset out of range: %r" % (key, obj[key]))
            return None
        try:
            return datetime.datetime.fromisoformat(obj[key].upper().replace("Z", "+00:00"))
        except ValueError as e:
            self.fail(where, "%s is not a date in the calendar: %r (%s)" % (key, obj[key], e))
            return None

    def authors(self, obj, where):
        if not isinstance(obj.get("authors"), list):
            return
        if not obj["authors"]:
            self.fail(where, "authors is empty")
        for i, a in enumerate(obj["authors"]):
            w = "%s authors[%d]" % (where, i)
            if self.members(a, AUTHOR, w):
                if not a:
                    self.fail(w, "an author object needs at least one member")
                self.url(a, "url", w, mail_ok=True)
                self.url(a, "avatar", w)

    def language(self, obj, where):
        if isinstance(obj.get("language"), str) and not LANGUAGE.match(obj["language"]):
            self.fail(where, "language is not an RFC 5646 tag: %r" % obj["language"])

    def item(self, it, where, ids):
        if not self.members(it, ITEM, where):
            return
        if not isinstance(it.get("id"), str) or not it["id"]:
            self.fail(where, "no string id")
        elif it["id"] in ids:
            self.fail(where, "id %r is also item %d's" % (it["id"], ids[it["id"]]))
        else:
            ids[it["id"]] = len(ids) + 1
        if "content_html" not in it and "content_text" not in it:
            self.fail(where, "neither content_html nor content_text")
        for key in ("url", "external_url", "image", "banner_image"):
            self.url(it, key, where)
        published = self.date(it, "date_published", where)
        modified = self.date(it, "date_modified", where)
        if published and modified and modified < published:
            self.fail(where, "date_modified is before date_published")
        self.authors(it, where)
        self.language(it, where)
        for i, t in enumerate(it.get("tags", []) if isinstance(it.get("tags"), list) else []):
            if not isinstance(t, str):
                self.fail(where, "tags[%d] is %s, expected string" % (i, kind(t)))
        html = it.get("content_html")
        if isinstance(html, str):
            for attr in ('href="', 'src="'):
                for part in html.split(attr)[1:]:
                    ref = part.split('"')[0].replace("&amp;", "&")
                    if not absolute(ref, mail_ok=True) and not re.match(r"^[a-z][a-z0-9+.-]*:", ref):
                        self.fail(where, "relative %s%s\" in content_html" % (attr, ref))
        atts = it.get("attachments") if isinstance(it.get("attachments"), list) else []
        for i, a in enumerate(atts):
            w = "%s attachments[%d]" % (where, i)
            if self.members(a, ATTACHMENT, w):
                for key in ("url", "mime_type"):
                    if key not in a:
                        self.fail(w, "no %s" % key)
                self.url(a, "url", w)
                if isinstance(a.get("size_in_bytes"), (int, float)) and a["size_in_bytes"] < 0:
                    self.fail(w, "size_in_bytes is negative")

    def feed(self, raw):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail("file", "not UTF-8: %s" % e)
            return
        if not text.endswith("\n") or text.endswith("\n\n"):
            self.fail("file", "expected exactly one newline at the end")

        def no_duplicates(pairs):
            keys = [k for k, _ in pairs]
            for k in set(keys):
                if keys.count(k) > 1:
                    self.fail("file", "duplicate key %r" % k)
            return dict(pairs)

        try:
            f = json.loads(text, object_pairs_hook=no_duplicates)
        except ValueError as e:
            self.fail("file", "not JSON: %s" % e)
            return
        if not self.members(f, TOP, "feed"):
            return
        if list(f)[:1] != ["version"]:
            self.fail("feed", "version is not the first member")
        if f.get("version") != VERSION:
            self.fail("feed", "version is %r, expected %r" % (f.get("version"), VERSION))
        for key in ("title", "home_page_url", "feed_url", "items"):
            if key not in f:
                self.fail("feed", "no %s" % key)
        for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
            self.url(f, key, "feed")
        if isinstance(f.get("feed_url"), str) and not f["feed_url"].endswith("/" + os.path.basename(self.path)):
            self.fail("feed", "feed_url %s does not name this file" % f["feed_url"])
        self.authors(f, "feed")
        self.language(f, "feed")
        for i, h in enumerate(f.get("hubs", []) if isinstance(f.get("hubs"), list) else []):
            w = "feed hubs[%d]" % i
            if self.members(h, HUB, w):
                for key in ("type", "url"):
                    if key not in h:
                        self.fail(w, "no %s" % key)
                self.url(h, "url", w)
        ids = {}
        for i, it in enumerate(f.get("items", []) if isinstance(f.get("items"), list) else []):
            self.item(it, "item %d" % (i + 1), ids)


def main():
    problems = []
    if len(sys.argv) < 2:
        print("usage: check_jsonfeed.py FILE...", file=sys.stderr)
        return 2
    for path in sys.argv[1:]:
        c = Checker(path)
        with open(path, "rb") as fh:
            c.feed(fh.read())
        problems += c.problems
    for p in problems:
        print("check_jsonfeed: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
