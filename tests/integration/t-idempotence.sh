# t-idempotence.sh: a build with nothing new changes no file (bytes, mtime,
# inode all kept, not even a temporary made in public/) and prints nothing;
# with -v it says "unchanged". All three feeds are on, JSON Feed included.
. "$TOP/tests/integration/lib.sh"
S=$WORK/s
site "$S"
echo "feeds: [rss, atom, json]" >>"$S/feedgen.yaml"
fg "$S" build
check "the first build exits 0, silently" test "$rc" = 0 -a -z "$out" -a -z "$err"

# snap NAME: size, mtime (seconds and full), inode of public/ and each file in it,
# and of the state file, and a copy of every feed's bytes. The lock file (in the
# private folder) is left out: each run writes its pid there (the flock is the lock).
snap() {
	mkdir -p "$WORK/$1"
	(cd "$S/public" && stat -c '%n %s %Y %y %i' . $(ls -A) ../.feedgen/state) >"$WORK/$1/stat"
	ls -A "$S/public" >"$WORK/$1/names"
	cp "$S/public/feed.xml" "$S/public/atom.xml" "$S/public/feed.json" "$WORK/$1/"
}
same() {
	cmp -s "$WORK/$1/stat" "$WORK/$2/stat" && cmp -s "$WORK/$1/names" "$WORK/$2/names" &&
	cmp -s "$WORK/$1/feed.xml" "$WORK/$2/feed.xml" && cmp -s "$WORK/$1/atom.xml" "$WORK/$2/atom.xml" &&
	cmp -s "$WORK/$1/feed.json" "$WORK/$2/feed.json"
}
snap first
sleep 1.1	# a rewrite would now show in %Y too, not only in %y and the inode
fg "$S" build
snap second
check "the second build exits 0" test "$rc" = 0
check "the second build prints nothing on stdout or stderr" test -z "$out" -a -z "$err"
if same first second; then
	ok "the second build changes no file: bytes, mtimes (%Y, %y) and inodes kept, public/ untouched"
else
	notok "the second build changes no file: $(diff "$WORK/first/stat" "$WORK/second/stat" | tr '\n' ' ') $(diff "$WORK/first/names" "$WORK/second/names" | tr '\n' ' ')"
fi
check "the feeds are valid" valid_feeds "$S/public"

fg "$S" build -v
snap third
check "with -v: exit 0, nothing on stdout" test "$rc" = 0 -a -z "$out"
check "with -v: says public/feed.xml unchanged" grep -qx 'feedgen: public/feed.xml unchanged' <<<"$err"
check "with -v: says public/atom.xml unchanged" grep -qx 'feedgen: public/atom.xml unchanged' <<<"$err"
check "with -v: says public/feed.json unchanged" grep -qx 'feedgen: public/feed.json unchanged' <<<"$err"
check "with -v: no line says changed" eval '! grep -q " changed$" <<<"$err"'
check "with -v: still no file changed" same first third

# A change to an entry does rewrite, and -v says so: the checks above can fail.
printf -- '---\ntitle: Second, corrected\ndate: 2016-10-19T10:00:00-04:00\n---\nTwo.\n' >"$S/entries/2016-10-19-second.md"
fg "$S" build -v
snap fourth
check "after an entry changes, -v says the three feeds changed" \
	eval 'grep -qx "feedgen: public/feed.xml changed" <<<"$err" && grep -qx "feedgen: public/atom.xml changed" <<<"$err" &&
	    grep -qx "feedgen: public/feed.json changed" <<<"$err"'
check "after an entry changes, the feeds' bytes and inodes differ" eval '! same first fourth'
check "after an entry changes, feed.json's bytes differ" eval '! cmp -s "$WORK/first/feed.json" "$WORK/fourth/feed.json"'
fg "$S" build
snap fifth
check "and the build after that changes nothing again, silently" \
	eval '[ "$rc" = 0 ] && [ -z "$out$err" ] && same fourth fifth'
finish
