# t-files.sh: the files feedgen itself keeps and reads. The lock and the state
# live in the private folder (.feedgen/ beside feedgen.yaml, mode 0700), never
# in public/; an old public/.feedgen-state is taken over once. Nothing feedgen
# writes is written through a symbolic link; nothing it reads blocks (a FIFO)
# or is read without bound (/dev/zero); a folder that cannot be listed fully
# stops the run instead of dropping entries.
. "$TOP/tests/integration/lib.sh"
WORK=$(realpath "$WORK")
failio_so
# within SECONDS CMD...: fg under a timeout (a hang is a failure, not a stuck suite)
within() {
	local s=$1 d=$2; shift 2
	out=$(cd "$d" && timeout -s KILL "$s" "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
}
snapshot() { (cd "$1" && find . -printf '%P %s %T@\n' | sort); }

# A fresh site: the lock and the state are in .feedgen/, 0700, and public/ holds the feeds only.
S=$WORK/s
site "$S"
fg "$S" build
check "a build exits 0 silently" test "$rc" = 0 -a -z "$err"
check "the private folder is .feedgen/ beside feedgen.yaml, mode 700" \
	test "$(stat -c %a "$S/.feedgen" 2>/dev/null)" = 700
check "the lock and the state are in it, mode 600" \
	test "$(stat -c %a "$S/.feedgen/lock" "$S/.feedgen/state" 2>/dev/null | tr '\n' ' ')" = "600 600 "
check "public/ holds the feeds and nothing else" test "$(ls -A "$S/public" | tr '\n' ' ')" = "atom.xml feed.xml "
fg "$S" build --dry-run
check "--dry-run on a built site: exit 0" test "$rc" = 0

D=$WORK/dry
site "$D"
fg "$D" build --dry-run
check "--dry-run on a new site creates no private folder and no output folder" \
	test "$rc" = 0 -a ! -e "$D/.feedgen" -a ! -e "$D/public"

# The option: another private folder; one inside the output folder is refused.
P=$WORK/p
site "$P"
printf 'private: var/feedgen\n' >>"$P/feedgen.yaml"
fg "$P" build
check "private: var/feedgen: the lock and the state are there, and no .feedgen/" \
	test "$rc" = 0 -a -f "$P/var/feedgen/state" -a -f "$P/var/feedgen/lock" -a ! -e "$P/.feedgen"
printf 'private: public/private\n' >>"$P/feedgen.yaml"
sed -i '/^private: var/d' "$P/feedgen.yaml"
fg "$P" build
check "private inside the output folder: exit 1, located error naming both" \
	eval '[ "$rc" = 1 ] && grep -qx "feedgen.yaml:5:10: error: the private folder '"'"'public/private'"'"' is inside the output folder '"'"'public'"'"' (expected a folder the web server does not serve: set '"'"'private'"'"')" <<<"$err"'
printf 'title: T\nurl: https://news.example.org/\nauthor: A\noutput: .\n' >"$P/feedgen.yaml"
fg "$P" build
check "output: . with the default private folder: exit 1, the error points at 'output'" \
	eval '[ "$rc" = 1 ] && grep -q "^feedgen.yaml:4:9: error: the private folder '"'"'.feedgen'"'"' is inside the output folder" <<<"$err"'

# A private folder others may enter is made 0700, with a warning (once: then it is private).
chmod 755 "$S/.feedgen"
fg "$S" build
check "a private folder open to others: made 700, one warning" \
	eval '[ "$rc" = 0 ] && [ "$(stat -c %a "$S/.feedgen")" = 700 ] && [ "$err" = ".feedgen: warning: private folder was open to other users (mode 755); made it 700 (expected only its owner to read it)" ]'
fg "$S" build
check "the next run says nothing" test "$rc" = 0 -a -z "$err"

# Takeover: an old public/.feedgen-state is read once, written to .feedgen/state,
# and removed with the old lock file, in the same commit.
T=$WORK/t
site "$T"
mkdir -p "$T/public"
printf '# feedgen state\nfeedgen-state\t1\npending\thttps://news.example.org/feed.xml\thttps://hub.example.net/\t1477000000\t2\tdown\n' >"$T/public/.feedgen-state"
printf '4242\n' >"$T/public/.feedgen.lock"
printf 'hubs: [https://hub.example.net/]\n' >>"$T/feedgen.yaml"
fg "$T" build --no-publish
check "takeover: exit 0" test "$rc" = 0
check "takeover: the old state's pending notification is in .feedgen/state" \
	grep -q "^pending	https://news.example.org/feed.xml	https://hub.example.net/	1477000000	2	down$" "$T/.feedgen/state"
check "takeover: public/.feedgen-state and public/.feedgen.lock are gone" \
	test ! -e "$T/public/.feedgen-state" -a ! -e "$T/public/.feedgen.lock"
# A crash between the rename and the removal: the next run finishes the removal.
printf 'feedgen-state\t1\n' >"$T/public/.feedgen-state"
cp "$T/.feedgen/state" "$WORK/t.state"
fg "$T" build --no-publish
check "a left-over old state beside a new one: removed, and the new one is the one read" \
	eval '[ "$rc" = 0 ] && [ ! -e "$T/public/.feedgen-state" ] && cmp -s "$T/.feedgen/state" "$WORK/t.state"'

# Symbolic links where the lock or the state should be: exit 3 naming them, nothing
# written through them, no dangling target created.
V=$WORK/v
site "$V"
fg "$V" build
printf 'precious\n' >"$WORK/victim"
links() {	# LABEL FILE: the checks for a link in FILE's place, to the victim then dangling
	local label=$1 f=$2 what=$3
	cp -a "$V" "$WORK/l"
	rm -f "$WORK/l/$f"
	ln -s "$WORK/victim" "$WORK/l/$f"
	snapshot "$WORK/l/public" >"$WORK/before"
	fg "$WORK/l" build
	check "$label to a file: exit 3, one line naming it" \
		eval '[ "$rc" = 3 ] && [ "$err" = "$f: error: is a symbolic link; nothing written (expected the $what, a regular file: remove the link)" ]'
	check "$label to a file: the file is unchanged, the feeds untouched" \
		eval '[ "$(cat "$WORK/victim")" = precious ] && snapshot "$WORK/l/public" | cmp -s - "$WORK/before"'
	rm -f "$WORK/l/$f"
	ln -s "$WORK/created" "$WORK/l/$f"
	fg "$WORK/l" build
	check "$label dangling: exit 3, the target is not created" \
		eval '[ "$rc" = 3 ] && [ ! -e "$WORK/created" ] && [ "$err" = "$f: error: is a symbolic link; nothing written (expected the $what, a regular file: remove the link)" ]'
	fg "$WORK/l" build --dry-run
	check "$label dangling, --dry-run: exit 3, the target is not created" \
		test "$rc" = 3 -a ! -e "$WORK/created"
	rm -rf "$WORK/l"
}
links "a link as .feedgen/lock" .feedgen/lock "lock file"
links "a link as .feedgen/state" .feedgen/state "state file"
# The old places (the issue's reproducer): a link is never followed, and removed.
for target in victim created; do
	rm -rf "$WORK/l"
	site "$WORK/l"
	mkdir "$WORK/l/public"
	ln -s "$WORK/$target" "$WORK/l/public/.feedgen.lock"
	fg "$WORK/l" build
	check "public/.feedgen.lock -> $target on a new site: exit 0, silently, the link removed" \
		eval '[ "$rc" = 0 ] && [ -z "$err" ] && [ ! -L "$WORK/l/public/.feedgen.lock" ]'
done
check "... the file it named is unchanged, the dangling target not created" \
	eval '[ "$(cat "$WORK/victim")" = precious ] && [ ! -e "$WORK/created" ]'
rm -f "$WORK/l/public/.feedgen-state"
ln -s "$WORK/victim" "$WORK/l/public/.feedgen.lock"
ln -s "$WORK/created" "$WORK/l/public/.feedgen-state"
fg "$WORK/l" build
check "links as public/.feedgen.lock and public/.feedgen-state beside a new state: exit 0, both links removed" \
	eval '[ "$rc" = 0 ] && [ -z "$err" ] && [ ! -L "$WORK/l/public/.feedgen.lock" ] && [ ! -L "$WORK/l/public/.feedgen-state" ]'
# With no new state, the old one would be read: a link there is refused like the new one.
rm "$WORK/l/.feedgen/state"
ln -s "$WORK/victim" "$WORK/l/public/.feedgen.lock"
ln -s "$WORK/created" "$WORK/l/public/.feedgen-state"
fg "$WORK/l" build
check "links in the old places, no new state: exit 3 naming the state link, nothing created or changed" \
	eval '[ "$rc" = 3 ] && [ "$err" = "public/.feedgen-state: error: is a symbolic link; nothing written (expected the state file, a regular file: remove the link)" ] && [ "$(cat "$WORK/victim")" = precious ] && [ ! -e "$WORK/created" ]'
rm -rf "$WORK/l"

# Not a regular file in entries/: an error at once, never a hang under the lock.
F=$WORK/f
site "$F"
fg "$F" build
snapshot "$F/public" >"$WORK/before"
mkfifo "$F/entries/2016-10-20-f.md"
within 10 "$F" build
check "a FIFO in entries/: exit 1 within 10 s, one located line and the count" \
	eval '[ "$rc" = 1 ] && [ "$err" = "entries/2016-10-20-f.md: error: not a regular file (expected an entry file)
feedgen: 1 error; no feed written, the previous feeds are unchanged" ]'
check "a FIFO in entries/: the feeds untouched" eval 'snapshot "$F/public" | cmp -s - "$WORK/before"'
within 10 "$F" check entries/2016-10-20-f.md
check "check of a named FIFO: exit 1 within 10 s, one located line" \
	eval '[ "$rc" = 1 ] && grep -qx "entries/2016-10-20-f.md: error: not a regular file (expected a file of text)" <<<"$err"'
rm "$F/entries/2016-10-20-f.md"
ln -s /dev/zero "$F/entries/2016-10-20-z.md"
within 10 "$F" build
check "a link to /dev/zero in entries/: exit 1 within 10 s" \
	eval '[ "$rc" = 1 ] && grep -qx "entries/2016-10-20-z.md: error: not a regular file (expected an entry file)" <<<"$err"'
rm "$F/entries/2016-10-20-z.md"

# Existing feeds that are not regular files are rewritten, never read without bound.
fg "$F" build
cp "$F/public/feed.xml" "$F/public/atom.xml" "$WORK/"
rm "$F/public/feed.xml" "$F/public/atom.xml"
ln -s /dev/zero "$F/public/feed.xml"
mkfifo "$F/public/atom.xml"
within 20 "$F" build
check "public/feed.xml -> /dev/zero, public/atom.xml a FIFO: exit 0 within 20 s, silently" test "$rc" = 0 -a -z "$err"
check "both are replaced by regular files with the right feeds" \
	eval '[ -f "$F/public/feed.xml" ] && [ ! -L "$F/public/feed.xml" ] && [ -f "$F/public/atom.xml" ] && cmp -s "$F/public/feed.xml" "$WORK/feed.xml" && cmp -s "$F/public/atom.xml" "$WORK/atom.xml"'
# (whatever happened, the next checks start from regular feeds)
rm -f "$F/public/feed.xml" "$F/public/atom.xml"
cp "$WORK/feed.xml" "$WORK/atom.xml" "$F/public/"
# A state too large to be one: a warning, rebuilt (a sparse file: nothing is read).
truncate -s 65M "$F/.feedgen/state"
within 20 "$F" build
check "a 65 MiB state file: exit 0 with a warning, rebuilt" \
	eval '[ "$rc" = 0 ] && [ "$err" = ".feedgen/state:1:1: warning: state file is corrupt or of another version (expected feedgen state version 1); starting a new one" ] && [ "$(stat -c %s "$F/.feedgen/state")" -lt 10000 ]'
rm "$F/.feedgen/state"
mkfifo "$F/.feedgen/state"
within 10 "$F" build
check "a FIFO as the state file: exit 3 within 10 s, one line naming it" \
	eval '[ "$rc" = 3 ] && [ "$err" = ".feedgen/state: error: is not a regular file; nothing written (expected the state file: remove what is there)" ]'
rm "$F/.feedgen/state"

# readdir and stat failing while entries/ is listed: a system error, nothing written.
fgio() {	# DIR VAR=VALUE...: fg with the shim
	local d=$1; shift
	out=$(cd "$d" && timeout -s KILL 20 env LD_PRELOAD="$SO" "$@" "$FEEDGEN" build 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
}
mkdir -p "$F/entries/2016"
printf -- '---\ntitle: Third\ndate: 2016-10-21T10:00:00-04:00\n---\nThree.\n' >"$F/entries/2016/2016-10-21-third.md"
snapshot "$F/public" >"$WORK/before"
fgio "$F" FAILIO_CALL=readdir FAILIO_ERRNO=EIO FAILIO_NTH=3 FAILIO_PATH="$F/entries"
check "readdir EIO mid-listing: exit 3, one line naming the folder" \
	eval '[ "$rc" = 3 ] && [ "$err" = "entries: error: cannot read the folder: Input/output error" ]'
check "readdir EIO mid-listing: the feeds untouched" eval 'snapshot "$F/public" | cmp -s - "$WORK/before"'
fgio "$F" FAILIO_CALL=readdir FAILIO_ERRNO=EIO FAILIO_PATH="$F/entries/2016"
check "readdir EIO in a sub-folder: exit 3, one line naming it" \
	eval '[ "$rc" = 3 ] && [ "$err" = "entries/2016: error: cannot read the folder: Input/output error" ]'
fgio "$F" FAILIO_CALL=stat FAILIO_ERRNO=EACCES FAILIO_PATH="$F/entries/2016-10-19-second.md\$"
check "stat EACCES on an entry: exit 3, one line naming it" \
	eval '[ "$rc" = 3 ] && [ "$err" = "entries/2016-10-19-second.md: error: cannot stat: Permission denied" ]'
check "stat EACCES: the feeds untouched" eval 'snapshot "$F/public" | cmp -s - "$WORK/before"'
fgio "$F" FAILIO_CALL=stat FAILIO_ERRNO=ENOENT FAILIO_PATH="$F/entries/2016-10-19-second.md\$"
check "stat ENOENT (a file removed while listed): it is left out, exit 0" \
	eval '[ "$rc" = 0 ] && [ -z "$err" ] && ! grep -q Second "$F/public/feed.xml"'
finish
