/* pattern.c: XSD patterns that are a sequence of character classes, matched in one pass. */
#include "pattern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define PATTERN_MAX 64

/*
 * A Glushkov automaton: a state is a set of positions (one per character
 * class once counts are written out), the positions the text read so far
 * may have ended at. Every class of the subset holds either all characters
 * above U+007F or none, so a 128-entry table and one mask say which
 * positions a character can take.
 */
struct pattern {
	uint64_t ascii[128];		/* positions whose class holds each ASCII character */
	uint64_t other;			/* positions whose class holds every character above it */
	uint64_t follow[PATTERN_MAX];	/* positions that may come after each */
	uint64_t first;			/* positions that may come first */
	uint64_t last;			/* positions a match may end at */
	int empty;			/* the empty text matches */
};

/* A character class: ASCII characters by bit, and all or none of the rest. */
struct cls {
	uint64_t bits[2];
	int other;
};

static void
cls_add(struct cls *c, unsigned ch)
{
	c->bits[ch >> 6] |= (uint64_t)1 << (ch & 63);
}

static int
cls_has(const struct cls *c, unsigned ch)
{
	return (c->bits[ch >> 6] >> (ch & 63)) & 1;
}

/* XSD F.3.1 \s: the four XML blanks, as libxml2's XML_REGEXP_ANYSPACE. */
static void
cls_space(struct cls *c, int negated)
{
	struct cls s = {{0, 0}, 0};

	cls_add(&s, ' ');
	cls_add(&s, '\t');
	cls_add(&s, '\n');
	cls_add(&s, '\r');
	if (negated) {
		s.bits[0] = ~s.bits[0];
		s.bits[1] = ~s.bits[1];
		s.other = 1;
	}
	c->bits[0] |= s.bits[0];
	c->bits[1] |= s.bits[1];
	c->other |= s.other;
}

/*
 * The character a single-character escape stands for (the letter after the
 * backslash), as libxml2 reads them in and out of classes; -1 for any other.
 */
static int
single_escape(char e)
{
	switch (e) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	}
	return e && strchr("\\|.-^?*+{}()[]", e) ? e : -1;
}

/* A character written as itself: printable ASCII that is no metacharacter here. */
static int
plain_char(char ch, const char *meta)
{
	return ch >= 0x20 && ch < 0x7f && !strchr(meta, ch);
}

/*
 * Reads a class after its '['; *p is left after the ']'. Anything whose
 * reading by libxml2 is not plain (a '-' or '^' that is not a range's or
 * the negation's, subtraction, an empty class) is refused.
 */
static int
parse_class(const char **p, struct cls *c)
{
	const char *s = *p;
	int neg = 0, lo, hi;

	if (*s == '^') {
		neg = 1;
		s++;
	}
	if (*s == ']')
		return -1;
	while (*s != ']') {
		if (s[0] == '\\' && (s[1] == 's' || s[1] == 'S')) {
			cls_space(c, s[1] == 'S');
			s += 2;
			if (*s == '-')
				return -1;
			continue;
		}
		if (s[0] == '\\') {
			/* libxml2 2.9 reads a range with an escape at either end otherwise ("[\\t-\\r]" misses \n). */
			if ((lo = single_escape(s[1])) < 0 || s[2] == '-')
				return -1;
			s += 2;
		} else if (plain_char(*s, "[]\\-^")) {
			lo = (unsigned char)*s++;
		} else {
			return -1;
		}
		hi = lo;
		if (*s == '-') {
			if (!plain_char(s[1], "[]\\-^") || s[2] == '-' || (unsigned char)s[1] < lo)
				return -1;
			hi = (unsigned char)s[1];
			s += 2;
		}
		for (; lo <= hi; lo++)
			cls_add(c, (unsigned)lo);
	}
	if (neg) {
		c->bits[0] = ~c->bits[0];
		c->bits[1] = ~c->bits[1];
		c->other = !c->other;
	}
	*p = s + 1;
	return 0;
}

/* Reads a count of a {n,m} quantifier: at most two digits. */
static int
parse_count(const char **p)
{
	int n = 0, digits = 0;

	while (**p >= '0' && **p <= '9' && digits < 3) {
		n = n * 10 + (**p - '0');
		(*p)++;
		digits++;
	}
	return digits == 0 || digits > 2 ? -1 : n;
}

/* Reads a quantifier, if any: sets the least and most (-1: no most) times. */
static int
parse_quantifier(const char **p, int *min, int *max)
{
	*min = *max = 1;
	switch (**p) {
	case '?': *min = 0; (*p)++; return 0;
	case '*': *min = 0; *max = -1; (*p)++; return 0;
	case '+': *max = -1; (*p)++; return 0;
	case '{': break;
	default: return 0;
	}
	(*p)++;
	if ((*min = parse_count(p)) < 0)
		return -1;
	*max = *min;
	if (**p == ',') {
		(*p)++;
		*max = **p == '}' ? -1 : parse_count(p);
		if (**p != '}' && *max < 0)
			return -1;
		if (*max < -1 || (*max >= 0 && *max < *min))
			return -1;
	}
	if (**p != '}' || *max == 0)
		return -1;
	(*p)++;
	return 0;
}

struct pattern *
pattern_compile(const char *xsd)
{
	struct cls classes[PATTERN_MAX];
	int opt[PATTERN_MAX], loop[PATTERN_MAX];
	struct pattern *pat;
	const char *s = xsd;
	size_t n = 0, i, j, k;
	int min, max, c;

	while (*s) {
		struct cls cl = {{0, 0}, 0};

		if (*s == '[') {
			s++;
			if (parse_class(&s, &cl) < 0)
				return NULL;
		} else if (*s == '.') {
			/* XSD F.3.3: any character but the line breaks. */
			cl.bits[0] = cl.bits[1] = ~(uint64_t)0;
			cl.bits[0] &= ~((uint64_t)1 << '\n' | (uint64_t)1 << '\r');
			cl.other = 1;
			s++;
		} else if (s[0] == '\\' && (s[1] == 's' || s[1] == 'S')) {
			cls_space(&cl, s[1] == 'S');
			s += 2;
		} else if (s[0] == '\\') {
			if ((c = single_escape(s[1])) < 0)
				return NULL;
			cls_add(&cl, (unsigned)c);
			s += 2;
		} else if (plain_char(*s, ".\\?*+{}()|[]^$-")) {
			cls_add(&cl, (unsigned char)*s++);
		} else {
			return NULL;
		}
		if (parse_quantifier(&s, &min, &max) < 0)
			return NULL;
		/* X{n,m}: n times X, then m-n times X?; X{n,}: n-1 times X, then X+ (X* for n = 0). */
		k = max < 0 ? (min > 0 ? (size_t)min : 1) : (size_t)max;
		if (n + k > PATTERN_MAX)
			return NULL;
		for (i = 0; i < k; i++, n++) {
			classes[n] = cl;
			opt[n] = max < 0 ? min == 0 : (int)i >= min;
			loop[n] = max < 0 && i == k - 1;
		}
	}
	pat = xcalloc(1, sizeof *pat);
	for (i = 0; i < n; i++) {
		for (c = 0; c < 128; c++)
			if (cls_has(&classes[i], (unsigned)c))
				pat->ascii[c] |= (uint64_t)1 << i;
		if (classes[i].other)
			pat->other |= (uint64_t)1 << i;
		if (loop[i])
			pat->follow[i] |= (uint64_t)1 << i;
		/* The next position, and past it while each is optional. */
		for (j = i + 1; j < n; j++) {
			pat->follow[i] |= (uint64_t)1 << j;
			if (!opt[j])
				break;
		}
	}
	for (j = 0; j < n; j++) {
		pat->first |= (uint64_t)1 << j;
		if (!opt[j])
			break;
	}
	pat->empty = j == n;
	for (i = n; i-- > 0;) {
		pat->last |= (uint64_t)1 << i;
		if (!opt[i])
			break;
	}
	return pat;
}

int
pattern_match(const struct pattern *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t at = 0, was = 0, next = p->first, t;

	if (!*u)
		return p->empty;
	for (; *u; u++) {
		/* One step a character: a UTF-8 continuation byte is none. */
		if ((*u & 0xc0) == 0x80)
			continue;
		at = next & (*u < 0x80 ? p->ascii[*u] : p->other);
		if (!at)
			return 0;
		/* A run of characters keeps the same state: its successors are known already. */
		if (at == was)
			continue;
		for (was = at, next = 0, t = at; t; t &= t - 1)
			next |= p->follow[__builtin_ctzll(t)];
	}
	return (at & p->last) != 0;
}

void
pattern_free(struct pattern *p)
{
	free(p);
}
