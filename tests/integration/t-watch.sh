# t-watch.sh: feedgen watch. Every change (an editor's save, a plain write, a
# rename, a delete, a bulk copy, a configuration edit, the entries folder
# replaced) ends in exactly one build, counted by the "watch: build (" lines -v
# prints; a scheduled entry goes live at its time; SIGTERM during a build lets
# it finish, leaves no temporary and exits 0, while a cron build waits on the
# lock; a dead hub is retried with a growing backoff until it answers.
. "$TOP/tests/integration/lib.sh"

pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT
now_ms() { date +%s%3N; }

# launch DIR [ENV=V...]: feedgen watch -v in DIR in the background (pid in
# wpid, stderr in $WORK/w.err); start: the same, once its first build is over
launch() {
	local d=$1; shift
	: >"$WORK/w.err"
	(cd "$d" && exec env "$@" "$FEEDGEN" watch -v -j 2 2>"$WORK/w.err") &
	wpid=$!
	pids="$pids $wpid"
}
start() {
	local d=$1 i
	launch "$@"
	for i in $(seq 200); do
		[ -s "$d/public/atom.xml" ] && grep -q '^feedgen: public/atom.xml' "$WORK/w.err" && return 0
		sleep 0.02
	done
	return 1
}
# stop: SIGTERM to the watch, its exit status in wrc
stop() { kill -TERM "$wpid" 2>/dev/null; wait "$wpid"; wrc=$?; }
builds() { grep -c '^feedgen: watch: build (' "$WORK/w.err"; }
# until_in FILE TEXT [SECONDS]: poll until FILE holds TEXT
until_in() {
	local i
	for i in $(seq $((${3:-5} * 50))); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.02
	done
	return 1
}
until_gone() {
	local i
	for i in $(seq 250); do
		grep -qF -- "$2" "$1" 2>/dev/null || return 0
		sleep 0.02
	done
	return 1
}
# settle: long enough for a debounced build to have started and ended (200 ms quiet)
settle() { sleep 0.6; }
entry() { printf -- '---\ntitle: %s\ndate: %s\n---\nText.\n' "$2" "$3" >"$1"; }
temps() { find "$1" -name '.feedgen-tmp-*' 2>/dev/null; }

S=$WORK/s
site "$S"
mkdir "$S/schemas"
cp "$TOP/schemas/entry.rng" "$S/schemas/"
echo 'schemas: schemas' >>"$S/feedgen.yaml"
if ! start "$S"; then
	notok "watch starts and builds ($(cat "$WORK/w.err"))"
	finish
	exit
fi
check "watch builds once at the start" test "$(builds)" = 1
check "the start's build is build -v's: the feeds it wrote" grep -q '^feedgen: public/feed.xml changed$' "$WORK/w.err"

# An editor's save: a hidden temporary written, then renamed over the name.
n=$(builds)
entry "$S/entries/.third.md.swp" "Third" "2016-10-20T10:00:00-04:00"
mv "$S/entries/.third.md.swp" "$S/entries/2016-10-20-third.md"
check "a save (temporary + rename) reaches the feeds" until_in "$S/public/atom.xml" "<title>Third</title>"
settle
check "a save is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1
check "the build names what changed" grep -q '^feedgen: watch: build (entries/2016-10-20-third.md changed)$' "$WORK/w.err"

# A save through a visible temporary, as some tools write: still one build.
n=$(builds)
entry "$S/entries/tmp-save" "Third, saved again" "2016-10-20T10:00:00-04:00"
mv "$S/entries/tmp-save" "$S/entries/2016-10-20-third.md"
check "a save through a visible temporary reaches the feeds" until_in "$S/public/atom.xml" "Third, saved again"
settle
check "a save through a visible temporary is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# A plain write in place.
n=$(builds)
entry "$S/entries/2016-10-18-first.md" "First, edited" "2016-10-18T10:00:00-04:00"
check "a plain write reaches the feeds" until_in "$S/public/atom.xml" "First, edited"
settle
check "a plain write is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# A rename into a new sub-folder, then a write inside it (the new folder is watched).
n=$(builds)
mkdir "$S/entries/2016"
mv "$S/entries/2016-10-20-third.md" "$S/entries/2016/2016-10-20-third.md"
settle
check "a move into a new folder is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1
n=$(builds)
entry "$S/entries/2016/2016-10-21-fourth.md" "Fourth" "2016-10-21T10:00:00-04:00"
check "a file written in a folder made while watching reaches the feeds" until_in "$S/public/atom.xml" "<title>Fourth</title>"
settle
check "... in one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# A delete.
n=$(builds)
rm "$S/entries/2016/2016-10-21-fourth.md"
check "a delete leaves the feeds" until_gone "$S/public/atom.xml" "<title>Fourth</title>"
settle
check "a delete is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# A bulk copy of 200 entries (an rsync, a git pull).
mkdir -p "$WORK/bulk"
for i in $(seq 100 299); do
	entry "$WORK/bulk/2015-01-01-bulk-$i.md" "Bulk $i" "2015-01-01T10:00:00Z"
done
n=$(builds)
cp -r "$WORK/bulk" "$S/entries/bulk"
check "a bulk copy reaches the feeds" until_in "$WORK/w.err" "feedgen: 203 entries read"
settle
check "a bulk copy of 200 entries is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# The configuration edited.
n=$(builds)
sed -i 's/^title: Test Newsroom$/title: Watched Newsroom/' "$S/feedgen.yaml"
check "a configuration edit reaches the feeds" until_in "$S/public/atom.xml" "<title>Watched Newsroom</title>"
settle
check "a configuration edit is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1

# The entry schema edited (a comment added: the feeds stay, the build runs).
n=$(builds)
sed -i '$a <!-- edited -->' "$S/schemas/entry.rng"
check "a schema edit is built" until_in "$WORK/w.err" "watch: build (schemas/entry.rng changed)"
settle
check "a schema edit is one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1
n=$(builds)
touch "$S/schemas/notes.txt"
settle
check "a file beside the schemas that is not a grammar is no build ($(($(builds) - n)))" test $(($(builds) - n)) = 0

# A scheduled entry: dated 2 s ahead of the real clock, in the feeds at that
# second; another, expiring then, leaves the feeds in the same build.
due=$(( $(date +%s) + 2 ))
printf -- '---\ntitle: Expiring\ndate: 2016-10-17T10:00:00Z\nexpires: %s\n---\nText.\n' \
    "$(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ)" >"$S/entries/.expiring"
mv "$S/entries/.expiring" "$S/entries/2016-10-17-expiring.md"
check "an entry that expires soon is in the feeds" until_in "$S/public/atom.xml" "<title>Expiring</title>"
entry "$S/entries/$(date -u -d "@$due" +%Y-%m-%d)-scheduled.md" "Scheduled" "$(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ)"
check "a scheduled entry is held back first" until_in "$WORK/w.err" "1 held back"
check "... not in the feeds before its time" sh -c "! grep -q '<title>Scheduled</title>' '$S/public/atom.xml'"
until_in "$S/public/atom.xml" "<title>Scheduled</title>" 5
t=$(date +%s%3N)
check "a scheduled entry goes live at its time ($((t - due * 1000)) ms after it)" \
    test $((t - due * 1000)) -ge 0 -a $((t - due * 1000)) -lt 1500
check "the entry that expired then has left the feeds" sh -c "! grep -q '<title>Expiring</title>' '$S/public/atom.xml'"
check "the build says it was scheduled" grep -q "^feedgen: watch: build ($(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ) scheduled)$" "$WORK/w.err"

# The entries folder replaced: removed and copied anew, then moved in place.
cp -r "$S/entries" "$WORK/new"
entry "$WORK/new/2016-10-23-replaced.md" "Replaced" "2016-10-23T10:00:00-04:00"
n=$(builds)
rm -rf "$S/entries" && cp -r "$WORK/new" "$S/entries"
check "an entries folder removed and copied anew is built" until_in "$S/public/atom.xml" "<title>Replaced</title>"
settle
check "... in one build ($(($(builds) - n)))" test $(($(builds) - n)) = 1
entry "$WORK/new/2016-10-24-moved.md" "Moved in" "2016-10-24T10:00:00-04:00"
mv "$S/entries" "$WORK/old" && mv "$WORK/new" "$S/entries"
check "an entries folder moved in place is built" until_in "$S/public/atom.xml" "<title>Moved in</title>"
settle
entry "$WORK/old/2016-10-25-stale.md" "Stale" "2016-10-25T10:00:00-04:00"
entry "$S/entries/2016-10-25-after.md" "After" "2016-10-25T10:00:00-04:00"
check "the folder moved in is watched" until_in "$S/public/atom.xml" "<title>After</title>"
settle
check "the folder moved away is not" sh -c "! grep -q '<title>Stale</title>' '$S/public/atom.xml'"
rm -rf "$S/entries"
settle
n=$(builds)
mv "$WORK/old" "$S/entries"
check "an entries folder back after a while is built" until_in "$S/public/atom.xml" "<title>Stale</title>"

check "no temporary is left in public/ or .feedgen/" test -z "$(temps "$S/public")$(temps "$S/.feedgen")"
check "the feeds are valid" valid_feeds "$S/public"
stop
check "SIGTERM stops watch with exit 0 ($wrc)" test "$wrc" = 0
check "-v says it stopped" grep -q '^feedgen: watch: stop (SIGTERM)$' "$WORK/w.err"

# SIGTERM during a build: the shim stalls the first rename into public/ for 1.5 s,
# so the signal comes while the feeds are staged; a cron build started then waits.
failio_so
rm -rf "$S/public" "$S/.feedgen"
launch "$S" LD_PRELOAD="$SO" FAILIO_PATH="$S/public/" FAILIO_SLEEP_CALL=rename FAILIO_SLEEP_MS=1500
for i in $(seq 250); do [ -n "$(temps "$S/public")" ] && break; sleep 0.02; done
check "the build under the shim has staged temporaries" test -n "$(temps "$S/public")"
t0=$(now_ms)
(cd "$S" && "$FEEDGEN" build -v 2>"$WORK/cron.err"; echo $? >"$WORK/cron.rc"; now_ms >"$WORK/cron.end") &
cron=$!
sleep 0.1
kill -TERM "$wpid"
wait "$wpid"
wrc=$?
twatch=$(now_ms)
wait "$cron"
check "SIGTERM mid-build: the build finished, then watch stopped with exit 0 ($wrc, after $((twatch - t0)) ms)" \
    test "$wrc" = 0 -a $((twatch - t0)) -ge 1000
check "SIGTERM mid-build: -v says it stopped after the build" grep -q '^feedgen: watch: stop (SIGTERM)$' "$WORK/w.err"
check "SIGTERM mid-build: the new feeds are in place, valid" valid_feeds "$S/public"
check "SIGTERM mid-build: no temporary left" test -z "$(temps "$S/public")$(temps "$S/.feedgen")"
check "a cron build during watch's build exits 0 ($(cat "$WORK/cron.rc"))" test "$(cat "$WORK/cron.rc")" = 0
check "... having waited for the lock ($(($(cat "$WORK/cron.end") - t0)) ms, at least 1000)" \
    test $(($(cat "$WORK/cron.end") - t0)) -ge 1000
check "... and found nothing to change after watch's build" grep -q '^feedgen: public/atom.xml unchanged$' "$WORK/cron.err"

# A dead hub: the notification stays pending and is tried again after 1 s, 2 s...;
# once the hub answers, it is sent.
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
printf 'hubs: ["http://127.0.0.1:%s/ok"]\nwebsub:\n  connect_timeout: 1\n  timeout: 2\n  attempts: 1\n' "$port" >>"$S/feedgen.yaml"
rm -rf "$S/public" "$S/.feedgen"
start "$S"
check "a dead hub: pending after the build" until_in "$WORK/w.err" "watch: hub notifications pending; next try in 1 s"
check "a dead hub: tried again" until_in "$WORK/w.err" "watch: publish (pending hub notifications, try 1)" 3
check "a dead hub: the backoff grows" until_in "$WORK/w.err" "next try in 2 s" 3
: >"$WORK/hub.log"
"$PYTHON" "$TOP/tests/hub/hub.py" --port "$port" --log "$WORK/hub.log" </dev/null >/dev/null 2>&1 &
pids="$pids $!"
check "the hub, once up, is told (within the backoff)" until_in "$WORK/hub.log" '"path": "/ok"' 8
settle
check "nothing is pending any more" sh -c "! grep -q '^pending' '$S/.feedgen/state'"
stop
check "watch with pending notifications stops with exit 0 ($wrc)" test "$wrc" = 0

# Usage and a broken configuration at the start.
fg "$S" watch --dry-run
check "watch --dry-run is a usage error (exit $rc)" test "$rc" = 2
printf 'title: [\n' >"$WORK/bad.yaml"
fg "$S" watch -c "$WORK/bad.yaml"
check "watch with an invalid configuration exits 1 ($rc)" test "$rc" = 1
check "... saying it is not watching" grep -q '^feedgen: 1 error; not watching$' <<<"$err"
finish
