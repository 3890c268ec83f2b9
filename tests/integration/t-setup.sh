# t-setup.sh: the calls feedgen makes while setting up are checked (issue 7,
# point 16): setenv("TZ") failing, a time zone glibc cannot load, and libcurl
# refusing an option (the http/https restriction above all) each end the run
# with exit 3 and a line naming what failed, instead of going on silently.
. "$TOP/tests/integration/lib.sh"
WORK=$(realpath "$WORK")
SO=$WORK/failsetup.so
if ! cc -shared -fPIC -o "$SO" "$TOP/tests/integration/failsetup.c" -ldl 2>"$WORK/cc.err"; then
	notok "failsetup.c builds: $(head -3 "$WORK/cc.err")"
	finish
	exit
fi
# fgenv DIR VAR=VALUE... -- ARGS...: fg with those variables set
fgenv() {
	local d=$1 e=()
	shift
	while [ "$1" != -- ]; do e+=("$1"); shift; done
	shift
	out=$(cd "$d" && env "${e[@]}" "$FEEDGEN" "$@" 2>"$WORK/.err")
	rc=$?
	err=$(cat "$WORK/.err")
}

# setenv failing (ENOMEM): the site's zone would be lost and plain dates read in another.
site "$WORK/a"
fgenv "$WORK/a" LD_PRELOAD="$SO" FAILSETUP_SETENV=TZ -- build
check "setenv TZ failing: exit 3" test "$rc" = 3
check "setenv TZ failing: says so, with the system's reason" \
	test "$err" = "feedgen.yaml: error: cannot set the time zone 'America/New_York': Cannot allocate memory"
check "setenv TZ failing: no feed written" test ! -e "$WORK/a/public/feed.xml"

# A zone file whose header passes but which glibc cannot load: glibc would use UTC silently.
site "$WORK/b"
mkdir -p "$WORK/zones/Mars"
head -c 100 /usr/share/zoneinfo/America/New_York >"$WORK/zones/Mars/Base"
sed -i 's|^timezone: .*|timezone: Mars/Base|' "$WORK/b/feedgen.yaml"
fgenv "$WORK/b" TZDIR="$WORK/zones" -- build
check "a zone glibc cannot load: exit 3" test "$rc" = 3
check "a zone glibc cannot load: says so" test "$err" = "feedgen.yaml: error: the C library could not load \
time zone 'Mars/Base' (its file is damaged or unreadable; plain dates would be read as UTC)"
check "a zone glibc cannot load: no feed written" test ! -e "$WORK/b/public/feed.xml"
cp /usr/share/zoneinfo/America/New_York "$WORK/zones/Mars/Base"
fgenv "$WORK/b" TZDIR="$WORK/zones" -- build
check "the same zone, whole: exit 0" test "$rc" = 0 -a -z "$err"

# libcurl refusing CURLOPT_PROTOCOLS_STR: no request without the http/https restriction.
site "$WORK/c"
printf 'hubs: ["http://127.0.0.1:9/"]\nwebsub:\n  attempts: 1\n' >>"$WORK/c/feedgen.yaml"
fgenv "$WORK/c" LD_PRELOAD="$SO" FAILSETUP_CURLOPT=10318 -- build
check "curl_easy_setopt failing: exit 3" test "$rc" = 3
check "curl_easy_setopt failing: names the option and keeps the notification" \
	test "$(grep -c "CURLOPT_PROTOCOLS_STR: .*kept pending" <<<"$err")" = 2
check "curl_easy_setopt failing: the feeds are written" valid_feeds "$WORK/c/public"
fgenv "$WORK/c" -- publish
check "curl_easy_setopt failing: the next publish sends both again" \
	test "$rc" = 4 -a "$(grep -c "hub http://127.0.0.1:9/ was not notified" <<<"$err")" = 2

finish
