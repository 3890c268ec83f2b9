/* import.c: feedgen import: old posts and their feed's items to entries that keep every id. */
#include "import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "entry.h"
#include "fetch.h"
#include "liquid.h"
#include "oldfeed.h"
#include "oldpost.h"
#include "output.h"
#include "source.h"
#include "url.h"
#include "xalloc.h"
#include "yemit.h"
#include "ynode.h"

/* One old post, then as it will be written. */
struct post {
	struct oldpost *old;	/* as read */
	char ymd[11];		/* its date's day in the site's zone */
	char *target;		/* ENTRIES/YYYY-MM-DD-slug.md */
	const struct olditem *item;	/* its item in the old feed, or NULL */
	char *want_id, *want_link;	/* what subscribers hold (NULL: feedgen's own) */
	char *def_id, *def_link;	/* feedgen's own, from its entry code */
	char *new_link;		/* the link it will have */
	size_t nleft;		/* Liquid tags left for a person */
	char *text;		/* the entry to write */
};

struct run {
	struct config *cfg;
	struct schema *sc;
	const struct import_opts *o;
	struct oldsite site;
	int hugo;
	struct post *v;
	size_t n;
	struct oldfeed *feed;
	const char *feed_name;
	size_t matched;
	size_t nomatch;		/* items that name no post, imported or not */
	char *id_tpl, *link_tpl;	/* the patterns the matched items follow, or NULL */
	size_t nleft;
};

/* Reads the old feed from its file or URL. Returns 0, or -1 after reporting. */
static int
read_feed(struct run *r)
{
	const char *f = r->o->feed;
	char *data, why[256];
	size_t len;

	r->feed_name = f;
	if (strncmp(f, "http://", 7) == 0 || strncmp(f, "https://", 8) == 0) {
		if (fetch_url(f, &data, &len, why) < 0) {
			diag_system(NULL, "cannot fetch '%s': %s", f, why);
			return -1;
		}
	} else if (!(data = output_read(f, FETCH_MAX, &len))) {
		diag_syserr(f, "cannot read the feed");
		return -1;
	}
	r->feed = oldfeed_parse(f, data, len);
	free(data);
	return r->feed ? 0 : -1;
}

/* The last path segment of a link, without a trailing '/' or ".html". */
static char *
last_segment(const char *link)
{
	size_t n = strcspn(link, "?#"), a;
	char *s;

	while (n > 0 && link[n - 1] == '/')
		n--;
	for (a = n; a > 0 && link[a - 1] != '/'; a--)
		;
	s = xstrndup(link + a, n - a);
	if (strlen(s) > 5 && strcmp(s + strlen(s) - 5, ".html") == 0)
		s[strlen(s) - 5] = '\0';
	return s;
}

/* The posts an item names: by its link's last segment, then by its exact title. */
static void
match_items(struct run *r)
{
	size_t i, j;

	for (i = 0; r->feed && i < r->feed->n; i++) {
		const struct olditem *it = &r->feed->items[i];
		char *seg = it->link ? last_segment(it->link) : xstrdup("");
		struct post *hit = NULL;
		size_t nseg = 0, ntitle = 0;
		const char *sk;

		for (j = 0; j < r->n; j++)
			/* Hugo lower-cases its URLs. */
			if (*seg && (r->hugo ? strcasecmp(seg, r->v[j].old->url_seg) :
			    strcmp(seg, r->v[j].old->url_seg)) == 0) {
				nseg++;
				hit = &r->v[j];
			}
		if (nseg != 1) {
			struct post *by_title = NULL;

			for (j = 0; j < r->n; j++)
				if (r->v[j].old->title && strcmp(r->v[j].old->title, it->title) == 0 && (nseg == 0 ||
				    strcmp(seg, r->v[j].old->url_seg) == 0)) {
					ntitle++;
					by_title = &r->v[j];
				}
			hit = ntitle == 1 ? by_title : NULL;
		}
		if (hit && hit->item) {
			diag_warn(r->feed_name, it->line, it->col, "item '%s' names the post %s, which item '%s' "
			    "names too; left out (expected one item a post)", it->id, hit->old->path, hit->item->id);
		} else if (hit) {
			hit->item = it;
			r->matched++;
		} else if (nseg > 1 || ntitle > 1) {
			diag_warn(r->feed_name, it->line, it->col, "item '%s' matches %zu posts by its link and "
			    "title; left out (give the posts different slugs or titles)", it->id,
			    nseg > 1 ? nseg : ntitle);
		} else if ((sk = oldsite_skipped(&r->site, seg))) {
			diag_warn(r->feed_name, it->line, it->col, "item '%s' is the post %s, which is not imported; "
			    "left out", it->id, sk);
		} else {
			diag_warn(r->feed_name, it->line, it->col, "item '%s' matches no post (no post's slug is "
			    "'%s' and none is titled '%s'); left out", it->id, seg, it->title);
			r->nomatch++;
		}
		free(seg);
	}
}

/* A category as Jekyll's :categories writes it: lower case, encoded but for RFC 3986 pchar and '/'. */
static void
add_category(struct buf *b, const char *c)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *c; c++) {
		unsigned char u = (unsigned char)*c;

		if (u >= 'A' && u <= 'Z')
			buf_addc(b, (char)(u - 'A' + 'a'));
		else if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || strchr("-._~!$&'()*+,;=:@/", u))
			buf_addc(b, (char)u);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[u >> 4]);
			buf_addc(b, hex[u & 15]);
		}
	}
}

/* {categories} for p: each category once, joined by '/', no '/' doubled or at either end. */
static char *
categories_path(const struct post *p)
{
	struct buf b = {0};
	char **seg = xcalloc(p->old->ncats + 1, sizeof *seg), *out;
	size_t i, j, nseg = 0, to;

	buf_adds(&b, "");
	for (i = 0; i < p->old->ncats; i++) {
		struct buf one = {0};

		buf_adds(&one, "");
		add_category(&one, p->old->cats[i]);
		for (j = 0; j < nseg && strcmp(seg[j], one.data) != 0; j++)
			;
		if (j < nseg) {
			buf_free(&one);
			continue;
		}
		buf_addc(&b, '/');
		buf_adds(&b, one.data);
		seg[nseg++] = buf_steal(&one);
	}
	for (j = 0; j < nseg; j++)
		free(seg[j]);
	free(seg);
	for (i = to = 0; i < b.len; i++)
		if (b.data[i] != '/' || (to > 0 && b.data[to - 1] != '/'))
			b.data[to++] = b.data[i];
	if (to > 0 && b.data[to - 1] == '/')
		to--;
	b.data[to] = '\0';
	out = b.data;
	return out;
}

/* The pattern applied to p: tokens replaced, then "//" in the path made one '/'. */
static char *
expand(const char *tpl, const struct post *p)
{
	struct buf b = {0};
	const char *t, *q;
	char *cats = categories_path(p), *s, *w;

	for (t = tpl; *t; t++) {
		if (strncmp(t, "{year}", 6) == 0)
			buf_add(&b, p->ymd, 4), t += 5;
		else if (strncmp(t, "{month}", 7) == 0)
			buf_add(&b, p->ymd + 5, 2), t += 6;
		else if (strncmp(t, "{day}", 5) == 0)
			buf_add(&b, p->ymd + 8, 2), t += 4;
		else if (strncmp(t, "{slug}", 6) == 0)
			buf_adds(&b, p->old->url_seg), t += 5;
		else if (strncmp(t, "{categories}", 12) == 0)
			buf_adds(&b, cats), t += 11;
		else
			buf_addc(&b, *t);
	}
	free(cats);
	s = buf_steal(&b);
	q = strstr(s, "://");
	for (w = q ? (char *)s + (q - s) + 3 : s, t = w; *t; t++)
		if (!(*t == '/' && t[1] == '/'))
			*w++ = *t;
	*w = '\0';
	return s;
}

/* s with p's parts as tokens, segment by segment after the host; NULL when it has no {slug}. */
static char *
infer(const char *s, const struct post *p)
{
	struct buf b = {0};
	const char *q = strstr(s, "://"), *seg = q ? strchr(q + 3, '/') : NULL;
	char *cats = categories_path(p);
	size_t ncats = strlen(cats);
	int y = 0, m = 0, d = 0, slug = 0;

	if (!seg) {
		free(cats);
		return NULL;
	}
	buf_add(&b, s, (size_t)(seg - s));
	while (*seg == '/') {
		const char *e = strchr(seg + 1, '/');
		size_t n = e ? (size_t)(e - seg - 1) : strlen(seg + 1);
		size_t k = strlen(p->old->url_seg);

		buf_addc(&b, '/');
		seg++;
		if (ncats && strncmp(seg, cats, ncats) == 0 && (seg[ncats] == '/' || !seg[ncats])) {
			buf_adds(&b, "{categories}");
			n = ncats;
			ncats = 0;
		} else if (!slug && n >= k && k && strncmp(seg, p->old->url_seg, k) == 0 &&
		    (n == k || seg[k] == '.')) {
			buf_adds(&b, "{slug}");
			buf_add(&b, seg + k, n - k);
			slug = 1;
		} else if (!y && n == 4 && strncmp(seg, p->ymd, 4) == 0) {
			buf_adds(&b, "{year}");
			y = 1;
		} else if (!m && n == 2 && strncmp(seg, p->ymd + 5, 2) == 0) {
			buf_adds(&b, "{month}");
			m = 1;
		} else if (!d && n == 2 && strncmp(seg, p->ymd + 8, 2) == 0) {
			buf_adds(&b, "{day}");
			d = 1;
		} else {
			buf_add(&b, seg, n);
		}
		seg += n;
	}
	buf_adds(&b, seg);
	free(cats);
	if (!slug) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The one pattern that gives every matched item's string (id or link), or NULL. */
static char *
pattern_of(const struct run *r, int link)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		const struct post *p = &r->v[i];
		const char *s = p->item && !p->old->own_url ? (link ? p->item->link : p->item->id) : NULL;
		char *tpl = s ? infer(s, p) : NULL;
		int all = tpl != NULL;

		for (j = 0; all && j < r->n; j++) {
			const struct post *o = &r->v[j];
			const char *os = o->item ? (link ? o->item->link : o->item->id) : NULL;
			char *x;

			if (!o->item || o->old->own_url)
				continue;
			x = os ? expand(tpl, o) : NULL;
			all = x && strcmp(x, os) == 0;
			free(x);
		}
		if (all)
			return tpl;
		free(tpl);
	}
	return NULL;
}

static void defaults(const struct run *r, struct post *p);

/*
 * The pattern applied to a post the old feed no longer holds, by feedgen's
 * own permalink code where its file's slug is the old URL's (so its link
 * is what feedgen would make of the pattern), else by expand.
 */
static char *
applied(const struct run *r, struct post *p, const char *tpl)
{
	char *saved = r->cfg->permalink, *s = NULL;

	if (strcmp(p->old->slug, p->old->url_slug) == 0) {
		r->cfg->permalink = (char *)(uintptr_t)tpl;
		defaults(r, p);
		r->cfg->permalink = saved;
		s = p->def_link;
		p->def_link = NULL;
	}
	return s ? s : expand(tpl, p);
}

/*
 * A post the old feed no longer holds that set its own URL: no pattern gives
 * it. A Jekyll permalink without placeholders is its path under the site URL,
 * and jekyll-feed's id is that path's folder joined with the slug (Jekyll's
 * Document#id: "/announcements/spring-schedule/" gives ".../announcements/SLUG").
 * Anything else keeps feedgen's own id and link, with a warning.
 */
static void
own_url(const struct run *r, struct post *p)
{
	const char *u = p->old->own_url, *end;
	char *path, *abs;

	if (r->hugo || strchr(u, ':') || strchr(u, '?') || strchr(u, '#')) {
		diag_warn(p->old->path, 0, 0, "the post sets its own URL ('%s') and the old feed does "
		    "not hold it, so its old id and link are not known (expected them as 'id:' and "
		    "'link:' in the entry, written by hand if subscribers may hold it)", u);
		return;
	}
	while (*u == '/')
		u++;
	if (!(abs = url_resolve(r->cfg->url, u)))
		return;
	p->want_link = abs;
	/* File.dirname: trailing '/' dropped, then the last part. */
	end = u + strlen(u);
	while (end > u && end[-1] == '/')
		end--;
	while (end > u && end[-1] != '/')
		end--;
	path = xasprintf("%.*s%s", (int)(end - u), u, p->old->url_seg);
	p->want_id = url_resolve(r->cfg->url, path);
	free(path);
}

/* The file name, the date, and what subscribers hold, for each post. */
static void
place_posts(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		/* The title readers show (jekyll-feed's "smart" quotes), unless the item has none. */
		if (p->item && *p->item->title) {
			free(p->old->title);
			p->old->title = xstrdup(p->item->title);
		}
		if (p->item && p->item->has_published)
			p->old->date = date_in_zone(p->item->published.t);
		date_ymd(&p->old->date, p->ymd);
		p->target = xasprintf("%s/%s-%s.md", r->cfg->entries_dir, p->ymd, p->old->slug);
	}
	r->id_tpl = pattern_of(r, 0);
	r->link_tpl = pattern_of(r, 1);
	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		if (p->item) {
			p->want_id = xstrdup(p->item->id);
			p->want_link = xstrdup(p->item->link);
		} else if (p->old->own_url) {
			own_url(r, p);
		} else {
			p->want_id = r->id_tpl ? applied(r, p, r->id_tpl) : NULL;
			p->want_link = r->link_tpl ? applied(r, p, r->link_tpl) : NULL;
		}
	}
}

/* Writes the front matter and the body; with_ids: the id and link where they differ. */
static char *
compose(const struct post *p, const char *body, int with_ids)
{
	struct yemit *y = yemit_new();
	struct buf b = {0};
	char date[DATE_MAX], *fm;

	if (!y)
		return NULL;
	yemit_text(y, "title", p->old->title);
	date_rfc3339(&p->old->date, date);
	yemit_plain(y, "date", date);
	if (p->old->has_updated && p->old->updated.t > p->old->date.t) {
		date_rfc3339(&p->old->updated, date);
		yemit_plain(y, "updated", date);
	}
	if (with_ids && p->want_id && (!p->def_id || strcmp(p->want_id, p->def_id) != 0))
		yemit_text(y, "id", p->want_id);
	if (with_ids && p->want_link && (!p->def_link || strcmp(p->want_link, p->def_link) != 0))
		yemit_text(y, "link", p->want_link);
	if (p->old->author)
		yemit_text(y, "author", p->old->author);
	if (p->old->summary)
		yemit_text(y, "summary", p->old->summary);
	if (p->old->ncats)
		yemit_list(y, "categories", p->old->cats, p->old->ncats);
	if (p->old->ntags)
		yemit_list(y, "tags", p->old->tags, p->old->ntags);
	if (p->old->draft || p->nleft)
		yemit_plain(y, "draft", "true");
	if (!(fm = yemit_finish(y)))
		return NULL;
	buf_adds(&b, "---\n");
	if (p->nleft)
		buf_addf(&b, "# feedgen import: %zu template tag%s left as %s (see import's warnings):\n"
		    "# a draft until a person fixes %s and removes 'draft: true'\n", p->nleft,
		    p->nleft == 1 ? "" : "s", p->nleft == 1 ? "it was" : "they were",
		    p->nleft == 1 ? "it" : "them");
	buf_adds(&b, fm);
	buf_adds(&b, "---\n");
	buf_adds(&b, body);
	free(fm);
	return buf_steal(&b);
}

/* feedgen's own id and link for p as it would be written (its entry code, messages dropped). */
static void
defaults(const struct run *r, struct post *p)
{
	char *text = compose(p, "", 0);
	struct diag_sink sink = {0};
	struct source *src;
	struct entry *e = NULL;

	free(p->def_id);
	free(p->def_link);
	p->def_id = p->def_link = NULL;
	diag_sink_begin(&sink);
	if (text && (src = source_from(p->target, text, strlen(text)))) {
		e = entry_parse(p->target, src, r->cfg, r->sc);
		source_free(src);
	}
	diag_sink_end();
	diag_sink_free(&sink);
	if (e) {
		p->def_id = xstrdup(e->id);
		p->def_link = xstrdup(e->link);
	}
	entry_free(e);
	free(text);
}

/*
 * 1 when feedgen's entry code, with permalink perm, gives every matched
 * post its old link (but those whose slug had to change, and those with
 * their own URL).
 */
static int
permalink_serves(struct run *r, const char *perm)
{
	char *saved = r->cfg->permalink;
	size_t i;
	int all = 1;

	r->cfg->permalink = (char *)(uintptr_t)perm;
	for (i = 0; i < r->n && all; i++) {
		struct post *p = &r->v[i];

		/* A post whose slug had to change keeps its link explicit whatever the pattern. */
		if (!p->item || !p->want_link || p->old->own_url || strcmp(p->old->slug, p->old->url_slug) != 0)
			continue;
		defaults(r, p);
		all = p->def_link && strcmp(p->def_link, p->want_link) == 0;
	}
	r->cfg->permalink = saved;
	return all;
}

/* 1 when the configuration file has a 'permalink' key. */
static int
config_has_permalink(const struct config *cfg)
{
	struct source *src = source_read(cfg->path);
	struct ynode *root = NULL;
	int has = 0;

	if (src && ynode_parse(src, 0, src->len, 0, &root) >= 0)
		has = ynode_get(root, "permalink") != NULL;
	ynode_free(root);
	source_free(src);
	return has;
}

/*
 * The permalink to add to the configuration (newly allocated), or NULL:
 * the matched links' pattern, relative to the site URL where it can be,
 * when feedgen's entry code then gives every one of them. With a
 * permalink already configured, nothing, and a warning when another would
 * have served.
 */
static char *
choose_permalink(struct run *r)
{
	const char *cand[2] = {NULL, r->link_tpl};
	size_t i, ulen = strlen(r->cfg->url);
	int has = config_has_permalink(r->cfg);

	if (!r->link_tpl)
		return NULL;
	if (strncmp(r->link_tpl, r->cfg->url, ulen) == 0)
		cand[0] = r->link_tpl + ulen;
	if (has && permalink_serves(r, r->cfg->permalink))
		return NULL;
	for (i = 0; i < 2; i++) {
		if (!cand[i] || !permalink_serves(r, cand[i]))
			continue;
		if (has) {
			diag_warn(r->cfg->path, 0, 0, "'permalink' is '%s', which does not give the old "
			    "links; '%s' would (each entry gets its 'link' instead)", r->cfg->permalink, cand[i]);
			return NULL;
		}
		return xstrdup(cand[i]);
	}
	return NULL;
}

/* For Liquid's post_url and link: the new link of the post the reference names. */
static const char *
post_link(void *arg, const char *ref)
{
	const struct run *r = arg;
	const struct oldpost *o = oldsite_find(&r->site, ref);

	/* r->v[i].old is r->site.v + i. */
	return o ? r->v[o - r->site.v].new_link : NULL;
}

/* The body with its Liquid converted; each tag left is a warning at its place in the old file. */
static char *
convert_body(struct run *r, struct post *p)
{
	struct liquid_site site = {r->cfg->url, post_link, r};
	struct liquid_left *left;
	size_t n, i;
	char *body = liquid_convert(p->old->body, strlen(p->old->body), &site, &left, &n);

	for (i = 0; i < n; i++) {
		char *q = diag_quote(left[i].tag);
		int hugo = strncmp(left[i].tag, "{{<", 3) == 0 || strncmp(left[i].tag, "{{%", 3) == 0;

		if (left[i].why)
			diag_warn(p->old->path, p->old->body_line + left[i].line - 1, left[i].col,
			    "%s '%s' %s; left as it is (expected %s)", hugo ? "Hugo shortcode" : "Liquid tag", q,
			    left[i].why, left[i].expected);
		else
			diag_warn(p->old->path, p->old->body_line + left[i].line - 1, left[i].col, "%s '%s' left "
			    "as it is (feedgen converts highlight, link, post_url, raw, site.baseurl, site.url "
			    "and a quoted string through absolute_url or relative_url; fix it by hand)",
			    hugo ? "Hugo shortcode" : "Liquid tag", q);
		free(q);
	}
	liquid_left_free(left, n);
	p->nleft = n;
	r->nleft += n;
	return body;
}

/* Composes each entry and checks it as feedgen will read it. Returns 0, or -1 after reporting. */
static int
compose_all(struct run *r)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n; i++) {
		defaults(r, &r->v[i]);
		r->v[i].new_link = xstrdup(r->v[i].want_link ? r->v[i].want_link : r->v[i].def_link);
	}
	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];
		char *body = convert_body(r, p);
		struct source *src;
		struct entry *e = NULL;

		p->text = compose(p, body, 1);
		free(body);
		/* Only the text is kept from here: an archive's bodies once, not twice. */
		free(p->old->body);
		p->old->body = NULL;
		if (!p->text) {
			diag_error(p->old->path, 0, 0, "libyaml's emitter could not write this post's front matter");
			rc = -1;
			continue;
		}
		/* The entry as feedgen will read it: one it would refuse is not written. */
		if ((src = source_from(p->target, p->text, strlen(p->text))))
			e = entry_parse(p->target, src, r->cfg, r->sc);
		if (!e) {
			diag_error(p->old->path, 0, 0, "the entry import would write from this post, %s, would "
			    "be refused (see above; expected a post whose fields feedgen's entries can hold)",
			    p->target);
			rc = -1;
		}
		entry_free(e);
		source_free(src);
	}
	return rc;
}

static int
cmp_target(const void *a, const void *b)
{
	return strcmp((*(struct post *const *)a)->target, (*(struct post *const *)b)->target);
}

/* Two posts that would give one file. Returns 0, or -1 after reporting. */
static int
check_targets(struct run *r)
{
	struct post **v = xmalloc((r->n ? r->n : 1) * sizeof *v);
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n; i++)
		v[i] = &r->v[i];
	qsort(v, r->n, sizeof *v, cmp_target);
	for (i = 1; i < r->n; i++)
		if (strcmp(v[i - 1]->target, v[i]->target) == 0) {
			diag_error(v[i]->old->path, 0, 0, "gives the entry %s, as %s does (expected posts of one "
			    "day with different slugs: give one a 'slug:')", v[i]->target, v[i - 1]->old->path);
			rc = -1;
		}
	free(v);
	return rc;
}

/* Creates path with text, never over a file. 0 written, 1 there already, -1 after reporting. */
static int
write_new(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.import-XXXXXX", path);
	int fd = mkstemp(tmp), rc = -1;

	if (fd < 0) {
		diag_syserr(path, "cannot create a temporary beside");
		free(tmp);
		return -1;
	}
	if (write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0) {
		diag_syserr(tmp, "cannot write");
		close(fd);
	} else if (close(fd) < 0) {
		diag_syserr(tmp, "cannot write");
	} else if (link(tmp, path) == 0) {
		rc = 0;
	} else if (errno == EEXIST) {
		rc = 1;
	} else {
		diag_syserr(path, "cannot create");
	}
	unlink(tmp);
	free(tmp);
	return rc;
}

/* Appends 'permalink: perm' to the configuration file, atomically. Returns 0 or -1 after reporting. */
static int
add_permalink(const struct config *cfg, const char *perm)
{
	struct yemit *y = yemit_new();
	struct batch b;
	struct buf text = {0};
	char *old, *line, *dir, *slash;
	size_t len;
	int rc = -1;

	if (!y)
		return -1;
	yemit_text(y, "permalink", perm);
	if (!(line = yemit_finish(y)))
		return -1;
	if (!(old = output_read(cfg->path, SOURCE_MAX, &len))) {
		diag_syserr(cfg->path, "cannot read");
		free(line);
		return -1;
	}
	buf_add(&text, old, len);
	if (len && old[len - 1] != '\n')
		buf_addc(&text, '\n');
	buf_adds(&text, "# Added by feedgen import: the old site's links.\n");
	buf_adds(&text, line);
	dir = xstrdup(cfg->path);
	slash = strrchr(dir, '/');
	batch_init(&b);
	if (slash)
		*slash = '\0';
	if (batch_add(&b, slash ? dir : ".", slash ? slash + 1 : cfg->path, 0666, text.data, text.len,
	    0, NULL) == 0)
		rc = batch_commit(&b);
	batch_free(&b);
	free(dir);
	free(old);
	free(line);
	buf_free(&text);
	return rc;
}

/* Writes what is new. Counts written and already there; returns 0 or -1 after reporting. */
static int
write_all_posts(struct run *r, const char *perm, size_t *written, size_t *there, size_t *kept)
{
	size_t i;
	int rc = 0;

	if (!r->o->dry_run && r->n && mkdir(r->cfg->entries_dir, 0777) < 0 && errno != EEXIST) {
		diag_syserr(r->cfg->entries_dir, "cannot create the entries folder");
		return -1;
	}
	for (i = 0; i < r->n && rc == 0; i++) {
		struct post *p = &r->v[i];
		size_t len;
		char *old = output_read(p->target, SOURCE_MAX, &len);
		int w;

		if (old && len == strlen(p->text) && memcmp(old, p->text, len) == 0) {
			(*there)++;
		} else if (old || errno != ENOENT) {
			diag_warn(p->target, 0, 0, "exists and differs from what import would write for %s; "
			    "left as it is", p->old->path);
			(*kept)++;
		} else if (r->o->dry_run) {
			if (!r->o->quiet)
				printf("would write %s\n", p->target);
			(*written)++;
		} else if ((w = write_new(p->target, p->text)) < 0) {
			rc = -1;
		} else if (w == 1) {
			diag_warn(p->target, 0, 0, "appeared while import ran; left as it is");
			(*kept)++;
		} else {
			if (!r->o->quiet)
				printf("%s\n", p->target);
			(*written)++;
		}
		free(old);
	}
	if (rc == 0 && perm) {
		if (r->o->dry_run) {
			if (!r->o->quiet)
				printf("would write %s\n", r->cfg->path);
		} else if ((rc = add_permalink(r->cfg, perm)) == 0 && !r->o->quiet) {
			printf("%s\n", r->cfg->path);
		}
	}
	return rc;
}

static int
cmp_dropped(const void *a, const void *b)
{
	return strcmp(((const struct oldfield *)a)->name, ((const struct oldfield *)b)->name);
}

static void
summary(struct run *r, const char *perm, size_t written, size_t there, size_t kept)
{
	size_t i;

	diag_flush();
	if (r->o->quiet)
		return;
	fprintf(stderr, "feedgen: import: %zu post%s: %zu %s, %zu already there", r->n, r->n == 1 ? "" : "s",
	    written, r->o->dry_run ? "would be written" : "written", there);
	if (kept)
		fprintf(stderr, ", %zu left as %s", kept, kept == 1 ? "it was" : "they were");
	if (r->site.nskipped)
		fprintf(stderr, ", %zu not imported", r->site.nskipped);
	if (r->feed)
		fprintf(stderr, "; %zu of the feed's %zu items matched (id, link, title and date kept)",
		    r->matched, r->feed->n);
	else
		fputs("; no old feed", stderr);
	fprintf(stderr, "; %zu Liquid tag%s left for a person\n", r->nleft, r->nleft == 1 ? "" : "s");
	if (perm)
		fprintf(stderr, "feedgen: import: permalink '%s' %s %s\n", perm,
		    r->o->dry_run ? "would be added to" : "added to", r->cfg->path);
	if (r->site.ndropped) {
		qsort(r->site.dropped, r->site.ndropped, sizeof *r->site.dropped, cmp_dropped);
		fputs("feedgen: import: dropped fields:", stderr);
		for (i = 0; i < r->site.ndropped; i++)
			fprintf(stderr, "%s %s (%d)", i ? "," : "", r->site.dropped[i].name,
			    r->site.dropped[i].count);
		fputc('\n', stderr);
	}
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		free(p->target);
		free(p->want_id);
		free(p->want_link);
		free(p->def_id);
		free(p->def_link);
		free(p->new_link);
		free(p->text);
	}
	free(r->v);
	oldsite_free(&r->site);
	oldfeed_free(r->feed);
	free(r->id_tpl);
	free(r->link_tpl);
}

/* Reads the posts, and makes a post of each. Returns 0, or -1 after reporting. */
static int
read_posts(struct run *r)
{
	size_t i;
	int rc = oldsite_read(r->o->source, &r->site);

	r->hugo = r->site.hugo;
	r->n = r->site.n;
	r->v = xcalloc(r->n ? r->n : 1, sizeof *r->v);
	for (i = 0; i < r->n; i++)
		r->v[i].old = &r->site.v[i];
	return rc;
}

int
import_run(struct config *cfg, struct schema *sc, const struct import_opts *o)
{
	struct run r;
	size_t written = 0, there = 0, kept = 0, i, unmatched = 0;
	char *perm = NULL;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.sc = sc;
	r.o = o;
	if (read_posts(&r) < 0 || (o->feed && read_feed(&r) < 0))
		goto out;
	/* The wrong folder would write nothing, the wrong feed every entry with new ids: refused. */
	if (r.n == 0 && r.site.nskipped == 0) {
		diag_error(o->source, 0, 0, "no posts (expected a Jekyll site or _posts folder, or a Hugo "
		    "content folder)");
		goto out;
	}
	if (r.n == 0) {
		diag_error(o->source, 0, 0, "no post can be imported: all %zu were left out (expected "
		    "posts import can read: see the warnings above)", r.site.nskipped);
		goto out;
	}
	if (!o->feed)
		diag_warn(NULL, 0, 0, "no --feed: every entry gets feedgen's own id and link, so the old "
		    "feed's subscribers will see every item again (expected --feed with the old site's "
		    "feed, a file or a URL)");
	match_items(&r);
	if (r.feed && r.feed->n > 0 && r.nomatch == r.feed->n) {
		diag_error(r.feed_name, 0, 0, "none of the feed's %zu item%s is a post of %s (expected the "
		    "feed this site publishes today)", r.feed->n, r.feed->n == 1 ? "" : "s", o->source);
		goto out;
	}
	place_posts(&r);
	for (i = 0; i < r.n; i++)
		unmatched += !r.v[i].item;
	if (r.feed && unmatched && !r.id_tpl)
		diag_warn(r.feed_name, 0, 0, "%zu post%s not in the feed, and no one pattern gives the "
		    "feed's ids: %s feedgen's own id%s", unmatched, unmatched == 1 ? " is" : "s are",
		    unmatched == 1 ? "it gets" : "they get", unmatched == 1 ? "" : "s");
	if ((perm = choose_permalink(&r))) {
		free(cfg->permalink);
		cfg->permalink = xstrdup(perm);
	}
	/* Every problem said in one run: both checks, whatever the first found. */
	if ((compose_all(&r) | check_targets(&r)) < 0 || diag_error_count() > 0)
		goto out;
	if (write_all_posts(&r, perm, &written, &there, &kept) < 0)
		goto out;
	/* A second run writes nothing, and says so: the permalink is there already. */
	summary(&r, perm, written, there, kept);
	rc = 0;
out:
	if (rc < 0)
		diag_flush();
	free(perm);
	run_free(&r);
	return rc;
}
