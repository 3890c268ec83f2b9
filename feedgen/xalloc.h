/* xalloc.h: allocation that never returns NULL, and a growable byte buffer. */
#ifndef FEEDGEN_XALLOC_H
#define FEEDGEN_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Each of these aborts the program with a message on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a newly allocated copy; the caller frees it. xstrdup(NULL) is NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A NUL-terminated growable buffer. Zero-initialise it; buf_free releases it. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the contents (never NULL) and leaves b empty; the caller frees it. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
