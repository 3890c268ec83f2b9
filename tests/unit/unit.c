/* unit.c: helpers every unit test links: what feedgen's diagnostics printed. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"

static char *
capture(int excerpts)
{
	FILE *tmp = tmpfile();
	int saved;
	long n;
	char *text;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	diag_set_excerpts(excerpts);
	diag_flush();
	diag_set_excerpts(1);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	n = ftell(tmp);
	assert_true(n >= 0);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	rewind(tmp);
	assert_int_equal(fread(text, 1, (size_t)n, tmp), (size_t)n);
	fclose(tmp);
	return text;
}

char *
flushed(void)
{
	return capture(0);
}

char *
flushed_excerpts(void)
{
	return capture(1);
}

void
assert_flushed(const char *want)
{
	char *got = flushed();

	assert_string_equal(got, want);
	free(got);
}
