#!/usr/bin/env bash
# t-jobs.sh: entries are read on N threads (-j N), and nothing a user sees
# depends on N: for 1, 2 and 7 threads, check, build and next print the same
# bytes and exit alike, and build writes the same feeds, state and cache, on a
# generated newsroom of 1,000 entries in sub-folders with errors, warnings, a
# duplicate id, ignored files and entries that change state with the clock.
. "$TOP/tests/integration/lib.sh"
S="$WORK/site"
"$PYTHON" "$TOP/tests/bench/gen.py" "$S" 1000 >/dev/null
E="$S/entries"
first=$(find "$E" -name '*.md' | sort | head -1)
# Problems spread over the tree, so that they land in different jobs and threads.
i=0
for f in $(find "$E" -name '*.md' | sort | awk 'NR % 97 == 0'); do
	i=$((i + 1))
	case $((i % 5)) in
	0) sed -i 's/^date: .*/date: 2016-02-30/' "$f" ;;
	1) sed -i '0,/^title:/s/^title: .*/titel: Misspelt/' "$f" ;;
	2) printf '\n<div>raw</div>\n' >>"$f" ;;
	3) sed -i 's/^draft: .*//; 0,/^---$/!{0,/^---$/s/^---$/draft: yes\n---/}' "$f" ;;
	4) printf 'x\n' >"${f%.md}.txt" ;;
	esac
done
mkdir -p "$E/2010/01"
cp "$first" "$E/2010/01/$(basename "$first")"	# the same date and slug: a duplicate id
run_all() {	# run_all NAME ARGS...: runs with -j 1, 2, 7 on copies; records outputs
	local name=$1 j; shift
	for j in 1 2 7; do
		rm -rf "$WORK/j$j" && cp -a "$S" "$WORK/j$j"
	done
	# A copy's files have a new ctime: records are kept only for files whose
	# ctime is a whole second before the run's second (cache.c's racy window:
	# up to 2 s), so every copy waits it out, or which entries a cache records
	# would depend on when in its second each copy was made.
	[ -n "${SETTLE:-}" ] && sleep 2.1
	for j in 1 2 7; do
		(cd "$WORK/j$j" && "$FEEDGEN" "$@" -j "$j" >"$WORK/$name.$j.out" 2>"$WORK/$name.$j.err"; echo $? >"$WORK/$name.$j.rc")
	done
}
same_all() {	# same_all NAME: outputs of -j 1, 2 and 7 agree byte for byte
	local n=$1
	cmp -s "$WORK/$n.1.out" "$WORK/$n.2.out" && cmp -s "$WORK/$n.1.out" "$WORK/$n.7.out" &&
	cmp -s "$WORK/$n.1.err" "$WORK/$n.2.err" && cmp -s "$WORK/$n.1.err" "$WORK/$n.7.err" &&
	cmp -s "$WORK/$n.1.rc" "$WORK/$n.2.rc" && cmp -s "$WORK/$n.1.rc" "$WORK/$n.7.rc"
}

run_all check check
check "check: -j 1, 2 and 7 print the same messages and exit alike ($(wc -l <"$WORK/check.1.err") lines, exit $(cat "$WORK/check.1.rc"))" same_all check
check "check: the messages hold every kind of problem planted" \
	eval 'grep -q "duplicate id" "$WORK/check.1.err" && grep -q "2016-02-30" "$WORK/check.1.err" &&
	grep -q "titel" "$WORK/check.1.err" && grep -q "raw HTML" "$WORK/check.1.err" &&
	grep -q "ignored: not an entry file" "$WORK/check.1.err" && [ "$(cat "$WORK/check.1.rc")" = 1 ]'
run_all build build --now 2030-01-01
check "build with errors: the same messages and exit 1 for every -j" \
	eval 'same_all build && [ "$(cat "$WORK/build.1.rc")" = 1 ] && [ ! -e "$WORK/j7/public" ]'

# Fixed, it builds: the same feeds, state and cache for every -j, cold and then cached.
(cd "$E" && grep -rl -e '^titel:' -e '2016-02-30' -e '^draft: yes' . | xargs rm -f)
rm -rf "$E/2010"
for round in cold cached; do
	SETTLE=1 run_all "build-$round" build -v --now 2030-01-01
	for j in 1 2 7; do rm -rf "$WORK/keep-$round-$j" && cp -a "$WORK/j$j" "$WORK/keep-$round-$j"; done
	check "build ($round): the same messages and exit 0 for -j 1, 2 and 7" \
		eval 'same_all "build-$round" && [ "$(cat "$WORK/build-$round.1.rc")" = 0 ]'
	check "build ($round): the same feeds, state and cache for -j 1, 2 and 7" \
		eval 'diff -r "$WORK/keep-$round-1/public" "$WORK/keep-$round-2/public" >/dev/null &&
		diff -r "$WORK/keep-$round-1/public" "$WORK/keep-$round-7/public" >/dev/null &&
		cmp -s "$WORK/keep-$round-1/.feedgen/state" "$WORK/keep-$round-7/.feedgen/state" &&
		diff <(grep -v "^#" "$WORK/keep-$round-1/.feedgen/cache" | cut -f1,2,10-) \
		     <(grep -v "^#" "$WORK/keep-$round-7/.feedgen/cache" | cut -f1,2,10-) >/dev/null'
	valid_feeds "$WORK/j2/public" && ok "build ($round): the feeds are valid" || notok "build ($round): the feeds are valid"
	cp -a "$WORK/j1/.feedgen" "$S/"	# the next round starts from the cache
done
run_all next next --now 2020-01-01
check "next: the same answer for -j 1, 2 and 7 ($(cat "$WORK/next.1.out"))" \
	eval 'same_all next && [ -s "$WORK/next.1.out" ]'

fg "$S" build -j 0
check "-j 0 is a usage error" eval '[ "$rc" = 2 ] && grep -q "expected 1 to 256" <<<"$err"'
fg "$S" build -j x
check "-j x is a usage error" test "$rc" = 2
fg "$S" publish -j 2
check "-j for publish is a usage error" eval '[ "$rc" = 2 ] && grep -q "does nothing for publish" <<<"$err"'
finish
