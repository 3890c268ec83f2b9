/* source.h: an input file read whole, checked for UTF-8 and XML characters. */
#ifndef FEEDGEN_SOURCE_H
#define FEEDGEN_SOURCE_H

#include <stddef.h>

/* Entry and configuration files larger than this are refused (1 MiB). */
#define SOURCE_MAX ((size_t)1 << 20)

struct source {
	char *path;		/* as given, for messages */
	char *data;		/* NUL-terminated; the NUL is not counted in len */
	size_t len;
	struct linemap *map;	/* byte offset -> line:col */
};

/*
 * Reads path whole. Reports (through diag) a file that cannot be read (a
 * system error), is larger than SOURCE_MAX, is not UTF-8 or holds a character
 * XML 1.0 forbids (input errors, located). Returns NULL after reporting.
 * The caller frees the result with source_free.
 */
struct source *source_read(const char *path);
/*
 * source_read for a file the caller has just stat'ed and found regular: it is
 * not looked at again before it is opened (it still is after: fstat).
 */
struct source *source_read_regular(const char *path);
/*
 * The rest of a read: the file open on fd (closed here), found regular by
 * fstat as *st (the scan opens before it stats, one system call fewer per
 * entry on a cold run). NULL after reporting.
 */
struct stat;
struct source *source_read_fd(const char *path, int fd, const struct stat *st);
/* Same checks over bytes already in memory; data is copied. */
struct source *source_from(const char *path, const char *data, size_t len);
void source_locate(const struct source *src, size_t off, int *line, int *col);
/* The byte offset of line:col (text.h's linemap_offset). */
size_t source_offset(const struct source *src, int line, int col);
void source_free(struct source *src);

#endif
