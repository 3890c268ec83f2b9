/* scaffold.c: write a new entry a reporter can fill in, valid from the start. */
#include "scaffold.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "entry.h"
#include "ids.h"
#include "output.h"
#include "slug.h"
#include "source.h"
#include "xalloc.h"

/* A YAML double-quoted scalar: every title and category survives as written. */
static void
quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/*
 * Whether another file of that day and slug (the same derived id) is there;
 * with undated names, also one of that slug alone (or its page bundle).
 */
static int
taken(const struct config *cfg, const char *ymd, const char *name)
{
	static const char *const other[] = {"yaml", "yml", "markdown", "md"};
	const char *dir = cfg->entries_dir;
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof other / sizeof *other && !found; i++) {
		char *p = xasprintf("%s/%s-%s.%s", dir, ymd, name, other[i]);

		found = (cfg->undated_names || i < 3) && access(p, F_OK) == 0;
		free(p);
		if (!found && cfg->undated_names) {
			p = xasprintf("%s/%s.%s", dir, name, other[i]);
			found = access(p, F_OK) == 0;
			free(p);
		}
	}
	if (!found && cfg->undated_names) {
		char *p = xasprintf("%s/%s", dir, name);

		found = access(p, F_OK) == 0;
		free(p);
	}
	return found;
}

static int
one_line(const char *what, const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20) {
			diag_error(NULL, 0, 0, "%s must be one line of printable text", what);
			return 0;
		}
	return 1;
}

int
scaffold_check(const struct scaffold_request *rq)
{
	size_t i;

	if (!*rq->title) {
		diag_error(NULL, 0, 0, "the title is empty");
		return -1;
	}
	if (!one_line("the title", rq->title))
		return -1;
	for (i = 0; i < rq->ncategories; i++)
		if (!one_line("a category", rq->categories[i]))
			return -1;
	return 0;
}

/* now as the newsroom's clock says it (the site's zone is in TZ): the date and the day. */
static void
today(int64_t now, char date[DATE_MAX], char ymd[11])
{
	struct when w;
	struct tm tm;
	time_t t = (time_t)now;

	localtime_r(&t, &tm);
	w.t = now;
	w.off = (int)(tm.tm_gmtoff / 60);
	date_rfc3339(&w, date);
	date_ymd(&w, ymd);
}

/*
 * Picks the first of SLUG, SLUG-2, SLUG-3... whose file and id are free and,
 * unless dry_run, creates its file (O_EXCL: a concurrent run cannot take it
 * too). Sets *name and *path (newly allocated, the caller frees them) and
 * *fd (-1 when dry_run). Returns 0 or -1 after reporting.
 */
static int
claim(const struct config *cfg, const struct idset *ids, const char *ymd, const char *slug,
    int dry_run, char **name, char **path, int *fd)
{
	int n;

	*fd = -1;
	*name = *path = NULL;
	for (n = 1; n < 100; n++) {
		char *id;
		int held;

		free(*name);
		free(*path);
		*name = n == 1 ? xstrdup(slug) : xasprintf("%s-%d", slug, n);
		/* dated_names: false: Hugo's my-post.md, the date in the front matter only. */
		*path = cfg->undated_names ? xasprintf("%s/%s.md", cfg->entries_dir, *name) :
		    xasprintf("%s/%s-%s.md", cfg->entries_dir, ymd, *name);
		/* A renamed file keeps its old explicit id (the README's advice): that id is taken too. */
		id = xasprintf("tag:%s,%s:%s", cfg->host, ymd, *name);
		held = idset_has(ids, id);
		free(id);
		/* A .yaml, .yml or .markdown of that day and slug would give the same id. */
		if (held || taken(cfg, ymd, *name))
			continue;
		if (dry_run) {
			if (access(*path, F_OK) == 0)
				continue;
			return 0;
		}
		if ((*fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0)
			return 0;
		if (errno != EEXIST) {
			diag_syserr(*path, "cannot create");
			return -1;
		}
	}
	diag_system(*path, "too many entries named alike today");
	return -1;
}

/* The front matter a reporter fills in, and a placeholder body. */
static void
compose(struct buf *text, const struct config *cfg, const struct scaffold_request *rq,
    const char *date, const char *ymd, const char *name)
{
	size_t i;

	buf_adds(text, "---\ntitle: ");
	quoted(text, rq->title);
	buf_addf(text, "\ndate: %s\n", date);
	/* Explicit, so a later rename of the file cannot change it (RFC 4287 4.2.6). */
	buf_addf(text, "id: tag:%s,%s:%s\n", cfg->host, ymd, name);
	if (rq->ncategories) {
		buf_adds(text, "categories: [");
		for (i = 0; i < rq->ncategories; i++) {
			if (i)
				buf_adds(text, ", ");
			quoted(text, rq->categories[i]);
		}
		buf_adds(text, "]\n");
	}
	buf_adds(text, "summary: \"One or two sentences for feed readers.\"\n"
	    "# Remove the next line to publish with the next build.\n"
	    "draft: true\n---\nWrite the story here, in Markdown.\n");
}

/* The scaffold must pass the same checks as any entry, with this site's schema. */
static int
valid(const char *path, const struct buf *text, const struct config *cfg, struct schema *sc)
{
	struct source *src = source_from(path, text->data, text->len);
	struct entry *e = src ? entry_parse(path, src, cfg, sc) : NULL;
	int ok = e != NULL;

	entry_free(e);
	source_free(src);
	return ok;
}

/* Writes text to fd and closes it; on failure removes path. Returns 0 or -1 after reporting. */
static int
save(int fd, const char *path, const struct buf *text)
{
	if (write_all(fd, text->data, text->len) < 0) {
		diag_syserr(path, "cannot write");
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) < 0) {
		diag_syserr(path, "cannot write");
		unlink(path);
		return -1;
	}
	return 0;
}

int
scaffold_entry(const struct config *cfg, struct schema *sc, const struct idset *ids,
    const struct scaffold_request *rq)
{
	struct buf text = {0};
	char date[DATE_MAX], ymd[11], *slug, *name, *path;
	int fd, rc = -1;

	today(rq->now, date, ymd);
	slug = slug_make(rq->title, 60);
	if (!*slug) {
		free(slug);
		slug = xstrdup("entry");
	}
	if (claim(cfg, ids, ymd, slug, rq->dry_run, &name, &path, &fd) < 0)
		goto out;
	compose(&text, cfg, rq, date, ymd, name);
	if (!valid(path, &text, cfg, sc)) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
	} else if (rq->dry_run) {
		printf("%s\n%s", path, text.data);
		rc = 0;
	} else if ((rc = save(fd, path, &text)) == 0) {
		printf("%s\n", path);
	}
out:
	free(slug);
	free(name);
	free(path);
	buf_free(&text);
	return rc;
}
