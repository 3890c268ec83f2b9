/* markdown.c: CommonMark to HTML through cmark, with every URL made absolute. */
#include "markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "text.h"
#include "url.h"
#include "xalloc.h"

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

/* Where a node came from: inlines carry no position in cmark 0.30, their block does. */
static void
position(cmark_node *n, int lineoff, int *line, int *col)
{
	while (n && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	*line = n ? cmark_node_get_start_line(n) + lineoff : lineoff + 1;
	*col = n ? cmark_node_get_start_column(n) : 1;
}

/* Text cmark decoded from a character reference must still be text XML can carry. */
static void
check_text(cmark_node *n, const char *s, const char *path, int lineoff)
{
	char why[64];
	size_t bad;
	int line, col;

	if (s && text_check(s, strlen(s), &bad, why) < 0) {
		position(n, lineoff, &line, &col);
		diag_error(path, line, col, "a character reference gives what a feed cannot carry: "
		    "%s (expected printable text; remove it)", why);
	}
}

char *
markdown_html(const char *md, size_t len, const char *base, const char *page,
    const char *path, int lineoff, int warn)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char *html, *out;
	int line, col;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *u;
		char *abs;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		check_text(n, cmark_node_get_literal(n), path, lineoff);
		if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
			if (warn) {
				position(n, lineoff, &line, &col);
				diag_warn(path, line, col, "raw HTML is left out of the feeds (write it in Markdown)");
			}
		} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			check_text(n, cmark_node_get_title(n), path, lineoff);
			check_text(n, u = cmark_node_get_url(n), path, lineoff);
			if (!u || !*u)
				continue;
			if ((abs = url_resolve(*u == '#' ? page : base, u))) {
				cmark_node_set_url(n, abs);
				free(abs);
			} else if (warn) {
				position(n, lineoff, &line, &col);
				diag_warn(path, line, col, "link '%s' cannot be made absolute; readers may not "
				    "follow it (expected a URL)", u);
			}
		}
	}
	cmark_iter_free(it);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	/* cmark allocates with its own allocator (the system's by default). */
	out = xstrdup(html);
	free(html);
	return out;
}
