# t-cli.sh: usage errors exit 2 with a usage line; --help and --version exit 0;
# --dry-run per command; an option a command does not use is refused.
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
# publish --dry-run lists what a real publish would send, sends nothing and
# leaves the state (and everything else) as it was. The hub is a closed port:
# a send would fail and change the state.
P=$WORK/pub
site "$P"
printf 'hubs: [http://127.0.0.1:9/]\nwebsub:\n  attempts: 1\n' >>"$P/feedgen.yaml"
fg "$P" build --no-publish --now 2016-10-20
check "build --no-publish: exit 0, two notifications pending" test "$rc" = 0
find "$P" -path "$P/entries" -prune -o -type f -exec touch -d '2020-01-01 00:00:00' {} +
psnap() { (cd "$P" && find . -path ./entries -prune -o -type f -printf '%P %s %T@ ' -exec sha256sum {} \; | sort); }
before=$(psnap)
fg "$P" publish --dry-run
check "publish --dry-run: exit 0, nothing on stderr ($err)" test "$rc" = 0 -a -z "$err"
check "publish --dry-run: one line per notification it would send" test "$out" = "$(printf 'would notify http://127.0.0.1:9/ of https://news.example.org/feed.xml\nwould notify http://127.0.0.1:9/ of https://news.example.org/atom.xml')"
check "publish --dry-run: state and feeds untouched, bytes and mtimes" test "$before" = "$(psnap)"
site "$WORK/fresh"
fg "$WORK/fresh" publish -n
check "publish --dry-run on a site never built: exit 0, nothing said, nothing created" \
	test "$rc" = 0 -a -z "$out" -a -z "$err" -a ! -e "$WORK/fresh/public"
# check, next and server-config write nothing anyway: --dry-run is accepted and changes nothing.
for c in "check" "next --now 2016-10-20" "server-config nginx"; do
	fg "$WORK/s" $c
	plain="$rc|$out|$err"
	fg "$WORK/s" $c --dry-run
	check "$c --dry-run: the same as without" test "$rc|$out|$err" = "$plain"
done
# Each command's --help says what --dry-run does for it; watch's does not offer it.
fg "$WORK/s" build --help; b=$(grep -e '-n, --dry-run ' <<<"$out")
fg "$WORK/s" new --help; n=$(grep -e '-n, --dry-run ' <<<"$out")
fg "$WORK/s" publish --help; p=$(grep -e '-n, --dry-run ' <<<"$out")
fg "$WORK/s" check --help; k=$(grep -e '-n, --dry-run ' <<<"$out")
fg "$WORK/s" watch --help; w=$(grep -e '--dry-run' <<<"$out")
check "COMMAND --help says what --dry-run does for each command" \
	eval 'grep -q "say what would change" <<<"$b" && grep -q "print the path and the text" <<<"$n" && grep -q "print the notifications" <<<"$p" && grep -q "writes nothing anyway" <<<"$k" && [ -z "$w" ]'
# An option a command would ignore is refused, not silently dropped.
for c in "check --now 2016-10-20" "publish --now 2016-10-20" "build --category x" "next --no-publish" "server-config nginx --category x"; do
	fg "$WORK/s" $c
	check "$c: usage error, exit 2, naming the option" \
		eval '[ "$rc" = 2 ] && grep -q "^feedgen: error: option '"'"'--[a-z-]*'"'"' does nothing for ${c%% *} (see feedgen ${c%% *} --help)$" <<<"$err"'
done
# check names a file that is not there as missing (exit 1, input), whatever its name.
fg "$WORK/s" check entries/nope.md
check "check of a missing file: exit 1, 'no such file', then the count" \
	test "$rc" = 1 -a "$err" = "$(printf 'entries/nope.md: error: no such file\nfeedgen: 1 error in 1 of 1 entry')"
# next and server-config write nothing: their closing line after input errors says no more than the count.
site "$WORK/bad"
printf -- '---\ntitle: Bad\ndate: 2016-10-20\ndraft: maybe\n---\nx\n' >"$WORK/bad/entries/2016-10-20-bad.md"
fg "$WORK/bad" next --now 2016-10-20
check "next with an invalid entry: exit 1, the error, then only the count" \
	eval '[ "$rc" = 1 ] && [ -z "$out" ] && [ "$(tail -1 <<<"$err")" = "feedgen: 1 error in 1 of 3 entries" ]'
printf 'title: T\nurl: https://news.example.org/\n' >"$WORK/bad/partial.yaml"
fg "$WORK/bad" publish -c partial.yaml
check "publish with an invalid configuration: exit 1, then 'nothing sent'" \
	eval '[ "$rc" = 1 ] && [ "$(tail -1 <<<"$err")" = "feedgen: 1 error; nothing sent" ]'
finish
