# t-import.sh: feedgen import from hand-made Jekyll posts with their Atom feed
# and Hugo posts with their RSS feed (tests/integration/import/): the entries
# written (UPDATE=1 rewrites the expected ones), the warnings, --dry-run, a
# second run that changes nothing, an edited entry kept, bad feeds, a feed by
# URL, and feedgen build keeping every old id, link, title and date.
. "$TOP/tests/integration/lib.sh"
FX=$TOP/tests/integration/import
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

# newsite DIR URL ZONE: a configuration and no entries
newsite() {
	mkdir -p "$1"
	printf 'title: News\nurl: %s\ntimezone: %s\nauthor: Newsroom\n' "$2" "$3" >"$1/feedgen.yaml"
}
# same_tree EXPECTED DIR: the entries and the configuration as expected (UPDATE=1: made so)
same_tree() {
	if [ -n "${UPDATE:-}" ]; then
		rm -rf "$1" && mkdir -p "$1" && cp -r "$2/entries" "$2/feedgen.yaml" "$1/"
	fi
	diff -r "$1/entries" "$2/entries" && diff "$1/feedgen.yaml" "$2/feedgen.yaml"
}
snap() { (cd "$1" && find . -path ./public -prune -o -path ./.feedgen -prune -o -type f -printf '%P %s %T@\n' | sort); }

J=$WORK/j
newsite "$J" https://news.example.org/blog/ America/New_York
cp "$J/feedgen.yaml" "$WORK/config.before"
fg "$J" import --dry-run --no-caret --feed "$FX/jekyll-atom.xml" "$FX/jekyll/_posts"
check "dry run: exit 0" test "$rc" = 0
check "dry run: lists what it would write" grep -qx "would write entries/2024-03-02-first.md" <<<"$out"
check "dry run: writes no entry" test ! -e "$J/entries"
check "dry run: leaves the configuration alone" cmp -s "$WORK/config.before" "$J/feedgen.yaml"

fg "$J" import --no-caret --feed "$FX/jekyll-atom.xml" "$FX/jekyll"
check "jekyll: exit 0" test "$rc" = 0
check "jekyll: lists each file written" grep -qx "entries/2025-01-29-jekyll-4.4-released.md" <<<"$out"
check "jekyll: the entries and configuration written" same_tree "$FX/expected-jekyll" "$J"
check "jekyll: an item with no post is named" grep -qx "$FX/jekyll-atom.xml:6:1: warning: item 'https://news.example.org/blog/2024/01/01/deleted' matches no post (no post's slug is 'deleted' and none is titled 'Deleted since'); left out" <<<"$err"
check "jekyll: a Liquid tag left is located in the old file" grep -qx "$FX/jekyll/_posts/2024-06-01-with-include.md:8:1: warning: Liquid tag '{% include note.html %}' left as it is (feedgen converts highlight, link, post_url, raw, site.baseurl, site.url and a quoted string through absolute_url or relative_url; fix it by hand)" <<<"$err"
check "jekyll: a post_url to no post says so, and what was expected" grep -qx "$FX/jekyll/_posts/2024-06-01-with-include.md:10:5: warning: Liquid tag '{% post_url 2024-01-01-nope %}' names no post of the site; left as it is (expected the name of a file in _posts, without its extension)" <<<"$err"
check "jekyll: a Liquid tag after CRLF lines is located" grep -q "^$FX/jekyll/_posts/2024-05-05-Upper_Case.md:7:11: warning: Liquid tag '{{ site.title }}'" <<<"$err"
check "jekyll: the summary counts" grep -qx "feedgen: import: 6 posts: 6 written, 0 already there; 4 of the feed's 5 items matched (id, link, title and date kept); 3 Liquid tags left for a person" <<<"$err"
check "jekyll: dropped fields counted" grep -qx "feedgen: import: dropped fields: layout (6), redirect_from (1)" <<<"$err"
check "jekyll: a post in a folder's _posts has the folder as a category (Jekyll's URL)" \
	grep -qx "id: 'https://news.example.org/blog/news/2023/11/05/from-folder'" "$J/entries/2023-11-05-from-folder.md"

# jekyll-feed writes its feed on one line: each item at its own column.
tr -d '\n' <"$FX/jekyll-atom.xml" >"$WORK/one-line.xml"
col=$("$PYTHON" -c 'import sys; print(open(sys.argv[1], encoding="utf-8").read().index("<entry><title type=\"html\">Deleted since") + 1)' "$WORK/one-line.xml")
newsite "$WORK/j1" https://news.example.org/blog/ America/New_York
fg "$WORK/j1" import --dry-run --no-caret --feed "$WORK/one-line.xml" "$FX/jekyll"
check "a one-line feed: an item's warning at its column ($col)" eval '[ "$rc" = 0 ] && [ "$col" -gt 1 ] &&
	grep -qx "$WORK/one-line.xml:1:$col: warning: item '"'"'https://news.example.org/blog/2024/01/01/deleted'"'"' matches no post (no post'"'"'s slug is '"'"'deleted'"'"' and none is titled '"'"'Deleted since'"'"'); left out" <<<"$err"'

before=$(snap "$J")
fg "$J" import --no-caret --feed "$FX/jekyll-atom.xml" "$FX/jekyll"
check "second run: exit 0, nothing written" eval '[ "$rc" = 0 ] && [ -z "$out" ]'
check "second run: every entry already there" grep -q "6 posts: 0 written, 6 already there" <<<"$err"
check "second run: no file changed (mtimes too)" test "$before" = "$(snap "$J")"

fg "$J" build
check "build after import: exit 0" test "$rc" = 0
check "build: the old ids, links, titles and instants (feedparser)" "$PYTHON" "$TOP/tests/integration/import_check.py" \
	"$FX/jekyll-atom.xml" "$J/public/atom.xml" \
	https://news.example.org/blog/release/2025/01/29/jekyll-4.4-released https://news.example.org/blog/2024/03/02/first
check "build: the post not in the old feed keeps Jekyll's id" grep -q "<id>https://news.example.org/blog/archive/notes/2023/12/01/old-post</id>" "$J/public/atom.xml"
check "build: the post from a folder's _posts has Jekyll's link" grep -q 'href="https://news.example.org/blog/news/2023/11/05/from-folder.html"' "$J/public/atom.xml"
check "build: drafts (Liquid left) stay out" eval '! grep -q with-include "$J/public/atom.xml"'

printf 'edited\n' >>"$J/entries/2024-03-02-first.md"
cp "$J/entries/2024-03-02-first.md" "$WORK/edited"
fg "$J" import --no-caret --feed "$FX/jekyll-atom.xml" "$FX/jekyll"
check "an edited entry: exit 0, a warning" grep -qx "entries/2024-03-02-first.md: warning: exists and differs from what import would write for $FX/jekyll/_posts/2024-03-02-first.md; left as it is" <<<"$err"
check "an edited entry is kept" cmp -s "$WORK/edited" "$J/entries/2024-03-02-first.md"
check "an edited entry is counted" grep -q "0 written, 5 already there, 1 left as it was" <<<"$err"

# Bad feeds: exit 1 (3 for a fetch), nothing written.
B=$WORK/bad
newsite "$B" https://news.example.org/blog/ America/New_York
printf '<feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>\n' >"$WORK/bad.xml"
fg "$B" import --no-caret --feed "$WORK/bad.xml" "$FX/jekyll/_posts"
check "bad feed XML: exit 1" test "$rc" = 1
check "bad feed XML: located" grep -q "^$WORK/bad.xml:1:.*: error: the feed is not well-formed XML: Opening and ending tag mismatch: entry" <<<"$err"
check "bad feed XML: nothing written" eval '[ ! -e "$B/entries" ] && [ -z "$out" ]'
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fg "$B" import --no-caret --feed "http://127.0.0.1:$port/feed.xml" "$FX/jekyll/_posts"
check "dead URL: exit 3" test "$rc" = 3
check "dead URL: said" grep -q "^feedgen: error: cannot fetch 'http://127.0.0.1:$port/feed.xml': " <<<"$err"
check "dead URL: nothing written" test ! -e "$B/entries"

# The wrong folder or the wrong feed: exit 1, nothing written.
mkdir -p "$WORK/empty"
fg "$B" import --no-caret --feed "$FX/jekyll-atom.xml" "$WORK/empty"
check "no posts in SOURCE: exit 1, said, nothing written" eval '[ "$rc" = 1 ] && [ ! -e "$B/entries" ] && [ -z "$out" ] &&
	grep -qx "$WORK/empty: error: no posts (expected a Jekyll site or _posts folder, or a Hugo content folder)" <<<"$err"'
fg "$B" import --no-caret --feed "$FX/hugo-rss.xml" "$FX/jekyll"
check "a feed none of whose items is a post: exit 1, said, nothing written" eval '[ "$rc" = 1 ] && [ ! -e "$B/entries" ] && [ -z "$out" ] &&
	grep -qx "$FX/hugo-rss.xml: error: none of the feed'"'"'s 3 items is a post of $FX/jekyll (expected the feed this site publishes today)" <<<"$err"'
check "the wrong feed: the configuration untouched" cmp -s "$WORK/config.before" "$B/feedgen.yaml"

# Posts that cannot become entries: exit 1, every problem said, nothing written.
P=$WORK/posts/_posts
mkdir -p "$P"
printf -- '---\ntitle: A\ndescription: " "\n---\nx\n' >"$P/2024-01-01-x.md"
printf -- '---\ntitle: B\n---\nx\n' >"$P/2024-01-02-Dup.md"
printf -- '---\ntitle: C\n---\nx\n' >"$P/2024-01-02-dup.md"
printf -- '---\ntitle: D\n---\nx\n' >"$P/2024-01-03-fine.md"
fg "$B" import --no-caret "$P"
check "posts that cannot become entries: exit 1, nothing written" eval '[ "$rc" = 1 ] && [ ! -e "$B/entries" ] && [ -z "$out" ]'
check "an entry feedgen would refuse: said, and from which post" eval 'grep -qx "entries/2024-01-01-x.md:4:10: error: '"'"'summary'"'"' has an invalid value '"'"' '"'"' (expected text)" <<<"$err" &&
	grep -qx "$P/2024-01-01-x.md: error: the entry import would write from this post, entries/2024-01-01-x.md, would be refused (see above; expected a post whose fields feedgen'"'"'s entries can hold)" <<<"$err"'
check "two posts giving one file: said" grep -qx "$P/2024-01-02-dup.md: error: gives the entry entries/2024-01-02-dup.md, as $P/2024-01-02-Dup.md does (expected posts of one day with different slugs: give one a 'slug:')" <<<"$err"
check "without --feed: warned once" test "$(grep -c "^feedgen: warning: no --feed: every entry gets feedgen's own id and link" <<<"$err")" = 1

# Jekyll's dates as Psych reads them (what Debian's jekyll-feed shows): a
# timestamp with seconds and no offset is UTC (YAML 1.1), so in New York
# 02:30:00 is the day before; quoted, or without seconds, it is a string,
# read in the site's zone.
Z=$WORK/zoneless/_posts
mkdir -p "$Z" "$WORK/zoneless/gap/_posts"
printf -- '---\ntitle: U\ndate: 2025-03-09 02:30:00\n---\nx\n' >"$Z/2025-03-09-utc.md"
printf -- '---\ntitle: T\ndate: 2025-03-09T12:00:00.5\n---\nx\n' >"$Z/2025-03-09-tee.md"
printf -- '---\ntitle: Q\ndate: "2025-03-09 12:00:00"\n---\nx\n' >"$Z/2025-03-09-quoted.md"
printf -- '---\ntitle: M\ndate: 2025-03-09 12:00\n---\nx\n' >"$Z/2025-03-09-minutes.md"
newsite "$WORK/zs" https://news.example.org/ America/New_York
fg "$WORK/zs" import --no-caret "$Z"
check "zoneless Jekyll dates: exit 0" test "$rc" = 0
check "zoneless Jekyll timestamps are UTC, quoted or without seconds local" eval '
	grep -qx "date: 2025-03-08T21:30:00-05:00" "$WORK/zs/entries/2025-03-08-utc.md" &&
	grep -qx "date: 2025-03-09T08:00:00-04:00" "$WORK/zs/entries/2025-03-09-tee.md" &&
	grep -qx "date: 2025-03-09T12:00:00-04:00" "$WORK/zs/entries/2025-03-09-quoted.md" &&
	grep -qx "date: 2025-03-09T12:00:00-04:00" "$WORK/zs/entries/2025-03-09-minutes.md"'
# A local time the clocks skipped: read as Jekyll (Ruby's Time) and Hugo (Go's
# time.Date) read it, moved forward by the gap (Hugo's feed: 03:30:00 +0200),
# with a warning at the date; feedgen's own entries keep refusing it.
printf -- '---\ntitle: G\ndate: 2025-03-09 02:30\n---\nx\n' >"$WORK/zoneless/gap/_posts/2025-03-09-gap.md"
fg "$WORK/zs" import --no-caret "$WORK/zoneless/gap"
check "a Jekyll time the clocks skipped: exit 0, moved forward, said where" eval '[ "$rc" = 0 ] &&
	grep -qx "date: 2025-03-09T03:30:00-04:00" "$WORK/zs/entries/2025-03-09-gap.md" &&
	grep -qx "$WORK/zoneless/gap/_posts/2025-03-09-gap.md:3:7: warning: '"'"'date'"'"' '"'"'2025-03-09 02:30'"'"' does not exist in America/New_York: the clocks went forward from 02:00 to 03:00; read as 2025-03-09T03:30:00-04:00, moved forward by the gap as Jekyll did" <<<"$err"'
mkdir -p "$WORK/hgap/content/posts"
printf -- '---\ntitle: G\ndate: 2025-03-30T02:30:00\n---\nx\n' >"$WORK/hgap/content/posts/gap.md"
newsite "$WORK/hg" https://news.example.org/ Europe/Berlin
fg "$WORK/hg" import --no-caret "$WORK/hgap"
check "a Hugo time the clocks skipped: exit 0, moved forward, said where" eval '[ "$rc" = 0 ] &&
	grep -qx "date: 2025-03-30T03:30:00+02:00" "$WORK/hg/entries/2025-03-30-gap.md" &&
	grep -qx "$WORK/hgap/content/posts/gap.md:3:7: warning: '"'"'date'"'"' '"'"'2025-03-30T02:30:00'"'"' does not exist in Europe/Berlin: the clocks went forward from 02:00 to 03:00; read as 2025-03-30T03:30:00+02:00, moved forward by the gap as Hugo did" <<<"$err"'
printf -- '---\ntitle: G\ndate: 2025-03-30T02:30:00\n---\nx\n' >"$WORK/hg/entries/2025-03-30-own.md"
fg "$WORK/hg" check
check "feedgen's own entry at a skipped time: still refused" eval '[ "$rc" = 1 ] && grep -q "^entries/2025-03-30-own.md:3:7: error: .*does not exist in Europe/Berlin" <<<"$err"'

# The feed by URL, from a server on 127.0.0.1: the same entries as from the file.
mkdir -p "$WORK/www" && cp "$FX/jekyll-atom.xml" "$WORK/www/feed.xml"
"$PYTHON" -c '
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
h.log_message = lambda *a: None
s = http.server.HTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2] + ".tmp", "w").write(str(s.server_port)); __import__("os").rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()' "$WORK/www" "$WORK/port" </dev/null >/dev/null 2>&1 &
pids="$pids $!"
for i in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
U=$WORK/u
newsite "$U" https://news.example.org/blog/ America/New_York
fg "$U" import --no-caret --feed "http://127.0.0.1:$(cat "$WORK/port")/feed.xml" "$FX/jekyll"
check "feed by URL: exit 0" test "$rc" = 0
check "feed by URL: the same entries as from the file" same_tree "$FX/expected-jekyll" "$U"
fg "$U" import --no-caret --feed "http://127.0.0.1:$(cat "$WORK/port")/missing.xml" "$FX/jekyll/_posts"
check "feed URL answering 404: exit 3, said" eval '[ "$rc" = 3 ] && grep -q "cannot fetch .*: HTTP status 404" <<<"$err"'

# Hugo with its RSS feed: a page bundle with a slug, TOML refused, a shortcode left.
H=$WORK/h
newsite "$H" https://news.example.org/ Europe/Berlin
fg "$H" import --no-caret --feed "$FX/hugo-rss.xml" "$FX/hugo"
check "hugo: exit 0" test "$rc" = 0
check "hugo: the entries and configuration written" same_tree "$FX/expected-hugo" "$H"
check "hugo: TOML refused, with the advice" grep -qx "$FX/hugo/content/posts/toml.md:1:1: warning: TOML front matter ('+++') is not read; post not imported (expected YAML front matter between lines '---': run 'hugo convert toYAML --unsafe' in the Hugo site first)" <<<"$err"
check "hugo: the TOML post's item is named" grep -qx "$FX/hugo-rss.xml:9:5: warning: item 'https://news.example.org/posts/toml/' is the post $FX/hugo/content/posts/toml.md, which is not imported; left out" <<<"$err"
check "hugo: a shortcode left is located" grep -q "^$FX/hugo/content/posts/first-post.md:8:7: warning: Hugo shortcode '{{< figure src=\"a.png\" >}}' left as it is" <<<"$err"
check "hugo: the summary counts" grep -qx "feedgen: import: 3 posts: 3 written, 0 already there, 1 not imported; 2 of the feed's 3 items matched (id, link, title and date kept); 1 Liquid tag left for a person" <<<"$err"
fg "$H" build
check "hugo: build after import: exit 0" test "$rc" = 0
check "hugo: build keeps the old guid, link, title and instant (feedparser)" "$PYTHON" "$TOP/tests/integration/import_check.py" \
	"$FX/hugo-rss.xml" "$H/public/feed.xml" https://news.example.org/posts/custom-slug/
finish
