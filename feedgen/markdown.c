/* markdown.c: CommonMark to HTML through cmark, with every URL made absolute. */
#include "markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
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

char *
markdown_html(const char *md, size_t len, const char *base, const char *page,
    const char *path, int lineoff)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char *html, *out;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *u;
		char *abs;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
			diag_warn(path, cmark_node_get_start_line(n) + lineoff,
			    cmark_node_get_start_column(n),
			    "raw HTML is left out of the feeds (write it in Markdown)");
		} else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
		    (u = cmark_node_get_url(n)) && *u &&
		    (abs = url_resolve(*u == '#' ? page : base, u))) {
			cmark_node_set_url(n, abs);
			free(abs);
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
