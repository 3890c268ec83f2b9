# t-views.sh: category and author feeds with a real hub on loopback
# (tests/hub/hub.py): each changed file's topic is notified once, unchanged
# ones never; a category that empties loses its files and folder without a
# notification, and its return is notified even when its bytes are the ones
# last published. Every file written is valid and read by feedparser.
. "$TOP/tests/integration/lib.sh"

LOG=$WORK/hub.log
: >"$LOG"
"$PYTHON" "$TOP/tests/hub/hub.py" --log "$LOG" --port-file "$WORK/port" </dev/null >/dev/null 2>"$WORK/hub.err" &
hub_pid=$!
trap 'kill "$hub_pid" 2>/dev/null' EXIT
for i in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
HUB=http://127.0.0.1:$(cat "$WORK/port")/ok
B=https://news.example.org/

S=$WORK/s
site "$S"
cat >>"$S/feedgen.yaml" <<YAML
hubs: ["$HUB"]
websub: {connect_timeout: 1, timeout: 2, attempts: 1}
category_feeds: true
author_feeds: true
YAML
printf -- '---\ntitle: First\ndate: 2016-10-18T10:00:00-04:00\ncategories: [alpha]\n---\nOne.\n' >"$S/entries/2016-10-18-first.md"
printf -- '---\ntitle: Second\ndate: 2016-10-19T10:00:00-04:00\ncategories: [beta]\nauthor: Zoë\n---\nTwo.\n' >"$S/entries/2016-10-19-second.md"

mark() { marked=$(wc -l <"$LOG"); }
# topics: the topics notified since mark, sorted, one a line, with how many times
topics() { tail -n "+$((marked + 1))" "$LOG" | "$PYTHON" -c '
import json, sys, urllib.parse
for l in sys.stdin:
    print(urllib.parse.parse_qs(json.loads(l)["body"])["hub.topic"][0])' | sort | uniq -c | sed 's/^ *//'; }
# expect NAME TOPIC...: each topic notified exactly once since mark, and nothing else
expect() {
	local name=$1 t want=""; shift
	for t in "$@"; do want+="1 $B$t"$'\n'; done
	want=$(printf '%s' "$want" | sort)
	got=$(topics)
	if [ "$got" = "$want" ]; then ok "$name"; else notok "$name: got [$got], expected [$want]"; fi
}
all_valid() {
	local d
	for d in "$S/public" "$S"/public/categories/* "$S"/public/authors/*; do
		valid_feeds "$d" || return 1
		"$PYTHON" "$TOP/tests/readers/check_feeds.py" "$d" >/dev/null || return 1
	done
}

mark
fg "$S" build -v
check "first build: exit 0 ($rc)" test "$rc" = 0
check "first build: every file valid and readable" all_valid
expect "first build: every file's topic once" feed.xml atom.xml \
    categories/alpha/feed.xml categories/alpha/atom.xml categories/beta/feed.xml categories/beta/atom.xml \
    authors/test-desk/feed.xml authors/test-desk/atom.xml authors/zoe/feed.xml authors/zoe/atom.xml
check "-v lists each changed category file" grep -qF "feedgen: public/categories/beta/atom.xml changed" <<<"$err"

mark
fg "$S" build -v
check "nothing changed: exit 0" test "$rc" = 0
expect "nothing changed: no notification"
check "nothing changed: -v names no view file" test "$(grep -c 'categories/\|authors/' <<<"$err")" = 0

mark
printf -- '---\ntitle: Third\ndate: 2016-10-20T10:00:00-04:00\ncategories: [alpha]\n---\nThree.\n' >"$S/entries/2016-10-20-third.md"
fg "$S" build
check "new alpha entry: exit 0" test "$rc" = 0
expect "new alpha entry: the site's, alpha's and the desk's topics, not beta's or Zoë's" feed.xml atom.xml \
    categories/alpha/feed.xml categories/alpha/atom.xml authors/test-desk/feed.xml authors/test-desk/atom.xml

cp "$S/public/categories/beta/atom.xml" "$WORK/beta-before.xml"
mark
sed -i 's/categories: \[beta\]/categories: [alpha]/' "$S/entries/2016-10-19-second.md"
fg "$S" build -v
check "beta emptied: exit 0" test "$rc" = 0
check "beta emptied: its folder is gone" test ! -e "$S/public/categories/beta"
check "beta emptied: -v says its files were removed" \
    test "$(grep -c 'public/categories/beta/.* removed$' <<<"$err")" = 2
check "beta emptied: the state keeps its topics" test "$(grep -c '^removed	categories/beta/' "$S/.feedgen/state")" = 2
expect "beta emptied: alpha's and Zoë's and the site's topics, none of beta's" feed.xml atom.xml \
    categories/alpha/feed.xml categories/alpha/atom.xml authors/zoe/feed.xml authors/zoe/atom.xml

mark
sed -i 's/categories: \[alpha\]/categories: [beta]/' "$S/entries/2016-10-19-second.md"
fg "$S" build
check "beta back: exit 0" test "$rc" = 0
check "beta back: the same bytes as before it emptied" cmp -s "$WORK/beta-before.xml" "$S/public/categories/beta/atom.xml"
expect "beta back: its topics notified although its bytes are the old ones" feed.xml atom.xml \
    categories/alpha/feed.xml categories/alpha/atom.xml categories/beta/feed.xml categories/beta/atom.xml \
    authors/zoe/feed.xml authors/zoe/atom.xml
check "beta back: the state no longer lists it as removed" test "$(grep -c '^removed	' "$S/.feedgen/state")" = 0
finish
