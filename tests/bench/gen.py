#!/usr/bin/env python3
"""tests/bench/gen.py DIR N: a newsroom of N entries for the benchmark.

Items of 1.5 to 4 KB as a newsroom writes them (issue 8's corpus): title, date,
author, categories, tags, summary, an image with caption, credit and alt on most,
and a Markdown body of 1 to 6 paragraphs with links and emphasis, over 20 years,
in year/month sub-folders. The newsroom extends entry.rng with `tags` and an
image `alt`, as a real one would; DIR/schemas/entry.rng is that extension,
made from the repository's grammar. The output is the same for the same N.
"""
import datetime
import os
import random
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(8)
os.makedirs(os.path.join(work, "entries"), exist_ok=True)
os.makedirs(os.path.join(work, "schemas"), exist_ok=True)

with open(os.path.join(work, "feedgen.yaml"), "w") as f:
    f.write("title: Bench Newsroom\nurl: https://news.example.org/\nauthor: Desk\n"
            "timezone: America/New_York\nlimit: 50\n")

# The newsroom's extension: tags (a list) and an image alt text.
rng = open(os.path.join(top, "schemas", "entry.rng")).read()
tags = ('<optional><element name="tags" fg:expect="a list of tags">'
        '<zeroOrMore><element name="item" fg:expect="one line of text"><ref name="line"/>'
        '</element></zeroOrMore></element></optional>\n        ')
alt = ('<optional><element name="alt" fg:expect="text"><ref name="text"/></element></optional>\n'
       '              ')
# The shipped schema has had image alt since issue 10 and tags since issue 11:
# each added only when missing.
k1 = 1 if '<element name="tags"' in rng else 0
if not k1:
    rng, k1 = re.subn(r'(<optional><element name="summary")', tags + r'\1', rng, count=1)
k2 = 1 if '<element name="alt"' in rng else 0
if not k2:
    rng, k2 = re.subn(r'(<optional><element name="caption")', alt + r'\1', rng, count=1)
if k1 != 1 or k2 != 1:
    sys.exit("gen.py: cannot extend schemas/entry.rng (no summary or caption element)")
open(os.path.join(work, "schemas", "entry.rng"), "w").write(rng)

words = ("trafficking council report victims survivors grant partners office "
         "state department labor supply chains investigation prosecution "
         "protection prevention annual meeting task force recommendations "
         "funding program research health migrants workers community").split()
# Twenty desks: the bench's views run has twenty category feeds (issue 9).
desks = ["reports", "grants", "events", "speeches", "partnerships", "research",
         "policy", "press", "international", "domestic", "victims", "prosecution",
         "prevention", "labor", "children", "technology", "training", "funding",
         "testimony", "statistics"]


def sentence(k):
    return " ".join(rnd.choice(words) for _ in range(k)).capitalize() + "."


def paragraph():
    parts = []
    for _ in range(rnd.randint(3, 6)):
        s = sentence(rnd.randint(8, 16))
        r = rnd.random()
        if r < 0.25:
            s += " See [the %s page](/%s/%s/)." % (rnd.choice(words), rnd.choice(desks), rnd.choice(words))
        elif r < 0.4:
            s += " It was **%s**, and *%s*." % (rnd.choice(words), rnd.choice(words))
        elif r < 0.5:
            s += " Read <https://www.example.gov/%s>." % rnd.choice(words)
        parts.append(s)
    return " ".join(parts)


start = datetime.date(2006, 1, 1)
span = 20 * 365
for i in range(n):
    day = start + datetime.timedelta(days=i * span // max(n, 1))
    slug = "item-%07d" % i
    folder = os.path.join(work, "entries", "%04d" % day.year, "%02d" % day.month)
    os.makedirs(folder, exist_ok=True)
    fm = ["title: %s %d" % (sentence(rnd.randint(4, 9))[:-1], i),
          "date: %sT%02d:%02d:00-05:00" % (day.isoformat(), rnd.randint(8, 20), rnd.randint(0, 59)),
          "author: %s %s" % (rnd.choice(["Ana", "Ben", "Chloe", "Dev", "Eva"]),
                             rnd.choice(["Ortiz", "Smith", "Nguyen", "Okafor", "Kim"])),
          "categories: [%s]" % ", ".join(rnd.sample(desks, rnd.randint(1, 3))),
          "tags: [%s]" % ", ".join(rnd.sample(words, rnd.randint(2, 5))),
          "summary: %s" % sentence(rnd.randint(15, 30))]
    if rnd.random() < 0.8:
        fm += ["image:",
               "  url: images/%s/%s.jpg" % (day.year, slug),
               "  caption: %s" % sentence(rnd.randint(5, 12)),
               "  credit: State Dept Image",
               "  alt: %s" % sentence(rnd.randint(4, 8))]
    text = "---\n" + "\n".join(fm) + "\n---\n"
    # 1 to 6 paragraphs, as many as bring the item to a size between 1.5 and 4 KB.
    goal = rnd.randint(1500, 4000)
    while True:
        paras = [paragraph()]
        while len(text) + len("\n\n".join(paras)) < goal and len(paras) < 6:
            paras.append(paragraph())
        body = "\n\n".join(paras) + "\n"
        if 1500 <= len(text) + len(body) <= 4096:
            break
    with open(os.path.join(folder, "%s-%s.md" % (day.isoformat(), slug)), "w") as f:
        f.write(text + body)
