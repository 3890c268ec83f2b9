/* entry.c: one entry file to struct entry: file name, front matter, schema, meaning. */
#include "entry.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wctype.h>

#include "diag.h"
#include "front.h"
#include "markdown.h"
#include "person.h"
#include "schema.h"
#include "source.h"
#include "text.h"
#include "url.h"
#include "xalloc.h"
#include "ynode.h"

/* The extension after the last '.', or the empty string at the end of name. */
static const char *
ext_of(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');

	return dot && (!slash || dot > slash) ? dot + 1 : name + strlen(name);
}

/* .md, and .markdown as Jekyll names its posts: front matter, then the body. */
static int
is_markdown(const char *ext)
{
	return strcmp(ext, "md") == 0 || strcmp(ext, "markdown") == 0;
}

int
entry_is_candidate(const char *name)
{
	const char *ext = ext_of(name);

	/* Hidden files are editors' and version control's, not the newsroom's. */
	return *name != '.' && (is_markdown(ext) || strcmp(ext, "yaml") == 0 ||
	    strcmp(ext, "yml") == 0);
}

static int
is_slug(const char *s, size_t n)
{
	size_t i;

	/*
	 * Runs of lower-case letters and digits, one hyphen, dot or underscore
	 * between two (Jekyll's jekyll-sass-converter-3.0-released): each is
	 * unreserved in URLs and tag URIs, and none can make "." or "..".
	 */
	if (n == 0 || strchr("-._", s[0]) || strchr("-._", s[n - 1]))
		return 0;
	for (i = 0; i < n; i++) {
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		    strchr("-._", s[i])))
			return 0;
		if (strchr("-._", s[i]) && strchr("-._", s[i + 1]))
			return 0;
	}
	return 1;
}

/*
 * Checks the file's name and sets the slug and the name's date (fdate; ""
 * when it has none). YYYY-MM-DD-slug.ext; with dated_names: false also
 * slug.ext, and Hugo's page bundle slug/index.ext (the folder's name for the
 * file's, dated or not). A name that starts with a date is dated in either
 * mode. *name_off: where the name read (the file's, or the bundle's folder)
 * starts in e->path.
 */
static int
parse_name(struct entry *e, const struct config *cfg, char fdate[11], size_t *name_off)
{
	const char *base = strrchr(e->path, '/');
	const char *ext, *name;
	struct when w;
	char why[96];
	size_t slen;
	int bundle = 0;

	base = base ? base + 1 : e->path;
	ext = ext_of(base);
	slen = *ext ? (size_t)(ext - base) - 1 : 0;
	name = base;
	if (cfg->undated_names && slen == 5 && memcmp(base, "index", 5) == 0 && base - e->path >= 2) {
		/* Hugo's leaf bundle: my-post/index.md is my-post's. */
		const char *end = base - 1;

		for (name = end; name > e->path && name[-1] != '/'; name--)
			;
		slen = (size_t)(end - name);
		bundle = 1;
	}
	*name_off = (size_t)(name - e->path);
	fdate[0] = '\0';
	if (slen >= 12 && name[10] == '-') {
		memcpy(fdate, name, 10);
		fdate[10] = '\0';
		if (!date_is_plain(fdate))
			fdate[0] = '\0';
	}
	if (cfg->undated_names && !fdate[0] && is_slug(name, slen)) {
		e->slug = xstrndup(name, slen);
		return 0;
	}
	if (!fdate[0] || !is_slug(name + 11, slen - 11)) {
		if (bundle)
			diag_error(e->path, 0, 0, "page bundle folder '%.*s' is not of the form slug or "
			    "YYYY-MM-DD-slug (expected lower-case letters and digits, with single hyphens, "
			    "dots or underscores between them, after an optional date)", (int)slen, name);
		else if (cfg->undated_names)
			diag_error(e->path, 0, 0, "file name '%s' is not of the form slug.%s or "
			    "YYYY-MM-DD-slug.%s (expected lower-case letters and digits, with single "
			    "hyphens, dots or underscores between them, after an optional date)", base,
			    *ext ? ext : "md", *ext ? ext : "md");
		else
			diag_error(e->path, 0, 0, "file name '%s' is not of the form YYYY-MM-DD-slug.%s "
			    "(expected a date, then lower-case letters and digits, with single hyphens, dots or "
			    "underscores between them)", base,
			    *ext ? ext : "md");
		return -1;
	}
	if (date_parse(fdate, &w, why) < 0) {
		diag_error(e->path, 0, 0, "file name date '%s' is not a valid date (%s)", fdate, why);
		return -1;
	}
	e->slug = xstrndup(name + 11, slen - 11);
	return 0;
}

/*
 * Splits a .md file (front.c finds the parts); the refusals in an entry's
 * words. Sets the YAML range and where the body starts.
 */
static int
split_front(const struct source *src, size_t *yoff, size_t *ylen, size_t *boff)
{
	struct front_range r;

	switch (front_find(src->data, src->len, &r)) {
	case FRONT_YAML:
		*yoff = r.yoff;
		*ylen = r.ylen;
		*boff = r.boff;
		return 0;
	case FRONT_TOML:
		/* Hugo's TOML front matter: no TOML library is packaged for C in Debian. */
		diag_error(src->path, 1, 1, "TOML front matter ('+++') is not read (expected YAML front "
		    "matter between a first line '---' and a line '---', or a .yaml file)");
		return -1;
	case FRONT_UNCLOSED:
		diag_error(src->path, 1, 1, "front matter is not closed (expected a line '---' after the 'key: value' lines)");
		return -1;
	default:
		diag_error(src->path, 1, 1, "missing front matter (expected a first line '---', "
		    "then 'key: value' lines, then a line '---')");
		return -1;
	}
}

/* 2016-18-10: the day and the month the other way round, as many countries write them. */
static void
swapped_hint(const char *v)
{
	int month, day;

	if (strlen(v) < 10 || v[4] != '-' || v[7] != '-' || strspn(v, "0123456789") != 4 ||
	    strspn(v + 5, "0123456789") != 2 || strspn(v + 8, "0123456789") < 2)
		return;
	month = (v[5] - '0') * 10 + (v[6] - '0');
	day = (v[8] - '0') * 10 + (v[9] - '0');
	if (month > 12 && day >= 1 && day <= 12)
		diag_hint("dates are year-month-day: did you mean %.4s-%.2s-%.2s%s?", v, v + 8, v + 5, v + 10);
}

/* A date field that passed the schema: parse it for real. */
static int
get_date(const struct entry *e, const struct ynode *root, const char *key, struct when *w, int *present)
{
	const struct ynode *n = ynode_get(root, key);
	char why[96];

	*present = 0;
	if (!n || n->bad || n->kind != YNODE_SCALAR)
		return n && n->bad ? -1 : 0;
	if (date_parse(n->value, w, why) < 0) {
		char *q = diag_quote(n->value);

		diag_error(e->path, n->line, n->col, "'%s' is not a valid date: '%s' (%s; expected "
		    "YYYY-MM-DD, an RFC 3339 date-time such as 2016-10-18T10:00:00-04:00, or Jekyll's "
		    "2016-10-18 10:00:00 -0400)", key, q, why);
		swapped_hint(n->value);
		free(q);
		return -1;
	}
	*present = 1;
	return 0;
}

/* Resolves a URL field against the site; the result must be http(s). */
static char *
get_url(const struct entry *e, const struct ynode *n, const char *field, const char *base)
{
	char *abs;

	if (!n || n->bad || n->kind != YNODE_SCALAR)
		return NULL;
	abs = url_resolve(base, n->value);
	if (!abs || !url_is_http(abs)) {
		char *q = diag_quote(n->value);

		diag_error(e->path, n->line, n->col, "'%s' is not a usable URL: '%s' (expected an http(s) "
		    "URL, absolute or relative to the site URL)", field, q);
		free(q);
		free(abs);
		return NULL;
	}
	return abs;
}

/* C.UTF-8's case mapping, opened once for every thread (never freed: one small object). */
static locale_t utf8;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void
utf8_open(void)
{
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/*
 * One category as Jekyll's :categories writes it: lower-cased (Unicode's
 * simple mapping, C.UTF-8's towlower), then percent-encoded as a URL path
 * (RFC 3986 pchar and "/" kept). A "/" makes folders, as in Jekyll ("%2F"
 * would not survive url_resolve: libxml2 decodes it); "?" and "#" are
 * encoded, where Jekyll keeps "?" and makes the rest of the path a query.
 */
static void
category_segment(struct buf *b, const char *s)
{
	size_t n = strlen(s), k;
	uint32_t cp;
	char u[4];

	pthread_once(&utf8_once, utf8_open);
	while (n) {
		if (!(k = utf8_decode(s, n, &cp))) {
			cp = (unsigned char)*s;
			k = 1;
		} else if (cp >= 'A' && cp <= 'Z') {
			cp += 'a' - 'A';
		} else if (cp >= 0x80 && utf8) {
			cp = (uint32_t)towlower_l((wint_t)cp, utf8);
		}
		if (cp < 0x80 && (isalnum((int)cp) || strchr("-._~!$&'()*+,;=:@/", (int)cp))) {
			buf_addc(b, (char)cp);
		} else {
			size_t m = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, i;

			if (cp < 0x80)
				u[0] = (char)cp;
			else if (m == 2)
				u[0] = (char)(0xc0 | cp >> 6);
			else if (m == 3)
				u[0] = (char)(0xe0 | cp >> 12);
			else
				u[0] = (char)(0xf0 | cp >> 18);
			for (i = 1; i < m; i++)
				u[i] = (char)(0x80 | ((cp >> (6 * (m - 1 - i))) & 0x3f));
			for (i = 0; i < m; i++)
				buf_addf(b, "%%%02X", (unsigned char)u[i]);
		}
		s += k;
		n -= k;
	}
}

/*
 * {categories}: the entry's categories as Jekyll orders them ('categories',
 * then 'category'), the same one once, joined by "/"; a run of "/" made by
 * them is one, and none starts or ends the result.
 */
static void
categories_path(struct buf *b, const struct entry *e, int single)
{
	char **seg = xcalloc(e->ncategories + 1, sizeof *seg);
	size_t i, j, nseg = 0, start = b->len, to;

	for (i = 0; i < e->ncategories; i++) {
		struct buf one = {0};

		buf_adds(&one, "");
		category_segment(&one, e->categories[single ? (i + 1) % e->ncategories : i]);
		for (j = 0; j < nseg && strcmp(seg[j], one.data) != 0; j++)
			;
		if (j < nseg) {
			buf_free(&one);
			continue;
		}
		buf_addc(b, '/');
		buf_adds(b, one.data);
		seg[nseg++] = buf_steal(&one);
	}
	for (j = 0; j < nseg; j++)
		free(seg[j]);
	free(seg);
	for (i = to = start; i < b->len; i++)
		if (b->data[i] != '/' || (to > start && b->data[to - 1] != '/'))
			b->data[to++] = b->data[i];
	if (to > start && b->data[to - 1] == '/')
		to--;
	b->len = to;
	if (b->data)
		b->data[to] = '\0';
}

/*
 * The link from the site's permalink. An empty {categories} takes the "/"
 * after it along, so "/{categories}/{year}/" gives "/2025/" as Jekyll's
 * "/:categories/:year/" does (and "{categories}/{slug}" stays relative).
 */
static char *
permalink(const struct config *cfg, const struct entry *e, int single, const char *fdate)
{
	struct buf b = {0};
	const char *p;
	char *abs;

	for (p = cfg->permalink; *p; p++) {
		if (strncmp(p, "{slug}", 6) == 0) {
			buf_adds(&b, e->slug);
			p += 5;
		} else if (strncmp(p, "{year}", 6) == 0) {
			buf_add(&b, fdate, 4);
			p += 5;
		} else if (strncmp(p, "{month}", 7) == 0) {
			buf_add(&b, fdate + 5, 2);
			p += 6;
		} else if (strncmp(p, "{day}", 5) == 0) {
			buf_add(&b, fdate + 8, 2);
			p += 4;
		} else if (strncmp(p, "{categories}", 12) == 0) {
			size_t before = b.len;

			categories_path(&b, e, single);
			p += 11;
			if (b.len == before && p[1] == '/')
				p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	abs = url_resolve(cfg->url, b.data ? b.data : "");
	buf_free(&b);
	return abs;
}

static void
figure(struct buf *b, const struct entry *e)
{
	buf_adds(b, "<figure><img src=\"");
	html_escape(b, e->image_url);
	buf_adds(b, "\" alt=\"");
	html_escape(b, e->image_alt ? e->image_alt : e->image_caption ? e->image_caption : "");
	buf_adds(b, "\" />");
	if (e->image_caption || e->image_credit) {
		buf_adds(b, "<figcaption>");
		if (e->image_caption)
			html_escape(b, e->image_caption);
		if (e->image_caption && e->image_credit)
			buf_adds(b, " \xe2\x80\x94 ");	/* em dash */
		if (e->image_credit)
			html_escape(b, e->image_credit);
		buf_adds(b, "</figcaption>");
	}
	buf_adds(b, "</figure>\n");
}

/* "tag:" host "," date ":" slug, newly allocated (by hand: printf costs more than the rest of fill). */
static char *
tag_uri(const char *host, const char *date, const char *slug)
{
	size_t h = strlen(host), d = strlen(date), s = strlen(slug);
	char *id = xmalloc(4 + h + 1 + d + 1 + s + 1), *p = id;

	memcpy(p, "tag:", 4);
	memcpy(p += 4, host, h);
	*(p += h) = ',';
	memcpy(++p, date, d);
	*(p += d) = ':';
	memcpy(++p, slug, s + 1);
	return id;
}

/*
 * The summary under any of its names: feedgen's 'summary', Jekyll's and
 * Hugo's 'description', Jekyll's 'excerpt'. More than one is an error at each
 * later one, naming it and the first in the file: which to keep is the
 * writer's choice.
 */
static const char *
summary_of(const struct entry *e, const struct ynode *root)
{
	static const char *const names[3] = {"summary", "description", "excerpt"};
	const struct ynode *n[3], *first = NULL;
	int i, f = 0;

	for (i = 0; i < 3; i++) {
		n[i] = ynode_get(root, names[i]);
		if (n[i] && (!first || n[i]->key_line < first->key_line ||
		    (n[i]->key_line == first->key_line && n[i]->key_col < first->key_col))) {
			first = n[i];
			f = i;
		}
	}
	for (i = 0; i < 3; i++)
		if (n[i] && i != f)
			diag_error(e->path, n[i]->key_line, n[i]->key_col, "'%s' and '%s' both give the "
			    "summary (expected one of summary, description, excerpt)", names[f], names[i]);
	return first && !first->bad && first->kind == YNODE_SCALAR ? first->value : NULL;
}

/*
 * fdate: the name's date, or "" for an undated name (dated_names: false),
 * then set to the date's day in the site's zone, for the id and permalink.
 * name_off: where the dated name starts in the path (parse_name's).
 */
static int
fill(struct entry *e, struct ynode *root, const struct config *cfg, char fdate[11], size_t name_off)
{
	const struct ynode *n;
	const char *s;
	int errs = diag_error_count(), present, dated, single = 0;
	char ymd[11];

	e->title = xstrdup(ynode_str(root, "title"));
	dated = get_date(e, root, "date", &e->date, &present) == 0 && present;
	if (dated && !fdate[0]) {
		date_ymd_local(e->date.t, fdate);
	} else if (dated) {
		date_ymd(&e->date, ymd);
		if (strcmp(ymd, fdate) != 0) {
			n = ynode_get(root, "date");
			diag_error(e->path, n->line, n->col, "'date' is %s but the file name says %s "
			    "(expected the same day; rename the file or fix the date)", ymd, fdate);
			/* The name's date is its first 10 characters (parse_name checked it). */
			diag_hint("to keep this date, rename the file to %.*s%s%s", (int)name_off,
			    e->path, ymd, e->path + name_off + 10);
		}
	}
	e->updated = e->date;
	if (get_date(e, root, "updated", &e->updated, &present) == 0 && present &&
	    e->updated.t < e->date.t) {
		n = ynode_get(root, "updated");
		diag_error(e->path, n->line, n->col, "'updated' is before 'date' (expected the time of "
		    "the last change, at or after the date)");
	}
	if (!present)
		e->updated = e->date;
	if (get_date(e, root, "expires", &e->expires, &e->has_expires) == 0 && e->has_expires &&
	    dated && e->expires.t <= e->date.t) {
		/* Such an entry would never appear, and `next` would name an instant that changes nothing. */
		n = ynode_get(root, "expires");
		diag_error(e->path, n->line, n->col, "'expires' is not after 'date' (expected the time "
		    "the entry leaves the feeds, after it enters them)");
	}
	if ((n = ynode_get(root, "id")) && !n->bad) {
		e->id = xstrdup(n->value);
		e->id_line = n->line;
	} else {
		/* RFC 4151 tag URI from what never changes: the site, the file's date and slug. */
		e->id = tag_uri(cfg->host, fdate, e->slug);
	}
	/* RFC 4287 3.2.2: an entry's author may be reached by mail as well. */
	if ((n = ynode_get(root, "author")) && !n->bad) {
		const struct ynode *nm = n->kind == YNODE_SCALAR ? n : ynode_get(n, "name");

		person_read(n, e->path, cfg->url, 1, &e->author);
		if (nm)
			e->author_pos = (struct entry_pos){nm->line, nm->col};
	}
	e->summary = xstrdup(summary_of(e, root));
	/* Jekyll's 'category' and 'categories' add up, as Jekyll adds them. */
	if ((n = ynode_get(root, "category")) && !n->bad && n->kind == YNODE_SCALAR) {
		e->categories = xmalloc(sizeof *e->categories);
		e->category_pos = xmalloc(sizeof *e->category_pos);
		e->category_pos[e->ncategories] = (struct entry_pos){n->line, n->col};
		e->categories[e->ncategories++] = xstrdup(n->value);
		single = 1;
	}
	if ((n = ynode_get(root, "categories")) && !n->bad) {
		const struct ynode *m;

		if (n->kind == YNODE_SCALAR) {
			e->categories = xrealloc(e->categories, (e->ncategories + 1) * sizeof *e->categories);
			e->category_pos = xrealloc(e->category_pos, (e->ncategories + 1) * sizeof *e->category_pos);
			e->category_pos[e->ncategories] = (struct entry_pos){n->line, n->col};
			e->categories[e->ncategories++] = xstrdup(n->value);
		}
		for (m = n->kind == YNODE_SEQ ? n->child : NULL; m; m = m->next) {
			e->categories = xrealloc(e->categories, (e->ncategories + 1) * sizeof *e->categories);
			e->category_pos = xrealloc(e->category_pos, (e->ncategories + 1) * sizeof *e->category_pos);
			e->category_pos[e->ncategories] = (struct entry_pos){m->line, m->col};
			e->categories[e->ncategories++] = xstrdup(m->value);
		}
	}
	/* Tags: a list, or one on the line, as categories are; no feed of their own. */
	if ((n = ynode_get(root, "tags")) && !n->bad) {
		const struct ynode *m;

		for (m = n->kind == YNODE_SEQ ? n->child : n->kind == YNODE_SCALAR ? n : NULL; m;
		    m = m == n ? NULL : m->next) {
			e->tags = xrealloc(e->tags, (e->ntags + 1) * sizeof *e->tags);
			e->tags[e->ntags++] = xstrdup(m->value);
		}
	}
	if ((n = ynode_get(root, "link")))
		e->link = get_url(e, n, "link", cfg->url);
	else if (!(e->link = permalink(cfg, e, single, fdate)))
		diag_error(e->path, 0, 0, "the site's permalink gives no URL for this entry (expected "
		    "'permalink' in the configuration to make an http(s) URL)");
	e->image_length = -1;
	if ((n = ynode_get(root, "image")) && !n->bad) {
		e->image_url = get_url(e, ynode_get(n, "url"), "image.url", cfg->url);
		e->image_caption = xstrdup(ynode_str(n, "caption"));
		e->image_alt = xstrdup(ynode_str(n, "alt"));
		e->image_credit = xstrdup(ynode_str(n, "credit"));
		e->image_type = xstrdup(ynode_str(n, "type"));
		if ((s = ynode_str(n, "length")))
			e->image_length = strtoll(s, NULL, 10);
	}
	e->draft = (s = ynode_str(root, "draft")) && strcmp(s, "true") == 0;
	if ((n = ynode_get(root, "retracted")) && !n->bad && n->kind == YNODE_SCALAR) {
		/* Subscribers are told why: a bare flag would tell them nothing. */
		if (strcmp(n->value, "true") == 0 || strcmp(n->value, "false") == 0 ||
		    strcmp(n->value, "yes") == 0 || strcmp(n->value, "no") == 0)
			diag_error(e->path, n->line, n->col, "'retracted' needs the reason, not '%s' "
			    "(expected one line saying why the entry was taken back, such as 'published in "
			    "error'; remove the field to publish it)", n->value);
		else
			e->retracted = xstrdup(n->value);
	}
	e->lang = xstrdup(ynode_str(root, "lang"));
	if (diag_error_count() != errs)
		return -1;
	return 0;
}

/* Where a body's bytes stand in its file: runs of bytes copied from it, in order. */
struct body_map {
	const struct source *src;
	struct body_run { size_t body, file, len; } *runs;
	size_t nruns;
	size_t fallback;	/* the file offset for what no run covers */
};

static void
body_run(struct body_map *m, size_t body, size_t file, size_t len)
{
	m->runs = xrealloc(m->runs, (m->nruns + 1) * sizeof *m->runs);
	m->runs[m->nruns].body = body;
	m->runs[m->nruns].file = file;
	m->runs[m->nruns++].len = len;
}

/* The md_origin locate function: body offset to file line:col, in characters. */
static void
body_locate(const void *ctx, size_t off, int *line, int *col)
{
	const struct body_map *m = ctx;
	size_t i, file = m->fallback, d;

	for (i = 0; i < m->nruns && m->runs[i].body <= off; i++) {
		d = off - m->runs[i].body;
		file = m->runs[i].file + (d < m->runs[i].len ? d : m->runs[i].len);
	}
	source_locate(m->src, file, line, col);
}

/* The byte offset of 1-based line and character column in src. */
static size_t
file_offset(const struct source *src, int line, int col)
{
	size_t p = 0, next;

	/* libyaml's columns on line 1 start after a byte-order mark, as source_locate's do. */
	if (src->len >= 3 && memcmp(src->data, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	for (; line > 1 && p < src->len; line--) {
		front_line(src->data, src->len, p, &next);
		p = next;
	}
	for (; col > 1 && p < src->len && src->data[p] != '\n' && src->data[p] != '\r'; col--)
		for (p++; p < src->len && ((unsigned char)src->data[p] & 0xc0) == 0x80; p++)
			;
	return p;
}

/*
 * The length of the escape at p in a quoted YAML scalar (YAML 1.2 5.7, or
 * '' in single quotes), with the bytes it stands for in *vlen; 0 if none.
 */
static size_t
escape_len(const char *p, size_t n, size_t *vlen)
{
	size_t digits, j;
	unsigned long cp = 0;

	*vlen = 1;
	if (n >= 2 && p[0] == '\'' && p[1] == '\'')
		return 2;
	if (n < 2 || p[0] != '\\')
		return 0;
	if (p[1] && strchr("N_LP", p[1])) {
		*vlen = p[1] == 'N' || p[1] == '_' ? 2 : 3;	/* U+0085, U+00A0; U+2028, U+2029 */
		return 2;
	}
	digits = p[1] == 'x' ? 2 : p[1] == 'u' ? 4 : p[1] == 'U' ? 8 : 0;
	if (!digits)
		return 2;
	if (n < 2 + digits)
		return 0;
	for (j = 2; j < 2 + digits; j++) {
		if (!isxdigit((unsigned char)p[j]))
			return 0;
		cp = cp * 16 + (unsigned long)(isdigit((unsigned char)p[j]) ? p[j] - '0' :
		    (p[j] | 0x20) - 'a' + 10);
	}
	*vlen = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	return 2 + digits;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Maps a .yaml body, the scalar n, to its file: each line of the scalar in
 * the file is matched against the value, indentation, folding and quotes
 * skipped, so a block scalar's columns include its indent. A one-character
 * escape is followed; where the value differs otherwise ("\x41") the runs
 * stop, and later offsets fall back to the end of the last run.
 */
static void
map_scalar(struct body_map *m, const struct ynode *n)
{
	const char *d = m->src->data, *v = n->value;
	size_t len = m->src->len, vlen = strlen(v), p, eol, next, s, k, i = 0, runs, skip, vskip;
	int first;
	char quote = 0, esc = 0;	/* the scalar's quote, and the byte its escapes start with */

	p = m->fallback = file_offset(m->src, n->line, n->col);
	first = p < len && d[p] != '|' && d[p] != '>';
	if (!first) {
		front_line(d, len, p, &next);	/* a block scalar starts on the next line */
		p = next;
	} else if (p < len && (d[p] == '"' || d[p] == '\'')) {
		quote = d[p++];
		esc = quote == '"' ? '\\' : '\'';
	}
	while (i < vlen && p < len) {
		eol = p + front_line(d, len, p, &next);
		for (s = p; !first && s < eol && (d[s] == ' ' || d[s] == '\t'); s++)
			;
		while (i < vlen && is_space(v[i]))
			i++;
		for (runs = m->nruns; s < eol && i < vlen; s += skip, i += vskip) {
			/* A run stops at an escape ("\\", '') whose first byte the value also holds. */
			for (k = 0; s + k < eol && i + k < vlen && d[s + k] == v[i + k] &&
			    (!quote || d[s + k] != esc); k++)
				;
			if (k)
				body_run(m, i, s, k);
			s += k;
			i += k;
			if (!quote || !(skip = escape_len(d + s, eol - s, &vskip)))
				break;
		}
		if (runs == m->nruns && s < eol)
			break;
		first = 0;
		p = next;
	}
}

void
entry_render(struct entry *e, int warn)
{
	struct buf b = {0};
	char *html;

	if (e->html || !e->md)
		return;
	if (warn)
		markdown_warn(e->md, e->path);
	html = markdown_render(e->md);
	if (e->image_url)
		figure(&b, e);
	buf_adds(&b, html);
	free(html);
	e->html = buf_steal(&b);
	markdown_free(e->md);
	e->md = NULL;
}

static struct entry *parse(const char *path, const struct source *given, const struct config *cfg,
    struct schema *sc, int regular);

struct entry *
entry_load(const char *path, const struct config *cfg, struct schema *sc)
{
	return parse(path, NULL, cfg, sc, 0);
}

struct entry *
entry_load_regular(const char *path, const struct config *cfg, struct schema *sc)
{
	return parse(path, NULL, cfg, sc, 1);
}

/* 1 after reporting when path is no file to read: absent, a link to nothing, a folder. */
static int
missing(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return 0;
		diag_error(path, 0, 0, "is a folder (expected an entry file)");
	} else if (errno != ENOENT && errno != ENOTDIR) {
		return 0;	/* source_read says what else is wrong */
	} else if (lstat(path, &st) == 0) {
		diag_error(path, 0, 0, "is a symbolic link to nothing (expected an entry file: fix or "
		    "remove the link)");
	} else {
		diag_error(path, 0, 0, "no such file");
	}
	return 1;
}

struct entry *
entry_parse(const char *path, const struct source *given, const struct config *cfg,
    struct schema *sc)
{
	return parse(path, given, cfg, sc, 0);
}

/* Unlinks the members of mapping root that cfg's ignore_fields lists. */
static void
drop_ignored(struct ynode *root, const struct config *cfg)
{
	struct ynode **pp = &root->child;
	size_t i;

	while (*pp) {
		for (i = 0; i < cfg->nignore_fields && strcmp((*pp)->key, cfg->ignore_fields[i]) != 0; i++)
			;
		if (i < cfg->nignore_fields)
			*pp = (*pp)->next;
		else
			pp = &(*pp)->next;
	}
}

/* regular: the caller found path a regular file just now (it is not missing, and no FIFO). */
static struct entry *
parse(const char *path, const struct source *given, const struct config *cfg, struct schema *sc,
    int regular)
{
	struct entry *e = xcalloc(1, sizeof *e);
	struct source *own = NULL;
	const struct source *src = given;
	struct ynode *root = NULL;
	const struct ynode *b;
	struct body_map map = {0};
	/* A .md body was checked with its file, a .yaml one as a YAML value (ynode_parse). */
	struct md_origin origin = { path, body_locate, &map, 1 };
	size_t yoff = 0, ylen, boff = 0;
	int md, ok = 0, filled = 0, before = diag_error_count();
	const char *body = "";
	char fdate[11] = "", date_key[] = "date", no_date[] = "1970-01-01";
	struct ynode named_date;
	size_t name_off = 0;

	e->path = xstrdup(path);
	md = is_markdown(ext_of(path));
	/* A file named on the command line that is not there: say so, not that its name is wrong. */
	if (!src && !regular && missing(path))
		goto out;
	if (parse_name(e, cfg, fdate, &name_off) < 0 ||
	    (!src && !(src = own = regular ? source_read_regular(path) : source_read(path))))
		goto out;
	ylen = src->len;
	/* A byte-order mark before a .yaml mapping, as split_front skips one before a .md's "---". */
	if (!md && src->len >= 3 && memcmp(src->data, "\xef\xbb\xbf", 3) == 0) {
		yoff = 3;
		ylen -= 3;
	}
	if (md && split_front(src, &yoff, &ylen, &boff) < 0)
		goto out;
	map.src = src;
	if (md) {
		/* A .md body is known whatever the front matter holds: it is checked either way. */
		body = src->data + boff;
		body_run(&map, 0, boff, src->len - boff);
	}
	if (ynode_parse(src, yoff, ylen, md ? 1 : 0, &root) < 0)
		goto body;
	if (!root) {
		/* An empty front matter: let the schema name the missing fields. */
		root = xcalloc(1, sizeof *root);
		root->kind = YNODE_MAP;
		root->line = root->key_line = md ? 2 : 1;
		root->col = root->key_col = 1;
	}
	/* The configuration's ignore_fields: out of the tree (its arena still frees them). */
	if (root->kind == YNODE_MAP)
		drop_ignored(root, cfg);
	/*
	 * Jekyll's rule: no 'date', the file name's (midnight in the site's
	 * zone). A node on this stack frame, taken out again before the tree
	 * is freed, so the schema, which keeps 'date' required, sees one. An
	 * undated name has none to give: said here, and a stand-in lets the
	 * other fields be checked all the same.
	 */
	if (root->kind == YNODE_MAP && !ynode_get(root, "date")) {
		if (!fdate[0])
			diag_error(path, 0, 0, "no 'date', and the file name carries none (expected a "
			    "'date' field such as 'date: 2025-01-29', as dated_names is false)");
		named_date = (struct ynode){ .kind = YNODE_SCALAR, .key = date_key,
		    .value = fdate[0] ? fdate : no_date, .next = root->child };
		root->child = &named_date;
	}
	if (schema_check(sc, root, path) > 0 && root->kind != YNODE_MAP)
		goto body;
	if (md && (b = ynode_get(root, "body"))) {
		diag_error(path, b->key_line, b->key_col, "'body' is for .yaml entries "
		    "(expected the text of a .md entry below the closing '---')");
	} else if (!md && (b = ynode_get(root, "body")) && b->kind == YNODE_SCALAR) {
		body = b->value;
		map_scalar(&map, b);
	}
	filled = fill(e, root, cfg, fdate, name_off) == 0;
body:
	/* Front-matter errors do not hide the body's: both are reported, in one run. */
	e->md = markdown_parse(body, md ? src->len - boff : strlen(body), cfg->url,
	    e->link ? e->link : cfg->url, &origin);
	ok = filled && e->md && diag_error_count() == before;
out:
	if (root && root->child == &named_date)
		root->child = named_date.next;
	free(map.runs);
	ynode_free(root);
	source_free(own);
	if (!ok) {
		entry_free(e);
		return NULL;
	}
	return e;
}

struct entry *
entry_pack(struct entry_str path, struct entry_str id, struct entry_str title,
    struct entry_str author, struct entry_str retracted, const struct entry_str *cats,
    size_t ncats)
{
	/*
	 * One block: the entry, the categories' array, then every string. A view
	 * keeps most entries it is offered for a while (a listing in date order
	 * makes each new one the newest), so a stub is one malloc and one free,
	 * not ten.
	 */
	const struct entry_str str[5] = {path, id, title, author, retracted};
	size_t need = sizeof(struct entry) + ncats * sizeof(char *), i;
	struct entry *s;
	char *p;

	for (i = 0; i < 5; i++)
		need += str[i].p ? str[i].n + 1 : 0;
	for (i = 0; i < ncats; i++)
		need += cats[i].n + 1;
	s = xcalloc(1, need);
	s->packed = 1;
	s->image_length = -1;
	s->categories = ncats ? (char **)(s + 1) : NULL;
	s->ncategories = ncats;
	p = (char *)(s + 1) + ncats * sizeof(char *);
	for (i = 0; i < 5; i++) {
		char *q = NULL, **to[5] = {&s->path, &s->id, &s->title, &s->author.name, &s->retracted};

		if (str[i].p) {
			q = memcpy(p, str[i].p, str[i].n);
			q[str[i].n] = '\0';
			p += str[i].n + 1;
		}
		*to[i] = q;
	}
	for (i = 0; i < ncats; i++) {
		s->categories[i] = memcpy(p, cats[i].p, cats[i].n);
		s->categories[i][cats[i].n] = '\0';
		p += cats[i].n + 1;
	}
	return s;
}

static struct entry_str
str_of(const char *s)
{
	struct entry_str r = {s, s ? strlen(s) : 0};

	return r;
}

struct entry *
entry_copy_stub(const struct entry *e)
{
	struct entry_str few[8], *cats = e->ncategories <= 8 ? few : xcalloc(e->ncategories, sizeof *cats);
	struct entry *s;
	size_t i;

	for (i = 0; i < e->ncategories; i++)
		cats[i] = str_of(e->categories[i]);
	s = entry_pack(str_of(e->path), str_of(e->id), str_of(e->title), str_of(e->author.name),
	    str_of(e->retracted), cats, e->ncategories);
	if (cats != few)
		free(cats);
	s->id_line = e->id_line;
	s->date = e->date;
	s->updated = e->date;
	s->draft = e->draft;
	s->has_expires = e->has_expires;
	s->expires = e->expires;
	s->fp = e->fp;
	return s;
}

struct entry *
entry_share(struct entry *e)
{
	if (!e->packed)
		return entry_copy_stub(e);
	e->refs++;
	return e;
}

void
entry_changed(const char *path)
{
	diag_error(path, 0, 0, "changed while this run read it (expected it to stay unchanged "
	    "during a run: run feedgen again)");
}

void
entry_free(struct entry *e)
{
	size_t i;

	if (!e)
		return;
	if (e->refs > 0) {
		e->refs--;
		return;
	}
	if (e->packed) {
		free(e);
		return;
	}
	free(e->path);
	free(e->slug);
	free(e->title);
	free(e->id);
	person_clear(&e->author);
	free(e->summary);
	for (i = 0; i < e->ncategories; i++)
		free(e->categories[i]);
	free(e->categories);
	free(e->category_pos);
	for (i = 0; i < e->ntags; i++)
		free(e->tags[i]);
	free(e->tags);
	free(e->link);
	free(e->image_url);
	free(e->image_caption);
	free(e->image_alt);
	free(e->image_credit);
	free(e->image_type);
	free(e->retracted);
	free(e->lang);
	free(e->html);
	markdown_free(e->md);
	free(e);
}
