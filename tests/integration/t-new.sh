# t-new.sh: feedgen new scaffolds a valid draft entry named from its title.
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
check "an empty title: exit 1, said" test "$rc" = 1 -a "$err" = "feedgen: error: the title is empty"
fg "$S" new "$(printf 'two\nlines')"
check "a title of two lines: exit 1, said" test "$rc" = 1 -a "$err" = "feedgen: error: the title must be one line of printable text"
fg "$S" new
check "no title: usage, exit 2" test "$rc" = 2
fg "$S" new one two
check "two titles: usage, exit 2" test "$rc" = 2
mkdir -p "$WORK/ro" && cp "$S/feedgen.yaml" "$WORK/ro/" && printf 'not a folder\n' >"$WORK/ro/entries"
fg "$WORK/ro" new --now "$NOW" 'Story'
check "entries folder unusable: exit 3, one line with the reason" \
	test "$rc" = 3 -a "$err" = "entries/2016-10-20-story.md: error: cannot create: Not a directory"
finish
