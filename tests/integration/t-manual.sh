# t-manual.sh: the manual. Every command has --help, and feedgen.1 agrees with
# it option by option (manual_check.py); feedgen.5 names every entry field and
# configuration key there is (manual5_check.py); both pages format without a
# warning from groff or mandoc; make install puts the program, the pages, the
# XSLT, the schemas and the systemd units (naming the installed binary) under
# DESTDIR, and make uninstall takes them away again.
. "$TOP/tests/integration/lib.sh"

check "feedgen --help, COMMAND --help, help COMMAND, feedgen.1 and the README agree" \
	sh -c '"$PYTHON" "$TOP/tests/integration/manual_check.py" "$FEEDGEN" "$TOP/feedgen.1" "$TOP/README.md" >"$WORK/m1" 2>&1'
sed 's/^/  /' "$WORK/m1"
# The same check on a page with one option taken out of watch's synopsis must fail.
awk '/^\.B feedgen watch/ { w = 1 } w && /no\\-caret/ { w = 0; next } { print }' "$TOP/feedgen.1" >"$WORK/bad.1"
if "$PYTHON" "$TOP/tests/integration/manual_check.py" "$FEEDGEN" "$WORK/bad.1" >/dev/null; then
	notok "a synopsis that lost an option is caught"
else
	ok "a synopsis that lost an option is caught"
fi
for c in build check next new publish server-config watch; do
	fg "$WORK" $c --help
	check "$c --help: exit 0, its usage first, nothing on stderr" \
		eval '[ "$rc" = 0 ] && [ -z "$err" ] && [ "${out%%[*}" = "usage: feedgen $c " ]'
done
fg "$WORK" help nonsense
check "help of an unknown command: exit 2" test "$rc" = 2
check "feedgen.5 names every entry field and configuration key" \
	sh -c '"$PYTHON" "$TOP/tests/integration/manual5_check.py" "$TOP" >"$WORK/m5" 2>&1'
sed 's/^/  /' "$WORK/m5"

# lint PAGE: groff with every warning, and mandoc -Tlint, say nothing.
lint() {
	groff -man -Tutf8 -ww -z "$1" >"$WORK/lint" 2>&1 && [ ! -s "$WORK/lint" ] &&
	mandoc -Tlint "$1" >"$WORK/lint" 2>&1 && [ ! -s "$WORK/lint" ]
}
for p in feedgen.1 feedgen.5; do
	check "$p: no warning from groff -ww or mandoc -Tlint" lint "$TOP/$p"
	sed 's/^/  /' "$WORK/lint"
done
printf '.TH X 1\n.SH NAME\nx \\- y\n.BX bogus\n' >"$WORK/bad.1"
if lint "$WORK/bad.1"; then notok "lint catches an unknown macro"; else ok "lint catches an unknown macro"; fi

# make install and uninstall, into a folder, with the build the other tests use.
B=$(dirname "$FEEDGEN")
R=$WORK/root
inst() { make -s -C "$TOP" BUILD="$B" DESTDIR="$R" "$@" >"$WORK/make.out" 2>&1; }
check "make install DESTDIR=... BINDIR=/usr/bin: exit 0" inst BINDIR=/usr/bin install
sed 's/^/  /' "$WORK/make.out"
expected='usr/bin/feedgen
usr/local/lib/systemd/system/feedgen-build.service
usr/local/lib/systemd/system/feedgen-build.timer
usr/local/lib/systemd/system/feedgen-watch.service
usr/local/share/feedgen/feed.xsl
usr/local/share/feedgen/schemas/config.rng
usr/local/share/feedgen/schemas/entry.rng
usr/local/share/man/man1/feedgen.1
usr/local/share/man/man5/feedgen.5'
got=$(cd "$R" && find . -type f -printf '%P\n' | sort)
check "make install: exactly the program, both pages, the XSLT, the schemas, the units" test "$got" = "$expected"
[ "$got" = "$expected" ] || diff <(echo "$expected") <(echo "$got") | sed 's/^/  /'
check "the installed program is the one built" cmp -s "$FEEDGEN" "$R/usr/bin/feedgen"
check "the installed units run the installed program" \
	eval 'grep -qx "ExecStart=/usr/bin/feedgen watch -c /srv/news/feedgen.yaml" "$R/usr/local/lib/systemd/system/feedgen-watch.service" &&
	      grep -qx "ExecStart=/usr/bin/feedgen build -c /srv/news/feedgen.yaml" "$R/usr/local/lib/systemd/system/feedgen-build.service" &&
	      ! grep -q /usr/local "$R"/usr/local/lib/systemd/system/*'
check "the installed units equal the shipped ones but for the path" \
	eval 'for u in feedgen-build.service feedgen-build.timer feedgen-watch.service; do
		sed "s|/usr/bin/feedgen|/usr/local/bin/feedgen|" "$R/usr/local/lib/systemd/system/$u" | cmp -s - "$TOP/contrib/systemd/$u" || exit 1; done'
for p in man1/feedgen.1 man5/feedgen.5; do
	check "man -l shows the installed $p, without a warning" \
		eval 'MANWIDTH=80 man -l "$R/usr/local/share/man/$p" >"$WORK/man.out" 2>"$WORK/man.err" && [ ! -s "$WORK/man.err" ] && grep -q "^NAME" "$WORK/man.out"'
done
check "man finds feedgen(5) on the installed MANPATH" \
	eval 'MANPATH="$R/usr/local/share/man" MANWIDTH=80 man 5 feedgen 2>/dev/null | grep -q "tombstone_days"'
check "make uninstall: exit 0" inst BINDIR=/usr/bin uninstall
check "make uninstall leaves no file" test -z "$(find "$R" -type f)"
finish
