#!/usr/bin/env python3
"""long_value.py: writes a file of exactly 1 MiB (SOURCE_MAX in feedgen/source.h)
whose one field holds the longest value that fits, for t-long-values.sh.

    long_value.py entry|config FIELD PREFIX CLASS OUT

FIELD is a key ("title"), a member of a mapping ("author.name") or the item of
a list ("categories[]"). The value is PREFIX and then one character class
repeated: space, letters, newline, slash, dash, digits; or letters-newline,
letters ended by one newline (what a "one line" pattern must refuse at the
very end). The other fields are a
small valid entry or configuration
(with what a mapping requires beside FIELD). Newlines are written as a block scalar
(one byte each); everything else in double quotes.
"""
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


def main():
    kind, field, prefix, cls, out = sys.argv[1:]
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


main()
