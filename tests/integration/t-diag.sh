# t-diag.sh: messages as a reporter sees them: colour on a terminal only and
# never with NO_COLOR; the source line and caret everywhere unless --no-caret;
# entries the cache answers for report nothing.
. "$TOP/tests/integration/lib.sh"
site "$WORK/s"
printf -- '---\ntitle: Bad\ndate: 2016-13-01\n---\nText.\n' >"$WORK/s/entries/2016-10-20-bad.md"
esc=$'\033'
# has TEXT PART / lacks TEXT PART: whether TEXT holds PART (newlines included)
has() { [[ $1 == *"$2"* ]]; }
lacks() { ! has "$1" "$2"; }
# tty ARGS...: feedgen check in the site, stderr on a terminal; sets rc and err
tty() { err=$(cd "$WORK/s" && "$PYTHON" "$TOP/tests/integration/on_tty.py" "$@" "$FEEDGEN" check); rc=$?; }
tty env
check "a terminal: exit 1" test "$rc" = 1
check "a terminal: 'error:' in bold red" grep -qF "${esc}[1;31merror:${esc}[0m 'date' is not a valid date" <<<"$err"
check "a terminal: the place in bold" grep -qF "${esc}[1mentries/2016-10-20-bad.md:3:7:${esc}[0m" <<<"$err"
check "a terminal: the caret in green" grep -qF "      |       ${esc}[1;32m^${esc}[0m" <<<"$err"
check "a terminal: the hint" grep -qF "${esc}[1;36mhint:${esc}[0m dates are year-month-day: did you mean 2016-01-13?" <<<"$err"
tty env NO_COLOR=1
check "NO_COLOR=1 on a terminal: no escape at all" lacks "$err" "$esc"
check "NO_COLOR=1 on a terminal: the caret still" grep -qxF "      |       ^" <<<"$err"
tty env NO_COLOR=
check "NO_COLOR empty (no-color.org: unset): colour" grep -qF "${esc}[1;31merror:" <<<"$err"
tty env TERM=dumb
check "TERM=dumb: no colour" lacks "$err" "$esc"
err=$(cd "$WORK/s" && "$PYTHON" "$TOP/tests/integration/on_tty.py" "$FEEDGEN" check --no-caret)
check "--no-caret on a terminal: colour, one line per error and the count" \
	test "$(grep -c . <<<"$err")" = 2 -a -n "$(grep -F "${esc}[1;31merror:" <<<"$err")"
# Not a terminal (cron mails stderr): plain text, carets by default.
fg "$WORK/s" check
check "stderr to a file: no escape" lacks "$err" "$esc"
check "stderr to a file: the source line and the caret" \
	has "$err" $'    3 | date: 2016-13-01\n      |       ^\n      = hint: dates are year-month-day'
check "check's count of entries" grep -qxF "feedgen: 1 error in 1 of 3 entries" <<<"$err"
fg "$WORK/s" build --now 2026-01-01
check "build's count of entries, and what was not done" \
	grep -qxF "feedgen: 1 error in 1 of 3 entries; no feed written, the previous feeds are unchanged" <<<"$err"
# Entries the cache answers for are valid: they say nothing, the broken one says it all.
rm "$WORK/s/entries/2016-10-20-bad.md"
touch -d '2 minutes ago' "$WORK/s/entries/"*
fg "$WORK/s" build --now 2026-01-01
check "a clean build: silent" test "$rc" = 0 -a -z "$err"
printf -- '---\ntitle: "Quote\ndate: 2016-10-21\n---\nText.\n' >"$WORK/s/entries/2016-10-21-quote.md"
fg "$WORK/s" build --now 2026-01-01 -v
check "cached entries: only the new entry's message" test "$(grep -c 'error:' <<<"$err")" = 1
check "the unclosed quote at its opening quote" \
	has "$err" $'entries/2016-10-21-quote.md:2:8: error: this quoted value is never closed (expected a closing " at its end)\n    2 | title: "Quote\n      |        ^\n'
finish
