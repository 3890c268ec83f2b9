# t-import-hugo.sh: the proof of `feedgen import` with the real Hugo. Debian's
# hugo builds tests/import/hugo; feedgen imports content/posts with the RSS feed
# the site publishes, fetched by URL from a local web server, builds, and every
# item of that feed must be in feedgen's feeds with the same id (guid), link,
# title and instant (import_compare.py). The TOML post is refused with advice;
# `hugo convert toYAML` on a copy, as the advice says, lets a second import take it.
. "$TOP/tests/integration/lib.sh"
CMP=$TOP/tests/integration/import_compare.py
LINKS=$TOP/tests/integration/import_links.py
URL=https://news.example.org/
H=$WORK/hugo
S=$WORK/site
cp -r "$TOP/tests/import/hugo" "$H"

# The old site, as its newsroom builds it (RSS of the newest 10 posts); and once
# more with every post in the feed, for the posts the real feed leaves out.
(cd "$H" && hugo --quiet) >"$WORK/hugo.log" 2>&1
check "hugo builds the fixture site" test $? = 0 -a -s "$H/public/posts/index.xml"
printf '[services.rss]\nlimit = -1\n' >"$WORK/full.toml"
(cd "$H" && hugo --quiet --config "config.toml,$WORK/full.toml" -d "$WORK/full") >>"$WORK/hugo.log" 2>&1
check "and with every post in its feed" test $? = 0 -a -s "$WORK/full/posts/index.xml"
check "Hugo's feed holds 10 of the 13 published posts" \
	test "$(grep -c '<item>' "$H/public/posts/index.xml")" = 10 -a "$(grep -c '<item>' "$WORK/full/posts/index.xml")" = 13

# The old site's feed, served as the newsroom's server does, on 127.0.0.1.
"$PYTHON" -u -m http.server 0 --bind 127.0.0.1 --directory "$H/public" >"$WORK/http.log" 2>&1 &
HTTP=$!
trap 'kill "$HTTP" 2>/dev/null' EXIT
port=
for _ in $(seq 50); do
	port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$WORK/http.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
check "a local web server serves the old site" test -n "$port"
FEED=http://127.0.0.1:$port/posts/index.xml
curl -sf "$FEED" -o "$WORK/old.xml"
check "the old feed by URL is the one Hugo wrote" cmp -s "$WORK/old.xml" "$H/public/posts/index.xml"
OLD=$WORK/old.xml

# import_compare.py must be able to fail: each field altered in a copy is caught.
compare_catches "$OLD" id 's|<guid>https://news.example.org/posts/new-mayor/</guid>|<guid>https://news.example.org/posts/new-mayor</guid>|'
compare_catches "$OLD" link 's|<link>https://news.example.org/posts/new-mayor/</link>|<link>https://news.example.org/posts/new-mayor</link>|'
compare_catches "$OLD" title 's|<title>The new mayor takes office</title>|<title>The new mayor takes office.</title>|'
compare_catches "$OLD" date 's|<pubDate>Mon, 20 Jan 2025 12:00:00 +0100</pubDate>|<pubDate>Mon, 20 Jan 2025 12:00:00 +0000</pubDate>|'

mkdir -p "$S"
cat >"$S/feedgen.yaml" <<'YAML'
title: Example City News
url: https://news.example.org/
author: City Desk
timezone: Europe/Berlin
limit: 100
YAML
cp "$S/feedgen.yaml" "$WORK/config.before"

# --dry-run on a fresh site writes nothing.
(cd "$S" && find . | sort) >"$WORK/tree.before"
fg "$S" import --dry-run --feed "$FEED" "$H/content/posts"
check "import --dry-run: exit 0, 'would write' for the 13 YAML posts" \
	test "$rc" = 0 -a "$(grep -c '^would write entries/20[0-9-]*-[a-z0-9.-]*\.md$' <<<"$out")" = 13
(cd "$S" && find . | sort) >"$WORK/tree.after"
check "import --dry-run writes nothing" cmp -s "$WORK/tree.before" "$WORK/tree.after"
check "import --dry-run leaves the configuration as it was" cmp -s "$WORK/config.before" "$S/feedgen.yaml"

# The import, the feed fetched by URL.
P=$H/content/posts
fg "$S" import --feed "$FEED" "$P"
printf '%s\n' "$err" >"$WORK/import.err"
check "import: exit 0, the 13 entries and feedgen.yaml written and listed" \
	test "$rc" = 0 -a "$(grep -c '^entries/20[0-9-]*-[a-z0-9.-]*\.md$' <<<"$out")" = 13 -a "$(grep -cvx 'entries/.*' <<<"$out")" = 1 -a "$(tail -1 <<<"$out")" = feedgen.yaml
check "import: the TOML post refused at 1:1, with the advice to run hugo convert toYAML" \
	eval 'grep -F "$P/council-minutes.md:1:1: " "$WORK/import.err" | grep -q "hugo convert toYAML"'
check "import: the shortcode reported at its line:col, and no other tag" \
	eval 'grep -F "$P/photo-of-the-week.md:8:1: warning: " "$WORK/import.err" | grep -qF "{{< figure" &&
		test "$(grep ": warning: " "$WORK/import.err" | grep -c "{{<")" = 1'
check "import: the feed's item for the TOML post is reported unmatched, by its id" \
	grep -q 'https://news.example.org/posts/council-minutes/' "$WORK/import.err"
echo "# $(grep '^feedgen: import: ' "$WORK/import.err" | head -1)"
check "import adds permalink: posts/{slug}/ to feedgen.yaml" \
	grep -qE "^permalink: [\"']?posts/\{slug\}/[\"']?$" "$S/feedgen.yaml"
E=$S/entries
check "the file name's date is the post's day in the site's zone (23:30 UTC is the next day in Berlin)" \
	test -f "$E/2025-03-15-transit-strike-ends.md"
check "slug: gives the name; the page bundle its folder's; capitals lower-cased" \
	test -f "$E/2025-03-28-photo-essay-harbour.md" -a -f "$E/2025-03-20-budget-talks.md"
check "lastmod is updated" grep -qE "^updated: [\"']?2025-03-06T09:15:00\+01:00[\"']?$" "$E/2025-03-05-stadium-plans.md"
check "draft: true stays a draft" grep -qx 'draft: true' "$E/2025-03-01-leaked-draft.md"
check "the shortcode's post is a draft, the shortcode still in it" \
	eval 'grep -qx "draft: true" "$E/2024-12-20-photo-of-the-week.md" && grep -qF "{{< figure" "$E/2024-12-20-photo-of-the-week.md"'

# hugo convert toYAML on a copy, as the advice says; the second import takes the
# converted post and finds the others already there.
cp -r "$H" "$WORK/converted"
(cd "$WORK/converted" && hugo convert toYAML --unsafe) >>"$WORK/hugo.log" 2>&1
check "hugo convert toYAML --unsafe converts the copy" \
	test $? = 0 -a "$(head -1 "$WORK/converted/content/posts/council-minutes.md")" = ---
fg "$S" import --feed "$FEED" "$WORK/converted/content/posts"
printf '%s\n' "$err" >"$WORK/import2.err"
check "import of the converted copy: exit 0, writes the one converted post" \
	test "$rc" = 0 -a "$out" = "entries/2025-03-10-council-minutes.md"
check "and finds the 13 others already there (hugo convert changed no value)" grep -q "1 written, 13 already there" "$WORK/import2.err"
echo "# $(grep '^feedgen: import: ' "$WORK/import2.err" | head -1)"

fg "$S" build
check "feedgen build: exit 0, no message" test "$rc" = 0 -a -z "$err"
check "the feeds validate (RelaxNG)" valid_feeds "$S/public"
"$PYTHON" "$CMP" --name hugo "$OLD" "$S/public/atom.xml" "$S/public/feed.xml" >"$WORK/cmp.out"
check "every item of Hugo's feed kept its id, link, title and date (atom.xml and feed.xml)" test $? = 0
sed 's/^/# /' "$WORK/cmp.out"
"$PYTHON" "$LINKS" "$S/public/atom.xml" "$URL" "$H/public" 12 >"$WORK/links.out"
check "every link feedgen gives is a page in Hugo's public/ (the 2 posts outside the feed too; the shortcode one is a draft)" test $? = 0
cat "$WORK/links.out"

# A second import of the same source is a no-op.
(cd "$S" && find . -path ./public -prune -o -path ./.feedgen -prune -o -printf '%p %T@ %s\n' | sort) >"$WORK/mtimes.before"
cp "$S/feedgen.yaml" "$WORK/config.imported"
fg "$S" import --feed "$FEED" "$WORK/converted/content/posts"
check "a second import: exit 0, writes nothing, 0 written, 14 already there" \
	test "$rc" = 0 -a -z "$out" -a -n "$(grep '0 written, 14 already there' <<<"$err")"
(cd "$S" && find . -path ./public -prune -o -path ./.feedgen -prune -o -printf '%p %T@ %s\n' | sort) >"$WORK/mtimes.after"
check "a second import changes no file's mtime" cmp -s "$WORK/mtimes.before" "$WORK/mtimes.after"
check "a second import leaves feedgen.yaml as it was" cmp -s "$WORK/config.imported" "$S/feedgen.yaml"

# What a person does by hand: the shortcode as Markdown, the draft line gone.
# Then every post Hugo published is in feedgen's feeds as a feed of every post has it.
F=$E/2024-12-20-photo-of-the-week.md
sed -i -e 's|{{< figure src="\([^"]*\)" alt="\([^"]*\)" >}}|![\2](\1)|' -e '/^draft: true$/d' -e '2,/^---$/{/^#/d}' "$F"
fg "$S" build
check "after the hand fix, feedgen build: exit 0" test "$rc" = 0 -a -z "$err"
"$PYTHON" "$CMP" --name hugo-every-post "$WORK/full/posts/index.xml" "$S/public/atom.xml" "$S/public/feed.xml" >"$WORK/cmp.out"
check "every post Hugo published has the id, link, title and date of a feed of every post" test $? = 0
sed 's/^/# /' "$WORK/cmp.out"

kill "$HTTP" 2>/dev/null
wait "$HTTP" 2>/dev/null
trap - EXIT
finish
