# t-cache.sh: the entry cache (.feedgen/cache) never changes an answer. Thirty
# rounds of random changes, each built with the cache and with --no-cache
# (cache_rounds.py); then a corrupt cache (garbage, cut short, another
# version, a record altered) gives one warning and the same feeds; a deleted
# one is rebuilt silently; it is private (0600, never in public/); --dry-run
# and --no-cache write none; a cached run reads only the entries it keeps.
. "$TOP/tests/integration/lib.sh"

"$PYTHON" "$TOP/tests/integration/cache_rounds.py" "$FEEDGEN" "$TOP" "$WORK/rounds" 7 30 ||
	notok "cache_rounds.py exited non-zero"

S=$WORK/s
site "$S"
echo 'limit: 3' >>"$S/feedgen.yaml"
for i in 01 02 03 04 05 06 07 08; do
	printf -- '---\ntitle: Old %s\ndate: 2015-01-%sT10:00:00Z\n---\nOld %s.\n' $i $i $i >"$S/entries/2015-01-$i-old$i.md"
done
sleep 2.1	# a file changed in the last second or two is not recorded
fg "$S" build
check "the first build exits 0 silently" test "$rc" = 0 -a -z "$err"
C=$S/.feedgen/cache
check "the cache is in the private folder, mode 0600" test "$(stat -c %a "$C" 2>/dev/null)" = 600
check "no cache in public/" test -z "$(find "$S/public" -name '*cache*')"
check "the cache records all ten entries" test "$(grep -c '^e	' "$C")" = 10
cp "$S/public/feed.xml" "$WORK/feed.xml"

# A cached run that changes nothing opens no entry: the feeds' fingerprints
# (their entries' file identities) are those the cache recorded.
(cd "$S" && strace -f -e trace=open,openat -o "$WORK/trace" "$FEEDGEN" build >/dev/null 2>&1)
opened=$(grep -c '\.md"' "$WORK/trace")
check "a cached run that changes nothing opens no entry (opened $opened)" test "$opened" = 0
check "the cache records each feed's fingerprint" test "$(grep -c '^d	' "$C")" = 2
(cd "$S" && strace -f -e trace=open,openat -o "$WORK/trace" "$FEEDGEN" build --no-cache >/dev/null 2>&1)
opened=$(grep -c '\.md"' "$WORK/trace")
# The scan keeps a stub of each entry (scan.c): the feed's 3 are read again to be written.
check "a --no-cache run opens all 10, and the feed's 3 once more (opened $opened)" test "$opened" = 13
# git's racy rule: files not strictly older than the cache's own mtime are read again...
touch -d '2020-01-01' "$C"
(cd "$S" && strace -f -e trace=open,openat -o "$WORK/trace" "$FEEDGEN" build >/dev/null 2>&1)
opened=$(grep -c '\.md"' "$WORK/trace")
check "a cache older than the files: all 10 read again (opened $opened)" test "$opened" = 10
# ...and the cache is rewritten though its bytes are the same, so the next run trusts it.
check "a cache older than the files is rewritten" test "$(stat -c %Y "$C")" -gt "$(date -d 2021-01-01 +%s)"
(cd "$S" && strace -f -e trace=open,openat -o "$WORK/trace" "$FEEDGEN" build >/dev/null 2>&1)
opened=$(grep -c '\.md"' "$WORK/trace")
check "then a cached run opens none again (opened $opened)" test "$opened" = 0
# One kept entry edited: read by the scan, then with the feed's two others to write them.
sleep 1.1
printf 'More.\n' >>"$S/entries/2016-10-19-second.md"
(cd "$S" && strace -f -e trace=open,openat -o "$WORK/trace" "$FEEDGEN" build >/dev/null 2>&1)
opened=$(grep -c '\.md"' "$WORK/trace")
check "one kept entry edited: it is read, then it and the 2 others kept to write them (opened $opened)" test "$opened" = 4
check "and its text is in the feed" grep -q 'More.' "$S/public/feed.xml"
cp "$S/public/feed.xml" "$WORK/feed.xml"

# corrupt NAME SED-or-COMMAND: the cache damaged; one warning naming the cache, same feeds, then silence
corrupt() {
	local what=$1
	shift
	"$@"
	fg "$S" build
	check "$what: exit 0" test "$rc" = 0
	check "$what: one warning naming the cache file ($err)" \
		test "$(grep -c '^\.feedgen/cache:.*warning: .*cache' <<<"$err")" = 1 -a "$(printf '%s\n' "$err" | wc -l)" = 1
	check "$what: the same feed" cmp -s "$S/public/feed.xml" "$WORK/feed.xml"
	fg "$S" build
	check "$what: the next run is silent (the cache was rebuilt)" test "$rc" = 0 -a -z "$err"
}
corrupt "garbage" sh -c "head -c 300 /dev/urandom >'$C'"
corrupt "cut short" sh -c "head -c -20 '$C' >'$WORK/c' && cat '$WORK/c' >'$C'"
corrupt "another version" sed -i "s/^feedgen-cache\t[0-9]*\t/feedgen-cache\t9\t/" "$C"
corrupt "a record altered" sed -i 's/	Old 03	/	Old 33	/' "$C"
# The entry edited above is recorded, and the feeds fingerprinted, once it is older than the racy window.
sleep 2.1
fg "$S" build
check "documents' fingerprints recorded once every entry is settled" test "$(grep -c '^d	' "$C")" = 2
corrupt "a document's size altered" sed -i '/^d	/s/	[0-9]*$/	7/' "$C"
corrupt "records out of order" sh -c "{ head -2 '$C'; sed -n 4p '$C'; sed -n 3p '$C'; tail -n +5 '$C'; } >'$WORK/c' && cat '$WORK/c' >'$C'"

rm -f "$C"
fg "$S" build
check "a deleted cache: exit 0, silent" test "$rc" = 0 -a -z "$err"
check "a deleted cache is written again" test -f "$C"

# Another key (the configuration changed): a silent cold run, a new cache.
key=$(sed -n 2p "$C")
sed -i 's/^limit: 3$/limit: 4/' "$S/feedgen.yaml"
fg "$S" build
check "after a configuration change: exit 0, silent" test "$rc" = 0 -a -z "$err"
check "after a configuration change: four items" test "$(grep -c '<item>' "$S/public/feed.xml")" = 4
check "after a configuration change, the cache has a new key" test "$(sed -n 2p "$C")" != "$key"

rm -f "$C"
fg "$S" build --dry-run
check "--dry-run: exit 0" test "$rc" = 0
check "--dry-run writes no cache" test ! -e "$C"
fg "$S" build --no-cache
check "--no-cache: exit 0, silent" test "$rc" = 0 -a -z "$err"
check "--no-cache writes no cache" test ! -e "$C"
echo garbage >"$C"
fg "$S" build --no-cache
check "--no-cache reads none (no warning), leaves it as it is" test "$rc" = 0 -a -z "$err" -a "$(cat "$C")" = garbage
fg "$S" next --no-cache
check "next --no-cache: exit 0" test "$rc" = 0
fg "$S" check --no-cache
check "check --no-cache is a usage error (check always reads every file)" test "$rc" = 2
finish
