# t-id-check.sh: the id-change check stays fast when every id changes at once.
# With limit equal to the number of entries and the site url changed, every
# derived id changes: each of the 2000 entries gets its warning, and the run
# (under the lock) must finish in well under 20 s. A hang guard, not a timing.
. "$TOP/tests/integration/lib.sh"
S=$WORK/s
N=2000
mkdir -p "$S/entries"
printf 'title: Big Newsroom\nurl: https://news.example.org/\nauthor: Desk\nlimit: %d\n' $N >"$S/feedgen.yaml"
for ((i = 0; i < N; i++)); do
	printf -- '---\ntitle: Story %d\ndate: 2016-10-18T%02d:%02d:%02dZ\n---\nBody %d.\n' \
		$i $((i / 3600)) $((i / 60 % 60)) $((i % 60)) $i >"$S/entries/2016-10-18-story-$i.md"
done
fg "$S" build --now 2026-01-01
check "$N entries: the first build exits 0, silently" test "$rc" = 0 -a -z "$err"
sed -i 's|^url: .*|url: https://news2.example.org/|' "$S/feedgen.yaml"
out=$(cd "$S" && timeout 20 "$FEEDGEN" build --now 2026-01-01 2>"$WORK/err")
rc=$?
check "url changed for $N entries: the build finishes within 20 s, exit 0 (rc $rc; 124 is the timeout)" test "$rc" = 0
check "one id-change warning per entry" test "$(grep -c ': warning: id changed from ' "$WORK/err")" = $N
check "each names its own entry, old id and new id" grep -qxF \
	"entries/2016-10-18-story-7.md: warning: id changed from 'tag:news.example.org,2016-10-18:story-7' (published from entries/2016-10-18-story-7.md) to 'tag:news2.example.org,2016-10-18:story-7': readers will show this item twice (expected the old id: add 'id: tag:news.example.org,2016-10-18:story-7' to the front matter)" \
	"$WORK/err"
finish
