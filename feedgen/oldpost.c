/* oldpost.c: a Jekyll or Hugo site's posts read: names, YAML front matter, bodies. */
#include "oldpost.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "front.h"
#include "source.h"
#include "xalloc.h"
#include "ynode.h"

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

/* A post file, and the categories Jekyll gives it from the folders above its _posts. */
struct postfile {
	char *path;
	char *dircats;		/* "news/world", or NULL */
};

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct postfile *)a)->path, ((const struct postfile *)b)->path);
}

static void
add_file(struct postfile **files, size_t *n, char *p, const char *dircats)
{
	*files = xrealloc(*files, (*n + 1) * sizeof **files);
	(*files)[(*n)++] = (struct postfile){p, xstrdup(dircats)};
}

/*
 * Every post file under dir, recursively. In a Hugo leaf bundle (a folder
 * with index.md), only index.md is a page: the rest are its resources.
 * Returns -1 after reporting.
 */
static int
list_posts(const char *dir, int hugo, const char *dircats, struct postfile **files, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *index;

	if (hugo) {
		index = xasprintf("%s/index.md", dir);
		if (access(index, F_OK) == 0) {
			if (d)
				closedir(d);
			add_file(files, n, index, NULL);
			return 0;
		}
		free(index);
	}
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
		/* Folder links are not followed (as listing.c): a loop would never end. */
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (list_posts(p, hugo, dircats, files, n) < 0) {
				free(p);
				closedir(d);
				return -1;
			}
			free(p);
		} else if (is_post_file(de->d_name) && strcmp(de->d_name, "_index.md") != 0) {
			add_file(files, n, p, dircats);
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

/*
 * Jekyll's _posts folders under the site folder dir (rel: the path from the
 * site, the folder categories of the posts in its _posts). Folders Jekyll
 * does not read (hidden, '_', node_modules, vendor) are skipped. Returns -1
 * after reporting.
 */
static int
jekyll_posts(const char *dir, const char *rel, struct postfile **files, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		diag_syserr(dir, "cannot read the folder");
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;
		char *p, *sub;

		if (strcmp(de->d_name, "_posts") != 0 && (strchr("._", de->d_name[0]) ||
		    strcmp(de->d_name, "node_modules") == 0 || strcmp(de->d_name, "vendor") == 0))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(p);
			continue;
		}
		if (strcmp(de->d_name, "_posts") == 0) {
			rc = list_posts(p, 0, *rel ? rel : NULL, files, n);
		} else {
			sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
			rc = jekyll_posts(p, sub, files, n);
			free(sub);
		}
		free(p);
	}
	closedir(d);
	return rc;
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
	if (access(p = xasprintf("%s/_config.yml", source), F_OK) == 0)
		return p;	/* a Jekyll site whose posts are all in folders' _posts */
	free(p);
	*hugo = 1;
	if (is_dir(p = xasprintf("%s/content", source)))
		return p;
	free(p);
	return xstrdup(source);
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
	struct front_range r;

	switch (front_find(src->data, src->len, &r)) {
	case FRONT_YAML:
		*yoff = r.yoff;
		*ylen = r.ylen;
		*boff = r.boff;
		*bline = r.bline;
		return 0;
	case FRONT_TOML:
		diag_warn(src->path, 1, 1, "TOML front matter ('+++') is not read; post not imported "
		    "(expected YAML front matter between lines '---': " CONVERT_ADVICE ")");
		return 1;
	case FRONT_JSON:
		diag_warn(src->path, 1, 1, "JSON front matter ('{') is not read; post not imported "
		    "(expected YAML front matter between lines '---': " CONVERT_ADVICE ")");
		return 1;
	case FRONT_NONE:
		diag_warn(src->path, 1, 1, "no front matter; post not imported (expected a first line "
		    "'---', as Jekyll and Hugo posts have)");
		return 1;
	default:
		diag_error(src->path, 1, 1, "front matter is not closed (expected a line '---' after it)");
		return -1;
	}
}

/* The fields import writes, under each name the old generators give them. */
static const char *const known[] = {
	"author", "categories", "category", "date", "description", "draft", "excerpt",
	"last_modified_at", "lastmod", "pubdate", "publishDate", "published", "slug", "summary", "tags",
	"title",
};

static void
count_dropped(struct oldsite *r, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(known[i], name) == 0)
			return;
	for (i = 0; i < r->ndropped; i++)
		if (strcmp(r->dropped[i].name, name) == 0) {
			r->dropped[i].count++;
			return;
		}
	r->dropped = xrealloc(r->dropped, (r->ndropped + 1) * sizeof *r->dropped);
	r->dropped[r->ndropped++] = (struct oldfield){xstrdup(name), 1};
}

/*
 * s[0..n) on one line: each run of blanks and line breaks one space, none
 * at either end (a YAML block scalar's title is still one line). Newly
 * allocated.
 */
static char *
one_line(const char *s, size_t n)
{
	struct buf b = {0};
	size_t i;

	buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		if (strchr(" \t\r\n", s[i])) {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addc(&b, ' ');
		} else {
			buf_addc(&b, s[i]);
		}
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

/* Adds s[0..len), on one line, unless empty or there already. */
static void
add_str(char ***v, size_t *n, const char *s, size_t len)
{
	char *l = one_line(s, len);
	size_t i;

	for (i = 0; i < *n && *l; i++)
		if (strcmp((*v)[i], l) == 0)
			break;
	if (!*l || i < *n) {
		free(l);
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = l;
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
			size_t k = split ? strcspn(s, " \t\r\n") : strlen(s);

			if (k)
				add_str(v, count, s, k);
			s += k;
			s += strspn(s, " \t\r\n");
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

/* n digits at *s (min..max of them); moves *s past them. */
static int
digits(const char **s, int min, int max)
{
	int k = 0;

	while (k < max && (*s)[k] >= '0' && (*s)[k] <= '9')
		k++;
	*s += k;
	return k >= min;
}

/*
 * Whether s is a YAML 1.1 timestamp with a time and no offset, which Psych
 * (Jekyll's YAML) reads as UTC, not in the site's zone: what its regex takes,
 * YYYY-M-D(T|t|blanks)H:MM:SS[.frac]. A date alone, or a time without
 * seconds, is a string to Psych, and Jekyll reads it in the site's zone.
 */
static int
yaml_utc_timestamp(const char *s)
{
	if (!digits(&s, 4, 4) || *s++ != '-' || !digits(&s, 1, 2) || *s++ != '-' || !digits(&s, 1, 2))
		return 0;
	if (*s == 'T' || *s == 't')
		s++;
	else if (*s == ' ' || *s == '\t')
		s += strspn(s, " \t");
	else
		return 0;
	if (!digits(&s, 1, 2) || *s++ != ':' || !digits(&s, 2, 2) || *s++ != ':' || !digits(&s, 2, 2))
		return 0;
	if (*s == '.') {
		s++;
		digits(&s, 0, INT_MAX);
	}
	return *s == '\0';
}

/*
 * A date field of the front matter in src; Jekyll's (utc set) read as Psych
 * reads it: a quoted one is a string, which Jekyll reads in the site's zone.
 * Returns 0 (absent or read) or -1 after reporting.
 */
static int
read_date(const struct source *src, const struct ynode *root, const char *key, int utc, struct when *w,
    int *has)
{
	const char *path = src->path;
	const struct ynode *n = ynode_get(root, key);
	char why[96], *v = NULL, qc;
	int64_t moved = 0;
	int bad;

	*has = 0;
	if (!n)
		return 0;
	if (n->kind == YNODE_SCALAR && n->value && utc && yaml_utc_timestamp(n->value) &&
	    (qc = src->data[source_offset(src, n->line, n->col)]) != '"' && qc != '\'')
		v = xasprintf("%s+00:00", n->value);
	strcpy(why, "not a single value");
	bad = n->kind != YNODE_SCALAR || !n->value || date_parse_forward(v ? v : n->value, w, &moved, why) < 0;
	free(v);
	if (bad) {
		char *q = diag_quote(n->value ? n->value : "");

		diag_error(path, n->line, n->col, "'%s' is not a date import can read: '%s', %s (expected "
		    "YYYY-MM-DD, Jekyll's 'YYYY-MM-DD HH:MM:SS +HHMM' or RFC 3339)", key, q, why);
		free(q);
		return -1;
	}
	*has = 1;
	*w = date_in_zone(w->t);
	if (moved) {
		/* The old site published it moved forward by the gap, as Go's and Ruby's times read it. */
		char *q = diag_quote(n->value), at[DATE_MAX];
		struct when ignored;

		date_rfc3339(w, at);
		if (date_parse(n->value, &ignored, why) == 0)
			strcpy(why, "was skipped");
		diag_warn(path, n->line, n->col, "'%s' '%s' %s; read as %s, moved forward by the gap as "
		    "%s did", key, q, why, at, utc ? "Jekyll" : "Hugo");
		free(q);
	}
	return 0;
}

/* The post's name parts: Jekyll's YYYY-MM-DD-slug, Hugo's file or bundle name. 1: not a post. */
static int
name_parts(struct oldsite *r, struct oldpost *p, struct when *fdate, int *has_fdate)
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
read_fields(struct oldsite *r, struct oldpost *p, const struct source *src, const struct ynode *root,
    const char *dircats, struct when *fdate, int has_fdate)
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
	p->title = s ? one_line(s, strlen(s)) : NULL;
	if (!p->title || !*p->title) {
		free(p->title);
		p->title = title_from_slug(p->url_slug);
	}
	/* Hugo's own order when 'date' is not given (its frontmatter.date default). */
	if (read_date(src, root, "date", !r->hugo, &p->date, &has) < 0 || (r->hugo && !has &&
	    (read_date(src, root, "publishDate", 0, &p->date, &has) < 0 ||
	    (!has && read_date(src, root, "pubdate", 0, &p->date, &has) < 0) ||
	    (!has && read_date(src, root, "published", 0, &p->date, &has) < 0))))
		rc = -1;
	else if (!has && has_fdate)
		p->date = date_in_zone(fdate->t);
	else if (!has) {
		diag_error(p->path, 0, 0, "the post has no date (expected 'date' in its front matter)");
		rc = -1;
	}
	if (read_date(src, root, r->hugo ? "lastmod" : "last_modified_at", !r->hugo, &p->updated,
	    &p->has_updated) < 0)
		rc = -1;
	if ((n = ynode_get(root, "author"))) {
		if (n->kind == YNODE_MAP)
			n = ynode_get(n, "name");
		else if (n->kind == YNODE_SEQ)
			n = n->child;
		if (n && n->kind == YNODE_SCALAR && n->value && *n->value)
			p->author = one_line(n->value, strlen(n->value));
	}
	for (i = 0; i < 3 && !p->summary; i++)
		if ((s = ynode_str(root, summaries[i])) && *s)
			p->summary = xstrdup(s);
	/* Jekyll's order in URLs: the folders above _posts, 'categories', then 'category'. */
	while (dircats && *dircats) {
		size_t k = strcspn(dircats, "/");

		add_str(&p->cats, &p->ncats, dircats, k);
		dircats += k + (dircats[k] == '/');
	}
	read_list(ynode_get(root, "categories"), !r->hugo, &p->cats, &p->ncats);
	read_list(ynode_get(root, "category"), 0, &p->cats, &p->ncats);
	read_list(ynode_get(root, "tags"), !r->hugo, &p->tags, &p->ntags);
	if ((s = ynode_str(root, r->hugo ? "url" : "permalink")) && *s)
		p->own_url = xstrdup(s);
	p->draft = ((s = ynode_str(root, "published")) && strcmp(s, "false") == 0) ||
	    ((s = ynode_str(root, "draft")) && strcmp(s, "true") == 0);
	return rc;
}

/* Reads one post. Returns 0, 1 when it is no post or skipped, -1 after reporting. */
static int
read_post(struct oldsite *r, struct oldpost *p, const char *dircats)
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
		rc = read_fields(r, p, src, root, dircats, &fdate, has_fdate);
	p->body = xstrndup(src->data + boff, src->len - boff);
	ynode_free(root);
	source_free(src);
	return rc;
}

static void
post_free(struct oldpost *p)
{
	size_t j;

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
	free(p->own_url);
	free(p->body);
}

int
oldsite_read(const char *source, struct oldsite *r)
{
	struct postfile *files = NULL;
	size_t nfiles = 0, i;
	char *dir;
	int rc = 0;

	memset(r, 0, sizeof *r);
	if (!(dir = posts_dir(source, &r->hugo)))
		return -1;
	/* A Jekyll site: its _posts, and those of its folders (their names are categories). */
	if (!r->hugo && strcmp(dir, source) != 0)
		rc = jekyll_posts(source, "", &files, &nfiles);
	else
		rc = list_posts(dir, r->hugo, NULL, &files, &nfiles);
	free(dir);
	if (rc < 0) {
		for (i = 0; i < nfiles; i++) {
			free(files[i].path);
			free(files[i].dircats);
		}
		free(files);
		return -1;
	}
	qsort(files, nfiles, sizeof *files, cmp_file);
	r->v = xcalloc(nfiles ? nfiles : 1, sizeof *r->v);
	for (i = 0; i < nfiles; i++) {
		struct oldpost *p = &r->v[r->n];
		int one;

		p->path = files[i].path;
		if ((one = read_post(r, p, files[i].dircats)) < 0)
			rc = -1;
		free(files[i].dircats);
		if (one == 1 && p->url_slug) {
			r->skipped = xrealloc(r->skipped, (r->nskipped + 1) * sizeof *r->skipped);
			r->skipped[r->nskipped++] = (struct oldskip){xstrdup(p->url_slug), xstrdup(p->path)};
		}
		if (one == 0 || one == -1) {
			r->n++;
		} else {
			post_free(p);
			memset(p, 0, sizeof *p);
		}
	}
	free(files);
	return rc;
}

void
oldsite_free(struct oldsite *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		post_free(&r->v[i]);
	free(r->v);
	for (i = 0; i < r->ndropped; i++)
		free(r->dropped[i].name);
	free(r->dropped);
	for (i = 0; i < r->nskipped; i++) {
		free(r->skipped[i].slug);
		free(r->skipped[i].path);
	}
	free(r->skipped);
	memset(r, 0, sizeof *r);
}

const char *
oldsite_skipped(const struct oldsite *r, const char *slug)
{
	size_t i;

	for (i = 0; i < r->nskipped; i++)
		if (strcasecmp(r->skipped[i].slug, slug) == 0)
			return r->skipped[i].path;
	return NULL;
}

const struct oldpost *
oldsite_find(const struct oldsite *r, const char *ref)
{
	const char *base = strrchr(ref, '/');
	size_t i, n;

	base = base ? base + 1 : ref;
	n = has_suffix(base, ".markdown") ? strlen(base) - 9 : has_suffix(base, ".md") ?
	    strlen(base) - 3 : strlen(base);
	for (i = 0; i < r->n; i++)
		if (strlen(r->v[i].name) == n && strncmp(r->v[i].name, base, n) == 0)
			return &r->v[i];
	return NULL;
}
