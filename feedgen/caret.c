/* caret.c: a message's source line read back and laid out so a caret stands under its column. */
#include "caret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "text.h"

#define CARET_WIDTH 100		/* cells of source text shown at most */
#define TAB_STOP 8

/* One character of the line as shown: its text, its cells, and its column in the message's count. */
struct cell {
	char text[16];
	int width;
	int col;
};

/* Bounded and non-blocking, as source.c reads: a FIFO put where an entry was must not hang the report. */
static void
load(struct caret_file *f, const char *path)
{
	struct stat st;
	ssize_t n;
	int fd;

	caret_done(f);
	f->path = xstrdup(path);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > SOURCE_MAX) {
		close(fd);
		return;
	}
	f->data = xmalloc((size_t)st.st_size + 1);
	while (f->len < (size_t)st.st_size) {
		n = read(fd, f->data + f->len, (size_t)st.st_size - f->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		f->len += (size_t)n;
	}
	f->data[f->len] = '\0';
	close(fd);
}

void
caret_done(struct caret_file *f)
{
	free(f->path);
	free(f->data);
	memset(f, 0, sizeof *f);
}

/* Cells a character takes on a terminal: East Asian wide and emoji 2, combining marks 0 (Unicode 15, roughly). */
static int
cells(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x05bf, 0x05c7},
		{0x0610, 0x061a}, {0x064b, 0x065f}, {0x0670, 0x0670}, {0x06d6, 0x06ed},
		{0x0900, 0x0903}, {0x093a, 0x094f}, {0x0951, 0x0957}, {0x0e31, 0x0e31},
		{0x0e34, 0x0e3a}, {0x0e47, 0x0e4e}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
		{0x200b, 0x200d}, {0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	};
	static const uint32_t wide[][2] = {
		{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
		{0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x26aa, 0x26ab},
		{0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x2705, 0x2705}, {0x270a, 0x270b},
		{0x2728, 0x2728}, {0x274c, 0x274c}, {0x2753, 0x2755}, {0x2757, 0x2757},
		{0x2795, 0x2797}, {0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2e80, 0x303e},
		{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
		{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19},
		{0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x18cff},
		{0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e},
		{0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff},
		{0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x3fffd},
	};
	size_t i;

	for (i = 0; i < sizeof zero / sizeof *zero; i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof wide / sizeof *wide; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* What a terminal would act on rather than show: C0 and C1 controls, DEL, bidirectional controls. */
static int
acts(uint32_t cp)
{
	/* Noncharacters too: text.c refuses them, and a terminal shows them as it likes. */
	return (cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef) || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The bytes of the line'th line (1-based): "\r\n", "\n" and "\r" end a line, as text.c counts them. */
static int
find_line(const char *s, size_t n, int line, size_t *start, size_t *len)
{
	size_t i = 0, b;
	int at = 1;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;		/* a byte-order mark is no column */
	while (at < line) {
		while (i < n && s[i] != '\n' && s[i] != '\r')
			i++;
		if (i == n)
			return -1;
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		i++;
		at++;
	}
	/* A file's last break ends its last line: no empty line after it. */
	if (i == n && line > 1)
		return -1;
	for (b = i; b < n && s[b] != '\n' && s[b] != '\r'; b++)
		;
	*start = i;
	*len = b - i;
	return 0;
}

/* The line as cells; returns how many. Columns count what text.c counts: every byte but a UTF-8 continuation. */
static size_t
lay_out(const char *s, size_t n, struct cell **out)
{
	struct cell *v = xcalloc(n + 1, sizeof *v);
	size_t i = 0, k = 0;
	int x = 0, col = 0;

	while (i < n) {
		struct cell *c = &v[k++];
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);

		if (l == 0) {
			/* Not UTF-8: each byte escaped; a stray continuation byte takes no column of its own. */
			if (((unsigned char)s[i] & 0xc0) != 0x80 || col == 0)
				col++;
			snprintf(c->text, sizeof c->text, "\\x%02x", (unsigned char)s[i]);
			c->width = 4;
			i++;
		} else if (cp == '\t') {
			col++;
			c->width = TAB_STOP - x % TAB_STOP;
			memset(c->text, ' ', (size_t)c->width);
			i += l;
		} else if (acts(cp)) {
			col++;
			if (cp < 0x100)
				snprintf(c->text, sizeof c->text, "\\x%02x", (unsigned)cp);
			else
				snprintf(c->text, sizeof c->text, "\\u%04x", (unsigned)cp);
			c->width = (int)strlen(c->text);
			i += l;
		} else {
			col++;
			memcpy(c->text, s + i, l);
			c->width = cells(cp);
			i += l;
		}
		c->col = col;
		x += c->width;
	}
	*out = v;
	return k;
}

int
caret_excerpt(struct caret_file *f, const char *path, int line, int col, int colour, struct buf *out)
{
	struct cell *v;
	size_t start, len, nc, i, first, last;
	int caret = -1, x, width = 0, from, to, skip;

	if (!path || line <= 0 || col <= 0)
		return -1;
	if (!f->path || strcmp(f->path, path) != 0)
		load(f, path);
	if (!f->data || find_line(f->data, f->len, line, &start, &len) < 0)
		return -1;
	nc = lay_out(f->data + start, len, &v);
	/* The caret's cell: the first cell of the column, or just past the line's end. */
	for (i = 0, x = 0; i < nc; x += v[i].width, i++)
		if (caret < 0 && v[i].col >= col)
			caret = x;
	width = x;
	if (caret < 0)
		caret = width;
	/* A long line: the window of cells [from, to) that holds the caret, cut on characters. */
	from = 0;
	to = width;
	if (width > CARET_WIDTH) {
		if (caret > CARET_WIDTH - 20)
			from = caret - CARET_WIDTH / 2;
		to = from + CARET_WIDTH;
	}
	for (first = 0, x = 0; first < nc && x < from; x += v[first].width, first++)
		;
	from = x;
	for (last = first; last < nc && x + v[last].width <= to; x += v[last].width, last++)
		;
	skip = first > 0 ? 3 : 0;
	buf_addf(out, "%5d | %s", line, first > 0 ? "..." : "");
	for (i = first; i < last; i++)
		buf_adds(out, v[i].text);
	if (last < nc)
		buf_adds(out, "...");
	buf_addc(out, '\n');
	buf_addf(out, "%5s | %*s%s^%s\n", "", caret - from + skip, "", colour ? "\033[1;32m" : "",
	    colour ? "\033[0m" : "");
	free(v);
	return 0;
}
