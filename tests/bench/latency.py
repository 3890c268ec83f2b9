#!/usr/bin/env python3
"""tests/bench/latency.py: from a saved entry to the hub's ping, under feedgen watch.

Usage: latency.py FEEDGEN WORK
Environment: BENCH_ENTRIES (sizes, default "1000 10000 100000"), BENCH_SAVES
(saves per size, default 7; the median is shown).

For each size, the newsroom gen.py makes (WORK/nN, reused when bench.py left
it there) gets its own output and private folders and a hub: tests/hub/hub.py
on 127.0.0.1. feedgen watch runs on it; once its first build is in and the hub
told, each save writes a new entry (dated a minute ago, so it leads the feeds)
to a hidden temporary and renames it into place, as an editor does, and
measures, on the real clock:
  feeds  until atom.xml holds the entry (polled every 2 ms)
  hub    until the hub logs the POST for the Atom feed (its own arrival time)
The target (issue 10): the hub is told within 1 s of the save, as a median;
the exit status says whether it is met at every size.
"""
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse

feedgen, work = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
sizes = [int(s) for s in os.environ.get("BENCH_ENTRIES", "1000 10000 100000").split()]
saves = max(1, int(os.environ.get("BENCH_SAVES", "7")))
ATOM = "https://news.example.org/atom.xml"


def wait_for(test, seconds):
    end = time.time() + seconds
    while time.time() < end:
        got = test()
        if got:
            return got
        time.sleep(0.002)
    return None


def hub_posts(log):
    """The hub's requests for the Atom feed so far: their arrival times."""
    try:
        with open(log) as f:
            lines = f.readlines()
    except FileNotFoundError:
        return []
    out = []
    for line in lines:
        if not line.endswith("\n"):
            break
        r = json.loads(line)
        if urllib.parse.parse_qs(r["body"]).get("hub.topic") == [ATOM]:
            out.append(r["time"])
    return out


def measure(n):
    site = os.path.join(work, "n%d" % n)
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(here, "gen.py"), site, str(n)], check=True)
    for d in ("public-watch", ".feedgen-watch"):
        shutil.rmtree(os.path.join(site, d), ignore_errors=True)
    log = os.path.join(site, "hub-watch.log")
    portfile = os.path.join(site, "hub-watch.port")
    for f in (log, portfile):
        if os.path.exists(f):
            os.remove(f)
    hub = subprocess.Popen([sys.executable, os.path.join(top, "tests", "hub", "hub.py"),
                            "--log", log, "--port-file", portfile],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = None
    try:
        if not wait_for(lambda: os.path.exists(portfile) and open(portfile).read().strip(), 10):
            sys.exit("latency: the test hub did not start")
        port = open(portfile).read().strip()
        with open(os.path.join(site, "feedgen.yaml")) as f:
            base = f.read()
        cfg = os.path.join(site, "feedgen-watch.yaml")
        with open(cfg, "w") as f:
            f.write(base + "output: public-watch\nprivate: .feedgen-watch\n"
                    'hubs: ["http://127.0.0.1:%s/ok"]\n' % port)
        watch = subprocess.Popen([feedgen, "watch", "-c", cfg], cwd=site,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # The first build is cold: at 100,000 entries it takes seconds.
        if not wait_for(lambda: hub_posts(log), 600):
            sys.exit("latency: watch's first build never reached the hub")
        time.sleep(1.5)  # past the racy window: the next build reads from the cache
        atom = os.path.join(site, "public-watch", "atom.xml")
        folder = os.path.join(site, "entries")
        feeds, hubs = [], []
        for k in range(saves):
            told = len(hub_posts(log))
            when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
            title = "Latency probe %d of %d" % (k, time.time_ns())
            name = "%s-latency-%d.md" % (when.strftime("%Y-%m-%d"), k)
            text = "---\ntitle: %s\ndate: %s\n---\nA probe.\n" % (title, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
            tmp = os.path.join(folder, ".%s.swp" % name)
            with open(tmp, "w") as f:
                f.write(text)
            t0 = time.time()
            os.rename(tmp, os.path.join(folder, name))
            if not wait_for(lambda: os.path.exists(atom) and title in open(atom).read(), 60):
                sys.exit("latency: save %d never reached the feeds" % k)
            feeds.append(time.time() - t0)
            got = wait_for(lambda: len(hub_posts(log)) > told and hub_posts(log), 60)
            if not got:
                sys.exit("latency: save %d never reached the hub" % k)
            hubs.append(got[told] - t0)
            time.sleep(0.5)
        for f in os.listdir(folder):
            if "-latency-" in f:
                os.remove(os.path.join(folder, f))
        return feeds, hubs
    finally:
        if watch:
            watch.send_signal(signal.SIGTERM)
            _, err = watch.communicate(timeout=120)
            if watch.returncode != 0:
                sys.stderr.write("latency: watch exited %d:\n%s" % (watch.returncode, err.decode()[-2000:]))
        hub.terminate()
        hub.wait()


print("latency: feedgen watch, save (temporary + rename) to feeds and to the hub's ping; "
      "%d saves per size" % saves)
print()
print("| entries | to the feeds, median | max | to the hub, median | max |")
print("|---:|---:|---:|---:|---:|")
missed = 0
for n in sizes:
    feeds, hubs = measure(n)
    print("| %d | %.3f s | %.3f s | %.3f s | %.3f s |"
          % (n, statistics.median(feeds), max(feeds), statistics.median(hubs), max(hubs)))
    sys.stderr.write("latency: %d entries, to the hub, save by save: %s\n"
                     % (n, " ".join("%.3f" % h for h in hubs)))
    sys.stdout.flush()
    missed += statistics.median(hubs) > 1.0
print()
print("latency: the hub told within 1 s of a save (median): %s"
      % ("met at every size" if not missed else "MISSED at %d size%s" % (missed, "" if missed == 1 else "s")))
sys.exit(1 if missed else 0)
