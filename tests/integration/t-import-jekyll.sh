# t-import-jekyll.sh: the proof of `feedgen import` with the real Jekyll. Debian's
# jekyll and jekyll-feed build tests/import/jekyll; feedgen imports its _posts
# with the feed.xml it published, builds, and every item of that feed must be in
# feedgen's feeds with the same id, link, title and instant (import_compare.py).
# Posts jekyll-feed left out (it holds the newest 10) must get the links Jekyll
# gave them (files in _site/) and the ids a longer jekyll-feed would have given.
. "$TOP/tests/integration/lib.sh"
CMP=$TOP/tests/integration/import_compare.py
LINKS=$TOP/tests/integration/import_links.py
URL=https://news.example.org/blog/
J=$WORK/jekyll
S=$WORK/site
cp -r "$TOP/tests/import/jekyll" "$J"

# The old site, as its newsroom builds it; and once more with a feed of every
# post, for the ids of the posts the real feed leaves out.
(cd "$J" && jekyll build --quiet) >"$WORK/jekyll.log" 2>&1
check "jekyll builds the fixture site" test $? = 0 -a -s "$J/_site/feed.xml"
OLD=$J/_site/feed.xml
printf 'feed:\n  posts_limit: 1000\n' >"$WORK/full.yml"
(cd "$J" && jekyll build --quiet --config "_config.yml,$WORK/full.yml" -d "$WORK/full") >>"$WORK/jekyll.log" 2>&1
check "and with every post in its feed" test $? = 0 -a -s "$WORK/full/feed.xml"
check "jekyll-feed's own feed holds its default 10 of the 13 published posts" \
	test "$(grep -o '<entry>' "$OLD" | wc -l)" = 10 -a "$(grep -o '<entry>' "$WORK/full/feed.xml" | wc -l)" = 13

# import_compare.py must be able to fail: the old feed against itself passes,
# and each field altered in a copy is caught, by name.
"$PYTHON" "$CMP" --name self "$OLD" "$OLD" >"$WORK/cmp.out"
check "import_compare.py: a feed against itself, 10 of 10" \
	grep -qx 'self: 10 of 10 items kept id, link, title and date' "$WORK/cmp.out"
compare_catches "$OLD" id 's|<id>\(https://news.example.org/blog/news/2024/08/20/summer-hours\)</id>|<id>\1-2</id>|'
compare_catches "$OLD" link 's|summer-hours.html"|summer-hours/"|'
compare_catches "$OLD" title 's|<title type="html">Summer hours</title>|<title type="html">Summer Hours</title>|'
compare_catches "$OLD" date 's|<published>2025-01-29T07:45:32-05:00</published>|<published>2025-01-29T07:45:33-05:00</published>|'
# A title is compared as shown: jekyll-feed's HTML 'A &amp;amp; B' is feedgen's text 'A &amp; B'.
onefeed() { # TYPE TITLE
	printf '<feed xmlns="http://www.w3.org/2005/Atom"><id>x:f</id><title>F</title><updated>2025-01-01T00:00:00Z</updated><entry><id>x:1</id><title type="%s">%s</title><link href="http://e.org/1"/><updated>2025-01-01T00:00:00Z</updated></entry></feed>\n' "$1" "$2"
}
onefeed html 'A &amp;amp; B' >"$WORK/t-html.xml"
onefeed text 'A &amp; B' >"$WORK/t-text.xml"
onefeed text 'A &amp;amp; B' >"$WORK/t-text2.xml"
check "import_compare.py: an HTML title with an entity is the text title it shows" \
	eval '"$PYTHON" "$CMP" "$WORK/t-html.xml" "$WORK/t-text.xml" >/dev/null'
check "import_compare.py: but not the text title with the entity itself" \
	eval '! "$PYTHON" "$CMP" "$WORK/t-html.xml" "$WORK/t-text2.xml" >/dev/null'

# feedgen's site: the same URL and zone; a limit that holds every post.
mkdir -p "$S"
cat >"$S/feedgen.yaml" <<'YAML'
title: Example News
url: https://news.example.org/blog/
author: Example Desk
timezone: America/New_York
limit: 100
YAML
cp "$S/feedgen.yaml" "$WORK/config.before"

# --dry-run on a fresh site: the list, and nothing written at all.
(cd "$S" && find . | sort) >"$WORK/tree.before"
fg "$S" import --dry-run --feed "$OLD" "$J/_posts"
check "import --dry-run: exit 0" test "$rc" = 0
check "import --dry-run: 'would write' for each of the 14 posts" \
	test "$(grep -c '^would write entries/20[0-9-]*-[a-z0-9.-]*\.md$' <<<"$out")" = 14
(cd "$S" && find . | sort) >"$WORK/tree.after"
check "import --dry-run writes nothing: no entry, no folder" cmp -s "$WORK/tree.before" "$WORK/tree.after"
check "import --dry-run leaves the configuration as it was" cmp -s "$WORK/config.before" "$S/feedgen.yaml"

# The import.
fg "$S" import --feed "$OLD" "$J/_posts"
printf '%s\n' "$err" >"$WORK/import.err"
check "import: exit 0" test "$rc" = 0
check "import: lists the 14 entries it wrote, and feedgen.yaml" \
	test "$(grep -c '^entries/20[0-9-]*-[a-z0-9.-]*\.md$' <<<"$out")" = 14 -a "$(grep -cvx 'entries/.*' <<<"$out")" = 1 -a "$(tail -1 <<<"$out")" = feedgen.yaml
check "import: the one unsupported Liquid tag, at its line:col" \
	grep -qF "$J/_posts/2024-06-01-how-we-correct.md:9:1: warning: Liquid tag '{% include note.html %}' left as it is" "$WORK/import.err"
check "import: no other Liquid warning (highlight, link, post_url, raw, site.baseurl converted)" \
	test "$(grep -c ': warning: Liquid tag' "$WORK/import.err")" = 1
check "import: the summary counts 14 posts, and the feed's 10 of 10 items matched" \
	eval 'grep -q "14 posts" "$WORK/import.err" && grep -q "10 of the feed.s 10 items matched" "$WORK/import.err"'
echo "# $(grep '^feedgen: import: ' "$WORK/import.err" | head -1)"
check "import: the template fields are dropped and counted" \
	eval 'grep -q "layout (" "$WORK/import.err" && grep -q "redirect_from (1)" "$WORK/import.err" && grep -q "version (2)" "$WORK/import.err"'
check "import adds the permalink that reproduces Jekyll's URLs to feedgen.yaml" \
	grep -qE "^permalink: [\"']?\{categories\}/\{year\}/\{month\}/\{day\}/\{slug\}\.html[\"']?$" "$S/feedgen.yaml"
check "and keeps the rest of feedgen.yaml as it was" \
	eval 'head -n "$(wc -l <"$WORK/config.before")" "$S/feedgen.yaml" | cmp -s - "$WORK/config.before"'
E=$S/entries
check "the post with a Liquid tag left is a draft, the tag still in it" \
	eval 'grep -qx "draft: true" "$E/2024-06-01-how-we-correct.md" && grep -qF "{% include note.html %}" "$E/2024-06-01-how-we-correct.md"'
check "published: false is draft: true" grep -qx 'draft: true' "$E/2025-01-15-embargoed-report.md"
check "the .markdown post and the dotted slug keep their names" \
	test -f "$E/2025-01-10-year-in-review.md" -a -f "$E/2024-11-20-jekyll-sass-converter-3.0-released.md"
check "no converted Liquid is left in any of the 14 entries" \
	eval 'test "$(ls "$E" | wc -l)" = 14 && ! grep -lE "\{% *(highlight|endhighlight|raw|endraw|link|post_url) |\{\{ *site\.|_url *\}\}" "$E"/*.md'
P=$J/_site/news/2025/03/10/the-print-desk-now-online.html
check "jekyll's absolute_url and relative_url, as Jekyll gave them" \
	eval 'grep -qF "href=\"https://news.example.org/blog/\"" "$P" && grep -qF "href=\"/blog/feed.xml\"" "$P"'
check "and as import wrote them: the same, absolute" \
	grep -qF '[front page](https://news.example.org/blog/) lists them too, and [the feed](https://news.example.org/blog/feed.xml)' "$E/2025-03-10-the-print-desk-now-online.md"
check "highlight became a fenced block" eval 'grep -qx "\`\`\`ruby" "$E/2025-01-29-jekyll-4-4-1-released.md" && grep -qx "\`\`\`python" "$E/2024-10-05-templates-in-posts.md"'
check "raw kept its content as it is" grep -qF '`{{ page.title }}` and `{% if x %}`' "$E/2024-10-05-templates-in-posts.md"
check "post_url is the post's absolute link" \
	grep -qF 'https://news.example.org/blog/release/2024/11/20/jekyll-sass-converter-3.0-released.html' "$E/2025-01-29-jekyll-4-4-1-released.md"
check "link is the post's absolute link" \
	grep -qF 'https://news.example.org/blog/help/2024/10/05/templates-in-posts.html' "$E/2024-11-20-jekyll-sass-converter-3.0-released.md"
check "the post with its own permalink keeps it, as an explicit link" \
	grep -qE "^link: [\"']?https://news.example.org/blog/announcements/spring-schedule/[\"']?$" "$E/2025-03-01-schedule-change.md"

# feedgen builds it, and the feeds hold every item of Jekyll's feed unchanged.
fg "$S" build
check "feedgen build: exit 0, no message" test "$rc" = 0 -a -z "$err"
check "the feeds validate (RelaxNG)" valid_feeds "$S/public"
"$PYTHON" "$CMP" --name jekyll "$OLD" "$S/public/atom.xml" "$S/public/feed.xml" >"$WORK/cmp.out"
check "every item of jekyll-feed's feed kept its id, link, title and date (atom.xml and feed.xml)" test $? = 0
sed 's/^/# /' "$WORK/cmp.out"
"$PYTHON" "$LINKS" "$S/public/atom.xml" "$URL" "$J/_site" 12 >"$WORK/links.out"
check "every item link and body link feedgen gives is a page in Jekyll's _site (the 2 posts outside the feed too)" test $? = 0
cat "$WORK/links.out"

# A second import is a no-op: nothing written, no mtime changed, the
# configuration untouched.
(cd "$S" && find . -path ./public -prune -o -path ./.feedgen -prune -o -printf '%p %T@ %s\n' | sort) >"$WORK/mtimes.before"
cp "$S/feedgen.yaml" "$WORK/config.imported"
fg "$S" import --feed "$OLD" "$J/_posts"
check "a second import: exit 0, writes nothing" test "$rc" = 0 -a -z "$out"
check "a second import: 0 written, 14 already there" grep -q "0 written, 14 already there" <<<"$err"
(cd "$S" && find . -path ./public -prune -o -path ./.feedgen -prune -o -printf '%p %T@ %s\n' | sort) >"$WORK/mtimes.after"
check "a second import changes no file's mtime" cmp -s "$WORK/mtimes.before" "$WORK/mtimes.after"
check "a second import leaves feedgen.yaml as it was" cmp -s "$WORK/config.imported" "$S/feedgen.yaml"

# What a person does by hand: the include's text in place of the tag, and the
# draft line gone. Then every post Jekyll published is in feedgen's feeds, with
# the id a feed of every post would have given it.
F=$E/2024-06-01-how-we-correct.md
sed -i -e 's|{% include note.html %}|*This note comes from the old include.*|' -e '/^draft: true$/d' -e '2,/^---$/{/^#/d}' "$F"
fg "$S" build
check "after the hand fix, feedgen build: exit 0" test "$rc" = 0 -a -z "$err"
"$PYTHON" "$CMP" --name jekyll-every-post "$WORK/full/feed.xml" "$S/public/atom.xml" "$S/public/feed.xml" >"$WORK/cmp.out"
check "every post Jekyll published has the id, link, title and date of a feed of every post" test $? = 0
sed 's/^/# /' "$WORK/cmp.out"
"$PYTHON" "$LINKS" "$S/public/atom.xml" "$URL" "$J/_site" 13 >"$WORK/links.out"
check "and its link is a page in Jekyll's _site" test $? = 0
finish
