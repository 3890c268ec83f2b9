# t-config-path.sh: however -c is spelled, the same site gives the same state.
# The state records entry paths inside the entries folder, so a build with the
# configuration named relatively, with ./, absolutely or from another folder
# finds nothing changed and rewrites nothing (feeds and state, wherever they
# live); and the id-change check still matches an entry by its file.
. "$TOP/tests/integration/lib.sh"
S=$WORK/s
site "$S"
sleep 2.1	# entries older than the cache's racy window (up to 2 s): the first build records them all
fg "$S" build -c feedgen.yaml --now 2016-10-20
check "first build: exit 0, silent" test "$rc" = 0 -a -z "$err"
# Everything but the entries, with an old mtime, so any rewrite shows. The lock
# file is left out: every run writes its pid there. So is the cache: made older
# than the entries' ctime, it would hold them all as racy, and be rewritten.
find "$S" -path "$S/entries" -prune -o -path "$S/.feedgen/cache" -prune -o -type f -exec touch -d '2020-01-01 00:00:00' {} +
snap() { (cd "$S" && find . -path ./entries -prune -o -type f ! -name '*lock*' -printf '%P %s %T@ ' -exec sha256sum {} \; | sort); }
before=$(snap)
spelled() {	# DESCRIPTION DIR ARGS...: a build that must change nothing
	local d=$1 dir=$2; shift 2
	fg "$dir" build --now 2016-10-20 "$@"
	check "$d: exit 0, nothing on stderr ($err)" test "$rc" = 0 -a -z "$err"
	check "$d: every file byte for byte, with its mtime" test "$before" = "$(snap)"
	fg "$dir" build --now 2016-10-20 -v "$@"
	check "$d: -v says both feeds unchanged" \
		eval 'grep -q "feed.xml unchanged" <<<"$err" && grep -q "atom.xml unchanged" <<<"$err"'
	check "$d: and -v wrote nothing either" test "$before" = "$(snap)"
}
spelled "-c ./feedgen.yaml" "$S" -c ./feedgen.yaml
spelled "-c with an absolute path" "$S" -c "$S/feedgen.yaml"
spelled "-c from the parent folder" "$WORK" -c s/feedgen.yaml
spelled "-c from the root, absolute" / -c "$S/feedgen.yaml"
spelled "-c through .." "$S/entries" -c ../feedgen.yaml
# A changed id is matched by its file across spellings (the title changed too,
# so only the file can match), and both paths are named as this run finds them.
printf -- '---\ntitle: Second, retitled\ndate: 2016-10-19T10:00:00-04:00\nid: tag:news.example.org,2016:second-new\n---\nTwo.\n' \
	>"$S/entries/2016-10-19-second.md"
fg / build -c "$S/feedgen.yaml" --now 2016-10-20
check "an id changed, built with an absolute -c: the warning names the file both ways" \
	test "$rc" = 0 -a "$err" = "$S/entries/2016-10-19-second.md: warning: id changed from 'tag:news.example.org,2016-10-19:second' (published from $S/entries/2016-10-19-second.md) to 'tag:news.example.org,2016:second-new': readers will show this item twice (expected the old id: add 'id: tag:news.example.org,2016-10-19:second' to the front matter)"
finish
