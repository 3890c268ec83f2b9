# t-concurrency.sh: builds of one site at the same time take turns under the
# flock on .feedgen/lock: each ends 0 (or, with lock_timeout: 0, 3 with
# the lock message), and the feeds are valid and byte-identical to a single
# run's. A lock held too long ends a run with exit 3 after lock_timeout seconds,
# naming the holder's pid; a holder killed with SIGKILL blocks nobody.
. "$TOP/tests/integration/lib.sh"
WORK=$(realpath "$WORK")
failio_so
now_ms() { echo $(($(date +%s%N) / 1000000)); }
temps() { ls -A "$1" | grep '^\.feedgen-tmp-'; }
feeds_are() { cmp -s "$1/feed.xml" "$2/feed.xml" && cmp -s "$1/atom.xml" "$2/atom.xml"; }
edit() { printf -- '---\ntitle: Second, corrected\ndate: 2016-10-19T10:00:00-04:00\n---\nTwo, now with a correction.\n' >"$1/entries/2016-10-19-second.md"; }
LOCKMSG='^\.feedgen/lock: error: another feedgen run \(pid ([0-9]+|unknown)\) held the lock for over'

# The old site, built; the expected feeds after the change, from one clean run.
site "$WORK/base"
fg "$WORK/base" build
cp -a "$WORK/base" "$WORK/one"
edit "$WORK/one"
fg "$WORK/one" build
mkdir "$WORK/new"
cp "$WORK/one/public/feed.xml" "$WORK/one/public/atom.xml" "$WORK/new/"
check "a single run after the change exits 0 with valid feeds" eval '[ "$rc" = 0 ] && valid_feeds "$WORK/new"'

S=$WORK/s
fresh() { rm -rf "$S"; cp -a "$WORK/base" "$S"; edit "$S"; }

# together N LABEL [VAR=VALUE...]: starts N builds of S at once (with the shim
# when settings are given); pids in P[], exit statuses in R[], stderr in $WORK/c.I.err
together() {
	local n=$1 i
	shift
	P=() R=()
	for ((i = 0; i < n; i++)); do
		if [ $# -gt 0 ]; then
			(cd "$S" && exec env LD_PRELOAD="$SO" "$@" "$FEEDGEN" build) >"$WORK/c.$i.out" 2>"$WORK/c.$i.err" &
		else
			(cd "$S" && exec "$FEEDGEN" build) >"$WORK/c.$i.out" 2>"$WORK/c.$i.err" &
		fi
		P[$i]=$!
	done
	for ((i = 0; i < n; i++)); do
		wait "${P[$i]}"
		R[$i]=$?
	done
}
# all_clean N: every run exited 0 and printed nothing
all_clean() {
	local i
	for ((i = 0; i < $1; i++)); do
		[ "${R[$i]}" = 0 ] && [ ! -s "$WORK/c.$i.err" ] && [ ! -s "$WORK/c.$i.out" ] || return 1
	done
}
# result: the feeds are the single run's, valid, no temporary left
result() { feeds_are "$S/public" "$WORK/new" && valid_feeds "$S/public" && [ -z "$(temps "$S/public")" ]; }

for n in 2 10; do
	fresh
	together $n
	check "$n concurrent builds all exit 0, silently (exits: ${R[*]})" all_clean $n
	check "$n concurrent builds: feeds byte-identical to a single run's, valid, no temporary" result
done

# Each run holds the lock 150 ms (the shim stalls it before the lock file is
# closed): 10 runs must take turns, so they take 1.5 s at least.
fresh
t0=$(now_ms)
together 10 FAILIO_PATH="$S/.feedgen/lock\$" FAILIO_SLEEP_CALL=close FAILIO_SLEEP_MS=150
t=$(($(now_ms) - t0))
check "10 concurrent builds holding the lock 150 ms each all exit 0 (exits: ${R[*]})" all_clean 10
check "10 concurrent builds holding the lock 150 ms each take turns ($t ms, at least 1500)" test "$t" -ge 1500
check "10 concurrent builds holding the lock: feeds byte-identical to a single run's, valid" result

# lock_timeout: 0: a run that finds the lock taken gives up at once with exit 3.
# Each run stalls 400 ms mid-run (reading the previous atom.xml, under the lock,
# its pid written; a run clears its pid before it lets go, so a stall at the
# lock file's close would show no pid).
fresh
printf 'lock_timeout: 0\n' >>"$S/feedgen.yaml"
together 10 FAILIO_PATH="$S/public/atom.xml\$" FAILIO_SLEEP_CALL=open FAILIO_SLEEP_MS=400
zeros=0 threes=0 others=0 named=0 badmsg=
for ((i = 0; i < 10; i++)); do
	case ${R[$i]} in
	0) zeros=$((zeros + 1)) ;;
	3)
		threes=$((threes + 1))
		e=$(cat "$WORK/c.$i.err")
		if [ "$(wc -l <"$WORK/c.$i.err")" != 1 ] || ! grep -Eq "$LOCKMSG 0 s" <<<"$e"; then
			badmsg="$badmsg [$e]"
		else
			pid=$(sed -E 's/.*\(pid ([0-9]+|unknown)\).*/\1/' <<<"$e")
			[[ " ${P[*]} " == *" $pid "* ]] && named=$((named + 1))
		fi
		;;
	*) others=$((others + 1)) ;;
	esac
done
check "lock_timeout 0, 10 at once: each exits 0 or 3 ($zeros exit 0, $threes exit 3)" \
	test "$zeros" -ge 1 -a "$threes" -ge 1 -a "$others" = 0
check "lock_timeout 0: each exit 3 is one line: the lock message" test -z "$badmsg"
check "lock_timeout 0: the lock messages name a concurrent run's pid ($named of $threes)" test "$named" -ge 1
check "lock_timeout 0: feeds byte-identical to a single run's, valid" result

# A lock held by another program, flock(1) from util-linux: lock_timeout 1 gives
# exit 3 after 1 to 2.5 seconds, and the message says whose pid it could read.
fresh
printf 'lock_timeout: 1\n' >>"$S/feedgen.yaml"
# A run forgets its pid when it lets go, so no later message blames a run that ended.
check "after a run, the lock file names no pid" test -e "$S/.feedgen/lock" -a ! -s "$S/.feedgen/lock"
# hold LOCKFILE [PIDTOO]: a background process holding the flock until killed ($HOLDER)
hold() {
	rm -f "$WORK/held"
	(
		exec 9<>"$1"
		flock -x 9
		if [ "${2:-}" = pid ]; then
			: >"$1"
			echo "$BASHPID" >&9
		fi
		: >"$WORK/held"
		exec sleep 30
	) &
	HOLDER=$!
	for ((w = 0; w < 100; w++)); do [ -e "$WORK/held" ] && break; sleep 0.05; done
}
hold "$S/.feedgen/lock"
t0=$(now_ms)
fg "$S" build
t=$(($(now_ms) - t0))
check "lock held by flock(1): exit 3 after 1 to 2.5 s (rc=$rc, $t ms)" \
	test "$rc" = 3 -a "$t" -ge 1000 -a "$t" -le 2500
check "lock held by flock(1), the file empty: one line, pid unknown" \
	eval '[ "$(wc -l <<<"$err")" = 1 ] && grep -Eq "^\.feedgen/lock: error: another feedgen run \(pid unknown\) held the lock for over 1 s" <<<"$err"'
check "lock held by flock(1): the old feeds untouched, no temporary" \
	eval 'feeds_are "$S/public" "$WORK/base/public" && [ -z "$(temps "$S/public")" ]'
kill -KILL "$HOLDER"
wait "$HOLDER" 2>/dev/null
t0=$(now_ms)
fg "$S" build
t=$(($(now_ms) - t0))
check "holder killed with SIGKILL: the next run exits 0 without waiting ($t ms)" test "$rc" = 0 -a "$t" -lt 1000
check "holder killed: the feeds are the new ones" result

fresh
printf 'lock_timeout: 1\n' >>"$S/feedgen.yaml"
hold "$S/.feedgen/lock" pid
fg "$S" build
check "lock held by a process that wrote its pid: exit 3 naming that pid ($HOLDER)" \
	eval '[ "$rc" = 3 ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -Eq "^\.feedgen/lock: error: another feedgen run \(pid $HOLDER\) held the lock for over 1 s" <<<"$err"'
kill -KILL "$HOLDER"
wait "$HOLDER" 2>/dev/null

# A feedgen run stalled just before it renames feed.xml into place (its temporary
# written, its pid in the lock file): the next run names it; once it is killed
# with SIGKILL the next run goes ahead, removes its temporary and writes the feeds.
fresh
printf 'lock_timeout: 1\n' >>"$S/feedgen.yaml"
(cd "$S" && exec env LD_PRELOAD="$SO" FAILIO_PATH="$S/public/" FAILIO_SLEEP_CALL=rename FAILIO_SLEEP_MS=30000 \
	"$FEEDGEN" build) >/dev/null 2>&1 &
STALLED=$!
for ((w = 0; w < 100; w++)); do [ -n "$(temps "$S/public")" ] && break; sleep 0.05; done
check "a stalled feedgen run holds the lock with its temporary written" test -n "$(temps "$S/public")"
t0=$(now_ms)
fg "$S" build
t=$(($(now_ms) - t0))
check "lock held by a feedgen run: exit 3 after 1 to 2.5 s (rc=$rc, $t ms)" \
	test "$rc" = 3 -a "$t" -ge 1000 -a "$t" -le 2500
check "lock held by a feedgen run: one line naming its pid ($STALLED)" \
	eval '[ "$(wc -l <<<"$err")" = 1 ] && grep -Eq "^\.feedgen/lock: error: another feedgen run \(pid $STALLED\) held the lock for over 1 s" <<<"$err"'
kill -KILL "$STALLED"
wait "$STALLED" 2>/dev/null
check "the stalled run, killed, left its temporary" test -n "$(temps "$S/public")"
t0=$(now_ms)
fg "$S" build
t=$(($(now_ms) - t0))
check "stalled run killed: the next run exits 0 without waiting ($t ms), silently" \
	test "$rc" = 0 -a "$t" -lt 1000 -a -z "$err"
check "stalled run killed: the next run removed its temporary and wrote the new feeds" result
finish
