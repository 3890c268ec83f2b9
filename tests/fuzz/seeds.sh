#!/usr/bin/env bash
# tests/fuzz/seeds.sh OUT: gathers the fuzz targets' seeds from the golden cases,
# so every new case seeds the fuzzers: OUT/entry (every entry file, and
# tests/fuzz/corpus/), OUT/config (every feedgen.yaml and site.yaml, and the
# repository's), OUT/state (every state file of a case, in its private folder
# .feedgen/ or in before/, and the hand-made states below), OUT/import (the
# import fixtures' old feeds and posts, tests/unit/test_liquid.c's inputs and
# the dates below). Files are named by content, so a file many cases share is
# one seed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:?usage: seeds.sh OUT}
rm -rf "$out"
mkdir -p "$out/entry" "$out/config" "$out/state" "$out/cache" "$out/import"

seed() {	# target file
	local sum
	sum=$(sha1sum <"$2" | cut -c1-16)
	cp "$2" "$1/$sum"
}

shopt -s nullglob dotglob globstar
for f in "$top"/tests/golden/*/entries/** "$top"/entries/** "$top"/tests/fuzz/corpus/*; do
	[ -f "$f" ] && seed "$out/entry" "$f"
done
for f in "$top"/tests/golden/site.yaml "$top"/tests/golden/*/feedgen.yaml "$top"/feedgen.yaml; do
	[ -f "$f" ] && seed "$out/config" "$f"
done
for f in "$top"/tests/golden/*/before/**/.feedgen-state "$top"/tests/golden/*/before/.feedgen/** \
         "$top"/tests/golden/*/.feedgen/**; do
	[ -f "$f" ] && seed "$out/state" "$f"
done
for f in "$top"/tests/integration/import/*.xml "$top"/tests/import/*/_posts/* \
         "$top"/tests/import/*/content/** "$top"/tests/integration/import/*/_posts/* \
         "$top"/tests/integration/import/*/content/**; do
	[ -f "$f" ] && seed "$out/import" "$f"
done
# The Liquid unit tests' inputs: each expect("...") and expect_left("...")'s first string.
i=0
grep -oE 'expect(_left)?\("([^"\\]|\\.)*"' "$top/tests/unit/test_liquid.c" | sed -E 's/^[a-z_]+\("//; s/"$//' |
while IFS= read -r s; do
	i=$((i + 1))
	printf '%b' "$s" >"$out/import/liquid-$i"
done
printf 'Sat, 02 Mar 2024 00:00:00 +0100\n02 mar 24 23:59 EDT\nsun, 31 Dec 1999 12:00:60 gmt\n' >"$out/import/dates"

# Every kind of record, every escape, and the edges of the numbers.
printf '# feedgen state: what the last run published. Safe to delete.\nfeedgen-state\t1\n' >"$out/state/header"
printf 'feedgen-state\t1\nfeed\tfeed.xml\tfnv1a64:0123456789abcdef\nfeed\tatom.xml\tfnv1a64:fedcba9876543210\n' >"$out/state/feeds"
printf 'feedgen-state\t1\nshown\tfeed.xml\ttag:news.example.org,2016-10-18:a\tentries/2016-10-18-a.md\tA \\t tab, a \\n newline, a \\\\ backslash, a \\r return\nshown\tatom.xml\thttps://news.example.org/b\tentries/2016/10/2016-10-19-b.yaml\tB\n' >"$out/state/shown"
printf 'feedgen-state\t1\npending\thttps://news.example.org/feed.xml\thttps://hub.example.net/\t1476799200\t3\tHTTP 503 from the hub\npending\thttps://news.example.org/atom.xml\thttps://hub.example.net/\t-9223372036854775808\t0\t\n' >"$out/state/pending"
printf 'feedgen-state\t1\r\nfeed\tfeed.xml\tx\r\n' >"$out/state/crlf"
printf 'feedgen-state\t2\nfeed\tfeed.xml\tx\n' >"$out/state/other-version"

# States as feedgen writes them: a build of the repository's sample (FEEDGEN, when given).
if [ -n "${FEEDGEN:-}" ] && [ -x "$FEEDGEN" ]; then
	site=$(mktemp -d)
	trap 'rm -rf "$site"' EXIT
	cp -R "$top/feedgen.yaml" "$top/entries" "$site/"
	"$FEEDGEN" build -q -c "$site/feedgen.yaml" --now 2026-01-01 >/dev/null 2>&1 || true
	for f in "$site"/**/.feedgen-state "$site"/**/.feedgen/*state*; do
		[ -f "$f" ] && seed "$out/state" "$f"
	done
	# Caches as feedgen writes them, without their header (fuzz_cache writes its own key):
	# the entries older than the racy window are recorded, with the documents' fingerprints.
	sleep 2.1
	"$FEEDGEN" build -q -c "$site/feedgen.yaml" --now 2026-01-01 >/dev/null 2>&1 || true
	if [ -f "$site/.feedgen/cache" ]; then
		tail -n +3 "$site/.feedgen/cache" >"$site/body"
		seed "$out/cache" "$site/body"
		# One record, one document: small seeds mutate faster.
		{ grep -m1 '^e	' "$site/body"; grep -m1 '^d	' "$site/body"; } >"$site/small"
		seed "$out/cache" "$site/small"
	fi
fi
printf 'end\t0\t0000000000000000\n' >"$out/cache/empty"
echo "seeds: $(ls "$out/entry" | wc -l) entry, $(ls "$out/config" | wc -l) config, $(ls "$out/state" | wc -l) state, $(ls "$out/cache" | wc -l) cache, $(ls "$out/import" | wc -l) import in $out"
