# t-io-failure.sh: a system call failing while the feeds are written (through
# the failio.c LD_PRELOAD shim, on public/ or the private .feedgen/ only) ends the run with exit 3 and one
# line naming the path and the system's reason; the previous feeds stay
# byte-identical and valid, no temporary is left (or the next run removes it),
# and the next normal run writes the new feeds.
. "$TOP/tests/integration/lib.sh"
WORK=$(realpath "$WORK")
failio_so

# fgio DIR VAR=VALUE... -- ARGS...: fg with the shim preloaded and the FAILIO_* settings
fgio() {
	local d=$1 e=()
	shift
	while [ "$1" != -- ]; do e+=("$1"); shift; done
	shift
	out=$(cd "$d" && env LD_PRELOAD="$SO" "${e[@]}" "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
}
feeds_are() { cmp -s "$1/feed.xml" "$2/feed.xml" && cmp -s "$1/atom.xml" "$2/atom.xml"; }
# one_of FILE OLD NEW: FILE is byte-identical to OLD or to NEW; prints which
one_of() { if cmp -s "$1" "$2"; then echo old; elif cmp -s "$1" "$3"; then echo new; else echo neither; return 1; fi; }
temps() { ls -A "$1" | grep '^\.feedgen-tmp-'; }
no_temps() { ! temps "$1" >/dev/null; }
# edit SITE: the change between the old and the new version of the entries
edit() { printf -- '---\ntitle: Second, corrected\ndate: 2016-10-19T10:00:00-04:00\n---\nTwo, now with a correction.\n' >"$1/entries/2016-10-19-second.md"; }

# The old version, built; the new version's feeds, from a separate clean run.
site "$WORK/base"
fg "$WORK/base" build
check "the old version builds" test "$rc" = 0 -a -z "$err"
mkdir "$WORK/old" "$WORK/new"
cp "$WORK/base/public/feed.xml" "$WORK/base/public/atom.xml" "$WORK/old/"
cp -a "$WORK/base" "$WORK/n"
edit "$WORK/n"
fg "$WORK/n" build
cp "$WORK/n/public/feed.xml" "$WORK/n/public/atom.xml" "$WORK/new/"
check "the new version builds, valid and different from the old" \
	eval 'test "$rc" = 0 && valid_feeds "$WORK/new" && ! cmp -s "$WORK/old/feed.xml" "$WORK/new/feed.xml" && ! cmp -s "$WORK/old/atom.xml" "$WORK/new/atom.xml"'

S=$WORK/s
# fresh: S is the old site, built, with the entry changed since
fresh() { rm -rf "$S"; cp -a "$WORK/base" "$S"; edit "$S"; }

# recovers LABEL: a normal run after the failure exits 0 and writes the new feeds, no temporaries
recovers() {
	fg "$S" build
	if [ "$rc" = 0 ] && [ -z "$err" ] && feeds_are "$S/public" "$WORK/new" && no_temps "$S/public"; then
		ok "$1: the next run exits 0 and writes the new feeds, no temporary left"
	else
		notok "$1: the next run exits 0 and writes the new feeds, no temporary left (rc=$rc, err: $err; left: $(temps "$S/public" | tr '\n' ' '))"
	fi
}

# is_line TEXT WANT: TEXT is exactly the line WANT, or, when WANT starts with '~',
# one line matching the extended regular expression after it
is_line() {
	case $2 in
	~*) [ "$(wc -l <<<"$1")" = 1 ] && grep -Eqx -- "${2#\~}" <<<"$1" ;;
	*) [ "$1" = "$2" ] ;;
	esac
}
# fails LABEL EXPECTED_STDERR VAR=VALUE...: with the settings, a build of the changed
# site exits 3, prints exactly the expected line, and leaves the old feeds as they were.
fails() {
	local label=$1 want=$2
	shift 2
	fresh
	fgio "$S" FAILIO_PATH="$S/public/" "$@" -- build
	if [ "$rc" = 3 ] && is_line "$err" "$want" && [ -z "$out" ]; then
		ok "$label: exit 3, one line: $want"
	else
		notok "$label: exit 3, one line: $want (got rc=$rc, stderr: $(printf '%s' "$err" | tr '\n' '|'), stdout: $out)"
	fi
	if feeds_are "$S/public" "$WORK/old" && valid_feeds "$S/public"; then
		ok "$label: the old feeds are byte-identical and valid"
	else
		notok "$label: the old feeds are byte-identical and valid (feed.xml $(one_of "$S/public/feed.xml" "$WORK/old/feed.xml" "$WORK/new/feed.xml"), atom.xml $(one_of "$S/public/atom.xml" "$WORK/old/atom.xml" "$WORK/new/atom.xml"))"
	fi
	check "$label: no temporary left behind" no_temps "$S/public"
	recovers "$label"
}

# call and errno pairs that matter, with the exact line each must give
F="public/feed.xml: error"
fails "write ENOSPC" "$F: cannot write: No space left on device" FAILIO_CALL=write FAILIO_ERRNO=ENOSPC
fails "write ENOSPC after a short write" "$F: cannot write: No space left on device" FAILIO_CALL=write FAILIO_ERRNO=ENOSPC FAILIO_PARTIAL=1
fails "write EIO" "$F: cannot write: Input/output error" FAILIO_CALL=write FAILIO_ERRNO=EIO
fails "write EDQUOT" "$F: cannot write: Disk quota exceeded" FAILIO_CALL=write FAILIO_ERRNO=EDQUOT
fails "write EFBIG" "$F: cannot write: File too large" FAILIO_CALL=write FAILIO_ERRNO=EFBIG
fails "fsync EIO" "$F: cannot sync: Input/output error" FAILIO_CALL=fsync FAILIO_ERRNO=EIO
fails "fsync ENOSPC" "$F: cannot sync: No space left on device" FAILIO_CALL=fsync FAILIO_ERRNO=ENOSPC
fails "fsync EDQUOT" "$F: cannot sync: Disk quota exceeded" FAILIO_CALL=fsync FAILIO_ERRNO=EDQUOT
fails "close EDQUOT" "$F: cannot write: Disk quota exceeded" FAILIO_CALL=close FAILIO_ERRNO=EDQUOT FAILIO_WRITABLE=1
fails "close EIO" "$F: cannot write: Input/output error" FAILIO_CALL=close FAILIO_ERRNO=EIO FAILIO_WRITABLE=1
# The state file, which records what hubs are owed, is renamed first: the first rename to fail is its.
FS=".feedgen/state: error"
fails "rename EROFS" "$FS: cannot replace: Read-only file system" FAILIO_CALL=rename FAILIO_ERRNO=EROFS FAILIO_PATH="$S/"
fails "rename EACCES" "$FS: cannot replace: Permission denied" FAILIO_CALL=rename FAILIO_ERRNO=EACCES FAILIO_PATH="$S/"
fails "rename ENOSPC" "$FS: cannot replace: No space left on device" FAILIO_CALL=rename FAILIO_ERRNO=ENOSPC FAILIO_PATH="$S/"
fails "mkstemp EACCES" "$F: cannot create a temporary file beside: Permission denied" FAILIO_CALL=mkstemp FAILIO_ERRNO=EACCES
fails "mkstemp EROFS" "$F: cannot create a temporary file beside: Read-only file system" FAILIO_CALL=mkstemp FAILIO_ERRNO=EROFS
fails "mkstemp ENOSPC" "$F: cannot create a temporary file beside: No space left on device" FAILIO_CALL=mkstemp FAILIO_ERRNO=ENOSPC
fails "mkstemp EDQUOT" "$F: cannot create a temporary file beside: Disk quota exceeded" FAILIO_CALL=mkstemp FAILIO_ERRNO=EDQUOT
fails "open EACCES" ".feedgen/lock: error: cannot open the lock file: Permission denied" FAILIO_CALL=open FAILIO_ERRNO=EACCES FAILIO_PATH="$S/.feedgen/"
fails "open EROFS" ".feedgen/lock: error: cannot open the lock file: Read-only file system" FAILIO_CALL=open FAILIO_ERRNO=EROFS FAILIO_PATH="$S/.feedgen/"
# (the wording for a failed fchmod is the program's to choose: only the shape is checked)
fails "fchmod EPERM" "~public/feed\.xml: error: [a-z][^:]*: Operation not permitted" FAILIO_CALL=fchmod FAILIO_ERRNO=EPERM
# The real /dev/full: the temporary's descriptor is pointed at it, the kernel says ENOSPC.
fails "write to /dev/full" "$F: cannot write: No space left on device" FAILIO_DEVFULL=1

# The cleanup failing too: the temporary stays, and the next run removes it.
fresh
fgio "$S" FAILIO_PATH="$S/public/" FAILIO_CALL=write,unlink FAILIO_ERRNO=EIO -- build
left=$(temps "$S/public" | wc -l)
check "write and unlink EIO: exit 3, one line, the old feeds byte-identical and valid" \
	eval '[ "$rc" = 3 ] && [ "$err" = "$F: cannot write: Input/output error" ] && feeds_are "$S/public" "$WORK/old" && valid_feeds "$S/public"'
check "write and unlink EIO: the temporary is left behind ($left)" test "$left" = 1
recovers "write and unlink EIO"

# after LABEL EXPECTED_STDERR FAILIO_PATH VAR=VALUE...: a failure after feed.xml was
# staged: exit 3 and the line; each feed is whole, old or new, and valid. With
# BOTH_OLD=1 (a failure while staging, before any rename) both feeds must be old.
after() {
	local label=$1 want=$2 path=$3 f a
	shift 3
	fresh
	fgio "$S" FAILIO_PATH="$path" "$@" -- build
	f=$(one_of "$S/public/feed.xml" "$WORK/old/feed.xml" "$WORK/new/feed.xml")
	a=$(one_of "$S/public/atom.xml" "$WORK/old/atom.xml" "$WORK/new/atom.xml")
	if [ "$rc" = 3 ] && [ "$err" = "$want" ]; then
		ok "$label: exit 3, one line: $want"
	else
		notok "$label: exit 3, one line: $want (got rc=$rc, stderr: $(printf '%s' "$err" | tr '\n' '|'))"
	fi
	if [ "$f" != neither ] && [ "$a" != neither ] && valid_feeds "$S/public" && no_temps "$S/public"; then
		ok "$label: each feed whole and valid (feed.xml $f, atom.xml $a), no temporary left"
	else
		notok "$label: each feed whole and valid (feed.xml $f, atom.xml $a), no temporary left"
	fi
	if [ -n "${BOTH_OLD:-}" ]; then
		check "$label: staging failed, so no file was replaced: both feeds old" \
			test "$f" = old -a "$a" = old
	fi
	recovers "$label"
}
BOTH_OLD=1 after "atom.xml write ENOSPC" "public/atom.xml: error: cannot write: No space left on device" \
	"$S/public/.feedgen-tmp-atom.xml" FAILIO_CALL=write FAILIO_ERRNO=ENOSPC
after "atom.xml rename EROFS" "public/atom.xml: error: cannot replace: Read-only file system" \
	"$S/public/atom.xml\$" FAILIO_CALL=rename FAILIO_ERRNO=EROFS
BOTH_OLD=1 after "state file write ENOSPC" ".feedgen/state: error: cannot write: No space left on device" \
	"$S/.feedgen/.feedgen-tmp-state" FAILIO_CALL=write FAILIO_ERRNO=ENOSPC
after "output folder fsync EIO" "public: error: cannot sync the folder: Input/output error" \
	"$S/public\$" FAILIO_CALL=fsync FAILIO_ERRNO=EIO

# The output folder's path is a regular file.
site "$WORK/rf"
printf 'not a folder\n' >"$WORK/rf/public"
cp "$WORK/rf/public" "$WORK/rf.orig"
fg "$WORK/rf" build
check "output folder is a regular file: exit 3, one line naming it" \
	eval '[ "$rc" = 3 ] && [ "$err" = "public: error: cannot create the output folder: Not a directory" ]'
check "output folder is a regular file: the file is untouched" cmp -s "$WORK/rf/public" "$WORK/rf.orig"
rm "$WORK/rf/public"
printf 'output: out/public\n' >>"$WORK/rf/feedgen.yaml"
printf 'not a folder\n' >"$WORK/rf/out"
fg "$WORK/rf" build
check "output folder's parent is a regular file: exit 3, one line naming it" \
	eval '[ "$rc" = 3 ] && [ "$err" = "out/public: error: cannot create the output folder: Not a directory" ]'

# Real permissions, not the shim: a user who may not write public/ (root may write anywhere).
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$FEEDGEN" --version >/dev/null 2>&1; then
	fresh
	chmod 755 "$WORK" "$S" "$S/entries" "$S/public"
	chmod 644 "$S"/entries/* "$S/feedgen.yaml" "$S/public/"*
	# feedgen's user owns its private folder, not the output folder.
	chown -R nobody "$S/.feedgen"
	out=$(cd "$S" && setpriv --reuid=nobody --regid=nogroup --clear-groups "$FEEDGEN" build 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
	if [ "$rc" = 3 ] && [ "$err" = "$F: cannot create a temporary file beside: Permission denied" ]; then
		ok "public/ not writable (real EACCES): exit 3, one line: $err"
	else
		notok "public/ not writable (real EACCES): exit 3, one line naming public/feed.xml (got rc=$rc, stderr: $(printf '%s' "$err" | tr '\n' '|'))"
	fi
	check "public/ not writable (real EACCES): the old feeds are byte-identical and valid, no temporary" \
		eval 'feeds_are "$S/public" "$WORK/old" && valid_feeds "$S/public" && no_temps "$S/public"'
	chown root "$S/.feedgen/lock"
	chmod 644 "$S/.feedgen/lock"
	out=$(cd "$S" && setpriv --reuid=nobody --regid=nogroup --clear-groups "$FEEDGEN" build 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
	check "lock file not writable (real EACCES): exit 3, one line naming it" \
		eval '[ "$rc" = 3 ] && [ "$err" = ".feedgen/lock: error: cannot open the lock file: Permission denied" ]'
	recovers "public/ not writable (real EACCES)"
else
	ok "real EACCES as user nobody # SKIP setpriv, user nobody or access to $FEEDGEN missing"
fi
finish
