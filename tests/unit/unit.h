/* unit.h: what every cmocka unit test includes, in the order cmocka needs. */
#ifndef FEEDGEN_UNIT_H
#define FEEDGEN_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/*
 * Returns what diag_flush printed, newly allocated; stderr is put back after.
 * The one-line messages only (--no-caret): these tests pin what was said;
 * test_diag.c pins the excerpts and hints, with flushed_excerpts.
 */
char *flushed(void);
char *flushed_excerpts(void);
/* Asserts diag_flush prints exactly want. */
void assert_flushed(const char *want);

#endif
