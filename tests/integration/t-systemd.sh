# t-systemd.sh: the shipped units (contrib/systemd) pass `systemd-analyze verify`
# without a word, with ExecStart pointing at the built binary (verify wants it
# to exist); `systemd-analyze security --offline` rates each service's
# exposure 2.0 or lower. A unit with a misspelt setting is caught, so the
# checks can fail.
. "$TOP/tests/integration/lib.sh"

U=$WORK/units
mkdir -p "$U"
for f in "$TOP"/contrib/systemd/*; do
	sed "s|/usr/local/bin/feedgen|$FEEDGEN|" "$f" >"$U/$(basename "$f")"
done
# verify FILE...: systemd-analyze verify, clean: exit 0 and nothing said
verify() { (cd "$U" && systemd-analyze verify --man=no "$@" >"$WORK/verify.out" 2>&1) && [ ! -s "$WORK/verify.out" ]; }

check "three units are shipped" test "$(ls "$U" | wc -l)" = 3
check "the units pass systemd-analyze verify cleanly" verify ./feedgen-watch.service ./feedgen-build.service ./feedgen-build.timer
[ -s "$WORK/verify.out" ] && sed 's/^/  /' "$WORK/verify.out"
for s in feedgen-watch feedgen-build; do
	check "$s.service: exposure 2.0 or lower ($(cd "$U" && systemd-analyze security --offline=true --man=no "./$s.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: //p'))" \
	    sh -c "cd '$U' && systemd-analyze security --offline=true --man=no --threshold=20 './$s.service' >/dev/null 2>&1"
done
check "the watch unit runs feedgen watch" grep -q "^ExecStart=$FEEDGEN watch " "$U/feedgen-watch.service"
check "the build unit runs feedgen build" grep -q "^ExecStart=$FEEDGEN build " "$U/feedgen-build.service"
check "the timer starts the build unit every minute" grep -q '^OnCalendar=\*-\*-\* \*:\*:00$' "$U/feedgen-build.timer"
sed 's/^ProtectSystem=strict/ProtectSystem=strcit/' "$U/feedgen-watch.service" >"$U/misspelt.service"
if verify ./misspelt.service; then notok "a misspelt setting is caught by the same check"; else ok "a misspelt setting is caught by the same check"; fi
finish
