/* text.h: UTF-8 and XML 1.0 character checks, and byte offset to line:col. */
#ifndef FEEDGEN_TEXT_H
#define FEEDGEN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Checks that s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF) holding only characters XML 1.0 allows: #x9 #xA #xD
 * [#x20-#xD7FF] [#xE000-#xFFFD] [#x10000-#x10FFFF]. Returns 0, or -1 with
 * *bad set to the byte offset of the first offending sequence and why[] to a
 * reason such as "invalid UTF-8 byte 0xff" or "control character U+0007".
 */
int text_check(const char *s, size_t n, size_t *bad, char why[64]);

/*
 * Decodes one UTF-8 character from s[0..n) into *cp. Returns its length in
 * bytes (1-4), or 0 when the sequence is not well-formed UTF-8.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Maps byte offsets in a text to 1-based line and column (in characters). */
struct linemap;

/*
 * Makes the map for s[0..n); "\r\n", "\n" and "\r" each end a line, as in
 * YAML, and a leading UTF-8 byte-order mark is not counted as a column. The
 * lines are found at the first linemap_locate, so a text never asked costs
 * nothing. The caller frees the result with linemap_free. s must outlive it.
 */
struct linemap *linemap_new(const char *s, size_t n);
/*
 * Offsets past the end map to the end. Columns count UTF-8 lead bytes, so an
 * offset inside a character gets the column of the character after it. The
 * first call fills the map in: a map is not to be shared between threads.
 */
void linemap_locate(struct linemap *m, size_t off, int *line, int *col);
/*
 * The inverse: the byte offset of line:col, the line's end when the line is
 * shorter, the text's end when there is no such line. The same caveat.
 */
size_t linemap_offset(struct linemap *m, int line, int col);
/* linemap_free(NULL) does nothing. */
void linemap_free(struct linemap *m);

/* FNV-1a, 64 bits, for change detection (not security): fold n bytes into h, from FNV1A64_START. */
#define FNV1A64_START 14695981039346656037u
uint64_t fnv1a64(uint64_t h, const void *data, size_t n);

/*
 * A faster 64-bit hash, a word at a time, for the large inputs of change
 * detection (the entry cache's check, ids): not security. The same bytes give
 * the same hash however they are split among hash64_add calls, on any machine.
 */
struct hash64 {
	uint64_t h, w;	/* the state, and up to 7 bytes not yet folded in */
	unsigned nw;
	uint64_t len;
};

void hash64_init(struct hash64 *s);
void hash64_add(struct hash64 *s, const void *data, size_t n);
uint64_t hash64_end(const struct hash64 *s);
/* hash64_init, hash64_add and hash64_end over one buffer. */
uint64_t hash64(const void *data, size_t n);

#endif
