/*
 * fuzz_state.c: libFuzzer over the state file's parser. Whatever the bytes,
 * parsing does not crash or leak; a refused file names a line it has; an
 * accepted one survives a round trip: state_format of what was parsed parses
 * again, to a state that formats to the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "state.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = {0}, again = {0};
	char *text = xmalloc(size + 1), *once, *copy, *twice;
	size_t lines = fuzz_lines((const char *)data, size);
	int bad;

	memcpy(text, data, size);
	text[size] = '\0';
	bad = state_parse(&st, text, size);
	free(text);
	if (bad) {
		/* state_load's warning points at this line; an empty file is "line 1". */
		if (bad < 1 || (size_t)bad > (lines ? lines : 1))
			fuzz_fail(NULL, "a refused state names line %d of %zu", bad, lines);
		state_free(&st);
		return 0;
	}
	once = state_format(&st);
	copy = xstrdup(once);
	if ((bad = state_parse(&again, copy, strlen(copy))))
		fuzz_fail(NULL, "state_format wrote a state its parser refuses at line %d:\n%s", bad, once);
	twice = state_format(&again);
	if (strcmp(once, twice) != 0)
		fuzz_fail(NULL, "the state changed in a round trip:\n%s---\n%s", once, twice);
	free(twice);
	free(copy);
	free(once);
	state_free(&again);
	state_free(&st);
	return 0;
}
