/* oldfeed.c: an RSS 2.0 or Atom 1.0 document read by libxml2 into plain items. */
#include "oldfeed.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "url.h"
#include "xalloc.h"

#define XC(s) ((const xmlChar *)(s))
#define ATOM_NS "http://www.w3.org/2005/Atom"

/* Adds code point cp to b as UTF-8; what XML cannot hold becomes U+FFFD. */
static void
add_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    (cp >= 0xd800 && cp < 0xe000) || cp == 0xfffe || cp == 0xffff || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* The named references titles use, sorted; any other is kept as written. */
static const struct {
	const char *name;
	uint32_t cp;
} named[] = {
	{"amp", '&'}, {"apos", '\''}, {"bull", 0x2022}, {"copy", 0xa9}, {"gt", '>'}, {"hellip", 0x2026},
	{"laquo", 0xab}, {"ldquo", 0x201c}, {"lsquo", 0x2018}, {"lt", '<'}, {"mdash", 0x2014}, {"nbsp", 0xa0},
	{"ndash", 0x2013}, {"quot", '"'}, {"raquo", 0xbb}, {"rdquo", 0x201d}, {"reg", 0xae},
	{"rsquo", 0x2019}, {"trade", 0x2122},
};

/* A character reference at s ('&'); returns its length and sets *cp, or 0 when it is none. */
static size_t
char_ref(const char *s, uint32_t *cp)
{
	const char *semi = strchr(s, ';');
	size_t n, i;

	if (!semi || semi - s > 12 || semi - s < 3)
		return 0;
	n = (size_t)(semi - s) + 1;
	if (s[1] == '#') {
		char *end;
		int hex = s[2] == 'x' || s[2] == 'X';
		unsigned long v = hex ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);

		if (end != semi || end == s + 2 + hex || !strchr("0123456789abcdefABCDEF", s[2 + hex]))
			return 0;
		*cp = v > 0x10ffff ? 0xfffd : (uint32_t)v;
		return n;
	}
	for (i = 0; i < sizeof named / sizeof *named; i++)
		if (strlen(named[i].name) == n - 2 && memcmp(named[i].name, s + 1, n - 2) == 0) {
			*cp = named[i].cp;
			return n;
		}
	return 0;
}

/* Runs of white space to one space, none at either end: a title is one line. */
static char *
one_line(const char *s)
{
	struct buf b = {0};

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addc(&b, ' ');
		} else {
			buf_addc(&b, *s);
		}
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

char *
oldfeed_html_text(const char *html)
{
	struct buf b = {0};
	char *out;
	const char *s;

	for (s = html; *s; s++) {
		uint32_t cp;
		size_t n;

		if (*s == '<' && strchr(s, '>')) {
			s = strchr(s, '>');
		} else if (*s == '&' && (n = char_ref(s, &cp))) {
			add_utf8(&b, cp);
			s += n - 1;
		} else {
			buf_addc(&b, *s);
		}
	}
	out = one_line(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int
is_atom(const xmlNode *n, const char *name)
{
	return is(n, name) && n->ns && strcmp((const char *)n->ns->href, ATOM_NS) == 0;
}

/* An element's text, newly allocated (NULL for none). */
static char *
text_of(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s = xstrdup((const char *)t);

	xmlFree(t);
	return s;
}

static char *
prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, XC(name));
	char *s = xstrdup((const char *)v);

	xmlFree(v);
	return s;
}

/*
 * A reference resolved against the node's xml:base (RFC 4287 2, XML Base),
 * or NULL after a warning when it cannot be read as a URI reference (a line
 * break in it, say): such a link is none, never the text as written.
 */
static char *
resolved(const xmlNode *n, const char *ref, const char *name)
{
	xmlChar *base = xmlNodeGetBase(n->doc, n);
	char *abs = url_resolve(base ? (const char *)base : name, ref);

	xmlFree(base);
	if (!abs) {
		char *q = diag_quote(ref);

		diag_warn(name, (int)xmlGetLineNo(n), 0, "<link> '%s' is not a URL; the item's link is left "
		    "out (expected an absolute URL or one relative to the feed)", q);
		free(q);
		return NULL;
	}
	return abs;
}

static void
trim(char *s)
{
	size_t a = strspn(s, " \t\r\n"), n = strlen(s);

	while (n > a && strchr(" \t\r\n", s[n - 1]))
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
}

/*
 * The feed being read, and where its elements start: libxml2 gives a node's
 * line but not its column (a one-line feed has every item at column 1), so
 * start_element notes each element's byte offset in its _private, and pos
 * turns it into a line and a column in characters, counting on from the
 * last position it gave (items come in the document's order).
 */
struct reader {
	const char *name;
	const char *data;
	size_t len;
	size_t off;		/* the last position given, at line:col */
	int line, col;
};

/* n's line and column; its line alone (column 0) when its offset is not known. */
static void
pos(struct reader *rd, const xmlNode *n, int *line, int *col)
{
	uintptr_t at = (uintptr_t)n->_private;
	size_t off;

	*line = (int)xmlGetLineNo(n);
	*col = 0;
	if (at == 0 || at - 1 >= rd->len)
		return;
	off = at - 1;
	if (off < rd->off || rd->line == 0) {
		/* A byte order mark is no character of the first line. */
		rd->off = rd->len >= 3 && memcmp(rd->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		rd->line = rd->col = 1;
	}
	for (; rd->off < off; rd->off++) {
		unsigned char c = (unsigned char)rd->data[rd->off];

		if (c == '\n') {
			rd->line++;
			rd->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			rd->col++;	/* a character: each UTF-8 sequence counts once */
		}
	}
	*line = rd->line;
	*col = rd->col;
}

/* A date of the item: RFC 822 in RSS, RFC 3339 in Atom. Returns 0, or -1 after reporting. */
static int
item_date(struct reader *rd, const xmlNode *n, int rfc822, struct when *w, int *has)
{
	char *v = text_of(n), why[96];
	int rc = rfc822 ? date_parse_rfc822(v, w, why) : date_parse(v, w, why), line, col;

	if (rc < 0) {
		char *q = diag_quote(v);

		pos(rd, n, &line, &col);
		diag_error(rd->name, line, col, "<%s> is not a valid date: '%s' (%s; expected %s)",
		    (const char *)n->name, q, why, rfc822 ? "RFC 822 such as 'Sat, 02 Mar 2024 00:00:00 +0100'" :
		    "RFC 3339 such as 2024-03-02T00:00:00+01:00");
		free(q);
	} else {
		*has = 1;
	}
	free(v);
	return rc;
}

/* Title as a reader shows it: Atom's type="html" (and RSS's, in practice) decoded. */
static char *
title_of(const xmlNode *n, int html)
{
	char *t = text_of(n), *s;

	s = html ? oldfeed_html_text(t) : one_line(t);
	free(t);
	return s;
}

static int
atom_entry(struct reader *rd, const xmlNode *e, struct olditem *it)
{
	const xmlNode *c;
	int rc = 0, has_pub = 0;

	for (c = e->children; c; c = c->next) {
		if (is_atom(c, "id") && !it->id) {
			it->id = text_of(c);
			trim(it->id);
		} else if (is_atom(c, "link") && !it->link) {
			char *rel = prop(c, "rel"), *href = prop(c, "href");

			if (href && (!rel || strcmp(rel, "alternate") == 0))
				it->link = resolved(c, href, rd->name);
			free(rel);
			free(href);
		} else if (is_atom(c, "title") && !it->title) {
			char *type = prop(c, "type");

			it->title = title_of(c, type && strcmp(type, "html") == 0);
			free(type);
		} else if (is_atom(c, "published")) {
			rc |= item_date(rd, c, 0, &it->published, &has_pub);
		} else if (is_atom(c, "updated")) {
			rc |= item_date(rd, c, 0, &it->updated, &it->has_updated);
		}
	}
	/* RFC 4287 4.2.15: without published, updated is all a reader has. */
	it->has_published = has_pub || it->has_updated;
	if (!has_pub && it->has_updated)
		it->published = it->updated;
	return rc;
}

static int
rss_item(struct reader *rd, const xmlNode *e, struct olditem *it)
{
	const xmlNode *c;
	int rc = 0;

	for (c = e->children; c; c = c->next) {
		if (c->ns)
			continue;
		if (is(c, "guid") && !it->id) {
			it->id = text_of(c);
			trim(it->id);
		} else if (is(c, "link") && !it->link) {
			char *l = text_of(c);

			trim(l);
			it->link = resolved(c, l, rd->name);
			free(l);
		} else if (is(c, "title") && !it->title) {
			it->title = title_of(c, 1);
		} else if (is(c, "pubDate")) {
			rc |= item_date(rd, c, 1, &it->published, &it->has_published);
		}
	}
	/* RSS 2.0: without a guid, readers tell items apart by their link. */
	if (!it->id && it->link)
		it->id = xstrdup(it->link);
	return rc;
}

static void
add_item(struct oldfeed *f, const xmlNode *n, int *rc, struct reader *rd)
{
	struct olditem *it;

	f->items = xrealloc(f->items, (f->n + 1) * sizeof *f->items);
	it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	pos(rd, n, &it->line, &it->col);
	if ((f->atom ? atom_entry(rd, n, it) : rss_item(rd, n, it)) < 0)
		*rc = -1;
	if (!it->id || !*it->id) {
		diag_error(rd->name, it->line, it->col, "%s has no id (expected %s)", f->atom ? "<entry>" : "<item>",
		    f->atom ? "an <id>" : "a <guid> or a <link>");
		*rc = -1;
	}
	if (!it->title)
		it->title = xstrdup("");
}

/* libxml2's first error, not its last: the one that says what went wrong. */
static void
on_error(void *arg, xmlErrorPtr err)
{
	xmlError *first = arg;

	if (err->level >= XML_ERR_ERROR && !first->message)
		xmlCopyError(err, first);
}

/*
 * libxml2's own startElementNs, then the element's offset noted: the parser
 * stands at the end of its start tag, and '<' cannot occur in a tag's
 * attributes, so the last '<' before is where the element starts. Only in
 * a UTF-8 (or ASCII) document: in another encoding libxml2 has converted
 * the input, xmlByteConsumed re-encodes what it holds at each call (a 14 MB
 * Latin-1 feed took 5 s, not 1 s), and characters are not UTF-8 sequences;
 * such a feed's elements keep their line alone.
 */
static void
start_element(void *vctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
    const xmlChar **nss, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = vctx;
	const struct reader *rd = ctxt->_private;
	int utf8 = ctxt->input && ctxt->input->buf && !ctxt->input->buf->encoder;
	long at = utf8 ? xmlByteConsumed(ctxt) : -1;
	size_t lt;

	xmlSAX2StartElementNs(ctxt, local, prefix, uri, nns, nss, nattrs, ndefaulted, attrs);
	if (!ctxt->node || at <= 0 || (size_t)at > rd->len)
		return;
	for (lt = (size_t)at; lt > 0 && rd->data[lt - 1] != '<'; lt--)
		;
	if (lt > 0)
		ctxt->node->_private = (void *)(uintptr_t)lt;	/* the offset of '<', plus one */
}

struct oldfeed *
oldfeed_parse(const char *name, const char *data, size_t len)
{
	struct reader rd = {name, data, len, 0, 0, 0};
	xmlParserCtxtPtr ctxt;
	struct oldfeed *f;
	const xmlNode *root, *c, *ch = NULL;
	xmlDoc *doc;
	xmlError first;
	int rc = 0;

	if (len > INT32_MAX) {
		diag_error(name, 0, 0, "the feed is too large");
		return NULL;
	}
	/* No XML_PARSE_NOENT nor DTDLOAD: no entity is expanded, no DTD read; NONET: nothing fetched. */
	memset(&first, 0, sizeof first);
	xmlSetStructuredErrorFunc(&first, on_error);
	doc = NULL;
	if ((ctxt = xmlCreateMemoryParserCtxt(data, (int)len))) {
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING);
		ctxt->sax->startElementNs = start_element;
		ctxt->_private = &rd;
		/* As xmlReadMemory: the document's URL, the base of relative links, is name. */
		if (ctxt->input && !ctxt->input->filename)
			ctxt->input->filename = (char *)xmlStrdup(XC(name));
		xmlParseDocument(ctxt);
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || first.message) {
		char *msg = xstrdup(first.message ? first.message : "not well-formed");

		msg[strcspn(msg, "\n")] = '\0';
		diag_error(name, first.line, first.int2, "the feed is not well-formed XML: %s", msg);
		free(msg);
		xmlResetError(&first);
		xmlFreeDoc(doc);
		return NULL;
	}
	/* Entities are never expanded: one declared could be a "billion laughs" when read. */
	if (doc->intSubset && doc->intSubset->entities) {
		diag_error(name, 1, 1, "the feed declares entities in its DOCTYPE, which import does not "
		    "read (expected a feed as generators write them, without entity declarations)");
		xmlFreeDoc(doc);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	root = xmlDocGetRootElement(doc);
	if (root && is_atom(root, "feed")) {
		f->atom = 1;
		for (c = root->children; c; c = c->next)
			if (is_atom(c, "entry"))
				add_item(f, c, &rc, &rd);
	} else if (root && is(root, "rss") && !root->ns) {
		for (c = root->children; c && !ch; c = c->next)
			if (is(c, "channel"))
				ch = c;
		for (c = ch ? ch->children : NULL; c; c = c->next)
			if (is(c, "item"))
				add_item(f, c, &rc, &rd);
	} else {
		diag_error(name, root ? (int)xmlGetLineNo(root) : 0, 0, "the root element <%s> is not an RSS 2.0 "
		    "<rss> or an Atom 1.0 <feed> (expected the feed the old site publishes)",
		    root ? (const char *)root->name : "");
		rc = -1;
	}
	xmlFreeDoc(doc);
	if (rc < 0) {
		oldfeed_free(f);
		return NULL;
	}
	return f;
}

void
oldfeed_free(struct oldfeed *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->items[i].id);
		free(f->items[i].link);
		free(f->items[i].title);
	}
	free(f->items);
	free(f);
}
