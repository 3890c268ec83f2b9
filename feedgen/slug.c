/* slug.c: names folded to [a-z0-9-], one way for entry files, categories and authors. */
#include "slug.h"

#include "xalloc.h"

/*
 * U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A) as ASCII:
 * UTF-8 lead byte 0xC3, 0xC4 or 0xC5, then the continuation byte's low six bits.
 */
static const char *const latin[192] = {
	/* U+00C0 */
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

char *
slug_make(const char *name, size_t max)
{
	struct buf b = {0};
	const unsigned char *p;

	buf_adds(&b, "");
	for (p = (const unsigned char *)name; *p && b.len < max; p++) {
		unsigned char c = *p;

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
			buf_addc(&b, (char)c);
		} else if (c >= 'A' && c <= 'Z') {
			buf_addc(&b, (char)(c - 'A' + 'a'));
		} else if (c >= 0xc3 && c <= 0xc5 && p[1] >= 0x80 && p[1] <= 0xbf &&
		    *latin[(c - 0xc3) * 64 + (p[1] - 0x80)]) {
			buf_adds(&b, latin[(c - 0xc3) * 64 + (*++p - 0x80)]);
		} else if (b.len && b.data[b.len - 1] != '-') {
			buf_addc(&b, '-');
		}
	}
	if (b.len > max)	/* a fold of two letters at the end */
		b.data[b.len = max] = '\0';
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}
