#!/usr/bin/env python3
"""long_value.py: writes a file of exactly 1 MiB (SOURCE_MAX in feedgen/source.h)
whose one field holds the longest value that fits, for t-long-values.sh.

    long_value.py entry|config FIELD PREFIX CLASS OUT
    long_value.py --run FEEDGEN CASES WORK

With --run, it runs every case of the file CASES (lines "kind field prefix
verdicts", prefix "-" for none, one verdict per class in CLASS_ORDER): each in
a site of its own under WORK, `feedgen build --dry-run` under a 20 s hang
guard, as many at once as there are processors, and prints "ok - ..." or
"not ok - ..." per run in the cases' order (one process instead of one per
run: the runs are what is measured, not Python's start).

FIELD is a key ("title"), a member of a mapping ("author.name") or the item of
a list ("categories[]"). The value is PREFIX and then one character class
repeated: space, letters, newline, slash, dash, digits; or letters-newline,
letters ended by one newline (what a "one line" pattern must refuse at the
very end). The other fields are a
small valid entry or configuration
(with what a mapping requires beside FIELD). Newlines are written as a block scalar
(one byte each); everything else in double quotes.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

SOURCE_MAX = 1 << 20
CLASSES = {
    "space": " ", "letters": "abcdefghijklmnopqrstuvwxyz", "newline": "\n",
    "slash": "/", "dash": "-", "digits": "0123456789",
}
BASE = {
    "entry": [("title", "T"), ("date", "2016-10-18")],
    "config": [("title", "Test Newsroom"), ("url", "https://news.example.org/"),
               ("author", "Test Desk")],
}
# What a mapping needs beside the field under test.
REQUIRED = {"author": ("name", "N"), "image": ("url", "https://example.org/i.jpg")}


def render(kind, field, value):
    """The file's text with the field set to value."""
    top, _, sub = field.partition(".")
    lst = top.endswith("[]")
    top = top[:-2] if lst else top
    indent = "  " * (1 + bool(sub) + lst)
    if "\n" in value:
        # Keep chomping ("|+"): every newline is part of the value.
        head, _, tail = value.partition("\n")
        text = "|+\n" + (indent + head + "\n" if head else "\n") + tail
    else:
        text = '"' + value + '"'
    if sub:
        node = "\n  %s: %s" % (sub, text)
        need = REQUIRED.get(top)
        if need and need[0] != sub:
            node = "\n  %s: %s" % need + node
    elif lst:
        node = "\n  - " + text
    else:
        node = " " + text
    lines = ["%s: %s\n" % (k, v) for k, v in BASE[kind] if k != top]
    body = "".join(lines) + top + ":" + node
    return body if body.endswith("\n") else body + "\n"


def write(kind, field, prefix, cls, out):
    end = ""
    if cls == "letters-newline":
        cls, end = "letters", "\n"
    unit = CLASSES[cls]
    # The value's length that makes the file exactly SOURCE_MAX bytes.
    n = SOURCE_MAX - len(render(kind, field, prefix + unit[0] + end).encode()) + 1
    while True:
        value = prefix + (unit * (n // len(unit) + 1))[:n] + end
        data = render(kind, field, value).encode()
        if len(data) <= SOURCE_MAX:
            break
        n -= len(data) - SOURCE_MAX
    assert len(data) == SOURCE_MAX, (field, cls, len(data))
    with open(out, "wb") as f:
        f.write(data)


CLASS_ORDER = ["space", "letters", "newline", "slash", "dash", "digits", "letters-newline"]
SITE = ("title: Test Newsroom\nurl: https://news.example.org/\nauthor: Test Desk\n"
        "timezone: America/New_York\n")


def one(feedgen, work, n, kind, field, prefix, cls, want):
    """One run: its verdict line."""
    site = os.path.join(work, "s%d" % n)
    os.makedirs(os.path.join(site, "entries"))
    with open(os.path.join(site, "feedgen.yaml"), "w") as f:
        f.write(SITE)
    with open(os.path.join(site, "entries", "2016-10-18-small.yaml"), "w") as f:
        f.write("title: T\ndate: 2016-10-18\n")
    rel = "entries/2016-10-18-long.yaml" if kind == "entry" else "feedgen.yaml"
    write(kind, field, prefix, cls, os.path.join(site, rel))
    desc = "%s %s = '%s' + 1 MiB of %s" % (kind, field, prefix, cls)
    try:
        p = subprocess.run([feedgen, "build", "--dry-run", "--now", "2026-01-01"], cwd=site,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=20)
        rc, err = p.returncode, p.stderr.decode(errors="replace").replace("\n", " | ")
    except subprocess.TimeoutExpired:
        rc, err = None, ""
    shutil.rmtree(site, ignore_errors=True)
    if rc is None:
        return "not ok - %s: still running after 20 s" % desc
    if str(rc) != want:
        return "not ok - %s: exit %d, expected %s: %s" % (desc, rc, want, err[:300])
    if want == "1" and not re.search(r"(^| \| )%s:[0-9]+:[0-9]+: error: " % re.escape(rel), err):
        return "not ok - %s: no located error in %s: %s" % (desc, rel, err[:300])
    return "ok - %s: exit %d" % (desc, rc)


def run_all(feedgen, cases, work):
    runs = []
    with open(cases) as f:
        for line in f:
            if not line.strip():
                continue
            kind, field, prefix, verdicts = line.split()
            prefix = "" if prefix == "-" else prefix
            for cls, want in zip(CLASS_ORDER, verdicts):
                runs.append((kind, field, prefix, cls, want))
    lanes = os.cpu_count() or 2
    with concurrent.futures.ThreadPoolExecutor(max_workers=lanes) as pool:
        futures = [pool.submit(one, feedgen, work, n, *r) for n, r in enumerate(runs)]
        for fut in futures:
            print(fut.result(), flush=True)


if sys.argv[1] == "--run":
    run_all(*sys.argv[2:5])
else:
    write(*sys.argv[1:6])
