/* yemit.h: a block mapping of front matter written by libyaml's emitter, never quoted by hand. */
#ifndef FEEDGEN_YEMIT_H
#define FEEDGEN_YEMIT_H

#include <stddef.h>

struct yemit;

/* A new mapping; yemit_finish or yemit_free ends it. */
struct yemit *yemit_new(void);
/* key: value, quoted as the emitter sees fit: the value reads back as this text. */
void yemit_text(struct yemit *y, const char *key, const char *value);
/* key: value, plain (a date, true): the caller knows it reads back as itself. */
void yemit_plain(struct yemit *y, const char *key, const char *value);
/* key: [a, b], each item quoted as yemit_text quotes it. */
void yemit_list(struct yemit *y, const char *key, char *const *v, size_t n);
/*
 * Ends the mapping and returns its YAML ("key: value" lines, no "---"),
 * newly allocated (the caller frees it), or NULL when the emitter failed.
 * Frees y.
 */
char *yemit_finish(struct yemit *y);
/* yemit_free(NULL) does nothing. */
void yemit_free(struct yemit *y);

#endif
