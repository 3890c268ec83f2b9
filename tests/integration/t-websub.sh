# t-websub.sh: WebSub. The feeds announce their hubs and self URL; a changed
# feed is POSTed to every hub, concurrently, with retries; what fails stays
# pending in .feedgen/state (exit 4) and is re-sent by the next build or
# publish. The hub is tests/hub/hub.py on 127.0.0.1: the request path picks its
# answer and every request is logged as a JSON line.
. "$TOP/tests/integration/lib.sh"

HUBPY=$TOP/tests/hub/hub.py
LOG=$WORK/hub.log
: >"$LOG"
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

# start_hub PORTFILE LOG [--port N]: a hub in the background; sets port (or "" when it did not start)
start_hub() {
	local pf=$1 log=$2 i; shift 2
	rm -f "$pf"
	"$PYTHON" "$HUBPY" --log "$log" --port-file "$pf" "$@" </dev/null >/dev/null 2>"$WORK/hub.err" &
	pids="$pids $!"
	hub_pid=$!
	port=""
	for i in $(seq 100); do
		[ -s "$pf" ] && { port=$(cat "$pf"); return 0; }
		sleep 0.05
	done
	return 1
}
stop_hub() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# free_port: a port nothing listens on (the kernel's pick, closed again)
free_port() {
	"$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now() { date +%s.%N; }

# run DIR ARGS...: feedgen in DIR, bounded; sets rc, out, err, t0, t1, took
run() {
	local d=$1; shift
	t0=$(now)
	out=$(cd "$d" && timeout -k 2 30 "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?
	t1=$(now)
	err=$(cat "$WORK/.err")
	e1=$(head -n 1 <<<"$err")
	took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# mark [LOG]: remember how far the log is; reqs/q then look at what came after
mark() { LOGF=${1:-$LOG}; marked=$(wc -l <"$LOGF"); }
reqs() { tail -n "+$((marked + 1))" "$LOGF"; }
# q PYTHON: run PYTHON with R = the requests since mark (dicts; headers lower-cased),
# T = {topic: [requests]}, and helpers; succeeds when it does not raise or exit non-zero
q() {
	reqs | "$PYTHON" -c '
import json, sys, urllib.parse
R = []
for line in sys.stdin:
    r = json.loads(line)
    r["headers"] = {k.lower(): v for k, v in r["headers"].items()}
    r["form"] = urllib.parse.parse_qs(r["body"], keep_blank_values=True)
    r["topic"] = (r["form"].get("hub.topic") or [None])[0]
    R.append(r)
T = {}
for r in R:
    T.setdefault(r["topic"], []).append(r)
def gaps(rs):
    return [b["time"] - a["time"] for a, b in zip(rs, rs[1:])]
'"$1"
}
count() { reqs | grep -c . ; }
# on PATH: requests since mark whose path is PATH (query included)
on() { reqs | "$PYTHON" -c 'import json,sys; print(sum(json.loads(l)["path"] == sys.argv[1] for l in sys.stdin))' "$1"; }

# hubsite DIR "K: V, K: V" HUB...: the test site, with these websub settings and hubs
hubsite() {
	local d=$1 ws=$2 h sep=""; shift 2
	rm -rf "$d"
	site "$d"
	{
		printf 'hubs: ['
		for h in "$@"; do printf '%s"%s"' "$sep" "$h"; sep=", "; done
		printf ']\n'
		if [ -n "$ws" ]; then
			echo "websub:"
			tr ',' '\n' <<<"$ws" | sed 's/^ */  /'
		fi
	} >>"$d/feedgen.yaml"
}
# sethubs DIR HUB...: replace the hubs line
sethubs() {
	local d=$1 h sep="" line="hubs: ["; shift
	for h in "$@"; do line="$line$sep\"$h\""; sep=", "; done
	sed -i "s|^hubs: .*|$line]|" "$d/feedgen.yaml"
}
# add_entry DIR SLUG DAY: one more entry, so both feeds change
add_entry() {
	printf -- '---\ntitle: %s\ndate: 2016-10-%sT10:00:00-04:00\n---\nMore.\n' "$2" "$3" \
	    >"$1/entries/2016-10-$3-$2.md"
}
pending() { grep "^pending	" "$1/.feedgen/state" 2>/dev/null; }
npending() { pending "$1" | grep -c . ; }
# error_for HUB TOPIC: the stderr line that says the hub was not told of the topic
error_for() { grep -F "feedgen: error: hub $1 was not notified of $2: " <<<"$err"; }

RSS=https://news.example.org/feed.xml
ATOM=https://news.example.org/atom.xml
enc() { "$PYTHON" -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
BODY_RSS="hub.mode=publish&hub.url=$(enc $RSS)&hub.topic=$(enc $RSS)"
BODY_ATOM="hub.mode=publish&hub.url=$(enc $ATOM)&hub.topic=$(enc $ATOM)"
UA="feedgen/$("$FEEDGEN" --version | awk 'NR == 1 { print $2 }')"
FAST="connect_timeout: 1, timeout: 2, attempts: 1"

if ! start_hub "$WORK/port" "$LOG"; then
	notok "the test hub starts ($(cat "$WORK/hub.err"))"
	finish
	exit
fi
HUB=http://127.0.0.1:$port

# --- the hub itself, so a failure below is feedgen's ----------------------------
mark
check "hub: /ok answers 200" test "$(curl -s -o /dev/null -w '%{http_code}' -d x "$HUB/ok")" = 200
check "hub: /status/418 answers 418, body 'hub says 418'" \
    test "$(curl -s -w '%{http_code}' -d x "$HUB/status/418")" = $'hub says 418\n418'
check "hub: /retry-after/7 sends Retry-After: 7" \
    grep -qi '^Retry-After: 7' <<<"$(curl -s -i -d x "$HUB/retry-after/7")"
check "hub: /status-then-ok/503/1 answers 503, then 204" \
    test "$(for i in 1 2; do curl -s -o /dev/null -w '%{http_code} ' -d x "$HUB/status-then-ok/503/1?self"; done)" = "503 204 "
curl -s -d x "$HUB/close" >/dev/null
check "hub: /close answers nothing" test $? = 52
check "hub: /redirect/307 points at /ok" \
    grep -qi "^Location: $HUB/ok" <<<"$(curl -s -i -d x "$HUB/redirect/307")"
check "hub: logs each request" q 'assert len(R) == 7 and R[0]["method"] == "POST" and R[0]["body"] == "x"'

# --- a. discovery; b. the exact request ------------------------------------------
H1=$HUB/ok
H2=$HUB/status/204
hubsite "$WORK/a" "$FAST" "$H1" "$H2"
mark
run "$WORK/a" build -v
check "two hubs: build exits 0 ($rc: $e1)" test "$rc" = 0
check "two hubs: feeds are valid" valid_feeds "$WORK/a/public"
links() {
	"$PYTHON" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
def links(path, parent):
    root = ET.parse(path).getroot()
    node = root.find("channel") if parent == "channel" else root
    out = []
    for l in node.findall(A + "link"):
        if l.get("rel") in ("self", "hub"):
            out.append((l.get("rel"), l.get("href"), l.get("type")))
    return out
rss = links(sys.argv[1] + "/feed.xml", "channel")
atom = links(sys.argv[1] + "/atom.xml", "feed")
for r, h, t in rss: print("rss", r, h, t)
for r, h, t in atom: print("atom", r, h, t)
PY
}
L=$(links "$WORK/a/public")
check "rss: exactly one self link, application/rss+xml" test "$(grep -c '^rss self ' <<<"$L")" = 1 -a \
    "$(grep '^rss self ' <<<"$L")" = "rss self $RSS application/rss+xml"
check "atom: exactly one self link" test "$(grep -c '^atom self ' <<<"$L")" = 1 -a \
    "$(grep '^atom self ' <<<"$L" | cut -d' ' -f3)" = "$ATOM"
check "rss: one hub link per hub, in order" test "$(grep '^rss hub ' <<<"$L" | cut -d' ' -f3 | paste -sd' ')" = "$H1 $H2"
check "atom: one hub link per hub, in order" test "$(grep '^atom hub ' <<<"$L" | cut -d' ' -f3 | paste -sd' ')" = "$H1 $H2"
check "self href = the topic notified (rss)" q "assert sorted(set(r['topic'] for r in R)) == sorted(['$(grep '^atom self ' <<<"$L" | cut -d' ' -f3)', '$(grep '^rss self ' <<<"$L" | cut -d' ' -f3)'])"
check "hub.url = hub.topic" q 'assert R and all(r["form"]["hub.url"] == r["form"]["hub.topic"] and len(r["form"]["hub.topic"]) == 1 for r in R)'
check "2 feeds x 2 hubs = 4 requests" test "$(count)" = 4
check "one request per feed per hub" q "
got = sorted((r['path'], r['topic']) for r in R)
want = sorted((h, t) for h in ['/ok', '/status/204'] for t in ['$RSS', '$ATOM'])
assert got == want, got"
check "every request is a POST" q 'assert R and all(r["method"] == "POST" for r in R)'
check "Content-Type: application/x-www-form-urlencoded" \
    q 'assert R and all(r["headers"].get("content-type") == "application/x-www-form-urlencoded" for r in R)'
check "User-Agent: $UA" q "assert R and all(r['headers'].get('user-agent') == '$UA' for r in R)"
check "body is exactly hub.mode=publish&hub.url=...&hub.topic=..." \
    q "assert R and all(r['body'] == {'$RSS': '$BODY_RSS', '$ATOM': '$BODY_ATOM'}[r['topic']] for r in R), [r['body'] for r in R]"
check "-v: notified lines" test "$(grep -cF -e "feedgen: notified $H1 of $RSS (HTTP 200 after 1 attempt)" \
    -e "feedgen: notified $H1 of $ATOM (HTTP 200 after 1 attempt)" \
    -e "feedgen: notified $H2 of $RSS (HTTP 204 after 1 attempt)" \
    -e "feedgen: notified $H2 of $ATOM (HTTP 204 after 1 attempt)" <<<"$err")" = 4
check "nothing pending after success" test "$(npending "$WORK/a")" = 0
check "the feeds were in place before any hub heard of them" q "
import os
m = {'$RSS': os.stat('$WORK/a/public/feed.xml').st_mtime, '$ATOM': os.stat('$WORK/a/public/atom.xml').st_mtime}
assert R and all(m[r['topic']] <= r['time'] for r in R), [(m[r['topic']], r['time']) for r in R]"

# --- c. end to end -------------------------------------------------------------
mark
run "$WORK/a" build
check "nothing changed: exit 0" test "$rc" = 0
check "nothing changed: no request" test "$(count)" = 0
add_entry "$WORK/a" third 20
mark
run "$WORK/a" build
check "new entry: exit 0" test "$rc" = 0
check "new entry: 4 requests" test "$(count)" = 4
echo "id: tag:news.example.org,2016:feed" >>"$WORK/a/feedgen.yaml"
mark
run "$WORK/a" build
check "only atom.xml changed (Atom id): exit 0, 2 requests, both for atom.xml" \
    q "assert $rc == 0 and len(R) == 2 and all(r['topic'] == '$ATOM' for r in R), [r['topic'] for r in R]"
mark
run "$WORK/a" build --dry-run
check "--dry-run: no request" test "$(count)" = 0
sed -i 's/^feeds: .*//' "$WORK/a/feedgen.yaml"
echo "feeds: [rss]" >>"$WORK/a/feedgen.yaml"
add_entry "$WORK/a" fourth 21
mark
run "$WORK/a" build
check "rss only: exit 0" test "$rc" = 0
check "rss only: 2 requests, both for feed.xml" q "assert len(R) == 2 and all(r['topic'] == '$RSS' for r in R)"

# pending and changed again: still one request per feed per hub
H="$HUB/ok?c"
hubsite "$WORK/c2" "$FAST" "$H"
run "$WORK/c2" build --no-publish
add_entry "$WORK/c2" third 20
mark
run "$WORK/c2" build
check "pending, then changed again: one request per feed, exit 0" test "$rc" = 0 -a "$(count)" = 2

# a topic with characters to encode: curl_easy_escape keeps only A-Z a-z 0-9 - . _ ~
hubsite "$WORK/c3" "$FAST" "$HUB/ok?c3"
echo "feed_url: https://news.example.org/~desk/a+b%20c/" >>"$WORK/c3/feedgen.yaml"
mark
run "$WORK/c3" build
T3=https://news.example.org/~desk/a+b%20c/feed.xml
E3=https%3A%2F%2Fnews.example.org%2F~desk%2Fa%2Bb%2520c%2Ffeed.xml
check "encoded topic: body is exact ($rc)" q "assert '$T3' in T and T['$T3'][0]['body'] == 'hub.mode=publish&hub.url=$E3&hub.topic=$E3', [r['body'] for r in R]"
check "encoded topic: rss self href is the topic" test "$(links "$WORK/c3/public" | awk '$1 == "rss" && $2 == "self" { print $3 }')" = "$T3"

# --- d. each answer ------------------------------------------------------------
for s in 200 202 204; do
	hubsite "$WORK/d$s" "$FAST" "$HUB/status/$s"
	mark
	run "$WORK/d$s" build
	check "HTTP $s: success, exit 0" test "$rc" = 0 -a "$(count)" = 2 -a "$(npending "$WORK/d$s")" = 0
done

H=$HUB/status/400
hubsite "$WORK/d400" "connect_timeout: 1, timeout: 2, attempts: 3, backoff: 0.1" "$H"
mark
before=$(date +%s)
run "$WORK/d400" build
after=$(date +%s)
check "HTTP 400: exit 4" test "$rc" = 4
check "HTTP 400: feeds still written and valid" valid_feeds "$WORK/d400/public"
check "HTTP 400: one attempt per feed, no retry" q "assert len(T.get('$RSS', [])) == 1 and len(T.get('$ATOM', [])) == 1, len(R)"
check "HTTP 400: error line per feed" test -n "$(error_for "$H" "$RSS")" -a -n "$(error_for "$H" "$ATOM")"
check "HTTP 400: error has the status and the body's first line" \
    grep -q '400.*hub says 400' <<<"$(error_for "$H" "$RSS")"
check "HTTP 400: one error line per failure" test "$(grep -c '^feedgen: error:' <<<"$err")" = 2
check "HTTP 400: pending recorded for both feeds" test "$(npending "$WORK/d400")" = 2
check "HTTP 400: pending line is pending/topic/hub/epoch/attempts/error" \
    awk -F'\t' -v t="$RSS" -v h="$H" -v a="$before" -v b="$after" '
	$2 == t { found = 1; ok = NF == 6 && $3 == h && $4 ~ /^[0-9]+$/ && $4 >= a && $4 <= b &&
	    $5 == 1 && $6 ~ /400/ && $6 ~ /hub says 400/ }
	END { exit !(found && ok) }' <<<"$(pending "$WORK/d400")"

H=$HUB/status/500
hubsite "$WORK/d500" "connect_timeout: 1, timeout: 2, attempts: 3, backoff: 0.2" "$H"
mark
run "$WORK/d500" build
check "HTTP 500: exit 4" test "$rc" = 4
check "HTTP 500: exactly 3 requests per feed" q "assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [3, 3], len(R)"
check "HTTP 500: waits within backoff*jitter: [0.1, 0.2] then [0.2, 0.4] (+0.25 slack)" q "
for t in ('$RSS', '$ATOM'):
    g = gaps(T[t])
    assert 0.1 - 0.01 <= g[0] <= 0.2 + 0.25 and 0.2 - 0.01 <= g[1] <= 0.4 + 0.25, g"
q "print('# HTTP 500 gaps:', ['%.3f' % x for t in T for x in gaps(T[t])])"
check "HTTP 500: pending says attempts 3 and 500" \
    awk -F'\t' '{ n++; if ($5 != 3 || $6 !~ /500/) bad = 1 } END { exit !(n == 2 && !bad) }' <<<"$(pending "$WORK/d500")"

H="$HUB/status/500?default"
hubsite "$WORK/ddef" "connect_timeout: 1, timeout: 2, backoff: 0.05" "$H"
mark
run "$WORK/ddef" build
check "attempts defaults to 3" q "assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [3, 3], len(R)"

H=$HUB/retry-after/1
hubsite "$WORK/d429" "connect_timeout: 1, timeout: 2, attempts: 2, backoff: 0.1" "$H"
mark
run "$WORK/d429" build
check "429 Retry-After 1: exit 4" test "$rc" = 4
check "429 Retry-After 1: the retry waits >= 1 s (not the 0.1 s backoff)" q "
assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [2, 2], len(R)
for t in T:
    assert 1.0 <= gaps(T[t])[0] <= 1.0 + 0.6, gaps(T[t])"
check "429: error has 429" grep -q 429 <<<"$(error_for "$H" "$RSS")"

H=$HUB/retry-after/30
hubsite "$WORK/dcap" "connect_timeout: 1, timeout: 2, attempts: 2, backoff: 0.1, retry_after_max: 1" "$H"
mark
run "$WORK/dcap" build
# A hub asking for longer than retry_after_max is not retried in this run (it
# would hold the lock): the notification stays pending for the next run.
check "Retry-After 30 over retry_after_max 1: exit 4 at once, under 1.5 s (took $took)" \
    test "$rc" = 4 -a "$(awk -v t="$took" 'BEGIN { print (t < 1.5) }')" = 1
check "Retry-After over the cap: one request per feed, no retry in this run" q "
assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [1, 1], len(R)"
check "Retry-After over the cap: the error says so" \
    grep -q "Retry-After 30s exceeds retry_after_max" <<<"$(error_for "$H" "$RSS")"

H=$HUB/retry-after-date/2
hubsite "$WORK/ddate" "connect_timeout: 1, timeout: 2, attempts: 2, backoff: 0.1" "$H"
mark
run "$WORK/ddate" build
check "Retry-After as an HTTP-date (2 s on): retry within [1, 2.6] s" q "
assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [2, 2], len(R)
for t in T:
    assert 1.0 <= gaps(T[t])[0] <= 2.6, gaps(T[t])"

# one feed, so the hub's per-path count is this notification's
H="$HUB/status-then-ok/503/1?d"
hubsite "$WORK/d503" "connect_timeout: 1, timeout: 2, attempts: 3, backoff: 0.1" "$H"
echo "feeds: [rss]" >>"$WORK/d503/feedgen.yaml"
mark
run "$WORK/d503" build -v
check "503 then 204: 2 requests, exit 0" test "$rc" = 0 -a "$(count)" = 2
check "503 then 204: -v says 2 attempts" grep -qF "feedgen: notified $H of $RSS (HTTP 204 after 2 attempts)" <<<"$err"
check "503 then 204: nothing pending" test "$(npending "$WORK/d503")" = 0

# --- e. hub down, then up ------------------------------------------------------
DEAD=$(free_port)
H=http://127.0.0.1:$DEAD/ok
hubsite "$WORK/e" "connect_timeout: 1, timeout: 2, attempts: 3, backoff: 0.2" "$H"
run "$WORK/e" build
dead_took=$took
echo "# dead-hub run (3 attempts, backoff 0.2, connection refused) took $dead_took s"
check "hub down: exit 4" test "$rc" = 4
check "hub down: feeds written and valid" valid_feeds "$WORK/e/public"
check "hub down: an error line per feed" test -n "$(error_for "$H" "$RSS")" -a -n "$(error_for "$H" "$ATOM")"
check "hub down: pending for both feeds, 3 attempts" \
    awk -F'\t' -v h="$H" '{ n++; if ($3 != h || $5 != 3) bad = 1 } END { exit !(n == 2 && !bad) }' <<<"$(pending "$WORK/e")"
check "hub down: run took under 2 s ($dead_took)" test "$(awk -v t="$dead_took" 'BEGIN { print (t < 2) }')" = 1
first=$(pending "$WORK/e" | awk -F'\t' -v t="$RSS" '$2 == t { print $4 }')
sleep 1
run "$WORK/e" build
check "still down, nothing changed: build exits 4" test "$rc" = 4
check "still down: first-failure time kept" test -n "$first" -a "${first:-0}" -gt 0 -a \
    "$(pending "$WORK/e" | awk -F'\t' -v t="$RSS" '$2 == t { print $4 }')" = "$first"
LOG2=$WORK/hub2.log
: >"$LOG2"
if start_hub "$WORK/port2" "$LOG2" --port "$DEAD"; then
	hub2=$hub_pid
	mark "$LOG2"
	run "$WORK/e" build
	check "hub back, nothing changed: build sends the pending, exit 0 ($e1)" test "$rc" = 0
	check "hub back: both feeds notified with the exact body" q "
assert sorted(r['body'] for r in R) == sorted(['$BODY_RSS', '$BODY_ATOM']), R"
	check "hub back: pending cleared" test "$(npending "$WORK/e")" = 0
	mark "$LOG2"
	run "$WORK/e" build
	check "then: nothing to send" test "$rc" = 0 -a "$(count)" = 0
	stop_hub "$hub2"
	add_entry "$WORK/e" third 20
	run "$WORK/e" build
	check "down again: exit 4, pending" test "$rc" = 4 -a "$(npending "$WORK/e")" = 2
	if start_hub "$WORK/port2" "$LOG2" --port "$DEAD"; then
		mark "$LOG2"
		run "$WORK" publish -c "$WORK/e/feedgen.yaml"
		check "publish -c: sends the pending, exit 0 ($e1)" test "$rc" = 0 -a "$(count)" = 2
		check "publish: pending cleared" test "$(npending "$WORK/e")" = 0
		mark "$LOG2"
		run "$WORK/e" publish
		check "publish with nothing pending: exit 0, no request" test "$rc" = 0 -a "$(count)" = 0
		stop_hub "$hub_pid"
	else
		notok "second hub restarts on port $DEAD"
	fi
else
	notok "second hub starts on port $DEAD ($(cat "$WORK/hub.err"))"
fi

# --- f. a hanging hub does not hold up the others --------------------------------
HH=$HUB/hang/30
HO="$HUB/ok?f"
hubsite "$WORK/f" "connect_timeout: 1, timeout: 1, attempts: 1" "$HH" "$HO"
mark
run "$WORK/f" build
check "hanging hub: exit 4" test "$rc" = 4
check "hanging hub: the run ends in under 3 s (took $took)" test "$(awk -v t="$took" 'BEGIN { print (t < 3) }')" = 1
check "hanging hub: the other hub hears of both feeds within 1 s" q "
ok = [r for r in R if r['path'] == '/ok?f']
assert len(ok) == 2 and all(r['time'] - $t0 < 1.0 for r in ok), [r['time'] - $t0 for r in ok]"
check "hanging hub: error for it, none for the other" \
    test -n "$(error_for "$HH" "$RSS")" -a -n "$(error_for "$HH" "$ATOM")" -a -z "$(error_for "$HO" "$RSS")"
check "hanging hub: pending only for it" \
    awk -F'\t' -v h="$HH" '{ n++; if ($3 != h) bad = 1 } END { exit !(n == 2 && !bad) }' <<<"$(pending "$WORK/f")"

H=$HUB/hang/5
hubsite "$WORK/f2" "connect_timeout: 1, timeout: 0.5, attempts: 1" "$H"
run "$WORK/f2" build
check "timeout 0.5 (a decimal): exit 4 after 0.5 to 1 s (took $took)" \
    test "$rc" = 4 -a "$(awk -v t="$took" 'BEGIN { print (t >= 0.5 && t < 1) }')" = 1

# killed while sending: what is owed was saved first
H=$HUB/hang/20
hubsite "$WORK/k" "connect_timeout: 1, timeout: 10, attempts: 1" "$H"
mark
( cd "$WORK/k" && exec "$FEEDGEN" build 2>/dev/null ) &
kpid=$!
for i in $(seq 40); do [ "$(count)" -ge 2 ] && break; sleep 0.05; done
kill -KILL "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
check "killed mid-send: feeds written" valid_feeds "$WORK/k/public"
check "killed mid-send: both notifications pending" test "$(npending "$WORK/k")" = 2

# A run that dies between renaming the state and renaming the feeds (here: the
# second rename fails) must not lose the notification: what is owed is in the
# state, renamed first, and decided by the state's hashes, not the files.
cc -shared -fPIC -o "$WORK/failio.so" "$TOP/tests/integration/failio.c" -ldl
H=$HUB/ok?lost
hubsite "$WORK/lost" "$FAST" "$H"
run "$WORK/lost" build --no-publish
run "$WORK/lost" publish
add_entry "$WORK/lost" later 20
mark
( cd "$WORK/lost" && LD_PRELOAD="$WORK/failio.so" FAILIO_PATH="$WORK/lost/public/" FAILIO_CALL=rename \
    FAILIO_NTH=2 FAILIO_ERRNO=EIO "$FEEDGEN" build 2>/dev/null ); lrc=$?
check "failed half-way through the renames: exit 3, no hub told yet ($lrc)" test "$lrc" = 3 -a "$(count)" = 0
check "failed half-way: both notifications already pending" test "$(npending "$WORK/lost")" = 2
run "$WORK/lost" build
check "the next run finishes the feeds and tells the hub of both" \
    q "assert sorted(T) == sorted(['$RSS', '$ATOM']), sorted(T)"
check "the next run ends 0 with nothing pending" test "$rc" = 0 -a "$(npending "$WORK/lost")" = 0
rm -rf "$WORK/lost/.feedgen/state"
mark
run "$WORK/lost" build
check "a deleted state file costs at most an extra ping, never a lost one: both feeds sent again" \
    q "assert sorted(T) == sorted(['$RSS', '$ATOM']), sorted(T)"

# --- g. closed connection; redirects ---------------------------------------------
H=$HUB/close
hubsite "$WORK/g" "connect_timeout: 1, timeout: 2, attempts: 2, backoff: 0.1" "$H"
mark
run "$WORK/g" build
check "closed connection: exit 4" test "$rc" = 4
check "closed connection: retried (a connection error): 2 requests per feed" \
    q "assert [len(T.get(t, [])) for t in ('$RSS', '$ATOM')] == [2, 2], len(R)"
check "closed connection: an error line that says something" \
    grep -qE ': [^ ].{3,}' <<<"$(error_for "$H" "$RSS" | sed "s|^.*of $RSS||")"
echo "# closed connection says: $(error_for "$H" "$RSS")"

for s in 307 308; do
	H=$HUB/redirect/$s
	hubsite "$WORK/g$s" "$FAST" "$H"
	mark
	run "$WORK/g$s" build
	check "redirect $s: followed, exit 0 ($e1)" test "$rc" = 0
	check "redirect $s: /ok got the same POST and body" q "
ok = [r for r in R if r['path'] == '/ok']
assert len(ok) == 2 and all(r['method'] == 'POST' and r['headers'].get('content-type') == 'application/x-www-form-urlencoded' for r in ok)
assert sorted(r['body'] for r in ok) == sorted(['$BODY_RSS', '$BODY_ATOM'])"
done
H=$HUB/redirect-chain/307/3
hubsite "$WORK/gchain3" "$FAST" "$H"
mark
run "$WORK/gchain3" build
check "3 redirects: followed, exit 0" test "$rc" = 0 -a "$(count)" = 8
H=$HUB/redirect-chain/307/4
hubsite "$WORK/gchain4" "$FAST" "$H"
mark
run "$WORK/gchain4" build
check "4 redirects: failure, exit 4, the 4th not followed" test "$rc" = 4 -a "$(on /redirect-chain/307/0)" = 0
for s in 301 302 303; do
	H=$HUB/redirect/$s
	hubsite "$WORK/g$s" "$FAST" "$H"
	mark
	run "$WORK/g$s" build
	check "redirect $s: a failure, exit 4" test "$rc" = 4
	check "redirect $s: not followed" test "$(on /ok)" = 0 -a "$(count)" = 2
	check "redirect $s: the error names $s" grep -q "$s" <<<"$(error_for "$H" "$RSS")"
done

# --- h. --no-publish, then publish ------------------------------------------------
H="$HUB/ok?h"
hubsite "$WORK/h" "$FAST" "$H"
mark
run "$WORK/h" build --no-publish
check "--no-publish: exit 0" test "$rc" = 0
check "--no-publish: no request" test "$(count)" = 0
check "--no-publish: feeds written" valid_feeds "$WORK/h/public"
check "--no-publish: both feeds pending" test "$(npending "$WORK/h")" = 2
run "$WORK/h" publish
check "publish: exit 0" test "$rc" = 0
check "publish: sends both" q "assert sorted(r['body'] for r in R) == sorted(['$BODY_RSS', '$BODY_ATOM']) and all(r['path'] == '/ok?h' for r in R)"
check "publish: pending cleared" test "$(npending "$WORK/h")" = 0

# --- i. pending for a hub or topic no longer configured -----------------------------
HA="$HUB/ok?ia"
HB="$HUB/ok?ib"
hubsite "$WORK/i" "$FAST" "$HA" "$HB"
run "$WORK/i" build --no-publish
check "two hubs --no-publish: 4 pending" test "$(npending "$WORK/i")" = 4
sethubs "$WORK/i" "$HA"
mark
run "$WORK/i" publish
check "hub removed: publish exits 0" test "$rc" = 0
check "hub removed: its pending dropped with a warning per feed" \
    test "$(grep '^feedgen: warning: dropping pending notification' <<<"$err" | grep -cF "$HB")" = 2
check "hub removed: the remaining hub notified" q "assert len(R) == 2 and all(r['path'] == '/ok?ia' for r in R)"
check "hub removed: nothing pending" test "$(npending "$WORK/i")" = 0
run "$WORK/i" build --no-publish
add_entry "$WORK/i" third 20
run "$WORK/i" build --no-publish
check "new entry --no-publish: 2 pending" test "$(npending "$WORK/i")" = 2
echo "feed_url: https://cdn.example.org/" >>"$WORK/i/feedgen.yaml"
mark
run "$WORK/i" publish
check "feed_url changed: publish exits 0" test "$rc" = 0
check "feed_url changed: old topics dropped with a warning" \
    test "$(grep '^feedgen: warning: dropping pending notification' <<<"$err" | grep -cF -e "$RSS" -e "$ATOM")" = 2
check "feed_url changed: no request for the old topics" test "$(count)" = 0
check "feed_url changed: nothing pending" test "$(npending "$WORK/i")" = 0

# --- j. server-config ----------------------------------------------------------------
H1=https://hub.example.net/
H2=https://pubsubhubbub.appspot.com/
hubsite "$WORK/j" "" "$H1" "$H2"
for srv in nginx apache; do
	run "$WORK/j" server-config "$srv"
	check "server-config $srv: exit 0" test "$rc" = 0
	for u in "$H1" "$H2"; do
		check "server-config $srv: Link <$u>; rel=hub" grep -qE "<$u>; rel=\\\\?\"?hub" <<<"$out"
	done
	for u in "$RSS" "$ATOM"; do
		check "server-config $srv: Link <$u>; rel=self" grep -qE "<$u>; rel=\\\\?\"?self" <<<"$out"
	done
	check "server-config $srv: both content types" \
	    test -n "$(grep -F application/rss+xml <<<"$out")" -a -n "$(grep -F application/atom+xml <<<"$out")"
	check "server-config $srv: two hub Links per feed" test "$(grep -cE 'rel=\\?"?hub' <<<"$out")" = 4
done
# server-config with JSON Feed on: its own block, its Content-Type, its Link headers
echo "feeds: [rss, atom, json]" >>"$WORK/j/feedgen.yaml"
JSON=https://news.example.org/feed.json
for srv in nginx apache; do
	run "$WORK/j" server-config "$srv"
	check "server-config $srv with json: exit 0" test "$rc" = 0
	check "server-config $srv with json: Link <$JSON>; rel=self" grep -qE "<$JSON>; rel=\\\\?\"?self" <<<"$out"
	check "server-config $srv with json: application/feed+json, once" \
	    test "$(grep -c 'application/feed+json"' <<<"$out")" = 1
	check "server-config $srv with json: two hub Links per feed, three feeds" test "$(grep -cE 'rel=\\?"?hub' <<<"$out")" = 6
done
check "server-config nginx with json: a location for feed.json" \
    eval 'run "$WORK/j" server-config nginx; grep -qx "location = /feed.json {" <<<"$out"'
check "server-config apache with json: a <Files> for feed.json" \
    eval 'run "$WORK/j" server-config apache; grep -qx "<Files \"feed.json\">" <<<"$out"'
run "$WORK" server-config apache -c "$WORK/j/feedgen.yaml"
check "server-config -c FILE: exit 0" test "$rc" = 0 -a -n "$out"
run "$WORK/j" server-config lighttpd
check "server-config of an unknown server: fails, names it, prints no snippet" \
    test "$rc" = 2 -a -z "$out" -a -n "$(grep -F "unknown web server 'lighttpd'" <<<"$err")"

# --- k. JSON Feed: its own topic, told when feed.json changes and only then ----------
JSON=https://news.example.org/feed.json
BODY_JSON="hub.mode=publish&hub.url=$(enc $JSON)&hub.topic=$(enc $JSON)"
H=$HUB/ok
hubsite "$WORK/k" "$FAST" "$H"
mark
run "$WORK/k" build
check "json: the XML feeds first: exit 0, 2 requests" test "$rc" = 0 -a "$(count)" = 2
echo "feeds: [rss, atom, json]" >>"$WORK/k/feedgen.yaml"
mark
run "$WORK/k" build -v
check "json switched on: exit 0 ($rc: $e1)" test "$rc" = 0
check "json switched on: -v says feed.json changed, the XML feeds unchanged" eval '
    grep -qx "feedgen: public/feed.json changed" <<<"$err" &&
    grep -qx "feedgen: public/feed.xml unchanged" <<<"$err" && grep -qx "feedgen: public/atom.xml unchanged" <<<"$err"'
check "json switched on: one request, for feed.json, body exact" \
    q "assert len(R) == 1 and R[0]['topic'] == '$JSON' and R[0]['body'] == '$BODY_JSON', [r['body'] for r in R]"
check "json switched on: the feeds are valid" valid_feeds "$WORK/k/public"
check "json: feed_url is the topic; hubs are [{type: WebSub, url: the hub}]" "$PYTHON" -c '
import json, sys
f = json.load(open(sys.argv[1]))
assert f["feed_url"] == sys.argv[2], f["feed_url"]
assert f["hubs"] == [{"type": "WebSub", "url": sys.argv[3]}], f["hubs"]' "$WORK/k/public/feed.json" "$JSON" "$H"
check "json: the state keeps feed.json's hash" grep -q "^feed	feed.json	fnv1a64:" "$WORK/k/.feedgen/state"
check "json: feed.json was in place before the hub heard of it" q "
import os
assert R and os.stat('$WORK/k/public/feed.json').st_mtime <= R[0]['time']"
mark
run "$WORK/k" build
check "json, nothing changed: exit 0, no request" test "$rc" = 0 -a "$(count)" = 0
# logo is in RSS and Atom only (JSON Feed's icon must be square): feed.json keeps its bytes
cp "$WORK/k/public/feed.json" "$WORK/k.json"
echo "logo: logo.png" >>"$WORK/k/feedgen.yaml"
mark
run "$WORK/k" build
check "json, logo added: exit 0, 2 requests, none for feed.json" \
    q "assert len(R) == 2 and '$JSON' not in T and set(T) == {'$RSS', '$ATOM'}, [r['topic'] for r in R]"
check "json, logo added: feed.json's bytes unchanged" cmp -s "$WORK/k.json" "$WORK/k/public/feed.json"
add_entry "$WORK/k" third 20
mark
run "$WORK/k" build
check "json, new entry: exit 0, one request per feed, feed.json's included" \
    q "assert sorted(r['topic'] for r in R) == sorted(['$RSS', '$ATOM', '$JSON']), [r['topic'] for r in R]"
# a hub failing for feed.json keeps it pending, and publish sends it: this hub
# answers 503 to its first 3 requests (one per feed, attempts: 1), then 204
H5="$HUB/status-then-ok/503/3?json"
sethubs "$WORK/k" "$H5"
add_entry "$WORK/k" fourth 21
mark
run "$WORK/k" build
check "json, hub down: exit 4, feed.json's notification pending" \
    test "$rc" = 4 -a -n "$(pending "$WORK/k" | grep -F "	$JSON	$H5	")" -a -n "$(error_for "$H5" "$JSON")"
mark
run "$WORK/k" publish
check "json, publish: exit 0, one request per feed, nothing pending" \
    test "$rc" = 0 -a "$(count)" = 3 -a "$(npending "$WORK/k")" = 0
check "json, publish: the feed.json request is exact" q "assert '$JSON' in T and T['$JSON'][0]['body'] == '$BODY_JSON'"

finish
