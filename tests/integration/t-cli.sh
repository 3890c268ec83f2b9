# t-cli.sh: usage errors exit 2 with a usage line; --help and --version exit 0.
. "$TOP/tests/integration/lib.sh"
site "$WORK/s"
fg "$WORK/s"
check "no command exits 2" test "$rc" = 2
check "no command says so" grep -q "no command given" <<<"$err"
fg "$WORK/s" frobnicate
check "unknown command exits 2" test "$rc" = 2
check "unknown command names it" grep -q "unknown command 'frobnicate'" <<<"$err"
fg "$WORK/s" build --bogus
check "unknown option exits 2" test "$rc" = 2
check "unknown option names it" grep -q "unknown option '--bogus'" <<<"$err"
fg "$WORK/s" build -c
check "missing option value exits 2" test "$rc" = 2
fg "$WORK/s" --help
check "--help exits 0 and prints usage" test "$rc" = 0 -a -n "$out"
fg "$WORK/s" --version
check "--version prints the version" grep -q '^feedgen [0-9]' <<<"$out"
fg "$WORK/s" build --now 'next tuesday'
check "bad --now exits 1" test "$rc" = 1
check "bad --now says why" grep -q "^feedgen: error: --now 'next tuesday' is not a valid time" <<<"$err"
fg "$WORK/s" build -c missing.yaml
check "missing config exits 3" test "$rc" = 3
check "missing config names the file and reason" grep -q "^missing.yaml: error: cannot open: No such file or directory" <<<"$err"
fg "$WORK/s" build -xq
check "an unknown option inside a bundle is named (-x)" grep -q "unknown option '-x'" <<<"$err"
# What a command prints must arrive: a full stdout is an error, said on stderr.
(cd "$WORK/s" && "$FEEDGEN" next --now 2016-10-20 >/dev/full 2>"$WORK/full.err"); rc=$?
check "next to a full stdout: exit 3, said" \
	test "$rc" = 3 -a "$(cat "$WORK/full.err")" = "feedgen: error: cannot write to standard output: No space left on device"
# --dry-run writes nothing at all: no output folder, no lock file, no state.
site "$WORK/dry"
fg "$WORK/dry" build --dry-run -v
check "dry run on a new site: exit 0, says what would change" \
	eval '[ "$rc" = 0 ] && grep -q "public/feed.xml would be changed" <<<"$err"'
check "dry run on a new site: creates no output folder" test ! -e "$WORK/dry/public"
fg "$WORK/dry" build
printf -- '---\ntitle: Third\ndate: 2016-10-20\n---\nThree.\n' >"$WORK/dry/entries/2016-10-20-third.md"
snap() { (cd "$WORK/dry/public" && find . -type f -printf '%P %s %T@\n' | sort); }
before=$(snap)
fg "$WORK/dry" build --dry-run
check "dry run after a build: every file in public/ untouched, state and lock included" \
	test "$rc" = 0 -a "$before" = "$(snap)"
finish
