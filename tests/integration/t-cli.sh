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
finish
