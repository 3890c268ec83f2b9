# t-server-config.sh: the snippets `feedgen server-config` prints, loaded by
# the real servers a newsroom runs (Debian's nginx and Apache, started here on
# 127.0.0.1 only): every file a build writes (the site's feeds, each
# category's and author's, each archive page, in RSS, Atom and JSON Feed) is
# served with its Content-Type and Link headers naming exactly its own self
# URL and every hub (W3C WebSub 4.1), and a file that is not a feed gets none.
. "$TOP/tests/integration/lib.sh"

S=$WORK/s
site "$S"
cat >"$S/feedgen.yaml" <<'YAML'
title: Test Newsroom
url: https://news.example.org/news/
author: Test Desk
timezone: America/New_York
feeds: [rss, atom, json]
limit: 1
archive: 1
category_feeds: true
author_feeds: true
hubs: ["https://hub.example.net/", "https://hub2.example.net/websub"]
YAML
printf -- '---\ntitle: First\ndate: 2016-10-18T10:00:00-04:00\ncategories: [Policy]\n---\nOne.\n' >"$S/entries/2016-10-18-first.md"
printf -- '---\ntitle: Second\ndate: 2016-10-19T10:00:00-04:00\ncategories: [Policy, Press]\nauthor: Zoë Ann\n---\nTwo.\n' >"$S/entries/2016-10-19-second.md"
printf -- '---\ntitle: Third\ndate: 2016-10-20T10:00:00-04:00\n---\nThree.\n' >"$S/entries/2016-10-20-third.md"
fg "$S" build --no-publish
check "the site builds: exit 0" test "$rc" = 0
(cd "$S/public" && find . -type f | sed 's|^\./||' | sort) >"$WORK/files"
want_files="archive/1/atom.xml archive/1/feed.xml archive/2/atom.xml archive/2/feed.xml atom.xml authors/test-desk/atom.xml authors/test-desk/feed.json authors/test-desk/feed.xml authors/zoe-ann/atom.xml authors/zoe-ann/feed.json authors/zoe-ann/feed.xml categories/policy/atom.xml categories/policy/feed.json categories/policy/feed.xml categories/press/atom.xml categories/press/feed.json categories/press/feed.xml feed.json feed.xml"
check "every kind of file is there to serve: $(tr '\n' ' ' <"$WORK/files")" \
	test "$(tr '\n' ' ' <"$WORK/files" | sed 's/ $//')" = "$want_files"
# A file that is not a feed, beside them: it must get no feed headers.
echo "hello" >"$S/public/notes.txt"
mkdir -p "$S/public/categories/policy/old"
echo "<x/>" >"$S/public/categories/policy/old/feed.xml.bak"

# The servers' document root: /news/ is the output folder, as the site's URL says.
mkdir -p "$WORK/www"
ln -s "$S/public" "$WORK/www/news"
chmod -R a+rX "$WORK" 2>/dev/null	# Apache's children drop root: they must read the files

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_up PORT: until the server answers (5 s at most)
wait_up() {
	local i
	for i in $(seq 100); do
		curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
		sleep 0.05
	done
	return 1
}

# served NAME PORT: every file's headers, checked against what its path says
served() {
	local name=$1 port=$2 f type want_type links self_n bad=""
	while read -r f; do
		curl -s -D "$WORK/h" -o /dev/null "http://127.0.0.1:$port/news/$f"
		type=$(grep -i '^content-type:' "$WORK/h" | head -1 | sed 's/^[^:]*: *//; s/\r$//')
		case $f in
		*feed.xml) want_type="application/rss+xml; charset=utf-8" ;;
		*atom.xml) want_type="application/atom+xml; charset=utf-8" ;;
		*feed.json) want_type="application/feed+json" ;;
		esac
		# Link headers, one link a line, however the server folds them.
		links=$(grep -i '^link:' "$WORK/h" | sed 's/^[^:]*: *//; s/\r$//' | tr ',' '\n' | sed 's/^ *//' | sort)
		want_links=$(printf '%s\n' "<https://hub.example.net/>; rel=\"hub\"" \
			"<https://hub2.example.net/websub>; rel=\"hub\"" \
			"<https://news.example.org/news/$f>; rel=\"self\"" | sort)
		if ! grep -q '^HTTP/1.1 200' "$WORK/h"; then
			bad+=" $f: $(head -1 "$WORK/h" | tr -d '\r')"
		elif [ "$type" != "$want_type" ]; then
			bad+=" $f: Content-Type '$type'"
		elif [ "$links" != "$want_links" ]; then
			bad+=" $f: Link [$(tr '\n' '|' <<<"$links")]"
		fi
	done <"$WORK/files"
	if [ -z "$bad" ]; then ok "$name serves each of the $(wc -l <"$WORK/files") files with its type, its own self link and both hubs"
	else notok "$name:$bad"; fi
	curl -s -D "$WORK/h" -o /dev/null "http://127.0.0.1:$port/news/notes.txt"
	check "$name: a file that is not a feed gets no Link header" eval '! grep -qi "^link:" "$WORK/h"'
	curl -s -D "$WORK/h" -o /dev/null "http://127.0.0.1:$port/news/categories/policy/old/feed.xml.bak"
	check "$name: nor a name that only starts like a feed's" eval '! grep -qi "^link:" "$WORK/h"'
}

# --- nginx -------------------------------------------------------------------
fg "$S" server-config nginx
check "server-config nginx: exit 0" test "$rc" = 0
printf '%s\n' "$out" >"$WORK/feedgen.nginx"
port=$(free_port)
mkdir -p "$WORK/ngtmp"
cat >"$WORK/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx.err;
events { worker_connections 32; }
http {
    access_log off;
    client_body_temp_path $WORK/ngtmp/body;
    proxy_temp_path $WORK/ngtmp/proxy;
    fastcgi_temp_path $WORK/ngtmp/fastcgi;
    uwsgi_temp_path $WORK/ngtmp/uwsgi;
    scgi_temp_path $WORK/ngtmp/scgi;
    default_type text/plain;
    server {
        listen 127.0.0.1:$port;
        root $WORK/www;
        include $WORK/feedgen.nginx;
    }
}
CONF
if ! nginx -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>"$WORK/nginx.t"; then
	notok "nginx accepts the snippet: $(head -3 "$WORK/nginx.t")"
else
	ok "nginx accepts the snippet (nginx -t)"
	nginx -c "$WORK/nginx.conf" -p "$WORK" </dev/null >/dev/null 2>&1 &
	ng_pid=$!
	if wait_up "$port"; then
		served nginx "$port"
	else
		notok "nginx starts on 127.0.0.1:$port: $(tail -3 "$WORK/nginx.err")"
	fi
	kill "$ng_pid" 2>/dev/null
	wait "$ng_pid" 2>/dev/null
fi

# --- Apache ------------------------------------------------------------------
fg "$S" server-config apache
check "server-config apache: exit 0" test "$rc" = 0
printf '%s\n' "$out" >"$WORK/feedgen.apache"
port=$(free_port)
M=/usr/lib/apache2/modules
cat >"$WORK/apache.conf" <<CONF
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile $WORK/apache.pid
ErrorLog $WORK/apache.err
DefaultRuntimeDir $WORK
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule headers_module $M/mod_headers.so
LoadModule mime_module $M/mod_mime.so
TypesConfig /dev/null
DocumentRoot $WORK/www
<Directory $WORK/www>
    Options FollowSymLinks
    Require all granted
</Directory>
Include $WORK/feedgen.apache
CONF
if ! apache2 -t -f "$WORK/apache.conf" 2>"$WORK/apache.t"; then
	notok "Apache accepts the snippet: $(head -3 "$WORK/apache.t")"
else
	ok "Apache accepts the snippet (apache2 -t)"
	apache2 -X -f "$WORK/apache.conf" </dev/null >/dev/null 2>&1 &
	ap_pid=$!
	if wait_up "$port"; then
		served Apache "$port"
	else
		notok "Apache starts on 127.0.0.1:$port: $(tail -3 "$WORK/apache.err")"
	fi
	kill "$ap_pid" 2>/dev/null
	wait "$ap_pid" 2>/dev/null
fi
finish
