/* text.c: UTF-8 and XML 1.0 character checks, and byte offset to line:col. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct linemap {
	const char *s;
	size_t n;
	size_t *starts;		/* byte offset where each line begins; NULL until a first lookup */
	size_t nlines;
};

/* Why decode() refused a sequence; the order is the order of the checks. */
enum bad {
	BAD_NONE,
	BAD_CONT,		/* continuation byte where a character starts */
	BAD_BYTE,		/* 0xf5..0xff never occur in UTF-8 */
	BAD_END,		/* the text ends inside the sequence */
	BAD_SHORT,		/* a non-continuation byte in the sequence */
	BAD_OVERLONG,
	BAD_SURROGATE,
	BAD_RANGE		/* above U+10FFFF */
};

static int
is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * RFC 3629 4 and Unicode 15.0 table 3-7: the well-formed sequences. Returns
 * the length and sets *cp, or returns 0 and sets *why; *at is the byte that
 * broke the sequence.
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp, enum bad *why,
    size_t *at)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c;
	size_t len, i;

	*at = 0;
	if (n == 0) {
		*why = BAD_END;
		return 0;
	}
	c = s[0];
	if (c < 0x80)
		len = 1;
	else if (c < 0xc0) {
		*why = BAD_CONT;
		return 0;
	} else if (c < 0xe0) {
		len = 2;
		c &= 0x1f;
	} else if (c < 0xf0) {
		len = 3;
		c &= 0x0f;
	} else if (c < 0xf5) {
		len = 4;
		c &= 0x07;
	} else {
		*why = BAD_BYTE;
		return 0;
	}
	for (i = 1; i < len; i++) {
		*at = i;
		if (i >= n) {
			*why = BAD_END;
			return 0;
		}
		if (!is_cont(s[i])) {
			*why = BAD_SHORT;
			return 0;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*at = 0;
	if (c < min[len]) {
		*why = BAD_OVERLONG;
		return 0;
	}
	if (c >= 0xd800 && c <= 0xdfff) {
		*why = BAD_SURROGATE;
		*cp = c;
		return 0;
	}
	if (c > 0x10ffff) {
		*why = BAD_RANGE;
		*cp = c;
		return 0;
	}
	*why = BAD_NONE;
	*cp = c;
	return len;
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	enum bad why;
	size_t at;

	return decode((const unsigned char *)s, n, cp, &why, &at);
}

/* 1 when the 8 bytes at u are all ASCII from U+0020 up (tabs and breaks take the slow path). */
static int
plain8(const unsigned char *u)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;

	memcpy(&x, u, 8);
	/* A high bit: not ASCII. (x - 0x20 per byte) & ~x keeps a high bit where a byte is below 0x20. */
	return ((x | ((x - 0x20 * ones) & ~x)) & highs) == 0;
}

int
text_check(const char *s, size_t n, size_t *bad, char why[64])
{
	const unsigned char *u = (const unsigned char *)s;
	enum bad b;
	uint32_t cp = 0;
	size_t i, len, at;

	for (i = 0; i < n; i += len) {
		/* ASCII that XML 1.0 allows, most of any text: no decoding needed, 8 bytes a step. */
		for (;;) {
			while (n - i >= 8 && plain8(u + i))
				i += 8;
			if (i == n || u[i] >= 0x80 || (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
			    u[i] != '\r'))
				break;
			i++;
		}
		if (i == n)
			break;
		len = decode(u + i, n - i, &cp, &b, &at);
		*bad = i;
		switch (b) {
		case BAD_NONE:
			break;
		case BAD_CONT:
			snprintf(why, 64, "unexpected UTF-8 continuation byte "
			    "0x%02x", u[i]);
			return -1;
		case BAD_BYTE:
			snprintf(why, 64, "invalid UTF-8 byte 0x%02x", u[i]);
			return -1;
		case BAD_END:
			snprintf(why, 64, "truncated UTF-8 sequence");
			return -1;
		case BAD_SHORT:
			snprintf(why, 64, "UTF-8 sequence cut short by byte "
			    "0x%02x", u[i + at]);
			return -1;
		case BAD_OVERLONG:
			snprintf(why, 64, "overlong UTF-8 sequence");
			return -1;
		case BAD_SURROGATE:
			snprintf(why, 64, "UTF-16 surrogate U+%04X in UTF-8",
			    (unsigned)cp);
			return -1;
		case BAD_RANGE:
			snprintf(why, 64, "code point U+%X is above U+10FFFF",
			    (unsigned)cp);
			return -1;
		}
		/* XML 1.0 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] ... */
		if (cp < 0x20 && cp != 0x9 && cp != 0xa && cp != 0xd) {
			snprintf(why, 64, "control character U+%04X",
			    (unsigned)cp);
			return -1;
		}
		if (cp == 0xfffe || cp == 0xffff) {
			snprintf(why, 64, "noncharacter U+%04X", (unsigned)cp);
			return -1;
		}
	}
	return 0;
}

struct linemap *
linemap_new(const char *s, size_t n)
{
	struct linemap *m = xmalloc(sizeof(*m));

	/* Most texts are never asked for a position: the lines are found at the first lookup. */
	m->s = s;
	m->n = n;
	m->starts = NULL;
	m->nlines = 0;
	return m;
}

static void
find_lines(struct linemap *m)
{
	const char *s = m->s;
	size_t i, n = m->n, cap = 16;

	m->starts = xmalloc(cap * sizeof(*m->starts));
	/* A byte-order mark is no character: line 1's columns start after it, as libyaml's do. */
	m->starts[0] = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	m->nlines = 1;
	for (i = 0; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		/* YAML 1.2 5.4: "\r\n" is one break, as are "\r" and "\n". */
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		if (m->nlines == cap) {
			cap *= 2;
			m->starts = xrealloc(m->starts,
			    cap * sizeof(*m->starts));
		}
		m->starts[m->nlines++] = i + 1;
	}
}

void
linemap_locate(struct linemap *m, size_t off, int *line, int *col)
{
	size_t lo = 0, hi, mid, i, c = 1;

	if (!m->starts)
		find_lines(m);
	hi = m->nlines;
	if (off > m->n)
		off = m->n;
	/* The last line that starts at or before off; line 1 whatever starts[0] says. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (m->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	/* Count characters by their lead bytes; continuation bytes add none. */
	for (i = m->starts[lo]; i < off; i++)
		if (!is_cont((unsigned char)m->s[i]))
			c++;
	*line = (int)(lo + 1);
	*col = (int)c;
}

size_t
linemap_offset(struct linemap *m, int line, int col)
{
	size_t off;

	if (!m->starts)
		find_lines(m);
	if (line < 1 || (size_t)line > m->nlines)
		return m->n;
	off = m->starts[line - 1];
	/* col - 1 characters on, stopping at the line's end. */
	for (; col > 1 && off < m->n && m->s[off] != '\n' && m->s[off] != '\r'; col--)
		for (off++; off < m->n && is_cont((unsigned char)m->s[off]); off++)
			;
	return off;
}

void
linemap_free(struct linemap *m)
{
	if (m == NULL)
		return;
	free(m->starts);
	free(m);
}

uint64_t
fnv1a64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

/* A 64-bit word as little-endian bytes, whatever the machine: the same stream gives the same hash. */
static uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	    (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static void
hash_word(struct hash64 *s, uint64_t w)
{
	uint64_t h = s->h ^ (w * 0x9e3779b97f4a7c15u);

	s->h = ((h << 31) | (h >> 33)) * 0xbf58476d1ce4e5b9u;
}

void
hash64_init(struct hash64 *s)
{
	s->h = 0x243f6a8885a308d3u;	/* pi's digits: any odd start would do */
	s->w = 0;
	s->nw = 0;
	s->len = 0;
}

void
hash64_add(struct hash64 *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->len += n;
	while (n > 0 && s->nw > 0) {
		s->w |= (uint64_t)*p++ << (8 * s->nw);
		n--;
		if (++s->nw == 8) {
			hash_word(s, s->w);
			s->w = 0;
			s->nw = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8)
		hash_word(s, load_le64(p));
	for (; n > 0; n--)
		s->w |= (uint64_t)*p++ << (8 * s->nw++);
}

uint64_t
hash64_end(const struct hash64 *s)
{
	struct hash64 t = *s;
	uint64_t h;

	if (t.nw)
		hash_word(&t, t.w);
	/* MurmurHash3's finaliser: every input bit reaches every output bit. */
	h = t.h ^ t.len;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

uint64_t
hash64(const void *data, size_t n)
{
	struct hash64 s;

	hash64_init(&s);
	hash64_add(&s, data, n);
	return hash64_end(&s);
}
