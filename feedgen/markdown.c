/* markdown.c: CommonMark to HTML through cmark, checked once, with every URL made absolute. */
#include "markdown.h"

#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "text.h"
#include "url.h"
#include "xalloc.h"

/*
 * A checked body keeps its text, not cmark's tree: some hundred nodes an
 * entry, held while the entry waits in the feeds' heap and freed cold, cost
 * the allocator more than parsing again the few bodies that are rendered.
 */
struct markdown {
	char *md;		/* the body, then base and page, in one allocation */
	size_t len;
	const char *base, *page;
	int *warn;		/* line, column pairs in the file: raw HTML left out */
	size_t nwarn;
};

/* One body being checked: its text, where its lines start, where it stands in its file. */
struct walk {
	const char *md;
	size_t len;
	size_t *starts;		/* byte offset where each line begins, as cmark counts lines; found when a message needs them */
	size_t nlines;
	const struct md_origin *o;
	const char *base, *page;
	size_t *reported;	/* offsets of the character references reported */
	size_t nreported;
	struct markdown *m;
	int refs;		/* the strings cmark hands back need checking (see md_origin.checked) */
};

void
html_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s); break;
		}
	}
}

static void
line_starts(struct walk *w)
{
	size_t i, cap = 16;

	w->starts = xmalloc(cap * sizeof *w->starts);
	w->starts[0] = 0;
	w->nlines = 1;
	for (i = 0; i < w->len; i++) {
		if (w->md[i] != '\n' && w->md[i] != '\r')
			continue;
		/* CommonMark 2.1: a line ends at "\n", "\r" or "\r\n". */
		if (w->md[i] == '\r' && i + 1 < w->len && w->md[i + 1] == '\n')
			i++;
		if (w->nlines == cap)
			w->starts = xrealloc(w->starts, (cap *= 2) * sizeof *w->starts);
		w->starts[w->nlines++] = i + 1;
	}
}

/* The body offset of cmark's 1-based line and byte column. */
static size_t
offset_of(const struct walk *w, int line, int col)
{
	size_t off;

	if (line < 1)
		return 0;
	if ((size_t)line > w->nlines)
		return w->len;
	off = w->starts[line - 1] + (size_t)(col > 0 ? col - 1 : 0);
	return off < w->len ? off : w->len;
}

/*
 * The body offset of a position cmark gives node n. cmark 0.30 counts an
 * inline's column on a paragraph's later lines from the paragraph's first
 * column, as if each line were indented as the first: that column is
 * recounted from where the line's own text starts, after its container marks
 * and indent (a lazy line's extra indent is still missed).
 */
static size_t
position(const struct walk *w, cmark_node *n, int line, int col)
{
	cmark_node *b = n;
	size_t p, end;
	int first;

	while (b && cmark_node_get_type(b) >= CMARK_NODE_FIRST_INLINE)
		b = cmark_node_parent(b);
	first = b ? cmark_node_get_start_line(b) : line;
	if (b == n || line <= first || (size_t)line > w->nlines ||
	    col < cmark_node_get_start_column(b))
		return offset_of(w, line, col);
	p = w->starts[line - 1];
	end = (size_t)line < w->nlines ? w->starts[line] : w->len;
	while (p < end && (w->md[p] == ' ' || w->md[p] == '\t' || w->md[p] == '>'))
		p++;
	p += (size_t)(col - cmark_node_get_start_column(b));
	return p < w->len ? p : w->len;
}

/*
 * The body bytes [*from, *to) a node came from. cmark 0.30 locates inlines
 * too, but not every node (a soft break has no position): those take their
 * nearest located ancestor's.
 */
static void
node_range(struct walk *w, cmark_node *n, size_t *from, size_t *to)
{
	if (!w->starts)
		line_starts(w);
	while (n && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	if (!n) {
		*from = 0;
		*to = w->len;
		return;
	}
	*from = position(w, n, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
	*to = position(w, n, cmark_node_get_end_line(n), cmark_node_get_end_column(n)) + 1;
	if (*to > w->len || *to < *from)
		*to = w->len;
}

/* The file position of byte off of the body. */
static void
locate(const struct walk *w, size_t off, int *line, int *col)
{
	w->o->locate(w->o->ctx, off, line, col);
}

/*
 * Finds in md[from..to) the first numeric character reference (CommonMark
 * 6.2: "&#" 1-7 digits ";" or "&#x" 1-6 hex digits ";") giving want; sets
 * its offset and length.
 */
static int
find_reference(const struct walk *w, size_t from, size_t to, uint32_t want, size_t *at,
    size_t *rlen)
{
	size_t i, j;

	for (i = from; i + 3 < to; i++) {
		int hex = (w->md[i + 2] | 0x20) == 'x', max = hex ? 6 : 7, digits = 0;
		uint32_t cp = 0;

		if (w->md[i] != '&' || w->md[i + 1] != '#')
			continue;
		for (j = i + 2 + (size_t)hex; j < to && digits < max + 1; j++, digits++) {
			char c = w->md[j];
			int d = c >= '0' && c <= '9' ? c - '0' : hex && (c | 0x20) >= 'a' &&
			    (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;

			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (digits >= 1 && digits <= max && j < to && w->md[j] == ';' && cp == want) {
			*at = i;
			*rlen = j + 1 - i;
			return 1;
		}
	}
	return 0;
}

/* Character references located and reported per body, at most. */
#define MAX_REPORTED 100

static int
reported(const struct walk *w, size_t at)
{
	size_t i;

	for (i = 0; i < w->nreported; i++)
		if (w->reported[i] == at)
			return 1;
	return 0;
}

/*
 * The first reference to want in md[from..to) not reported yet; *seen is set when
 * one reported already is passed (an autolink's URL and text share theirs).
 */
static int
pick(const struct walk *w, size_t from, size_t to, uint32_t want, size_t *at, size_t *rlen,
    int *seen)
{
	for (; find_reference(w, from, to, want, at, rlen); from = *at + *rlen) {
		if (!reported(w, *at))
			return 1;
		*seen = 1;
	}
	return 0;
}

/*
 * Checks a string cmark hands back, from node n's source md[from..to), most
 * likely at or after prefer: each forbidden character is reported at the
 * reference that gave it. Returns the number of errors.
 */
static int
check_string(struct walk *w, const char *s, size_t from, size_t prefer, size_t to)
{
	size_t n = s ? strlen(s) : 0, bad, at = 0, rlen = 0;
	uint32_t cp;
	int errors = 0, line, col, seen;
	char why[64];

	while (n && text_check(s, n, &bad, why) < 0) {
		errors++;
		/* Past this many the entry is refused with enough said; locating more would be quadratic. */
		if (w->nreported >= MAX_REPORTED)
			return errors;
		/*
		 * Only a numeric reference gets here (cmark makes U+FFFD of NUL,
		 * surrogates and the out of range): a C0 control character, or
		 * U+FFFE/U+FFFF, which cmark 0.30 encodes as the bytes 0xfe/0xff.
		 */
		cp = (unsigned char)s[bad] == 0xfe ? 0xfffe : (unsigned char)s[bad] == 0xff ? 0xffff :
		    (unsigned char)s[bad];
		seen = 0;
		/* In the node, else anywhere: a reference link's definition stands elsewhere. */
		if (pick(w, prefer, to, cp, &at, &rlen, &seen) ||
		    pick(w, from, to, cp, &at, &rlen, &seen) ||
		    (!seen && pick(w, 0, w->len, cp, &at, &rlen, &seen))) {
			locate(w, at, &line, &col);
			diag_error(w->o->path, line, col, "character reference '%.*s' gives U+%04X, "
			    "which a feed cannot carry (expected printable text; remove it)", (int)rlen,
			    w->md + at, (unsigned)cp);
			w->reported = xrealloc(w->reported, (w->nreported + 1) * sizeof *w->reported);
			w->reported[w->nreported++] = at;
		} else if (!seen) {
			locate(w, from, &line, &col);
			diag_error(w->o->path, line, col, "a character reference gives what a feed "
			    "cannot carry: %s (expected printable text; remove it)", why);
			return errors;
		}
		prefer = at + rlen;
		/* That is one byte. */
		s += bad + 1;
		n -= bad + 1;
	}
	return errors;
}

/* cmark's safe mode writes these as href="": a relative link, which no feed may carry. */
static int
dropped_by_cmark(const char *u)
{
	static const char *const images[] = { "data:image/png", "data:image/gif",
	    "data:image/jpeg", "data:image/webp" };
	size_t i;

	/* None of these: most URLs are http(s). */
	if (!*u || !strchr("jJvVfFdD", *u))
		return 0;
	for (i = 0; i < sizeof images / sizeof *images; i++)
		if (strncasecmp(u, images[i], strlen(images[i])) == 0)
			return 0;
	return strncasecmp(u, "javascript:", 11) == 0 || strncasecmp(u, "vbscript:", 9) == 0 ||
	    strncasecmp(u, "file:", 5) == 0 || strncasecmp(u, "data:", 5) == 0;
}

/* Where check_node searches node n's strings: an autolink's text is placed after the link, so the whole link. */
static void
search_range(struct walk *w, cmark_node *n, size_t *from, size_t *to)
{
	cmark_node *p = cmark_node_parent(n);

	if (p && (cmark_node_get_type(p) == CMARK_NODE_LINK || cmark_node_get_type(p) == CMARK_NODE_IMAGE))
		node_range(w, p, from, to);
	else
		node_range(w, n, from, to);
}

/* u resolved: RFC 3986 4.4: "" and "#x" are same-document references, the entry's own page. */
static char *
resolve(const char *base, const char *page, const char *u)
{
	return url_resolve(*u == '#' || !*u ? page : base, u);
}

/* A link or image destination, resolved: absolute, or the entry is refused (returns 1). */
static int
check_url(struct walk *w, cmark_node *n, const char *u)
{
	const char *what = cmark_node_get_type(n) == CMARK_NODE_IMAGE ? "image" : "link";
	char *abs = resolve(w->base, w->page, u), *q;
	size_t at, to;
	int line, col;

	if (abs && url_is_absolute(abs) && !dropped_by_cmark(abs)) {
		if (strcmp(abs, u) != 0)
			cmark_node_set_url(n, abs);
		free(abs);
		return 0;
	}
	q = diag_quote(u);
	search_range(w, n, &at, &to);
	locate(w, at, &line, &col);
	if (abs && url_is_absolute(abs))
		diag_error(w->o->path, line, col, "%s '%s' is refused: javascript:, vbscript:, file: "
		    "and data: URLs are not written to feeds (expected an http(s) URL)", what, q);
	else
		diag_error(w->o->path, line, col, "%s '%s' is not an absolute URL (expected "
		    "http(s)://host/... or a path relative to the site)", what, q);
	free(q);
	free(abs);
	return 1;
}

/* 1 when s, a string cmark hands back, is text XML can carry (or there is none). */
static int
clean(const char *s)
{
	size_t bad;
	char why[64];

	return !s || text_check(s, strlen(s), &bad, why) == 0;
}

/* check_node for a node with a string a feed cannot carry: each error located at its source. */
static int
check_node_located(struct walk *w, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	size_t from, to, after, end;
	const char *u;
	int errors, bad;

	search_range(w, n, &from, &to);
	errors = check_string(w, cmark_node_get_literal(n), from, from, to);
	if (t == CMARK_NODE_CODE_BLOCK) {
		/* The info string stands on the opening fence's line. */
		int line = cmark_node_get_start_line(n);

		end = line > 0 && (size_t)line < w->nlines ? w->starts[line] : to;
		errors += check_string(w, cmark_node_get_fence_info(n), from, from, end < to ? end : to);
	} else if (t == CMARK_NODE_CUSTOM_BLOCK || t == CMARK_NODE_CUSTOM_INLINE) {
		errors += check_string(w, cmark_node_get_on_enter(n), from, from, to);
		errors += check_string(w, cmark_node_get_on_exit(n), from, from, to);
	} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
		/* The destination and title follow the link text: "[text](url "title")". */
		after = from;
		if (cmark_node_last_child(n))
			node_range(w, cmark_node_last_child(n), &end, &after);
		if (after < from || after > to)
			after = from;
		errors += check_string(w, cmark_node_get_title(n), from, after, to);
		if ((bad = check_string(w, u = cmark_node_get_url(n), from, after, to)))
			errors += bad;
		else if (u)
			errors += check_url(w, n, u);
	}
	return errors;
}

/*
 * Every string the HTML renderer prints from node n, checked; its URL made
 * absolute. Where the source of a string lies is worked out only when there
 * is something to say: most nodes have nothing.
 */
static int
check_node(struct walk *w, cmark_node *n)
{
	const char *u;

	if (!w->refs) {
		cmark_node_type t = cmark_node_get_type(n);

		if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE)
			return 0;
		return (u = cmark_node_get_url(n)) ? check_url(w, n, u) : 0;
	}
	if (!clean(cmark_node_get_literal(n)))
		return check_node_located(w, n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_CODE_BLOCK:
		return clean(cmark_node_get_fence_info(n)) ? 0 : check_node_located(w, n);
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_CUSTOM_INLINE:
		return clean(cmark_node_get_on_enter(n)) && clean(cmark_node_get_on_exit(n)) ? 0 :
		    check_node_located(w, n);
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		if (!clean(cmark_node_get_title(n)) || !clean(u = cmark_node_get_url(n)))
			return check_node_located(w, n);
		return u ? check_url(w, n, u) : 0;
	default:
		return 0;
	}
}

/* Raw HTML is not an error: it is left out, and said so when warnings are asked for. */
static void
note_html(struct walk *w, cmark_node *n)
{
	size_t from, to;
	int line, col;

	node_range(w, n, &from, &to);
	locate(w, from, &line, &col);
	w->m->warn = xrealloc(w->m->warn, (w->m->nwarn + 1) * 2 * sizeof *w->m->warn);
	w->m->warn[2 * w->m->nwarn] = line;
	w->m->warn[2 * w->m->nwarn + 1] = col;
	w->m->nwarn++;
}

struct markdown *
markdown_parse(const char *md, size_t len, const char *base, const char *page,
    const struct md_origin *o)
{
	struct walk w = { md, len, NULL, 0, o, base, page, NULL, 0, NULL, 1 };
	struct markdown *m = xcalloc(1, sizeof *m);
	size_t nbase = strlen(base) + 1, npage = strlen(page) + 1;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	int errors = 0;

	w.m = m;
	/*
	 * CommonMark 6.2: what cmark decodes comes from a reference, which starts
	 * with '&'; every other character of its strings is the body's own.
	 */
	w.refs = !o->checked || memchr(md, '&', len) != NULL;
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		errors += check_node(&w, n);
		if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)
			note_html(&w, n);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(w.starts);
	free(w.reported);
	if (errors) {
		markdown_free(m);
		return NULL;
	}
	m->md = xmalloc(len + 1 + nbase + npage);
	memcpy(m->md, md, len);
	m->md[len] = '\0';
	m->len = len;
	m->base = memcpy(m->md + len + 1, base, nbase);
	m->page = memcpy(m->md + len + 1 + nbase, page, npage);
	return m;
}

void
markdown_warn(const struct markdown *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->nwarn; i++)
		diag_warn(path, m->warn[2 * i], m->warn[2 * i + 1], "raw HTML is left out of the "
		    "feeds (write it in Markdown)");
}

char *
markdown_render(const struct markdown *m)
{
	cmark_node *doc = cmark_parse_document(m->md, m->len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char *html, *out;

	/* The same tree as markdown_parse checked: its links resolved the same way, all absolute. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *u;
		char *abs;

		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE) ||
		    !(u = cmark_node_get_url(n)))
			continue;
		if ((abs = resolve(m->base, m->page, u)) && strcmp(abs, u) != 0)
			cmark_node_set_url(n, abs);
		free(abs);
	}
	cmark_iter_free(it);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	/* cmark allocates with its own allocator (the system's by default). */
	out = xstrdup(html);
	free(html);
	return out;
}

void
markdown_free(struct markdown *m)
{
	if (!m)
		return;
	free(m->md);
	free(m->warn);
	free(m);
}
