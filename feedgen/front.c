/* front.c: where a Markdown file's YAML front matter is (see front.h). */
#include "front.h"

#include <string.h>

size_t
front_line(const char *s, size_t len, size_t p, size_t *next)
{
	const char *lf = memchr(s + p, '\n', len - p), *cr;
	size_t q = lf ? (size_t)(lf - s) : len;

	/* A lone "\r" ends a line too: the first break either way. */
	if ((cr = memchr(s + p, '\r', q - p)))
		q = (size_t)(cr - s);
	*next = q;
	if (q < len)
		*next = q + 1 + (s[q] == '\r' && q + 1 < len && s[q + 1] == '\n');
	return q - p;
}

static int
is_fence(const char *s, size_t n, const char *fence)
{
	/* Trailing blanks after the fence are forgiven: editors add them unseen. */
	if (n < 3 || memcmp(s, fence, 3) != 0)
		return 0;
	for (s += 3, n -= 3; n; s++, n--)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

enum front
front_find(const char *s, size_t len, struct front_range *r)
{
	size_t p = 0, next, n;
	int line = 2;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	n = front_line(s, len, p, &next);
	if (is_fence(s + p, n, "+++"))
		return FRONT_TOML;
	if (n && s[p] == '{')
		return FRONT_JSON;
	if (!is_fence(s + p, n, "---"))
		return FRONT_NONE;
	r->yoff = p = next;
	while (p < len) {
		n = front_line(s, len, p, &next);
		if (is_fence(s + p, n, "---") || is_fence(s + p, n, "...")) {
			r->ylen = p - r->yoff;
			r->boff = next;
			r->bline = line + 1;
			return FRONT_YAML;
		}
		p = next;
		line++;
	}
	return FRONT_UNCLOSED;
}
