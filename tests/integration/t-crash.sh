# t-crash.sh: a build killed at any point leaves each feed byte-identical to
# either its old or its new version, and valid; the next normal run exits 0,
# writes the new version and leaves no temporary. Kills come (a) from the
# failio.c shim, at every output call of a build in turn (just before it, then
# just after it), and (b) from SIGKILL after random short delays on a site of a
# few hundred entries. Bounded: about 20 s on 2 cores.
. "$TOP/tests/integration/lib.sh"
WORK=$(realpath "$WORK")
failio_so
# A private copy of the program (its schemas found beside it), so that a rebuild
# while this long test runs does not swap the binary under it.
mkdir "$WORK/bin"
cp "$FEEDGEN" "$WORK/bin/feedgen"
ln -s "$TOP/schemas" "$WORK/schemas"
FEEDGEN=$WORK/bin/feedgen
RANDOM=20161018	# the same delays every run
DEADLINE=35	# seconds: the random kills stop early past this

temps() { ls -A "$1" 2>/dev/null | grep '^\.feedgen-tmp-'; }
# restore BASE SITE: SITE's output and private folders (the state) as BASE has them
restore() {
	rm -rf "$2/public" "$2/.feedgen"
	[ -e "$1/public" ] && cp -a "$1/public" "$2/public"
	[ -e "$1/.feedgen" ] && cp -a "$1/.feedgen" "$2/.feedgen"
	return 0
}
# state DIR EXPECTED: prints "feed.xml=old|new|absent atom.xml=..." and fails when a
# feed is none of those, or a file other than the feeds and dotfiles appears. A feed
# byte-identical to EXPECTED/old or EXPECTED/new is valid: both were checked with
# xmllint up front (expected_valid); any other one is checked here, and fails anyway.
state() {
	local d=$1 x=$2 f v bad=0 line=
	for f in feed.xml atom.xml; do
		if [ ! -e "$d/$f" ]; then
			v=absent
			[ -e "$x/old/$f" ] && bad=1	# a feed that existed must never vanish
		elif [ -e "$x/old/$f" ] && cmp -s "$d/$f" "$x/old/$f"; then
			v=old
		elif cmp -s "$d/$f" "$x/new/$f"; then
			v=new
		else
			v=neither
			bad=1
			xmllint --noout --relaxng "$TOP/schemas/$([ $f = feed.xml ] && echo rss || echo atom).rng" \
				"$d/$f" 2>/dev/null || v=neither-and-invalid
		fi
		line="$line$f=$v "
	done
	v=$(ls "$d" 2>/dev/null | grep -v '^feed\.xml$\|^atom\.xml$' | tr '\n' ' ')
	[ -n "$v" ] && { line="${line}stray: $v"; bad=1; }
	printf '%s' "$line"
	return $bad
}
# expected_valid EXPECTED: the old feeds (when there are some) and the new ones are valid
expected_valid() { { [ ! -e "$1/old/feed.xml" ] || valid_feeds "$1/old"; } && valid_feeds "$1/new"; }
# recovered DIR EXPECTED: a normal run exits 0, writes the new feeds, leaves no temporary
# (DIR is the output folder, which a kill before its creation leaves absent)
recovered() {
	(cd "${1%/public}" && "$FEEDGEN" build) >/dev/null 2>"$WORK/.rerr" &&
	[ ! -s "$WORK/.rerr" ] &&
	cmp -s "$1/feed.xml" "$2/new/feed.xml" && cmp -s "$1/atom.xml" "$2/new/atom.xml" &&
	[ -z "$(temps "$1")" ] && [ -z "$(temps "$1/../.feedgen")" ]
}

kills=0 bad=0 leftovers=0
declare -A seen
# after_kill LABEL DIR EXPECTED RC: the checks after one kill
after_kill() {
	local label=$1 d=$2 x=$3 krc=$4 st
	if [ "$krc" != 137 ]; then
		# not killed: the run finished first; it must then be a clean success
		if [ "$krc" != 0 ] || ! st=$(state "$d" "$x") || [ "$st" != "feed.xml=new atom.xml=new " ]; then
			notok "$label: not killed, yet not a clean run (rc=$krc, $st)"
			bad=$((bad + 1))
		fi
		return 1
	fi
	kills=$((kills + 1))
	LAST_TEMP=$(temps "$d")
	[ -n "$LAST_TEMP" ] && leftovers=$((leftovers + 1))
	if ! st=$(state "$d" "$x"); then
		notok "$label: killed, a feed is neither old nor new, or invalid: $st"
		bad=$((bad + 1))
	fi
	seen["$st"]=$((${seen["$st"]:-0} + 1))
	LAST_STATE=$st
	if ! recovered "$d" "$x"; then
		notok "$label: the run after the kill did not exit 0 with the new feeds and no temporary ($(head -2 "$WORK/.rerr" | tr '\n' '|') left: $(temps "$d" | tr '\n' ' '))"
		bad=$((bad + 1))
	fi
	return 0
}

# --- (a) the shim: every output call of a build, before and after it ---------
# prepare NAME FIRST: $WORK/NAME.base is the old site (built unless FIRST=first,
# then with no public/ at all), $WORK/NAME.x/{old,new} the expected feeds.
prepare() {
	local n=$1 first=$2 b=$WORK/$1.base x=$WORK/$1.x
	site "$b"
	mkdir -p "$x/old" "$x/new"
	if [ "$first" != first ]; then
		fg "$b" build
		[ "$rc" = 0 ] || notok "$n: the old version builds (rc=$rc: $err)"
		cp "$b/public/feed.xml" "$b/public/atom.xml" "$x/old/"
	fi
	printf -- '---\ntitle: Third\ndate: 2016-10-20T10:00:00-04:00\n---\nThree.\n' >"$b/entries/2016-10-20-third.md"
	printf -- '---\ntitle: Second, corrected\ndate: 2016-10-19T10:00:00-04:00\n---\nTwo, with a correction.\n' >"$b/entries/2016-10-19-second.md"
	rm -rf "$WORK/$n.clean"
	cp -a "$b" "$WORK/$n.clean"
	fg "$WORK/$n.clean" build
	[ "$rc" = 0 ] || notok "$n: the new version builds (rc=$rc: $err)"
	cp "$WORK/$n.clean/public/feed.xml" "$WORK/$n.clean/public/atom.xml" "$x/new/"
	check "$n: the expected old and new feeds are valid and differ" \
		eval 'expected_valid "$x" && ! cmp -s "$x/old/feed.xml" "$x/new/feed.xml" 2>/dev/null'
}

shim_kills() {
	local n=$1 b=$WORK/$1.base x=$WORK/$1.x s=$WORK/$1.s calls k mode krc before=$kills
	rm -rf "$s"
	cp -a "$b" "$s"
	: >"$WORK/$n.log"
	# Every output call: in the output folder and in the private one (lock, state).
	(cd "$s" && LD_PRELOAD="$SO" FAILIO_PATH="$s/public|$s/.feedgen" FAILIO_LOG="$WORK/$n.log" "$FEEDGEN" build) 2>/dev/null
	calls=$(wc -l <"$WORK/$n.log")
	if [ "$calls" -lt 10 ]; then
		notok "$n: the shim sees the build's output calls (saw $calls)"
		return
	fi
	for ((k = 1; k <= calls; k++)); do
		for mode in 0 1; do
			restore "$b" "$s"
			{ (cd "$s" && exec env LD_PRELOAD="$SO" FAILIO_PATH="$s/public|$s/.feedgen" FAILIO_ABORT_AT=$k \
				FAILIO_ABORT_AFTER=$mode "$FEEDGEN" build) >/dev/null 2>&1; krc=$?; } 2>/dev/null
			if [ "$krc" != 137 ]; then
				notok "$n: kill at call $k/$calls ($(sed -n "${k}p" "$WORK/$n.log" | cut -d' ' -f2-)) did not happen (rc=$krc)"
				bad=$((bad + 1))
				continue
			fi
			after_kill "$n: kill $([ $mode = 0 ] && echo before || echo after) call $k ($(sed -n "${k}p" "$WORK/$n.log" | cut -d' ' -f2- | sed "s|$s/||"))" "$s/public" "$x" "$krc"
		done
	done
	ok "$n: $((kills - before)) shim kill points, before and after each of the $calls output calls"
}

prepare update update
prepare first first
shim_kills update
shim_kills first
shimkills=$kills
shimtime=$SECONDS

# --- (b) SIGKILL after random delays, on a site of a few hundred entries ----
B=$WORK/big.base
X=$WORK/big.x
mkdir -p "$B/entries" "$X/old" "$X/new"
cat >"$B/feedgen.yaml" <<'YAML'
title: Crash Test Newsroom
url: https://news.example.org/
author: Test Desk
timezone: America/New_York
limit: 10000
YAML
i=0
for y in 2012 2013; do
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		for d in 03 07 11 15 19 23 27; do
			[ $i -ge 160 ] && continue
			i=$((i + 1))
			for part in a b; do
				printf -- '---\ntitle: Item %d%s of the %s-%s report\ndate: %s-%s-%sT%02d:15:00-05:00\nsummary: What happened on day %s, in short; item %d%s.\ncategories: [news, topic-%d]\n---\nFirst paragraph of item %d%s, with *emphasis*, `code` and a [link](https://example.org/%d).\n\nSecond paragraph: lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n- one\n- two\n' \
					$i $part $y $m $y $m $d $([ $part = a ] && echo 9 || echo 14) $d $i $part $((i % 9)) $i $part $i \
					>"$B/entries/$y-$m-$d-item-$i$part.md"
			done
		done
	done
done
NEWEST=$(ls "$B/entries" | tail -1)
# edit_big SITE: the change between the old and the new version
edit_big() { printf '\nA correction, added later.\n' >>"$1/entries/$NEWEST"; }
rm -rf "$WORK/big.clean"
cp -a "$B" "$WORK/big.clean"
edit_big "$WORK/big.clean"
fg "$WORK/big.clean" build
brc=$rc
fg "$B" build
check "big site: the old and the new version build ($(ls "$B/entries" | wc -l) entries)" test "$rc" = 0 -a "$brc" = 0
cp "$B/public/feed.xml" "$B/public/atom.xml" "$X/old/"
cp "$WORK/big.clean/public/feed.xml" "$WORK/big.clean/public/atom.xml" "$X/new/"
edit_big "$B"
check "big site: old and new versions differ and are valid" \
	eval '! cmp -s "$X/old/feed.xml" "$X/new/feed.xml" && expected_valid "$X"'

# The build's duration T, in ms (the fastest of three clean runs from the old state).
T=0
rm -rf "$WORK/big.s"
cp -a "$B" "$WORK/big.s"
for t in 1 2 3; do
	restore "$B" "$WORK/big.s"
	t0=$(date +%s%N)
	(cd "$WORK/big.s" && "$FEEDGEN" build) >/dev/null 2>&1
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	[ "$T" = 0 ] || [ "$ms" -lt "$T" ] && T=$ms
done
# Delays: a third spread over the whole build, two thirds over its last fifth,
# where the feeds are written. T follows the machine's speed as it changes: a run
# that finished first shortens it, a late kill that came before any write lengthens it.
attempts=0 finished=0 midwrite=0 before=$kills Tmin=$T Tmax=$T
for ((j = 0; j < 90 && SECONDS < DEADLINE; j++)); do
	late=$((j % 3))
	if [ "$late" = 0 ]; then
		dms=$((1 + RANDOM % (T + 1)))
	else
		dms=$((T * 4 / 5 + RANDOM % (T / 5 + 5)))
	fi
	restore "$B" "$WORK/big.s"
	{ (cd "$WORK/big.s" && exec timeout -s KILL "$(printf '%d.%03d' $((dms / 1000)) $((dms % 1000)))" "$FEEDGEN" build) >/dev/null 2>&1; krc=$?; } 2>/dev/null
	attempts=$((attempts + 1))
	if after_kill "random kill after $dms ms" "$WORK/big.s/public" "$X" "$krc"; then
		if [ -n "$LAST_TEMP" ] || [ "$LAST_STATE" != "feed.xml=old atom.xml=old " ]; then
			midwrite=$((midwrite + 1))
		elif [ "$late" != 0 ]; then
			T=$((T + T / 16 + 1))
		fi
	else
		finished=$((finished + 1))
		T=$((T - T / 8))
		[ "$T" -lt 5 ] && T=5
	fi
	[ "$T" -lt "$Tmin" ] && Tmin=$T
	[ "$T" -gt "$Tmax" ] && Tmax=$T
done
randkills=$((kills - before))
echo "# time: ${shimtime}s for the shim kills, $((SECONDS - shimtime))s for the site and the random kills"
ok "random kills: $randkills of $attempts runs killed, $midwrite of them while writing (delays up to $((Tmax + Tmax / 5 + 5)) ms, T from $Tmin to $Tmax ms; $finished finished first)"
summary=$(for k in "${!seen[@]}"; do printf '%s(%s) ' "$k" "${seen[$k]}"; done)
echo "# states seen after a kill: $summary; $leftovers kills left a temporary, each removed by the next run"
check "at least 100 kills ($shimkills by the shim, $randkills random)" test "$kills" -ge 100
if [ "$bad" = 0 ]; then
	ok "$kills kill points: every feed old or new, all valid, each next run exits 0 with the new feeds"
else
	notok "$kills kill points: $bad failed (see above)"
fi
finish
