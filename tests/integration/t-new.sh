# t-new.sh: feedgen new scaffolds a valid draft entry named from its title,
# with an id no entry holds; --dry-run shows it without writing it.
. "$TOP/tests/integration/lib.sh"
S=$WORK/s
site "$S"
NOW=2016-10-20T09:30:00-04:00
fg "$S" new --now "$NOW" --category reports --category "human rights" 'U.S. "Advisory" Council: Über Report 2016'
F=$S/entries/2016-10-20-u-s-advisory-council-uber-report-2016.md
check "new prints the path it created" test "$rc" = 0 -a "$out" = "entries/2016-10-20-u-s-advisory-council-uber-report-2016.md"
check "the file exists" test -f "$F"
check "the title is kept exactly, quoted" grep -qxF 'title: "U.S. \"Advisory\" Council: Über Report 2016"' "$F"
check "dated now in the site's zone" grep -qx "date: $NOW" "$F"
check "an explicit id from the host, the date and the slug" \
	grep -qx 'id: tag:news.example.org,2016-10-20:u-s-advisory-council-uber-report-2016' "$F"
check "the categories" grep -qxF 'categories: ["reports", "human rights"]' "$F"
check "a draft, so cron does not publish the placeholder" grep -qx 'draft: true' "$F"
fg "$S" check "entries/$(basename "$F")"
check "the scaffold passes feedgen check" test "$rc" = 0 -a -z "$err"
fg "$S" build --now 2016-10-21 -v
check "a build leaves the draft out" grep -q "1 draft" <<<"$err"
check "and no feed shows it" eval '! grep -q "Advisory" "$S/public/feed.xml"'
fg "$S" new --now "$NOW" 'U.S. "Advisory" Council: Über Report 2016'
check "the same title the same day gets -2" test "$out" = "entries/2016-10-20-u-s-advisory-council-uber-report-2016-2.md"
check "with its own id" grep -qx 'id: tag:news.example.org,2016-10-20:u-s-advisory-council-uber-report-2016-2' "$S/${out}"
fg "$S" new --now 2016-10-20T23:30:00-04:00 '!!!'
check "a title with no letters gets the slug 'entry', dated in the site's zone (not UTC's next day)" \
	test "$out" = "entries/2016-10-20-entry.md"
printf 'title: Report\ndate: 2016-10-20\n' >"$S/entries/2016-10-20-report.yaml"
fg "$S" new --now "$NOW" 'Report'
check "a .yaml of the same day and slug counts as taken: -2, so no duplicate id" \
	test "$out" = "entries/2016-10-20-report-2.md"
fg "$S" check
check "and the folder still checks clean" test "$rc" = 0
fg "$S" new ''
check "an empty title: exit 1, said, and that nothing was written" \
	test "$rc" = 1 -a "$err" = "$(printf 'feedgen: error: the title is empty\nfeedgen: 1 error; no entry written')"
fg "$S" new "$(printf 'two\nlines')"
check "a title of two lines: exit 1, said" test "$rc" = 1 -a "$err" = "$(printf 'feedgen: error: the title must be one line of printable text\nfeedgen: 1 error; no entry written')"
fg "$S" new
check "no title: usage, exit 2" test "$rc" = 2
fg "$S" new one two
check "two titles: usage, exit 2" test "$rc" = 2
mkdir -p "$WORK/ro" && cp "$S/feedgen.yaml" "$WORK/ro/" && printf 'not a folder\n' >"$WORK/ro/entries"
fg "$WORK/ro" new --now "$NOW" 'Story'
# new reads every entry first (their ids), so the folder is the first thing found unusable.
check "entries folder unusable: exit 3, one line with the reason" \
	test "$rc" = 3 -a "$err" = "entries: error: cannot open the entries folder: Not a directory"
# A file renamed keeping its published id, as the README advises: that id is
# taken although no file of that name exists. new must not hand it out again.
R=$WORK/r
site "$R"
printf -- '---\ntitle: Story\ndate: 2016-10-21T08:00:00-04:00\nid: tag:news.example.org,2016-10-21:story\n---\nRenamed, id kept.\n' \
	>"$R/entries/2016-10-21-story-renamed.md"
fg "$R" build --now 2016-10-22
check "the renamed entry builds" test "$rc" = 0 -a -z "$err"
fg "$R" new --now 2016-10-21T09:30:00-04:00 'Story'
check "new with that title and day: exit 0, the next free slug" test "$rc" = 0 -a "$out" = "entries/2016-10-21-story-2.md"
check "its id is not the renamed entry's" eval '! grep -q "^id: tag:news.example.org,2016-10-21:story$" "$R/$out"'
check "its id follows its file name" grep -qx 'id: tag:news.example.org,2016-10-21:story-2' "$R/$out"
fg "$R" build --now 2016-10-22
check "and every build after it exits 0" test "$rc" = 0 -a -z "$err"
# --dry-run: the path and the text that would be written, and nothing on disk.
ls_entries() { (cd "$1/entries" && find . -printf '%P %s %T@\n' | sort); }
before=$(ls_entries "$R")
fg "$R" new --dry-run --now 2016-10-21T10:00:00-04:00 --category reports 'Story'
check "new --dry-run: exit 0, nothing on stderr" test "$rc" = 0 -a -z "$err"
check "new --dry-run: the path first (the next free one)" test "$(head -1 <<<"$out")" = "entries/2016-10-21-story-3.md"
check "new --dry-run: then the text, front matter and all" \
	test "$(tail -n +2 <<<"$out")" = "$(printf -- '---\ntitle: "Story"\ndate: 2016-10-21T10:00:00-04:00\nid: tag:news.example.org,2016-10-21:story-3\ncategories: ["reports"]\nsummary: "One or two sentences for feed readers."\n# Remove the next line to publish with the next build.\ndraft: true\n---\nWrite the story here, in Markdown.')"
check "new --dry-run: nothing written in entries/" test "$before" = "$(ls_entries "$R")"
fg "$R" new -n ''
check "new --dry-run with an empty title: exit 1 all the same" test "$rc" = 1
# An entry too broken to read could hold any id: new refuses, and says why.
printf -- '---\ntitle: Broken\ndate: 2016-10-21\ndraft: maybe\n---\nx\n' >"$R/entries/2016-10-21-broken.md"
before=$(ls_entries "$R")
fg "$R" new --now 2016-10-21T11:00:00-04:00 'Another story'
check "new with an invalid entry in the folder: exit 1, its error, then why nothing was written" \
	eval '[ "$rc" = 1 ] && [ -z "$out" ] && grep -q "^entries/2016-10-21-broken.md:4:8: error: " <<<"$err" &&
	[ "$(tail -1 <<<"$err" | sed "s/ in 1 of [0-9]* entries;/;/")" = "feedgen: 1 error; no entry written (its id must differ from every entry'"'"'s: fix these first)" ]'
check "and nothing was written" test "$before" = "$(ls_entries "$R")"
# The file cannot be created, or written: exit 3, one line, and no file left.
failio_so
W=$WORK/w
site "$W"
fgio() { local call=$1 errno=$2; shift 2
	out=$(cd "$W" && LD_PRELOAD=$SO FAILIO_CALL=$call FAILIO_ERRNO=$errno FAILIO_PATH=entries/2016-10-20-lost "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?; err=$(cat "$WORK/.err"); }
fgio open EACCES new --now "$NOW" 'Lost'
check "cannot create: exit 3, said with the reason" \
	test "$rc" = 3 -a -z "$out" -a "$err" = "entries/2016-10-20-lost.md: error: cannot create: Permission denied"
fgio write ENOSPC new --now "$NOW" 'Lost'
check "cannot write: exit 3, said with the reason" \
	test "$rc" = 3 -a -z "$out" -a "$err" = "entries/2016-10-20-lost.md: error: cannot write: No space left on device"
check "and the partial file is removed" test ! -e "$W/entries/2016-10-20-lost.md"
finish
