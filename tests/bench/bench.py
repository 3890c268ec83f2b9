#!/usr/bin/env python3
"""tests/bench/bench.py: feedgen's speed and memory as ratios to floor programs.

Usage: bench.py FEEDGEN FLOOR WORK
Environment: BENCH_ENTRIES (sizes, default "1000 10000 100000"), BENCH_RUNS
(runs per figure, default 3; medians are shown), HUGO (a hugo binary, optional).

For each size it generates the newsroom (gen.py), then measures, each as the
median of the runs and in the same session as the floors it is compared with:
  stat      floor stat: list the entries folder and stat every file
  parse     floor parse: read + libyaml front matter + cmark parse, one core
  cold      feedgen build with no output and no private folder (page cache warm)
  unchanged feedgen build again, nothing changed
  one edit  feedgen build after one entry's body changed
  hugo      hugo building the same corpus's RSS (when HUGO is set)
  views     at the largest size, with RFC 5005 archives (pages of 100) and
            the twenty category feeds on (feedgen-views.yaml): a cold build
            once, then nothing changed, as the median of the runs
and peak RSS of feedgen over all its runs. The targets (issue 8) are judged at
the largest size of 100,000 or more; the exit status says whether they are met.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

feedgen, floor, work = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
sizes = [int(s) for s in os.environ.get("BENCH_ENTRIES", "1000 10000 100000").split()]
runs = max(1, int(os.environ.get("BENCH_RUNS", "3")))
hugo = os.environ.get("HUGO")
NOW = "2030-01-01"


def run(cmd, cwd):
    """Seconds, peak RSS in MiB and exit status of one command."""
    t = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.monotonic() - t
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.stderr.write("bench: %s exited %d:\n%s" % (" ".join(cmd), rc, err[-2000:]))
        sys.exit(1)
    return secs, ru.ru_maxrss / 1024.0


def median_of(fn):
    """Median seconds and peak RSS of fn() over the runs; fn returns (secs, rss)."""
    got = [fn() for _ in range(runs)]
    return statistics.median(s for s, _ in got), max(m for _, m in got)


def fresh(site):
    for d in ("public", ".feedgen"):
        shutil.rmtree(os.path.join(site, d), ignore_errors=True)


rows = []
for n in sizes:
    site = os.path.join(work, "n%d" % n)
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(here, "gen.py"), site, str(n)], check=True)
    entries = os.path.join(site, "entries")
    build = [feedgen, "build", "--now", NOW]
    # Warm the page cache, then each figure beside its floor.
    run([floor, "parse", entries], site)
    stat = median_of(lambda: run([floor, "stat", entries], site))
    parse = median_of(lambda: run([floor, "parse", entries], site))

    def cold():
        fresh(site)
        return run(build, site)
    cold_ = median_of(cold)
    unchanged = median_of(lambda: run(build, site))
    victim = None
    for root, _, files in os.walk(entries):
        if files:
            victim = os.path.join(root, sorted(files)[0])
            break
    edits = [0]

    def one_edit():
        edits[0] += 1
        with open(victim, "a") as f:
            f.write("\nAn edit, number %d.\n" % edits[0])
        return run(build, site)
    edit = median_of(one_edit)
    hugo_ = None
    if hugo:
        hsite = os.path.join(work, "hugo%d" % n)
        os.makedirs(hsite, exist_ok=True)
        with open(os.path.join(hsite, "config.toml"), "w") as f:
            f.write('baseURL = "https://news.example.org/"\ntitle = "Bench Newsroom"\n'
                    'contentDir = "%s"\n'
                    'disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404", "section"]\n'
                    '[outputs]\nhome = ["RSS"]\npage = []\n[services.rss]\nlimit = 50\n' % entries)

        def hugo_build():
            shutil.rmtree(os.path.join(hsite, "public"), ignore_errors=True)
            shutil.rmtree(os.path.join(hsite, "resources"), ignore_errors=True)
            return run([hugo, "--quiet", "-d", os.path.join(hsite, "public")], hsite)
        hugo_ = median_of(hugo_build)
    peak = max(cold_[1], unchanged[1], edit[1])
    views = None
    if n == sizes[-1]:
        # The same site with every kind of view on: its own config, private folder and output.
        vcfg = os.path.join(site, "feedgen-views.yaml")
        with open(os.path.join(site, "feedgen.yaml")) as f:
            base = f.read()
        with open(vcfg, "w") as f:
            f.write(base + "output: public-views\nprivate: .feedgen-views\n"
                    "category_feeds: true\narchive: 100\n")
        vbuild = [feedgen, "build", "-c", vcfg, "--now", NOW]
        for d in ("public-views", ".feedgen-views"):
            shutil.rmtree(os.path.join(site, d), ignore_errors=True)
        vcold = run(vbuild, site)
        time.sleep(2.1)	# past the racy window: the next run records every entry and page
        run(vbuild, site)
        vunchanged = median_of(lambda: run(vbuild, site))
        vfiles = sum(len(fs) for _, _, fs in os.walk(os.path.join(site, "public-views")))
        views = (vcold, vunchanged, vfiles)
    rows.append((n, stat, parse, cold_, unchanged, edit, hugo_, peak, views))

print("bench: %d run%s per figure, medians; ratios to the floors measured in the same run"
      % (runs, "" if runs == 1 else "s"))
print()
print("| entries | stat floor | parse floor | cold build | vs parse | unchanged | vs stat "
      "| one edit | vs stat | peak RSS | hugo (RSS only) | hugo / cold | hugo / unchanged |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n, stat, parse, cold_, unchanged, edit, hugo_, peak, _ in rows:
    h = ("%.2f s, %.0f MiB" % hugo_ if hugo_ else "-")
    hc = ("%.1fx" % (hugo_[0] / cold_[0]) if hugo_ else "-")
    hu = ("%.0fx" % (hugo_[0] / unchanged[0]) if hugo_ else "-")
    print("| %d | %.3f s | %.3f s | %.3f s | %.2fx | %.3f s | %.1fx | %.3f s | %.1fx | %.1f MiB | %s | %s | %s |"
          % (n, stat[0], parse[0], cold_[0], cold_[0] / parse[0], unchanged[0],
             unchanged[0] / stat[0], edit[0], edit[0] / stat[0], peak, h, hc, hu))
print()

for n, stat, parse, cold_, unchanged, edit, hugo_, peak, views in rows:
    if views:
        vcold, vunchanged, vfiles = views
        print("bench: views at %d (archives of 100 and 20 category feeds, %d files): cold %.2f s, %.0f MiB; "
              "nothing changed %.3f s (%.1fx stat), %.0f MiB" % (n, vfiles, vcold[0], vcold[1],
              vunchanged[0], vunchanged[0] / stat[0], vunchanged[1]))
print()

big = [r for r in rows if r[0] >= 100000]
if not big:
    print("bench: no size of 100,000 or more; targets not judged")
    sys.exit(0)
n, stat, parse, cold_, unchanged, edit, hugo_, peak, views = big[-1]
ten = [r for r in rows if r[0] == 10000]
checks = [
    ("cold build at or under 1.0x the one-core parse floor", cold_[0] <= 1.0 * parse[0]),
    ("nothing changed at or under 2x stat", unchanged[0] <= 2.0 * stat[0]),
    ("one edit at or under 3x stat", edit[0] <= 3.0 * stat[0]),
    ("peak RSS under 32 MiB", peak < 32.0),
]
if ten:
    checks.append(("peak RSS within 4 MiB of the 10k figure", peak - ten[0][7] <= 4.0))
if views:
    checks.append(("with archives and 20 category feeds, nothing changed at or under 2x stat",
                   views[1][0] <= 2.0 * stat[0]))
missed = 0
for what, ok in checks:
    print("bench: %s at %d: %s" % (what, n, "met" if ok else "MISSED"))
    missed += not ok
print("bench: targets met" if not missed else "bench: %d target%s missed" % (missed, "" if missed == 1 else "s"))
sys.exit(1 if missed else 0)
