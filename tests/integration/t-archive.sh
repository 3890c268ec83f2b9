# t-archive.sh: RFC 5005 archives. A walk of prev-archive from each main feed
# meets every published entry once; every page is valid; a run with nothing
# new reads no entry; one new entry rewrites only the main feeds and the
# newest page; an edit to an old entry only its page; -j does not change a
# byte; a deleted entry shifts the pages after it; archives switched off
# leave no page behind.
. "$TOP/tests/integration/lib.sh"
S=$WORK/s
BASE=https://news.example.org/
mkdir -p "$S/entries"
cat >"$S/feedgen.yaml" <<'YAML'
title: Test Newsroom
url: https://news.example.org/
author: Test Desk
timezone: America/New_York
limit: 5
archive: 4
YAML
# entry DAY [FRONT-MATTER-LINE]: an entry of October 2016 with the id day-DAY
entry() {
	printf -- '---\ntitle: Day %s\nid: "urn:x-test:day-%s"\ndate: 2016-10-%02dT09:00:00-04:00\n%s---\nBody %s.\n' \
		"$1" "$1" "$1" "${2:+$2
}" "$1" >"$S/entries/2016-10-$(printf %02d "$1")-day-$1.md"
}
for d in $(seq 1 23); do entry "$d"; done
entry 24 "draft: true"
entry 25 "expires: 2016-10-26"
printf -- '---\ntitle: Later\ndate: 2017-01-01\n---\nLater.\n' >"$S/entries/2017-01-01-later.md"
# Old enough to be cached.
touch -d '2020-01-01 00:00:00' "$S/entries/"*
sleep 2.1	# their ctime too: a file changed in the last second or two is not recorded
NOW=2016-11-01
seq 1 23 | sed 's/^/urn:x-test:day-/' >"$WORK/ids"

# pages: every feed file under public/, one per line, sorted
pages() { (cd "$S/public" && find . -type f -printf '%P\n' | LC_ALL=C sort); }
# snap NAME: "file sha256 mtime" of every file under public/
snap() { (cd "$S/public" && find . -type f -printf '%P %T@ ' -exec sha256sum {} \; | awk '{print $1, $3, $2}' | LC_ALL=C sort) >"$WORK/$1"; }
# changed A B: the files whose hash or mtime differ between snapshots A and B (and those in one only)
changed() { diff "$WORK/$1" "$WORK/$2" | sed -n 's/^[<>] \([^ ]*\) .*/\1/p' | LC_ALL=C sort -u | tr '\n' ' '; }
all_valid() {
	local f ok=0
	for f in $(pages | grep 'feed\.xml$'); do
		xmllint --noout --relaxng "$TOP/schemas/rss.rng" "$S/public/$f" 2>/dev/null || { echo "invalid: $f"; ok=1; }
	done
	for f in $(pages | grep 'atom\.xml$'); do
		xmllint --noout --relaxng "$TOP/schemas/atom.rng" "$S/public/$f" 2>/dev/null || { echo "invalid: $f"; ok=1; }
	done
	"$PYTHON" "$TOP/tests/readers/check_feeds.py" "$S/public" >/dev/null || ok=1
	return $ok
}
walk() { "$PYTHON" "$TOP/tests/readers/walk_archive.py" "$S/public" "$BASE" "$WORK/ids"; }

fg "$S" build --now $NOW
check "the first build exits 0, silently" test "$rc" = 0 -a -z "$out$err"
check "18 archived entries in pages of 4: archive/1 to archive/5, RSS and Atom" \
	test "$(pages | tr '\n' ' ')" = "archive/1/atom.xml archive/1/feed.xml archive/2/atom.xml archive/2/feed.xml archive/3/atom.xml archive/3/feed.xml archive/4/atom.xml archive/4/feed.xml archive/5/atom.xml archive/5/feed.xml atom.xml feed.xml "
check "every page is schema-valid and read by feedparser" all_valid
w=$(walk 2>&1)
check "the walk from each main feed meets the 23 published entries once each: $(echo $w)" \
	test "$w" = "feed.xml: 5 pages, 23 entries
atom.xml: 5 pages, 23 entries"
check "page 1 holds the 4 oldest" eval 'grep -c "<guid" "$S/public/archive/1/feed.xml" | grep -qx 4 &&
	grep -q "urn:x-test:day-1<" "$S/public/archive/1/feed.xml" && grep -q "urn:x-test:day-4<" "$S/public/archive/1/feed.xml"'
# The walk can fail: a page left out of the chain is noticed.
cp -r "$S/public" "$WORK/public.keep"
sed -i 's|archive/3/feed.xml" rel="prev-archive"|archive/2/feed.xml" rel="prev-archive"|' "$S/public/archive/4/feed.xml"
check "the walk notices a page skipped (the check can fail)" eval '! walk >/dev/null 2>&1'
rm -rf "$S/public" && cp -r "$WORK/public.keep" "$S/public"
snap first

# Nothing new: no entry read (any open of an entry file fails), no page rendered or written.
failio_so
out=$(cd "$S" && LD_PRELOAD=$SO FAILIO_CALL=open FAILIO_ERRNO=EACCES FAILIO_PATH='.md$' "$FEEDGEN" build -v --now $NOW 2>&1)
rc=$?
snap second
check "a run with nothing new exits 0 without opening an entry file" test "$rc" = 0
check "and says every feed unchanged, lists no page" test "$(grep -c ' changed$' <<<"$out")" = 0 -a "$(grep -c ' unchanged$' <<<"$out")" = 2
check "and changes no file (hash, mtime)" test -z "$(changed first second)"
# That check can fail: a run that must read an entry is refused by the shim.
touch "$S/entries/2016-10-23-day-23.md"
(cd "$S" && LD_PRELOAD=$SO FAILIO_CALL=open FAILIO_ERRNO=EACCES FAILIO_PATH='.md$' "$FEEDGEN" build --now $NOW >/dev/null 2>&1)
check "(the shim does refuse a run that reads an entry)" test $? != 0
touch -d '2020-01-01 00:00:00' "$S/entries/2016-10-23-day-23.md"
fg "$S" build --now $NOW
snap first

# One new entry, the newest: the main feeds and the newest page, nothing else.
sleep 1.1
entry 26
touch -d '2020-01-01 00:00:00' "$S/entries/2016-10-26-day-26.md"
echo urn:x-test:day-26 >>"$WORK/ids"
fg "$S" build --now $NOW
snap third
check "one new entry rewrites only the main feeds and the newest page: $(changed first third)" \
	test "$(changed first third)" = "archive/5/atom.xml archive/5/feed.xml atom.xml feed.xml "
check "the walk still meets every entry once" eval 'walk >/dev/null'

# An edit to an old entry (page 2): that page only.
sleep 1.1
sed -i 's/^Body 6\./Body 6, corrected./' "$S/entries/2016-10-06-day-6.md"
touch -d '2020-01-02 00:00:00' "$S/entries/2016-10-06-day-6.md"
fg "$S" build --now $NOW
snap fourth
check "an edit to an old entry rewrites only its page: $(changed third fourth)" \
	test "$(changed third fourth)" = "archive/2/atom.xml archive/2/feed.xml "
check "the page carries the edit" grep -q 'Body 6, corrected' "$S/public/archive/2/atom.xml"

# Filling the newest page, then starting a new one: the page before gains its next-archive link.
sleep 1.1
entry 27
touch -d '2020-01-01 00:00:00' "$S/entries/2016-10-27-day-27.md"
fg "$S" build --now $NOW
snap fifth
check "the entry that fills the newest page rewrites it and the main feeds: $(changed fourth fifth)" \
	test "$(changed fourth fifth)" = "archive/5/atom.xml archive/5/feed.xml atom.xml feed.xml "
sleep 1.1
entry 28
touch -d '2020-01-01 00:00:00' "$S/entries/2016-10-28-day-28.md"
printf 'urn:x-test:day-27\nurn:x-test:day-28\n' >>"$WORK/ids"
fg "$S" build --now $NOW
snap sixth
check "the next one starts page 6; page 5 gains its next-archive link: $(changed fifth sixth)" \
	test "$(changed fifth sixth)" = "archive/5/atom.xml archive/5/feed.xml archive/6/atom.xml archive/6/feed.xml atom.xml feed.xml "
check "every page still valid" all_valid
check "the walk meets the 26 entries once each" test "$(walk 2>&1 | head -1)" = "feed.xml: 6 pages, 26 entries"

# -j: the same bytes with one thread and with two, from cold.
cp -r "$S" "$WORK/j1" && cp -r "$S" "$WORK/j2"
rm -rf "$WORK/j1/public" "$WORK/j1/.feedgen" "$WORK/j2/public" "$WORK/j2/.feedgen"
fg "$WORK/j1" build -j 1 --now $NOW
fg "$WORK/j2" build -j 2 --now $NOW
check "-j 1 and -j 2 write the same files, byte for byte" diff -r "$WORK/j1/public" "$WORK/j2/public"
check "and the same as the incremental runs" diff -r "$WORK/j1/public" "$S/public"

# A deleted old entry shifts every later page by one (the README says so); the walk stays whole.
sleep 1.1
rm "$S/entries/2016-10-02-day-2.md"
sed -i '/^urn:x-test:day-2$/d' "$WORK/ids"
fg "$S" build --now $NOW
snap seventh
check "a deleted old entry rewrites its page and every later one; the last page empties: $(changed sixth seventh)" \
	test "$(changed sixth seventh)" = "archive/1/atom.xml archive/1/feed.xml archive/2/atom.xml archive/2/feed.xml archive/3/atom.xml archive/3/feed.xml archive/4/atom.xml archive/4/feed.xml archive/5/atom.xml archive/5/feed.xml archive/6/atom.xml archive/6/feed.xml atom.xml feed.xml "
check "page 6 is gone, and the feeds link page 5" eval '[ ! -e "$S/public/archive/6/feed.xml" ] &&
	grep -q "archive/5/feed.xml\" rel=\"prev-archive\"" "$S/public/feed.xml"'
check "the walk meets the 25 entries once each" test "$(walk 2>&1 | head -1)" = "feed.xml: 5 pages, 25 entries"

# Archives off: the pages go, the feeds lose their prev-archive link.
sed -i '/^archive:/d' "$S/feedgen.yaml"
fg "$S" build -v --now $NOW
check "archives switched off: only the main feeds are left" test "$(pages | tr '\n' ' ')" = "atom.xml feed.xml "
check "-v lists the pages removed" test "$(grep -c 'public/archive/.*removed$' <<<"$err")" = 10
check "the feeds link no archive" eval '! grep -q prev-archive "$S/public/feed.xml" "$S/public/atom.xml"'
finish
