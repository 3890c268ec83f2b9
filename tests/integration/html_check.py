#!/usr/bin/env python3
"""tests/integration/html_check.py MODE FILE [ARG]: what t-html.sh reads of a page.

  page DOM BASE     the DOM Chromium rendered from index.html (its --dump-dom),
                    for the site t-html.sh writes, served at BASE
  xslt HTML SELF    xsltproc's page of a feed whose self URL is SELF
  browser DOM SELF  the DOM Chromium rendered from a feed through feed.xsl

Prints "ok - ..." or "not ok - ..." per check; exits 1 when any failed.
Parsed with html.parser: a tree of (tag, attrs, children), text kept.
"""
import html.parser
import sys

SITE = 'Desk "Quoted" & Co'
HOSTILE = ("<script>document.title='pwned';document.body.appendChild("
           "document.createElement('mark'))</script> Tom & \"Jerry\" <b>bold</b>")
RTL = "مرحبا بالعالم — שלום עולם"
TITLES = [HOSTILE, RTL, "Caption only"]
SUMMARY = "<img src=x onerror=\"document.title='img'\"> a & b &amp; 'c'"
ALT = 'A "quoted" <alt> & more'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}

failed = 0


def check(what, cond, detail=""):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what + (": " + detail if detail else ""))


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []

    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)

    def all(self, tag=None):
        for k in self.kids:
            if isinstance(k, Node):
                if tag is None or k.tag == tag:
                    yield k
                yield from k.all(tag)


class Tree(html.parser.HTMLParser):
    def __init__(self, data):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", [], None)
        self.feed(data)
        self.close()

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


def norm(s):
    return " ".join(s.split())


def page(dom, base):
    t = Tree(dom).root
    title = [n.text() for n in t.all("title")]
    check("the page's title is the site's: no script ran", title == [SITE], repr(title))
    check("no script element in the DOM", not list(t.all("script")))
    check("no element a script would have added (mark)", not list(t.all("mark")))
    imgs = list(t.all("img"))
    check("three images, none from the summary's <img>", len(imgs) == 3, repr([i.attrs for i in imgs]))
    html_el = next(t.all("html"))
    check("html lang from the configuration", html_el.attrs.get("lang") == "en", repr(html_el.attrs))
    heads = [n for n in t.all() if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    check("headings in order: one h1, then an h2 per entry",
          [h.tag for h in heads] == ["h1", "h2", "h2", "h2"], repr([h.tag for h in heads]))
    check("the h1 is the site's title, as text", heads and heads[0].text() == SITE,
          repr(heads[0].text() if heads else None))
    h2 = [h.text() for h in heads[1:]]
    check("entries newest first, their titles as text (the <script> one too)", h2 == TITLES, repr(h2))
    links = [[a.attrs.get("href") for a in h.all("a")] for h in heads[1:]]
    check("each title links to the entry", links == [
        [base + 'a?x=1&y=%222%22'], [base + "rtl"], [base + "caption"]], repr(links))
    check("titles are dir=auto (right-to-left text)", all(h.attrs.get("dir") == "auto" for h in heads[1:]))
    arts = list(t.all("article"))
    check("the right-to-left entry's article has its lang", [a.attrs.get("lang") for a in arts] ==
          [None, "ar", None], repr([a.attrs.get("lang") for a in arts]))
    alts = [i.attrs.get("alt", "(none)") for i in imgs]
    check("alt: the entry's alt text; empty with neither alt nor caption; none beside a caption",
          alts == [ALT, "", "(none)"], repr(alts))
    caps = [norm(f.text()) for f in t.all("figcaption")]
    check("caption and credit as text", caps == ["<em>caption</em> & co — © <Someone>",
          "The council at work"], repr(caps))
    paras = [norm(p.text()) for p in t.all("p")]
    check("the hostile summary is shown as text", SUMMARY in paras, repr(paras))
    times = [(x.attrs.get("datetime"), x.text()) for x in t.all("time")]
    check("dates in the site's zone, with RFC 3339 datetime", times == [
        ("2016-10-20T05:30:00-04:00", "20 October 2016, 05:30 EDT"),
        ("2016-10-19T00:00:00-04:00", "19 October 2016, 00:00 EDT"),
        ("2016-10-18T10:00:00-04:00", "18 October 2016, 10:00 EDT")], repr(times))
    cats = [(a.text(), a.attrs.get("href")) for a in t.all("a") if "/categories/" in a.attrs.get("href", "")]
    check("categories link to their feeds", cats == [
        ('Lab "notes"', base + "categories/lab-notes/feed.xml"),
        ("reports", base + "categories/reports/feed.xml"),
        ("reports", base + "categories/reports/feed.xml")], repr(cats))
    head = next(t.all("head"))
    alt = [(n.attrs.get("type"), n.attrs.get("href")) for n in head.all("link")
           if n.attrs.get("rel") == "alternate"]
    check("autodiscovery: every feed with its type", alt == [
        ("application/rss+xml", base + "feed.xml"), ("application/atom+xml", base + "atom.xml"),
        ("application/feed+json", base + "feed.json")], repr(alt))
    hub = [n.attrs.get("href") for n in head.all("link") if n.attrs.get("rel") == "hub"]
    selfl = [n.attrs.get("href") for n in head.all("link") if n.attrs.get("rel") == "self"]
    check("hub and self links in head", hub == ["https://hub.example.net/?x=1&y=2"] and
          selfl == [base + "atom.xml"], repr((hub, selfl)))
    metas = [n.attrs for n in head.all("meta")]
    check("charset and viewport", {"charset": "utf-8"} in metas and
          any(m.get("name") == "viewport" for m in metas), repr(metas))


def feedpage(data, self_url, kind):
    t = Tree(data).root
    check(kind + ": no script element", not list(t.all("script")))
    h2 = [h.text() for h in t.all("h2")]
    check(kind + ": every entry's title, as text, newest first", h2 == TITLES, repr(h2))
    sub = [norm(p.text()) for p in t.all("p") if "subscribe" in p.text()]
    check(kind + ": the subscribe line names the feed's URL",
          len(sub) == 1 and "copy its address into your feed reader: " + self_url in sub[0], repr(sub))
    paras = [norm(p.text()) for p in t.all("p")]
    check(kind + ": the hostile summary as text", SUMMARY in paras, repr(paras))


def main():
    mode, path, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    data = open(path, encoding="utf-8").read()
    if mode == "page":
        page(data, arg)
    else:
        feedpage(data, arg, mode + " " + arg.rsplit("/", 1)[-1])
    sys.exit(1 if failed else 0)


main()
