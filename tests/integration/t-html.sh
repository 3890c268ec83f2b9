# t-html.sh: index.html and feed.xsl in a real browser (issue 10 items 2 and 3).
# A site with a hostile entry (<script>, an <img onerror>, quotes, &, right-to-left
# text) is built; Debian's headless Chromium loads index.html from disk and its
# rendered DOM is read by html_check.py (entries in order, links, autodiscovery,
# the hostile values shown as text and no script run); the screenshot is kept at
# build/artifacts/index.png. xsltproc turns both feeds into pages through the
# shipped feed.xsl, and Chromium shows feed.xml through it over HTTP. Then: a run
# that changes nothing leaves index.html alone, an edit rewrites it, and
# switching html and stylesheet off removes index.html and feed.xsl.
. "$TOP/tests/integration/lib.sh"

ART=$TOP/build/artifacts
mkdir -p "$ART"
rm -f "$ART/index.png"

# A static server on loopback for the feed's own origin (a browser applies an
# XSLT only from there): its port in $WORK/port.
S=$WORK/s
mkdir -p "$S/entries"
"$PYTHON" - "$S" "$WORK/port" </dev/null >/dev/null 2>"$WORK/http.err" <<'PY' &
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
h.func.extensions_map = {".xml": "application/xml", ".xsl": "application/xslt+xml", "": "application/octet-stream"}
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
__import__("os").rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
PY
http_pid=$!
trap 'kill "$http_pid" 2>/dev/null' EXIT
for i in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
B=http://127.0.0.1:$(cat "$WORK/port")/public/

cat >"$S/feedgen.yaml" <<YAML
title: 'Desk "Quoted" & Co'
url: $B
author: Test Desk
language: en
timezone: America/New_York
feeds: [rss, atom, json]
category_feeds: true
hubs: [https://hub.example.net/?x=1&y=2]
html: true
stylesheet: true
YAML
cat >"$S/entries/2016-10-20-hostile.md" <<'EOF'
---
title: "<script>document.title='pwned';document.body.appendChild(document.createElement('mark'))</script> Tom & \"Jerry\" <b>bold</b>"
date: 2016-10-20T09:30:00Z
summary: "<img src=x onerror=\"document.title='img'\"> a & b &amp; 'c'"
categories: ["Lab \"notes\"", reports]
link: "a?x=1&y=\"2\""
image:
  url: "x.png?a=1&b=2"
  alt: "A \"quoted\" <alt> & more"
  caption: "<em>caption</em> & co"
  credit: "© <Someone>"
---
Body.
EOF
cat >"$S/entries/2016-10-19-rtl.md" <<'EOF'
---
title: مرحبا بالعالم — שלום עולם
date: 2016-10-19
lang: ar
categories: [reports]
image:
  url: plain.jpg
---
نص.
EOF
cat >"$S/entries/2016-10-18-caption.md" <<'EOF'
---
title: Caption only
date: 2016-10-18 10:00
image:
  url: council.jpg
  caption: The council at work
---
Text.
EOF

fg "$S" build --now 2026-01-01 --no-publish
check "build exits 0" [ "$rc" = 0 ]
P=$S/public
check "index.html and feed.xsl written" [ -f "$P/index.html" ] && [ -f "$P/feed.xsl" ]
check "feeds valid with the xml-stylesheet instruction" valid_feeds "$P"
check "every XML feed names the stylesheet" bash -c '
	for f in "$1"/feed.xml "$1"/atom.xml "$1"/categories/*/feed.xml "$1"/categories/*/atom.xml; do
		sed -n 2p "$f" | grep -qxF "<?xml-stylesheet type=\"text/xsl\" href=\"$2feed.xsl\"?>" || exit 1
	done' _ "$P" "$B"

# One Chromium launch for the page: its DOM and the screenshot.
browse() {	# URL DOM [SCREENSHOT]: Chromium's rendered DOM of URL into DOM
	local shot=()
	[ $# -gt 2 ] && shot=(--screenshot="$3" --window-size=1000,1200)
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
	    --user-data-dir="$WORK/chromium" "${shot[@]}" --dump-dom "$1" >"$2" 2>"$WORK/chromium.err"
}
browse "file://$P/index.html" "$WORK/index.dom" "$ART/index.png"
check "chromium rendered index.html" [ -s "$WORK/index.dom" ]
"$PYTHON" "$TOP/tests/integration/html_check.py" page "$WORK/index.dom" "$B" || failures=$((failures + 1))
check "screenshot kept at build/artifacts/index.png" bash -c \
	'[ "$(head -c 8 "$1" | od -An -tx1 | tr -d " ")" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$1")" -gt 10000 ]' _ "$ART/index.png"

# The shipped XSLT over both feeds, by xsltproc.
for f in feed.xml atom.xml; do
	if xsltproc "$P/feed.xsl" "$P/$f" >"$WORK/$f.html" 2>"$WORK/xsltproc.err"; then
		"$PYTHON" "$TOP/tests/integration/html_check.py" xslt "$WORK/$f.html" "$B$f" || failures=$((failures + 1))
	else
		notok "xsltproc feed.xsl $f: $(head -3 "$WORK/xsltproc.err")"
	fi
done

# A browser opening the feed from its origin shows it through feed.xsl.
browse "${B}feed.xml" "$WORK/feed.dom"
"$PYTHON" "$TOP/tests/integration/html_check.py" browser "$WORK/feed.dom" "${B}feed.xml" || failures=$((failures + 1))

# Written like every other output: only when changed, removed when switched off.
mtime() { stat -c %Y.%y "$1"; }
before=$(mtime "$P/index.html")
fg "$S" build --now 2026-01-01 --no-publish -v
check "nothing changed: index.html unchanged, not rewritten" \
	bash -c '[ "$1" = "$(stat -c %Y.%y "$2")" ] && grep -qx "feedgen: public/index.html unchanged" <<<"$3"' _ "$before" "$P/index.html" "$err"
sed -i 's/^title: Caption only$/title: Caption edited/' "$S/entries/2016-10-18-caption.md"
fg "$S" build --now 2026-01-01 --no-publish -v
check "an edit rewrites index.html" bash -c 'grep -qx "feedgen: public/index.html changed" <<<"$1" && grep -q "Caption edited" "$2"' _ "$err" "$P/index.html"
fg "$S" publish --dry-run
check "hubs are owed the feeds, never the page or the XSLT" bash -c \
	'grep -q "of ${2}atom.xml\$" <<<"$1" && ! grep -q "index.html\|feed.xsl" <<<"$1"' _ "$out$err" "$B"
sed -i '/^html: true$/d; s/^stylesheet: true$/stylesheet: false/' "$S/feedgen.yaml"
fg "$S" build --now 2026-01-01 --no-publish -v
check "html and stylesheet off: index.html and feed.xsl removed" bash -c \
	'[ ! -e "$1/index.html" ] && [ ! -e "$1/feed.xsl" ] && grep -qx "feedgen: public/index.html removed" <<<"$2" && grep -qx "feedgen: public/feed.xsl removed" <<<"$2"' _ "$P" "$err"
check "stylesheet off: no xml-stylesheet instruction" bash -c '! grep -rq "xml-stylesheet" "$1" --include=*.xml' _ "$P"
finish
