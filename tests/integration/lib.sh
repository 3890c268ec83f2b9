# lib.sh: what integration tests share. Source it: . "$TOP/tests/integration/lib.sh"
set -u
failures=0

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; failures=$((failures + 1)); }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
# finish: the script's exit status
finish() { [ "$failures" = 0 ]; }

# site DIR: a small valid site (config + two entries) in DIR
site() {
	mkdir -p "$1/entries"
	cat >"$1/feedgen.yaml" <<'YAML'
title: Test Newsroom
url: https://news.example.org/
author: Test Desk
timezone: America/New_York
YAML
	printf -- '---\ntitle: First\ndate: 2016-10-18T10:00:00-04:00\n---\nOne.\n' >"$1/entries/2016-10-18-first.md"
	printf -- '---\ntitle: Second\ndate: 2016-10-19T10:00:00-04:00\n---\nTwo.\n' >"$1/entries/2016-10-19-second.md"
}

# fg DIR ARGS...: run feedgen in DIR; sets rc, out, err
fg() {
	local d=$1; shift
	out=$(cd "$d" && "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
}

# valid_feeds DIR: both XML feeds well-formed and schema-valid; feed.json, when
# there is one, by the JSON Feed 1.1 rules (tests/readers/check_jsonfeed.py)
valid_feeds() {
	xmllint --noout --relaxng "$TOP/schemas/rss.rng" "$1/feed.xml" 2>/dev/null &&
	xmllint --noout --relaxng "$TOP/schemas/atom.rng" "$1/atom.xml" 2>/dev/null &&
	{ [ ! -e "$1/feed.json" ] || "$PYTHON" "$TOP/tests/readers/check_jsonfeed.py" "$1/feed.json"; }
}

# failio_so: builds the failio.c LD_PRELOAD shim into $SO, or reports and ends the script
failio_so() {
	SO=$WORK/failio.so
	if ! cc -shared -fPIC -o "$SO" "$TOP/tests/integration/failio.c" -ldl 2>"$WORK/cc.err"; then
		notok "failio.c builds: $(head -3 "$WORK/cc.err")"
		finish
		exit
	fi
}

# compare_catches OLD FIELD SED: import_compare.py, given OLD and a copy altered
# by SED in one item's FIELD, must exit 1 and name the field: the proof scripts
# (t-import-jekyll.sh, t-import-hugo.sh) show their comparison can fail.
compare_catches() {
	sed "$3" "$1" >"$WORK/altered.xml"
	"$PYTHON" "$TOP/tests/integration/import_compare.py" --name self "$1" "$WORK/altered.xml" >"$WORK/cmp.out"
	local r=$? caught=no
	grep -q ": $2: " "$WORK/cmp.out" && grep -qx 'self: 9 of 10 items kept id, link, title and date' "$WORK/cmp.out" && caught=yes
	check "import_compare.py: an altered $2 is caught (exit 1, named)" test "$r" = 1 -a "$caught" = yes
}
