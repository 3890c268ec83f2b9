/* scaffold.c: write a new entry a reporter can fill in, valid from the start. */
#include "scaffold.h"

#include <ctype.h>
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
#include "output.h"
#include "xalloc.h"

/* U+00C0..U+00FF as ASCII, so "Über" gives "uber", not "ber". */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

char *
scaffold_slug(const char *title)
{
	struct buf b = {0};
	const char *p;

	for (p = title; *p && b.len < 60; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) && c < 0x80) {
			buf_addc(&b, (char)tolower(c));
		} else if (c == 0xc3 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0xbf &&
		    *latin1[(unsigned char)p[1] - 0x80]) {
			buf_adds(&b, latin1[(unsigned char)*++p - 0x80]);
		} else if (b.len && b.data[b.len - 1] != '-') {
			buf_addc(&b, '-');
		}
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	if (!b.len)
		buf_adds(&b, "entry");
	return buf_steal(&b);
}

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

static int
taken(const char *dir, const char *ymd, const char *name)
{
	static const char *const other[] = {"yaml", "yml"};
	size_t i;
	int found = 0;

	for (i = 0; i < 2 && !found; i++) {
		char *p = xasprintf("%s/%s-%s.%s", dir, ymd, name, other[i]);

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
scaffold_entry(const struct config *cfg, struct schema *sc, const char *title,
    char *const *categories, size_t ncategories, int64_t now)
{
	struct buf text = {0};
	struct entry *e;
	struct when w;
	struct tm tm;
	time_t t = (time_t)now;
	char date[DATE_MAX], ymd[11], *slug, *name = NULL, *path = NULL;
	size_t i;
	int fd = -1, n;

	if (!*title) {
		diag_error(NULL, 0, 0, "the title is empty");
		return -1;
	}
	if (!one_line("the title", title))
		return -1;
	for (i = 0; i < ncategories; i++)
		if (!one_line("a category", categories[i]))
			return -1;
	/* The site's zone is in TZ: today, as the newsroom's clock says it. */
	localtime_r(&t, &tm);
	w.t = now;
	w.off = (int)(tm.tm_gmtoff / 60);
	date_rfc3339(&w, date);
	date_ymd(&w, ymd);
	slug = scaffold_slug(title);
	for (n = 1; n < 100 && fd < 0; n++) {
		free(name);
		free(path);
		name = n == 1 ? xstrdup(slug) : xasprintf("%s-%d", slug, n);
		path = xasprintf("%s/%s-%s.md", cfg->entries_dir, ymd, name);
		/* A .yaml or .yml of that day and slug would give the same id. */
		if (taken(cfg->entries_dir, ymd, name))
			continue;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST) {
			diag_syserr(path, "cannot create");
			goto fail;
		}
	}
	if (fd < 0) {
		diag_system(path, "too many entries named alike today");
		goto fail;
	}
	buf_adds(&text, "---\ntitle: ");
	quoted(&text, title);
	buf_addf(&text, "\ndate: %s\n", date);
	/* Explicit, so a later rename of the file cannot change it (RFC 4287 4.2.6). */
	buf_addf(&text, "id: tag:%s,%s:%s\n", cfg->host, ymd, name);
	if (ncategories) {
		buf_adds(&text, "categories: [");
		for (i = 0; i < ncategories; i++) {
			if (i)
				buf_adds(&text, ", ");
			quoted(&text, categories[i]);
		}
		buf_adds(&text, "]\n");
	}
	buf_adds(&text, "summary: \"One or two sentences for feed readers.\"\n"
	    "# Remove the next line to publish with the next build.\n"
	    "draft: true\n---\nWrite the story here, in Markdown.\n");
	if (write_all(fd, text.data, text.len) < 0) {
		diag_syserr(path, "cannot write");
		unlink(path);
		goto fail;
	}
	n = close(fd);
	fd = -1;
	if (n < 0) {
		diag_syserr(path, "cannot write");
		unlink(path);
		goto fail;
	}
	/* The scaffold must pass the same checks as any entry, with this site's schema. */
	if (!(e = entry_load(path, cfg, sc))) {
		unlink(path);
		goto fail;
	}
	entry_free(e);
	printf("%s\n", path);
	free(slug);
	free(name);
	free(path);
	buf_free(&text);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(slug);
	free(name);
	free(path);
	buf_free(&text);
	return -1;
}
