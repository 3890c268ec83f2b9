#!/usr/bin/python3
"""cache_rounds.py: the cache never changes an answer.

Usage: cache_rounds.py FEEDGEN TOP WORK SEED ROUNDS

Site A builds with its cache, site B (an identical copy of A's entries,
configuration and schemas) with --no-cache. Each round makes random changes
(edits, additions, deletions, renames within and across sub-folders, invalid
entries appearing and being fixed, touch without change, an edit that keeps
size and mtime, schema and configuration changes), copies them to B, runs
build (sometimes -v) and next on both, and requires identical exit status,
stdout, stderr, public/ files and .feedgen/state, with -j 1, 2 or 7 at random
on each side (check is compared too). Some rounds wait a little
over a second so the files settle and the cache records them (a file changed
in the last second or two is never recorded). Prints one "ok"/"not ok" line
per round, then a line on how much the cache held.
"""
import os
import random
import shutil
import subprocess
import sys
import time

feedgen, top, work, seed, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
rnd = random.Random(seed)
A = os.path.join(work, "a")
B = os.path.join(work, "b")
NOW = "2030-06-01T12:00:00Z"
FOLDERS = ["", "2016", "2017", "2017/05"]
LANGS = ["en", "en-US", "fr"]
counter = [0]


def config(limit, host, zone):
    with open(os.path.join(A, "feedgen.yaml"), "w") as f:
        f.write("title: Cache Newsroom\nurl: https://%s/\nauthor: Desk\ntimezone: %s\nlimit: %d\n"
                % (host, zone, limit))


def entry_text(valid=True):
    counter[0] += 1
    n = counter[0]
    year = rnd.choice([2016, 2017, 2029, 2031])
    d = "%d-%02d-%02d" % (year, rnd.randint(1, 12), rnd.randint(1, 28))
    at = rnd.choice(["", "T10:00:00-04:00", "T23:30:00+02:00"])
    if rnd.random() < 0.25:
        # The day of --now: 10:00 is in the feed, 14:00 held back, and racy() flips one to the other.
        d, at = NOW[:10], rnd.choice(["T10:00:00Z", "T14:00:00Z"])
    lines = ["---", "title: Story %d %s" % (n, rnd.choice(["", "again", "update"])),
             "date: %s%s" % (d, at)]
    if rnd.random() < 0.15:
        lines.append("draft: true")
    if rnd.random() < 0.15:
        lines.append("expires: %d-12-31" % (int(d[:4]) + rnd.choice([1, 2, 14])))
    if rnd.random() < 0.3:
        lines.append("id: tag:news.example.org,2016:%d" % (1 if rnd.random() < 0.05 else n))
    if rnd.random() < 0.4:
        lines.append("lang: %s" % rnd.choice(LANGS))
    if not valid:
        lines.append(rnd.choice(["date2: x", "draft: maybe", "lang: 12"]))
    lines += ["---", "Body %d, with *emphasis* and a [link](https://example.org/%d)." % (n, n), ""]
    return d, "\n".join(lines)


def entries():
    out = []
    for root, _, files in os.walk(os.path.join(A, "entries")):
        for f in files:
            out.append(os.path.join(root, f))
    return sorted(out)


def add(valid=True):
    d, text = entry_text(valid)
    folder = os.path.join(A, "entries", rnd.choice(FOLDERS))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "%s-s%d.md" % (d, counter[0]))
    with open(path, "w") as f:
        f.write(text)


def edit(path):
    with open(path) as f:
        text = f.read()
    choice = rnd.random()
    if choice < 0.4:
        text = text.replace("Body", "Body edited", 1)
    elif choice < 0.7:
        text = text.replace("title: Story", "title: Retitled story", 1)
    else:
        text = text.replace("draft: true\n", "") if "draft: true" in text else \
            text.replace("---\ntitle", "---\ndraft: true\ntitle", 1)
    with open(path, "w") as f:
        f.write(text)


def same_size_same_mtime(files):
    """An edit that keeps size and mtime (as within one timestamp tick): only ctime tells."""
    today = [p for p in files if NOW[:10] + "T1" in open(p).read()]
    path = rnd.choice(today or files)
    st = os.stat(path)
    with open(path, "rb") as f:
        data = bytearray(f.read())
    i = data.find(NOW[:10].encode() + b"T1")
    if i < 0:
        return
    # 10:00 <-> 14:00 on the day of --now: the entry moves between the feed and the held back.
    data[i + 12] = ord("4") if data[i + 12] == ord("0") else ord("0")
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def rename(path):
    folder = os.path.join(A, "entries", rnd.choice(FOLDERS))
    os.makedirs(folder, exist_ok=True)
    name = os.path.basename(path)
    if rnd.random() < 0.5:
        name = name.replace(".md", "x.md")
    os.rename(path, os.path.join(folder, name))


def schema(strict):
    path = os.path.join(A, "schemas", "entry.rng")
    with open(os.path.join(top, "schemas", "entry.rng")) as f:
        text = f.read()
    if strict:
        text = text.replace("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", "[a-z]{1,8}")
    with open(path, "w") as f:
        f.write(text)


def mutate(failed_before):
    ops = ["fix", "schema"] if failed_before and rnd.random() < 0.7 else []
    for _ in range(rnd.randint(1, 4)):
        ops.append(rnd.choice(["edit", "edit", "add", "add", "delete", "rename", "rename", "invalid",
                               "touch", "racy", "racy", "config", "schema", "none"]))
    for op in ops:
        files = entries()
        if op == "add" or not files:
            add()
        elif op == "edit":
            edit(rnd.choice(files))
        elif op == "delete":
            os.remove(rnd.choice(files))
        elif op == "rename":
            rename(rnd.choice(files))
        elif op == "invalid":
            if rnd.random() < 0.5:
                add(valid=False)
            else:
                p = rnd.choice(files)
                with open(p) as f:
                    text = f.read()
                with open(p, "w") as f:
                    f.write(text.replace("date:", "date: nonsense\nwhen:", 1))
        elif op == "fix":
            for p in files:
                with open(p) as f:
                    text = f.read()
                fixed = text.replace("date: nonsense\nwhen:", "date:").replace("date2: x\n", "") \
                    .replace("draft: maybe\n", "").replace("lang: 12\n", "") \
                    .replace("id: tag:news.example.org,2016:1\n", "")
                if fixed != text:
                    with open(p, "w") as f:
                        f.write(fixed)
        elif op == "touch":
            os.utime(rnd.choice(files))
        elif op == "racy":
            same_size_same_mtime(files)
        elif op == "config":
            config(rnd.choice([3, 5, 50]), rnd.choice(["news.example.org", "other.example.org"]),
                   rnd.choice(["America/New_York", "Europe/Paris", "UTC"]))
        elif op == "schema":
            schema(op not in ops[:2] and rnd.random() < 0.3)
    return ops


def sync():
    for d in ("entries", "schemas"):
        shutil.rmtree(os.path.join(B, d), ignore_errors=True)
        shutil.copytree(os.path.join(A, d), os.path.join(B, d), symlinks=True)
    shutil.copy(os.path.join(A, "feedgen.yaml"), os.path.join(B, "feedgen.yaml"))


def run(site, args):
    p = subprocess.run([feedgen] + args, cwd=site, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def files_of(site):
    got = {}
    for sub in ("public", ".feedgen/state"):
        base = os.path.join(site, sub)
        if os.path.isfile(base):
            got[sub] = open(base, "rb").read()
            continue
        for root, _, names in os.walk(base):
            for n in names:
                p = os.path.join(root, n)
                got[os.path.relpath(p, site)] = open(p, "rb").read()
    return got


def records():
    try:
        with open(os.path.join(A, ".feedgen", "cache")) as f:
            return sum(1 for line in f if line.startswith("e\t"))
    except FileNotFoundError:
        return 0


os.makedirs(os.path.join(A, "entries"))
os.makedirs(os.path.join(A, "schemas"))
os.makedirs(B)
config(5, "news.example.org", "America/New_York")
schema(False)
for _ in range(40):
    add()
failed = 0
most = 0
good = 0
last = 0
for r in range(rounds):
    ops = mutate(last != 0) if r else ["start"]
    sync()
    verbose = ["-v"] if rnd.random() < 0.3 else []
    # Any number of threads gives the same answer too.
    ja, jb = (["-j", rnd.choice(["1", "2", "7"])] for _ in range(2))
    got_a = run(A, ["build", "--now", NOW] + ja + verbose)
    got_b = run(B, ["build", "--no-cache", "--now", NOW] + jb + verbose)
    next_a = run(A, ["next", "--now", NOW] + ja)
    next_b = run(B, ["next", "--no-cache", "--now", NOW] + jb)
    check_a = run(A, ["check"] + ja)
    check_b = run(B, ["check"] + jb)
    same = got_a == got_b and next_a == next_b and check_a == check_b and files_of(A) == files_of(B)
    most = max(most, records())
    last = got_a[0]
    good += last == 0
    what = "round %d (%s, exit %d, %d cached): cached and --no-cache runs agree" % (
        r, " ".join(ops), got_a[0], records())
    if same:
        print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what)
        print("#  a: %r\n#  b: %r" % (got_a[:3], got_b[:3]))
        print("#  next a: %r b: %r" % (next_a, next_b))
    if r % 3 == 2:
        time.sleep(1.2)	# the files settle: the next run records them, the one after uses them
print(("ok" if most >= 20 and good >= rounds // 3 else "not ok") +
      " - the cache held records (at most %d) and %d of %d builds succeeded, so hits were compared"
      % (most, good, rounds))
sys.exit(1 if failed or most < 20 or good < rounds // 3 else 0)
