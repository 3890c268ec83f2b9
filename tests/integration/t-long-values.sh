# t-long-values.sh: no field's check is super-linear. Every field of
# schemas/entry.rng and schemas/config.rng gets a value that fills a 1 MiB file
# (the size limit), of each character class that can make a regular expression
# backtrack, and the run must end (timeout 20 is a hang guard, not a timing)
# with the right verdict: exit 0, exit 1 with a located error, or exit 3 for a
# folder name the system refuses. Values are long_value.py's: PREFIX, then the
# class repeated (letters-newline: letters, and one newline at the very end).
. "$TOP/tests/integration/lib.sh"
classes=(space letters newline slash dash digits letters-newline)

# kind field prefix verdicts: one exit status per class, in the order above.
# The value is valid when the field's pattern allows it and the C's later
# checks agree: a URL may hold spaces (they are percent-encoded); blank
# categories are an empty list (RelaxNG ignores blank text beside elements);
# a folder name of 1 MiB is one the system refuses (exit 3), but an output
# folder of slashes alone is "/", which holds the private folder (exit 1).
cases=(
	"entry title - 1010001"
	"entry date - 1111111"
	"entry updated - 1111111"
	"entry expires - 1111111"
	"entry id tag: 1010001"
	"entry author - 1010001"
	"entry author.name - 1010001"
	"entry author.email a@ 1010001"
	"entry author.uri https://example.org/ 0010001"
	"entry summary - 1010000"
	"entry description - 1010000"
	"entry excerpt - 1010000"
	"entry category - 1010001"
	"entry categories - 0000001"
	"entry categories[] - 1010001"
	"entry link https://example.org/ 0010001"
	"entry image.url https://example.org/ 0010001"
	"entry image.caption - 1010000"
	"entry image.credit - 1010000"
	"entry image.alt - 1010001"
	"entry image.type image/ 1011001"
	"entry image.length - 1111111"
	"entry draft - 1111111"
	"entry retracted - 1010001"
	"entry lang - 1111111"
	"entry body - 0000000"
	"config title - 1010001"
	"config url https://example.org/ 1010001"
	"config subtitle - 1010001"
	"config feed_url https://example.org/ 1010001"
	"config id tag: 1010001"
	"config language - 1111111"
	"config author - 1010001"
	"config author.name - 1010001"
	"config author.email a@ 1010001"
	"config author.uri https://example.org/ 1010001"
	"config rights - 1010001"
	"config icon https://example.org/ 1010001"
	"config logo https://example.org/ 1010001"
	"config timezone - 1111111"
	"config permalink - 1010001"
	"config entries - 1313331"
	"config output - 1311331"
	"config schemas - 1313331"
	"config limit - 1111111"
	"config lock_timeout - 1111111"
	"config tombstone_days - 1111111"
	"config max_bytes - 1111111"
	"config hubs[] https://hub.example.org/ 1010001"
	"config ignore_fields[] - 1111111"
	"config websub.timeout - 1111111"
	"config websub.connect_timeout - 1111111"
	"config websub.attempts - 1111111"
	"config websub.backoff - 1111111"
	"config websub.retry_after_max - 1111111"
	"config feeds[] - 1111111"
	"config html - 1111111"
	"config stylesheet https://example.org/ 1010001"
)

# One run: its own site, its verdict into $WORK/res/N ("ok - ..." or "not ok - ...").
one() {
	local n=$1 kind=$2 field=$3 prefix=$4 cls=$5 want=$6 S=$WORK/s$1 file out rc desc
	site "$S"
	rm -f "$S"/entries/*
	printf -- 'title: T\ndate: 2016-10-18\n' >"$S/entries/2016-10-18-small.yaml"
	if [ "$kind" = entry ]; then
		file=entries/2016-10-18-long.yaml
	else
		file=feedgen.yaml
	fi
	"$PYTHON" "$TOP/tests/integration/long_value.py" "$kind" "$field" "$prefix" "$cls" "$S/$file"
	out=$(cd "$S" && timeout 20 "$FEEDGEN" build --dry-run --now 2026-01-01 2>"$S.err")
	rc=$?
	desc="$kind $field = '$prefix' + 1 MiB of $cls"
	if [ "$rc" = 124 ]; then
		notok "$desc: still running after 20 s"
	elif [ "$rc" != "$want" ]; then
		notok "$desc: exit $rc, expected $want: $(head -c 300 "$S.err")"
	elif [ "$want" = 1 ] && ! grep -q "^$file:[0-9]*:[0-9]*: error: " "$S.err"; then
		notok "$desc: no located error in $file: $(head -c 300 "$S.err")"
	else
		ok "$desc: exit $rc"
	fi >"$WORK/res/$n"
	rm -rf "$S" "$S.err"
}

# The runs are independent: as many at once as there are processors (the
# hang guard is per run, and generous), reported in the order above.
lanes=$(nproc 2>/dev/null || echo 2)
mkdir -p "$WORK/res"
n=0
for c in "${cases[@]}"; do
	read -r kind field prefix verdicts <<<"$c"
	[ "$prefix" = - ] && prefix=
	for i in "${!classes[@]}"; do
		one "$n" "$kind" "$field" "$prefix" "${classes[$i]}" "${verdicts:$i:1}" &
		n=$((n + 1))
		while [ "$(jobs -rp | wc -l)" -ge "$lanes" ]; do
			wait -n
		done
	done
done
wait
for ((i = 0; i < n; i++)); do
	if [ -s "$WORK/res/$i" ]; then
		cat "$WORK/res/$i"
		grep -q '^not ok' "$WORK/res/$i" && failures=$((failures + 1))
	else
		notok "run $i gave no verdict"
	fi
done
finish
