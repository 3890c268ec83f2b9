# t-progress.sh: progress on stderr. On a terminal (a pty here) a run that
# takes a while shows "feedgen: reading entries N" redrawn with \r and erased
# before any message and at the end; on a pipe or a file, and with -q, not a
# byte of it. The failio shim stalls the 5th entry read for 400 ms, so the run
# is long enough to draw whatever the machine's speed.
. "$TOP/tests/integration/lib.sh"

S=$WORK/s
site "$S"
for i in $(seq 10 69); do
	printf -- '---\ntitle: Item %s\ndate: 2016-09-%02dT10:00:00Z\n---\nText.\n' "$i" $((i % 28 + 1)) \
	    >"$S/entries/2016-09-$(printf %02d $((i % 28 + 1)))-item-$i.md"
done
# One invalid entry, late in the walk: its message comes while progress is drawn.
printf -- '---\ntitle: Bad\ndate: 2016-13-01\n---\nText.\n' >"$S/entries/2016-12-01-zz-bad.md"
failio_so
# NO_COLOR: the pty's bytes are compared with a pipe's, which never has colour
# (with TERM set, as in a terminal session, the pty's would).
STALL="NO_COLOR=1 LD_PRELOAD=$SO FAILIO_PATH=$S/entries/ FAILIO_SLEEP_AT=5 FAILIO_SLEEP_MS=400"

# pty OUT ARGS...: feedgen ARGS in $S with stderr (and stdout) on a pty; the bytes in OUT
pty() {
	local out=$1; shift
	(cd "$S" && env $STALL PTY_OUT="$out" "$PYTHON" -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
open(os.environ["PTY_OUT"], "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status))
' "$FEEDGEN" "$@")
}
# lines OUT: what a terminal shows of each line (the text after its last \r)
shows() { "$PYTHON" -c '
import sys
for line in open(sys.argv[1], "rb").read().decode().replace("\r\n", "\n").split("\n"):
    print(line.split("\r")[-1].rstrip(" "))' "$1"; }

# lacks PATTERN FILE: FILE has no line matching PATTERN
lacks() { ! grep -q -- "$1" "$2"; }

pty "$WORK/check.pty" check -j 1
rc=$?
check "check on a terminal exits 1 for the bad entry ($rc)" test "$rc" = 1
check "on a terminal, progress is drawn" grep -q 'feedgen: reading entries [0-9]' "$WORK/check.pty"
check "the count is redrawn in place with \\r" grep -q $'\rfeedgen: reading entries [0-9]' "$WORK/check.pty"
check "the total is shown once the walk has ended" grep -qE 'feedgen: reading entries [0-9]+/63' "$WORK/check.pty"
check "what the terminal shows in the end: the messages only, each on its own line" \
    test "$(shows "$WORK/check.pty" | grep -v '^$')" = "$(cd "$S" && "$FEEDGEN" check -j 1 2>&1)"
shows "$WORK/check.pty" >"$WORK/check.shown"
check "nothing of the progress line is left on screen" lacks 'reading entries' "$WORK/check.shown"

pty "$WORK/build.pty" build --no-cache -j 1
check "build draws progress on a terminal too" grep -q 'feedgen: reading entries [0-9]' "$WORK/build.pty"

pty "$WORK/quiet.pty" check -q -j 1
check "-q: no progress on a terminal" lacks 'reading entries' "$WORK/quiet.pty"

(cd "$S" && env $STALL "$FEEDGEN" check -j 1 2>"$WORK/file.err")
check "stderr to a file: no progress" lacks 'reading entries' "$WORK/file.err"
check "stderr to a file: no \\r" lacks $'\r' "$WORK/file.err"
err=$(cd "$S" && env $STALL "$FEEDGEN" check -j 1 2>&1 | cat)
printf '%s\n' "$err" >"$WORK/pipe.err"
check "stderr to a pipe: no progress" lacks 'reading entries' "$WORK/pipe.err"
check "stderr to a pipe: the messages as on a terminal" test "$err" = "$(shows "$WORK/check.pty" | grep -v '^$')"
finish
