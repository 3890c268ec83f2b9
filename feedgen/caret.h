/* caret.h: the source line under a message, and a caret under its column, as gcc shows them. */
#ifndef FEEDGEN_CARET_H
#define FEEDGEN_CARET_H

#include "xalloc.h"

/*
 * The file last read back, so that a file's several messages read it once.
 * Zero-initialise it; caret_done frees what it holds. Not for sharing
 * between threads (diag.c uses it on the flushing thread only).
 */
struct caret_file {
	char *path;
	char *data;	/* NULL: the file could not be read */
	size_t len;
};

/*
 * Appends to out the excerpt for a message at path:line:col, read back from
 * the file (at most SOURCE_MAX bytes, a regular file only, never blocking):
 *
 *     3 | date: 2016-13-01
 *       |       ^
 *
 * Columns count characters, as every message does (a tab is one, a wide or
 * accented letter is one): the line is shown with tabs expanded to stops of
 * 8, East Asian wide characters two cells wide, combining marks none, and
 * what a terminal would act on (control characters, bidirectional controls,
 * bytes that are not UTF-8) escaped as \xNN or \uNNNN, so the caret stands
 * under the character the column names. A line wider than 100 cells is cut
 * around the caret, "..." marking each cut. Appends nothing, and returns -1,
 * when the file cannot be read or has no such line, or line or col is not
 * positive. colour: the caret in bold green (ANSI).
 */
int caret_excerpt(struct caret_file *f, const char *path, int line, int col, int colour,
    struct buf *out);
void caret_done(struct caret_file *f);

#endif
