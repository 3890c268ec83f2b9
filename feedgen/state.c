/* state.c: what the last run published, as escaped tab-separated lines in the private folder. */
#include "state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "diag.h"
#include "output.h"
#include "text.h"
#include "xalloc.h"

void
state_hash(const char *data, size_t len, char out[25])
{
	snprintf(out, 25, "fnv1a64:%016" PRIx64, fnv1a64(FNV1A64_START, data, len));
}

/* Tabs, newlines and backslashes inside a field are escaped, so a line is a record. */
static void
put_field(struct buf *b, const char *s)
{
	buf_addc(b, '\t');
	for (; s && *s; s++) {
		if (*s == '\t')
			buf_adds(b, "\\t");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\r')
			buf_adds(b, "\\r");
		else if (*s == '\\')
			buf_adds(b, "\\\\");
		else
			buf_addc(b, *s);
	}
}

/* Splits line in place into at most max unescaped fields; returns how many. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *r = line, *w = line;

	f[n++] = w;
	for (; *r; r++) {
		if (*r == '\t') {
			*w++ = '\0';
			if (n == max)
				return max + 1;
			f[n++] = w;
		} else if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return n;
}

char *
state_format(const struct state *st)
{
	struct buf b = {0};
	size_t i;

	buf_adds(&b, "# feedgen state: what the last run published. Safe to delete.\n");
	buf_addf(&b, "feedgen-state\t%d\n", STATE_VERSION);
	for (i = 0; i < st->nfiles; i++) {
		buf_adds(&b, "feed");
		put_field(&b, st->files[i].file);
		put_field(&b, st->files[i].hash);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < st->nremoved; i++) {
		buf_adds(&b, "removed");
		put_field(&b, st->removed[i]);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < st->nshown; i++) {
		buf_adds(&b, "shown");
		put_field(&b, st->shown[i].feed);
		put_field(&b, st->shown[i].id);
		put_field(&b, st->shown[i].path);
		put_field(&b, st->shown[i].title);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < st->npending; i++) {
		const struct pending *p = &st->pending[i];

		buf_adds(&b, "pending");
		put_field(&b, p->topic);
		put_field(&b, p->hub);
		buf_addf(&b, "\t%" PRId64 "\t%ld", p->first, p->attempts);
		put_field(&b, p->error);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < st->ngone; i++) {
		buf_adds(&b, "gone");
		put_field(&b, st->gone[i].id);
		buf_addf(&b, "\t%" PRId64, st->gone[i].when.t);
		put_field(&b, st->gone[i].reason);
		if (st->gone[i].where)
			put_field(&b, st->gone[i].where);
		buf_addc(&b, '\n');
	}
	return buf_steal(&b);
}

int
state_file_ok(const char *file)
{
	const char *seg = file, *p;

	if (!*file)
		return 0;
	for (;;) {
		size_t n;

		p = strchr(seg, '/');
		n = p ? (size_t)(p - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (!p)
			break;
		seg = p + 1;
	}
	for (p = file; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Where file is in st->files, or where it would go. */
static size_t
file_at(const struct state *st, const char *file, int *found)
{
	size_t lo = 0, hi = st->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(st->files[mid].file, file);

		if (d == 0) {
			*found = 1;
			return mid;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

const struct written *
state_written(const struct state *st, const char *file)
{
	int found;
	size_t i = file_at(st, file, &found);

	return found ? &st->files[i] : NULL;
}

void
state_set_written(struct state *st, const char *file, const char *hash)
{
	int found;
	size_t i = file_at(st, file, &found);

	if (found && !hash) {
		free(st->files[i].file);
		free(st->files[i].hash);
		memmove(&st->files[i], &st->files[i + 1], (st->nfiles - i - 1) * sizeof *st->files);
		st->nfiles--;
		return;
	}
	if (!hash)
		return;
	if (found) {
		free(st->files[i].hash);
		st->files[i].hash = xstrdup(hash);
		return;
	}
	st->files = xrealloc(st->files, (st->nfiles + 1) * sizeof *st->files);
	memmove(&st->files[i + 1], &st->files[i], (st->nfiles - i) * sizeof *st->files);
	st->files[i] = (struct written){xstrdup(file), xstrdup(hash)};
	st->nfiles++;
}

/* Parses the text; returns 0, or the number of the first bad line. */
static int
parse(struct state *st, char *text)
{
	char *line, *next, *f[8], *end;
	int lineno = 0, seen_header = 0;
	size_t n;

	for (line = text; line && *line; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		n = split(line, f, 7);
		if (!seen_header) {
			if (n != 2 || strcmp(f[0], "feedgen-state") != 0 || strtol(f[1], NULL, 10) != STATE_VERSION)
				return lineno;
			seen_header = 1;
		} else if (strcmp(f[0], "feed") == 0 && n == 3 && state_file_ok(f[1])) {
			state_set_written(st, f[1], f[2]);
		} else if (strcmp(f[0], "removed") == 0 && n == 2 && state_file_ok(f[1])) {
			state_set_removed(st, f[1], 1);
		} else if (strcmp(f[0], "shown") == 0 && n == 5) {
			state_add_shown(st, f[1], f[2], f[3], f[4]);
		} else if (strcmp(f[0], "pending") == 0 && n == 6) {
			long long first;
			long attempts;

			errno = 0;
			first = strtoll(f[3], &end, 10);
			if (errno || *end)
				return lineno;
			attempts = strtol(f[4], &end, 10);
			if (errno || *end)
				return lineno;
			state_add_pending(st, f[1], f[2], first, attempts, f[5]);
		} else if (strcmp(f[0], "gone") == 0 && (n == 4 || (n == 5 && *f[4])) && *f[1]) {
			long long when;

			errno = 0;
			when = strtoll(f[2], &end, 10);
			if (errno || *end || end == f[2])
				return lineno;
			state_add_gone(st, f[1], when, *f[3] ? f[3] : NULL, n == 5 ? f[4] : NULL);
		} else {
			return lineno;
		}
	}
	return seen_header ? 0 : (lineno ? lineno : 1);
}

/*
 * Reads path into *text. Returns 1 when read, 2 when too large to be a
 * state (*text NULL), 0 when absent, -1 after reporting what stops the run.
 */
static int
read_state(const char *path, char **text, size_t *len)
{
	if ((*text = output_read(path, OUTPUT_READ_MAX, len)))
		return 1;
	if (errno == ENOENT || errno == ENOTDIR)
		return 0;
	if (errno == EFBIG)
		return 2;	/* no feed shows that much: corrupt, and rebuilt */
	if (errno == ELOOP)
		diag_system(path, "is a symbolic link; nothing written (expected the state file, a "
		    "regular file: remove the link)");
	else if (errno == EINVAL)
		diag_system(path, "is not a regular file; nothing written (expected the state file: "
		    "remove what is there)");
	else
		diag_syserr(path, "cannot read the state file");
	return -1;
}

/*
 * The old state in the output folder named each file as that run saw it, the
 * entries folder first ("entries/2016-10-18-x.md"): made relative to it, as
 * this version keeps them, when the run spells the folder the same way.
 */
static void
paths_in_entries(struct state *st, const char *entries_dir)
{
	size_t i, n = strlen(entries_dir);
	struct shown *s;

	for (i = 0; i < st->nshown; i++) {
		s = &st->shown[i];
		if (strncmp(s->path, entries_dir, n) == 0 && s->path[n] == '/')
			memmove(s->path, s->path + n + 1, strlen(s->path + n + 1) + 1);
	}
}

int
state_load(const struct config *cfg, struct state *st)
{
	char *text = NULL, *path;
	size_t len = 0;
	int bad = 0, rc, old = 0;

	memset(st, 0, sizeof *st);
	path = xasprintf("%s/%s", cfg->private_dir, STATE_FILE);
	if ((rc = read_state(path, &text, &len)) == 0) {
		/* Taken over once: state_stage writes the new one and removes this one. */
		free(path);
		path = xasprintf("%s/%s", cfg->output_dir, STATE_OLD_FILE);
		rc = read_state(path, &text, &len);
		old = 1;
	}
	if (rc <= 0) {
		free(path);
		return rc;
	}
	bad = rc == 2 ? 1 : state_parse(st, text, len);
	if (bad) {
		/* Losing state costs at most a repeated notification or a missed warning. */
		diag_warn(path, bad, 0, "state file is corrupt or of another "
		    "version (expected feedgen state version %d); starting a new one", STATE_VERSION);
		state_free(st);
		memset(st, 0, sizeof *st);
	} else if (old) {
		paths_in_entries(st, cfg->entries_dir);
	}
	free(path);
	free(text);
	return 0;
}

int
state_save(const struct config *cfg, const struct state *st)
{
	struct batch b;
	int rc;

	batch_init(&b);
	rc = state_stage(&b, cfg, st);
	if (rc == 0)
		rc = batch_commit(&b);
	batch_free(&b);
	return rc;
}

int
state_stage(struct batch *b, const struct config *cfg, const struct state *st)
{
	static const char *const old[] = {STATE_OLD_FILE, OUTPUT_OLD_LOCK};
	char *text = state_format(st);
	struct stat sb;
	size_t i;
	int rc = batch_add(b, cfg->private_dir, STATE_FILE, 0600, text, strlen(text), 0, NULL);

	free(text);
	/* The web server must not serve what older versions kept in the output folder. */
	for (i = 0; i < sizeof old / sizeof *old && rc == 0; i++) {
		char *path = xasprintf("%s/%s", cfg->output_dir, old[i]);

		if (lstat(path, &sb) == 0)
			batch_remove(b, cfg->output_dir, old[i]);
		free(path);
	}
	return rc;
}

int
state_removed(const struct state *st, const char *file)
{
	size_t i;

	for (i = 0; i < st->nremoved; i++)
		if (strcmp(st->removed[i], file) == 0)
			return 1;
	return 0;
}

void
state_set_removed(struct state *st, const char *file, int on)
{
	size_t i;

	for (i = 0; i < st->nremoved && strcmp(st->removed[i], file) != 0; i++)
		;
	if (on && i == st->nremoved) {
		st->removed = xrealloc(st->removed, (st->nremoved + 1) * sizeof *st->removed);
		st->removed[st->nremoved++] = xstrdup(file);
	} else if (!on && i < st->nremoved) {
		free(st->removed[i]);
		memmove(&st->removed[i], &st->removed[i + 1], (st->nremoved - i - 1) * sizeof *st->removed);
		st->nremoved--;
	}
}

void
state_add_shown(struct state *st, const char *feed, const char *id, const char *path,
    const char *title)
{
	st->shown = xrealloc(st->shown, (st->nshown + 1) * sizeof *st->shown);
	st->shown[st->nshown++] = (struct shown){xstrdup(feed), xstrdup(id), xstrdup(path),
	    xstrdup(title ? title : "")};
}

static void
shown_free(struct shown *s)
{
	free(s->feed);
	free(s->id);
	free(s->path);
	free(s->title);
}

void
state_clear_shown(struct state *st, const char *feed)
{
	size_t i, j = 0;

	for (i = 0; i < st->nshown; i++) {
		if (strcmp(st->shown[i].feed, feed) == 0)
			shown_free(&st->shown[i]);
		else
			st->shown[j++] = st->shown[i];
	}
	st->nshown = j;
}

void
state_add_pending(struct state *st, const char *topic, const char *hub, int64_t first,
    long attempts, const char *error)
{
	st->pending = xrealloc(st->pending, (st->npending + 1) * sizeof *st->pending);
	st->pending[st->npending++] = (struct pending){xstrdup(topic), xstrdup(hub), first, attempts,
	    xstrdup(error ? error : "")};
}

void
state_remove_pending(struct state *st, size_t i)
{
	free(st->pending[i].topic);
	free(st->pending[i].hub);
	free(st->pending[i].error);
	memmove(&st->pending[i], &st->pending[i + 1], (st->npending - i - 1) * sizeof *st->pending);
	st->npending--;
}

void
state_add_gone(struct state *st, const char *id, int64_t when, const char *reason, const char *where)
{
	st->gone = xrealloc(st->gone, (st->ngone + 1) * sizeof *st->gone);
	st->gone[st->ngone++] = (struct tombstone){xstrdup(id), {when, 0}, reason ? xstrdup(reason) : NULL,
	    where && *where ? xstrdup(where) : NULL};
}

void
state_clear_gone(struct state *st)
{
	size_t i;

	for (i = 0; i < st->ngone; i++) {
		free(st->gone[i].id);
		free(st->gone[i].reason);
		free(st->gone[i].where);
	}
	free(st->gone);
	st->gone = NULL;
	st->ngone = 0;
}

void
state_free(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nfiles; i++) {
		free(st->files[i].file);
		free(st->files[i].hash);
	}
	free(st->files);
	for (i = 0; i < st->nremoved; i++)
		free(st->removed[i]);
	free(st->removed);
	for (i = 0; i < st->nshown; i++)
		shown_free(&st->shown[i]);
	free(st->shown);
	while (st->npending)
		state_remove_pending(st, st->npending - 1);
	free(st->pending);
	state_clear_gone(st);
	memset(st, 0, sizeof *st);
}

int
state_parse(struct state *st, char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len), *p;
	int lineno = 1;

	if (!nul)
		return parse(st, text);
	/* A NUL byte would end parsing early: a binary file is corrupt as a whole. */
	for (p = text; p < nul; p++)
		lineno += *p == '\n';
	return lineno;
}
