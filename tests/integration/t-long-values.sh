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
	"entry tags - 0000001"
	"entry tags[] - 1010001"
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
	"config dated_names - 1111111"
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

# long_value.py runs them all, as many at once as there are processors (the
# hang guard is per run, and generous), and reports them in the order above.
printf '%s\n' "${cases[@]}" >"$WORK/cases"
"$PYTHON" "$TOP/tests/integration/long_value.py" --run "$FEEDGEN" "$WORK/cases" "$WORK" >"$WORK/results"
cat "$WORK/results"
failures=$(grep -c '^not ok' "$WORK/results")
check "every run gave a verdict ($(wc -l <"$WORK/results") of $((${#cases[@]} * ${#classes[@]})))" \
	test "$(grep -c '^ok\|^not ok' "$WORK/results")" = "$((${#cases[@]} * ${#classes[@]}))"
finish
