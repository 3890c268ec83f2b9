/* import.c: feedgen import: old posts and their feed's items to entries that keep every id. */
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "entry.h"
#include "fetch.h"
#include "liquid.h"
#include "oldfeed.h"
#include "output.h"
#include "source.h"
#include "xalloc.h"
#include "yemit.h"
#include "ynode.h"

/* One old post, as read, then as it will be written. */
struct post {
	char *path;		/* the old file */
	char *name;		/* its base name without the extension, for post_url and link */
	char *url_slug;		/* the slug of its old URL */
	char *url_seg;		/* url_slug as a URL writes it: percent-encoded */
	char *slug;		/* the new file's slug: url_slug, made valid */
	char *title;
	struct when date;	/* in the site's offset, so the file name's day agrees */
	int has_updated;
	struct when updated;
	char *author, *summary;
	char **cats, **tags;
	size_t ncats, ntags;
	int draft;
	char *body;		/* as written in the old file */
	int body_line;		/* its first line in the old file */
	char ymd[11];
	char *target;		/* ENTRIES/YYYY-MM-DD-slug.md */
	const struct olditem *item;	/* its item in the old feed, or NULL */
	char *want_id, *want_link;	/* what subscribers hold (NULL: feedgen's own) */
	char *def_id, *def_link;	/* feedgen's own, from its entry code */
	char *new_link;		/* the link it will have */
	size_t nleft;		/* Liquid tags left for a person */
	char *text;		/* the entry to write */
	int skipped;		/* not imported (TOML, JSON front matter): warned */
};

/* A front matter field import drops, and how many posts had it. */
struct dropped {
	char *name;
	int count;
};

struct run {
	struct config *cfg;
	struct schema *sc;
	const struct import_opts *o;
	int hugo;
	struct post *v;
	size_t n;
	struct oldfeed *feed;
	const char *feed_name;
	size_t matched;
	char *id_tpl, *link_tpl;	/* the patterns the matched items follow, or NULL */
	struct dropped *drop;
	size_t ndrop;
	char **skipped;		/* "slug\0path" of each post not imported */
	size_t nleft, nskipped;
};

/* Sets TZ's offset at t: dates are written in the site's zone. */
static struct when
in_zone(int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	return (struct when){t, (int)(tm.tm_gmtoff / 60)};
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
is_post_file(const char *name)
{
	return *name != '.' && (has_suffix(name, ".md") || has_suffix(name, ".markdown"));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every post file under dir, recursively, sorted by path. Returns -1 after reporting. */
static int
list_posts(const char *dir, char ***files, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		diag_syserr(dir, "cannot read the folder");
		return -1;
	}
	while ((de = readdir(d))) {
		char *p;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (list_posts(p, files, n) < 0) {
				free(p);
				closedir(d);
				return -1;
			}
			free(p);
		} else if (is_post_file(de->d_name) && strcmp(de->d_name, "_index.md") != 0) {
			*files = xrealloc(*files, (*n + 1) * sizeof **files);
			(*files)[(*n)++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	return 0;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder the posts are in, and whether the site is Hugo's. NULL after reporting. */
static char *
posts_dir(const char *source, int *hugo)
{
	const char *base = strrchr(source, '/');
	char *p;

	base = base && base[1] ? base + 1 : source;
	if (!is_dir(source)) {
		errno = is_dir(source) ? errno : (access(source, F_OK) == 0 ? ENOTDIR : ENOENT);
		diag_syserr(source, "cannot read the posts");
		return NULL;
	}
	*hugo = 0;
	if (strncmp(base, "_posts", 6) == 0 && (!base[6] || base[6] == '/'))
		return xstrdup(source);
	if (is_dir(p = xasprintf("%s/_posts", source)))
		return p;
	free(p);
	*hugo = 1;
	if (is_dir(p = xasprintf("%s/content", source)))
		return p;
	free(p);
	return xstrdup(source);
}

/* Length of the line at p without its break; *next: past the break. */
static size_t
line_at(const char *s, size_t len, size_t p, size_t *next)
{
	size_t q = p;

	while (q < len && s[q] != '\n' && s[q] != '\r')
		q++;
	*next = q < len ? q + 1 + (s[q] == '\r' && q + 1 < len && s[q + 1] == '\n') : q;
	return q - p;
}

static int
is_fence(const char *s, size_t n, const char *fence)
{
	if (n < 3 || memcmp(s, fence, 3) != 0)
		return 0;
	for (s += 3, n -= 3; n; s++, n--)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

#define CONVERT_ADVICE "run 'hugo convert toYAML --unsafe' in the Hugo site first"

/*
 * Splits the post's front matter from its body: sets the YAML's range, the
 * body's start and its line. Returns 0; 1 when the post is skipped (TOML,
 * JSON: warned); -1 after reporting an error.
 */
static int
split_post(const struct source *src, size_t *yoff, size_t *ylen, size_t *boff, int *bline)
{
	size_t p = 0, next, n;
	int line = 2;

	if (src->len >= 3 && memcmp(src->data, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	n = line_at(src->data, src->len, p, &next);
	if (is_fence(src->data + p, n, "+++")) {
		diag_warn(src->path, 1, 1, "TOML front matter ('+++') is not read; post not imported "
		    "(expected YAML front matter between lines '---': " CONVERT_ADVICE ")");
		return 1;
	}
	if (n && src->data[p] == '{') {
		diag_warn(src->path, 1, 1, "JSON front matter ('{') is not read; post not imported "
		    "(expected YAML front matter between lines '---': " CONVERT_ADVICE ")");
		return 1;
	}
	if (!is_fence(src->data + p, n, "---")) {
		diag_warn(src->path, 1, 1, "no front matter; post not imported (expected a first line "
		    "'---', as Jekyll and Hugo posts have)");
		return 1;
	}
	*yoff = p = next;
	while (p < src->len) {
		n = line_at(src->data, src->len, p, &next);
		if (is_fence(src->data + p, n, "---") || is_fence(src->data + p, n, "...")) {
			*ylen = p - *yoff;
			*boff = next;
			*bline = line + 1;
			return 0;
		}
		p = next;
		line++;
	}
	diag_error(src->path, 1, 1, "front matter is not closed (expected a line '---' after it)");
	return -1;
}

/* The fields import writes, under each name the old generators give them. */
static const char *const known[] = {
	"author", "categories", "category", "date", "description", "draft", "excerpt",
	"last_modified_at", "lastmod", "published", "slug", "summary", "tags", "title",
};

static void
count_dropped(struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(known[i], name) == 0)
			return;
	for (i = 0; i < r->ndrop; i++)
		if (strcmp(r->drop[i].name, name) == 0) {
			r->drop[i].count++;
			return;
		}
	r->drop = xrealloc(r->drop, (r->ndrop + 1) * sizeof *r->drop);
	r->drop[r->ndrop++] = (struct dropped){xstrdup(name), 1};
}

static void
add_str(char ***v, size_t *n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
}

/* A list field: a sequence, or one scalar (Jekyll splits it at spaces, as Jekyll does). */
static void
read_list(const struct ynode *n, int split, char ***v, size_t *count)
{
	const struct ynode *m;

	if (!n)
		return;
	if (n->kind == YNODE_SCALAR && n->value) {
		const char *s = n->value;

		while (*s) {
			size_t k = split ? strcspn(s, " \t") : strlen(s);

			if (k)
				add_str(v, count, s, k);
			s += k;
			s += strspn(s, " \t");
		}
	}
	for (m = n->kind == YNODE_SEQ ? n->child : NULL; m; m = m->next)
		if (m->kind == YNODE_SCALAR && m->value && *m->value)
			add_str(v, count, m->value, strlen(m->value));
}

/*
 * A 'slug:' as Jekyll's URLs write it (Utils.slugify, "pretty", cased):
 * each run of characters other than letters, digits and ._~!$&'()+,;=@ one
 * '-', none at either end.
 */
static char *
jekyll_slug(const char *s)
{
	struct buf b = {0};

	buf_adds(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("._~!$&'()+,;=@", c))
			buf_addc(&b, (char)c);
		else if (b.len && b.data[b.len - 1] != '-')
			buf_addc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

/* s as a URL path segment holds it: percent-encoded but for RFC 3986 pchar. */
static char *
url_segment(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = {0};

	buf_adds(&b, "");
	for (; *s; s++) {
		unsigned char u = (unsigned char)*s;

		if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
		    strchr("-._~!$&'()*+,;=:@", u)) {
			buf_addc(&b, (char)u);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[u >> 4]);
			buf_addc(&b, hex[u & 15]);
		}
	}
	return buf_steal(&b);
}

/* A slug feedgen's file names accept: lower case, other characters as single '-'. */
static char *
valid_slug(const char *s)
{
	struct buf b = {0};

	for (; *s; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (alnum)
			buf_addc(&b, c);
		else if (b.len && strchr("-._", b.data[b.len - 1]) == NULL)
			buf_addc(&b, strchr("._", c) && c ? c : '-');
	}
	while (b.len && strchr("-._", b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	if (!b.len)
		buf_adds(&b, "post");
	return buf_steal(&b);
}

/* Jekyll's title for a post without one: the slug's words, capitalised. */
static char *
title_from_slug(const char *slug)
{
	struct buf b = {0};
	int start = 1;

	for (; *slug; slug++) {
		if (*slug == '-') {
			buf_addc(&b, ' ');
			start = 1;
		} else {
			buf_addc(&b, start && *slug >= 'a' && *slug <= 'z' ? (char)(*slug - 32) : *slug);
			start = 0;
		}
	}
	return buf_steal(&b);
}

/* A date field of the front matter. Returns 0 (absent or read) or -1 after reporting. */
static int
read_date(const char *path, const struct ynode *root, const char *key, struct when *w, int *has)
{
	const struct ynode *n = ynode_get(root, key);
	char why[96];

	*has = 0;
	if (!n)
		return 0;
	if (n->kind != YNODE_SCALAR || !n->value || date_parse(n->value, w, why) < 0) {
		char *q = diag_quote(n->value ? n->value : "");

		diag_error(path, n->line, n->col, "'%s' is not a date import can read: '%s' (expected "
		    "YYYY-MM-DD, Jekyll's 'YYYY-MM-DD HH:MM:SS +HHMM' or RFC 3339)", key, q);
		free(q);
		return -1;
	}
	*has = 1;
	*w = in_zone(w->t);
	return 0;
}

/* The post's name parts: Jekyll's YYYY-MM-DD-slug, Hugo's file or bundle name. 1: not a post. */
static int
name_parts(struct run *r, struct post *p, struct when *fdate, int *has_fdate)
{
	const char *base = strrchr(p->path, '/');
	size_t n;
	char ymd[11], why[96];

	base = base ? base + 1 : p->path;
	n = strcspn(base, ".") < strlen(base) ? (size_t)(strrchr(base, '.') - base) : strlen(base);
	p->name = xstrndup(base, n);
	*has_fdate = 0;
	if (!r->hugo) {
		memcpy(ymd, base, n < 10 ? n : 10);
		ymd[n < 10 ? n : 10] = '\0';
		if (n < 12 || base[10] != '-' || !date_is_plain(ymd))
			return 1;	/* Jekyll reads only dated names in _posts */
		if (date_parse(ymd, fdate, why) < 0) {
			diag_error(p->path, 0, 0, "file name date '%s' is not a valid date (%s)", ymd, why);
			return -1;
		}
		*has_fdate = 1;
		p->url_slug = xstrdup(p->name + 11);
		return 0;
	}
	if (strcmp(p->name, "index") == 0 && base != p->path) {
		/* A page bundle: the folder names it. */
		const char *dir = base - 1, *d = dir;

		while (d > p->path && d[-1] != '/')
			d--;
		p->url_slug = xstrndup(d, (size_t)(dir - d));
	} else {
		p->url_slug = xstrdup(p->name);
	}
	return 0;
}

static char *
lower(const char *s)
{
	char *l = xstrdup(s), *c;

	for (c = l; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return l;
}

/* What import keeps of the front matter. Returns 0, or -1 after reporting. */
static int
read_fields(struct run *r, struct post *p, const struct ynode *root, struct when *fdate, int has_fdate)
{
	static const char *const summaries[] = {"summary", "description", "excerpt"};
	const struct ynode *n, *m;
	const char *s;
	size_t i;
	int has, rc = 0;

	for (m = root ? root->child : NULL; m; m = m->next)
		count_dropped(r, m->key);
	if ((s = ynode_str(root, "slug")) && *s) {
		free(p->url_slug);
		p->url_slug = r->hugo ? xstrdup(s) : jekyll_slug(s);
	}
	if (r->hugo) {
		char *l = lower(p->url_slug);

		free(p->url_slug);
		p->url_slug = l;
	}
	p->slug = valid_slug(p->url_slug);
	p->url_seg = url_segment(p->url_slug);
	s = ynode_str(root, "title");
	p->title = s && *s ? xstrdup(s) : title_from_slug(p->url_slug);
	if (read_date(p->path, root, "date", &p->date, &has) < 0)
		rc = -1;
	else if (!has && has_fdate)
		p->date = in_zone(fdate->t);
	else if (!has) {
		diag_error(p->path, 0, 0, "the post has no date (expected 'date' in its front matter)");
		rc = -1;
	}
	if (read_date(p->path, root, r->hugo ? "lastmod" : "last_modified_at", &p->updated,
	    &p->has_updated) < 0)
		rc = -1;
	if ((n = ynode_get(root, "author"))) {
		if (n->kind == YNODE_MAP)
			n = ynode_get(n, "name");
		else if (n->kind == YNODE_SEQ)
			n = n->child;
		if (n && n->kind == YNODE_SCALAR && n->value && *n->value)
			p->author = xstrdup(n->value);
	}
	for (i = 0; i < 3 && !p->summary; i++)
		if ((s = ynode_str(root, summaries[i])) && *s)
			p->summary = xstrdup(s);
	/* Jekyll's order in URLs: 'categories', then 'category'. */
	read_list(ynode_get(root, "categories"), !r->hugo, &p->cats, &p->ncats);
	read_list(ynode_get(root, "category"), 0, &p->cats, &p->ncats);
	read_list(ynode_get(root, "tags"), !r->hugo, &p->tags, &p->ntags);
	p->draft = ((s = ynode_str(root, "published")) && strcmp(s, "false") == 0) ||
	    ((s = ynode_str(root, "draft")) && strcmp(s, "true") == 0);
	return rc;
}

/* Reads one post. Returns 0, 1 when it is no post or skipped, -1 after reporting. */
static int
read_post(struct run *r, struct post *p)
{
	struct source *src = source_read(p->path);
	struct ynode *root = NULL;
	size_t yoff, ylen, boff;
	struct when fdate;
	int rc, has_fdate;

	if (!src)
		return -1;
	if ((rc = name_parts(r, p, &fdate, &has_fdate)) != 0 ||
	    (rc = split_post(src, &yoff, &ylen, &boff, &p->body_line)) != 0) {
		source_free(src);
		return rc;
	}
	if (ynode_parse(src, yoff, ylen, 1, &root) != 0)
		rc = -1;
	else
		rc = read_fields(r, p, root, &fdate, has_fdate);
	p->body = xstrndup(src->data + boff, src->len - boff);
	ynode_free(root);
	source_free(src);
	return rc;
}

/* Reads every post under the source. Returns 0, or -1 after reporting. */
static int
read_posts(struct run *r)
{
	char *dir = posts_dir(r->o->source, &r->hugo), **files = NULL;
	size_t nfiles = 0, i;
	int rc = 0;

	if (!dir || list_posts(dir, &files, &nfiles) < 0) {
		free(dir);
		return -1;
	}
	qsort(files, nfiles, sizeof *files, cmp_str);
	r->v = xcalloc(nfiles ? nfiles : 1, sizeof *r->v);
	for (i = 0; i < nfiles; i++) {
		struct post *p = &r->v[r->n];
		int one;

		memset(p, 0, sizeof *p);
		p->path = files[i];
		if ((one = read_post(r, p)) < 0)
			rc = -1;
		if (one == 1 && p->url_slug) {
			size_t k = strlen(p->url_slug);
			char *sk = xmalloc(k + strlen(p->path) + 2);

			memcpy(sk, p->url_slug, k + 1);
			strcpy(sk + k + 1, p->path);
			r->skipped = xrealloc(r->skipped, (r->nskipped + 1) * sizeof *r->skipped);
			r->skipped[r->nskipped++] = sk;
		}
		if (one == 0 || one == -1)
			r->n++;
		else {
			free(p->path);
			free(p->name);
			free(p->url_slug);
			free(p->body);
		}
	}
	free(files);
	free(dir);
	return rc;
}

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
	if (has_suffix(s, ".html"))
		s[strlen(s) - 5] = '\0';
	return s;
}

/* The path of the post not imported whose slug is seg, or NULL. */
static const char *
skipped_post(const struct run *r, const char *seg)
{
	size_t i;

	for (i = 0; i < r->nskipped; i++)
		if (strcasecmp(r->skipped[i], seg) == 0)
			return r->skipped[i] + strlen(seg) + 1;
	return NULL;
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
			if (*seg && (r->hugo ? strcasecmp(seg, r->v[j].url_seg) : strcmp(seg, r->v[j].url_seg)) == 0) {
				nseg++;
				hit = &r->v[j];
			}
		if (nseg != 1) {
			struct post *by_title = NULL;

			for (j = 0; j < r->n; j++)
				if (r->v[j].title && strcmp(r->v[j].title, it->title) == 0 && (nseg == 0 ||
				    strcmp(seg, r->v[j].url_seg) == 0)) {
					ntitle++;
					by_title = &r->v[j];
				}
			hit = ntitle == 1 ? by_title : NULL;
		}
		if (hit && hit->item) {
			diag_warn(r->feed_name, it->line, 0, "item '%s' names the post %s, which item '%s' "
			    "names too; left out (expected one item a post)", it->id, hit->path, hit->item->id);
		} else if (hit) {
			hit->item = it;
			r->matched++;
		} else if (nseg > 1 || ntitle > 1) {
			diag_warn(r->feed_name, it->line, 0, "item '%s' matches %zu posts by its link and "
			    "title; left out (give the posts different slugs or titles)", it->id,
			    nseg > 1 ? nseg : ntitle);
		} else if ((sk = skipped_post(r, seg))) {
			diag_warn(r->feed_name, it->line, 0, "item '%s' is the post %s, which is not imported; "
			    "left out", it->id, sk);
		} else {
			diag_warn(r->feed_name, it->line, 0, "item '%s' matches no post (no post's slug is "
			    "'%s' and none is titled '%s'); left out", it->id, seg, it->title);
		}
		free(seg);
	}
}

/* A category as Jekyll's :categories writes it: lower case, percent-encoded but for RFC 3986 pchar and '/'. */
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
	char **seg = xcalloc(p->ncats + 1, sizeof *seg), *out;
	size_t i, j, nseg = 0, to;

	buf_adds(&b, "");
	for (i = 0; i < p->ncats; i++) {
		struct buf one = {0};

		buf_adds(&one, "");
		add_category(&one, p->cats[i]);
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
			buf_adds(&b, p->url_seg), t += 5;
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
		size_t k = strlen(p->url_seg);

		buf_addc(&b, '/');
		seg++;
		if (ncats && strncmp(seg, cats, ncats) == 0 && (seg[ncats] == '/' || !seg[ncats])) {
			buf_adds(&b, "{categories}");
			n = ncats;
			ncats = 0;
		} else if (!slug && n >= k && k && strncmp(seg, p->url_seg, k) == 0 &&
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
		const char *s = p->item ? (link ? p->item->link : p->item->id) : NULL;
		char *tpl = s ? infer(s, p) : NULL;
		int all = tpl != NULL;

		for (j = 0; all && j < r->n; j++) {
			const struct post *o = &r->v[j];
			const char *os = o->item ? (link ? o->item->link : o->item->id) : NULL;
			char *x;

			if (!o->item)
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

	if (strcmp(p->slug, p->url_slug) == 0) {
		r->cfg->permalink = (char *)(uintptr_t)tpl;
		defaults(r, p);
		r->cfg->permalink = saved;
		s = p->def_link;
		p->def_link = NULL;
	}
	return s ? s : expand(tpl, p);
}

/* The file name, the date, and what subscribers hold, for each post. */
static void
place_posts(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		if (p->item) {
			free(p->title);
			p->title = xstrdup(p->item->title);
			if (p->item->has_published)
				p->date = in_zone(p->item->published.t);
		}
		date_ymd(&p->date, p->ymd);
		p->target = xasprintf("%s/%s-%s.md", r->cfg->entries_dir, p->ymd, p->slug);
	}
	r->id_tpl = pattern_of(r, 0);
	r->link_tpl = pattern_of(r, 1);
	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		if (p->item) {
			p->want_id = xstrdup(p->item->id);
			p->want_link = xstrdup(p->item->link);
		} else {
			p->want_id = r->id_tpl ? applied(r, p, r->id_tpl) : NULL;
			p->want_link = r->link_tpl ? applied(r, p, r->link_tpl) : NULL;
		}
	}
}

/* Writes the front matter and the body; with_ids: the id and link where they differ. */
static char *
compose(const struct run *r, const struct post *p, const char *body, int with_ids)
{
	struct yemit *y = yemit_new();
	struct buf b = {0};
	char date[DATE_MAX], *fm;

	if (!y)
		return NULL;
	yemit_text(y, "title", p->title);
	date_rfc3339(&p->date, date);
	yemit_plain(y, "date", date);
	if (p->has_updated && p->updated.t > p->date.t) {
		date_rfc3339(&p->updated, date);
		yemit_plain(y, "updated", date);
	}
	if (with_ids && p->want_id && (!p->def_id || strcmp(p->want_id, p->def_id) != 0))
		yemit_text(y, "id", p->want_id);
	if (with_ids && p->want_link && (!p->def_link || strcmp(p->want_link, p->def_link) != 0))
		yemit_text(y, "link", p->want_link);
	if (p->author)
		yemit_text(y, "author", p->author);
	if (p->summary)
		yemit_text(y, "summary", p->summary);
	if (p->ncats)
		yemit_list(y, "categories", p->cats, p->ncats);
	(void)r;
	if (p->ntags)
		yemit_list(y, "tags", p->tags, p->ntags);
	if (p->draft || p->nleft)
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
	char *text = compose(r, p, "", 0);
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
 * post its old link (but those whose slug had to change).
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
		if (!p->item || !p->want_link || strcmp(p->slug, p->url_slug) != 0)
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
	const char *base = strrchr(ref, '/');
	size_t i, n;

	base = base ? base + 1 : ref;
	n = has_suffix(base, ".markdown") ? strlen(base) - 9 : has_suffix(base, ".md") ?
	    strlen(base) - 3 : strlen(base);
	for (i = 0; i < r->n; i++)
		if (strlen(r->v[i].name) == n && strncmp(r->v[i].name, base, n) == 0)
			return r->v[i].new_link;
	return NULL;
}

/* The body with its Liquid converted; each tag left is a warning at its place in the old file. */
static char *
convert_body(struct run *r, struct post *p)
{
	struct liquid_site site = {r->cfg->url, post_link, r};
	struct liquid_left *left;
	size_t n, i;
	char *body = liquid_convert(p->body, strlen(p->body), &site, &left, &n);

	for (i = 0; i < n; i++) {
		char *q = diag_quote(left[i].tag);
		int hugo = strncmp(left[i].tag, "{{<", 3) == 0 || strncmp(left[i].tag, "{{%", 3) == 0;

		diag_warn(p->path, p->body_line + left[i].line - 1, left[i].col, "%s '%s' left as it is "
		    "(feedgen converts highlight, link, post_url, raw, site.baseurl and site.url; fix it by "
		    "hand)", hugo ? "Hugo shortcode" : "Liquid tag", q);
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

		p->text = compose(r, p, body, 1);
		free(body);
		if (!p->text) {
			diag_error(p->path, 0, 0, "libyaml's emitter could not write this post's front matter");
			rc = -1;
			continue;
		}
		/* The entry as feedgen will read it: one it would refuse is not written. */
		if ((src = source_from(p->target, p->text, strlen(p->text))))
			e = entry_parse(p->target, src, r->cfg, r->sc);
		if (!e)
			rc = -1;
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
			diag_error(v[i]->path, 0, 0, "gives the entry %s, as %s does (expected posts of one "
			    "day with different slugs: give one a 'slug:')", v[i]->target, v[i - 1]->path);
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
			    "left as it is", p->path);
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
	return strcmp(((const struct dropped *)a)->name, ((const struct dropped *)b)->name);
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
	if (r->nskipped)
		fprintf(stderr, ", %zu not imported", r->nskipped);
	if (r->feed)
		fprintf(stderr, "; %zu of the feed's %zu items matched (id, link, title and date kept)",
		    r->matched, r->feed->n);
	else
		fputs("; no old feed", stderr);
	fprintf(stderr, "; %zu Liquid tag%s left for a person\n", r->nleft, r->nleft == 1 ? "" : "s");
	if (perm)
		fprintf(stderr, "feedgen: import: permalink '%s' %s %s\n", perm,
		    r->o->dry_run ? "would be added to" : "added to", r->cfg->path);
	if (r->ndrop) {
		qsort(r->drop, r->ndrop, sizeof *r->drop, cmp_dropped);
		fputs("feedgen: import: dropped fields:", stderr);
		for (i = 0; i < r->ndrop; i++)
			fprintf(stderr, "%s %s (%d)", i ? "," : "", r->drop[i].name, r->drop[i].count);
		fputc('\n', stderr);
	}
}

static void
run_free(struct run *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct post *p = &r->v[i];

		free(p->path);
		free(p->name);
		free(p->url_slug);
		free(p->url_seg);
		free(p->slug);
		free(p->title);
		free(p->author);
		free(p->summary);
		for (j = 0; j < p->ncats; j++)
			free(p->cats[j]);
		free(p->cats);
		for (j = 0; j < p->ntags; j++)
			free(p->tags[j]);
		free(p->tags);
		free(p->body);
		free(p->target);
		free(p->want_id);
		free(p->want_link);
		free(p->def_id);
		free(p->def_link);
		free(p->new_link);
		free(p->text);
	}
	free(r->v);
	for (i = 0; i < r->ndrop; i++)
		free(r->drop[i].name);
	free(r->drop);
	for (i = 0; i < r->nskipped; i++)
		free(r->skipped[i]);
	free(r->skipped);
	oldfeed_free(r->feed);
	free(r->id_tpl);
	free(r->link_tpl);
}

int
import_run(struct config *cfg, struct schema *sc, const struct import_opts *o)
{
	struct run r = {cfg, sc, o, 0, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, 0, 0};
	size_t written = 0, there = 0, kept = 0, i, unmatched = 0;
	char *perm = NULL;
	int rc = -1;

	if (read_posts(&r) < 0 || (o->feed && read_feed(&r) < 0))
		goto out;
	if (!o->feed)
		diag_warn(NULL, 0, 0, "no --feed: every entry gets feedgen's own id and link, so the old "
		    "feed's subscribers will see every item again (expected --feed with the old site's "
		    "feed, a file or a URL)");
	match_items(&r);
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
	if (compose_all(&r) < 0 || check_targets(&r) < 0 || diag_error_count() > 0)
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
