/* diag.c: one printer for every message, GNU style: "file:line:col: level: text". */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caret.h"
#include "progress.h"
#include "xalloc.h"

struct msg {
	char *text;	/* the whole line, without the newline */
	int line, col;
	size_t seq;
	char *path;	/* a located message's file, for its excerpt; else NULL */
	size_t loclen;	/* the length of text's place ("path:line:col"), before ": level: " */
	const char *level;	/* "error", "warning"; NULL for an informational line */
	char *hints;	/* NULL, or lines (each ending in a newline) of diag_hint */
};

static struct msg *msgs;
static size_t nmsgs, capmsgs;
static int verbose, quiet, nerrors, excerpts = 1, colour;
static enum exit_status worst = EXIT_OK;
/* Where this thread's messages go instead, while a sink is open (diag_sink_begin). */
static _Thread_local struct diag_sink *sink;
/* The message diag_hint adds to: this thread's last, unless it was dropped (-q). */
static _Thread_local int hintable;
static _Thread_local struct diag_sink *hint_sink;
static _Thread_local size_t hint_at;

static enum exit_status
worse(enum exit_status a, enum exit_status b)
{
	/* Usage > system > input > pending: what the caller must act on first. */
	static const int rank[] = {0, 2, 4, 3, 1};

	return rank[b] > rank[a] ? b : a;
}

static void
raise_status(enum exit_status s)
{
	if (sink)
		sink->worst = worse(sink->worst, s);
	else
		worst = worse(worst, s);
}

static void
count_error(void)
{
	if (sink)
		sink->nerrors++;
	else
		nerrors++;
}

/* Appends m to the queue of (v, n, cap): the global one, or a sink's. */
static void
push(struct msg **v, size_t *n, size_t *cap, struct msg m)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	m.seq = *n;
	(*v)[(*n)++] = m;
}

/*
 * A message is one line, whatever its path or quoted values hold (a folder
 * named with a newline): control characters other than tab are escaped.
 */
static void
one_line(struct buf *b)
{
	struct buf out = {0};
	size_t i;

	for (i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] < 0x20 && b->data[i] != '\t') || b->data[i] == 0x7f)
			break;
	if (i == b->len)
		return;
	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		if (c == '\n')
			buf_adds(&out, "\\n");
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			buf_addf(&out, "\\x%02x", c);
		else
			buf_addc(&out, (char)c);
	}
	buf_free(b);
	*b = out;
}

static void queue(const char *path, int line, int col, const char *level, const char *fmt,
    va_list ap, const char *suffix) __attribute__((format(printf, 5, 0)));

static void
queue(const char *path, int line, int col, const char *level, const char *fmt,
    va_list ap, const char *suffix)
{
	struct buf b = {0}, text = {0};
	struct msg m = {0};

	buf_adds(&b, path ? path : "feedgen");
	if (line > 0)
		buf_addf(&b, ":%d:%d", line, col > 0 ? col : 1);
	one_line(&b);
	m.loclen = b.len;
	buf_addf(&b, ": %s: ", level);
	buf_vaddf(&text, fmt, ap);
	if (suffix)
		buf_addf(&text, ": %s", suffix);
	one_line(&text);
	buf_add(&b, text.data, text.len);
	buf_free(&text);
	m.text = buf_steal(&b);
	m.line = line;
	m.col = col;
	m.path = path && line > 0 ? xstrdup(path) : NULL;
	m.level = level;
	if (sink)
		push(&sink->msgs, &sink->n, &sink->cap, m);
	else
		push(&msgs, &nmsgs, &capmsgs, m);
	hintable = 1;
	hint_sink = sink;
	hint_at = sink ? sink->n - 1 : nmsgs - 1;
}

void
diag_hint(const char *fmt, ...)
{
	struct msg *m;
	struct buf b = {0};
	va_list ap;

	/* Only just after its message, into the same queue: never onto another's. */
	if (!hintable || sink != hint_sink || hint_at >= (sink ? sink->n : nmsgs))
		return;
	m = sink ? &sink->msgs[hint_at] : &msgs[hint_at];
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	one_line(&b);
	buf_addc(&b, '\n');
	if (m->hints) {
		char *all = xasprintf("%s%s", m->hints, b.data);

		free(m->hints);
		m->hints = all;
		buf_free(&b);
	} else {
		m->hints = buf_steal(&b);
	}
}

void
diag_error(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	queue(path, line, col, "error", fmt, ap, NULL);
	va_end(ap);
	count_error();
	raise_status(EXIT_INPUT);
}

void
diag_warn(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (quiet) {
		hintable = 0;
		return;
	}
	va_start(ap, fmt);
	queue(path, line, col, "warning", fmt, ap, NULL);
	va_end(ap);
}

void
diag_syserr(const char *path, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	queue(path, 0, 0, "error", fmt, ap, strerror(err));
	va_end(ap);
	raise_status(EXIT_SYSTEM);
	errno = err;
}

void
diag_system(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	queue(path, 0, 0, "error", fmt, ap, NULL);
	va_end(ap);
	raise_status(EXIT_SYSTEM);
}

void
diag_pending(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	queue(NULL, 0, 0, "error", fmt, ap, NULL);
	va_end(ap);
	raise_status(EXIT_PENDING);
}

void
diag_info(const char *fmt, ...)
{
	va_list ap;

	hintable = 0;
	if (!verbose)
		return;
	if (sink) {
		struct buf b = {0};

		buf_adds(&b, "feedgen: ");
		va_start(ap, fmt);
		buf_vaddf(&b, fmt, ap);
		va_end(ap);
		one_line(&b);
		push(&sink->msgs, &sink->n, &sink->cap, (struct msg){.text = buf_steal(&b)});
		return;
	}
	diag_flush();
	progress_hide();
	va_start(ap, fmt);
	fputs("feedgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

char *
diag_quote(const char *value)
{
	struct buf b = {0};
	size_t chars = 0;
	const char *p;

	buf_adds(&b, "");
	for (p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c & 0xc0) != 0x80 && ++chars > 80) {
			buf_adds(&b, "...");
			break;
		}
		if (c == '\n')
			buf_adds(&b, "\\n");
		else if (c == '\t')
			buf_adds(&b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(&b, "\\x%02x", c);
		else
			buf_addc(&b, (char)c);
	}
	return buf_steal(&b);
}

static int
bypos(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	/* Messages without a position (line 0) keep their place after located ones. */
	int lx = x->line ? x->line : 0x7fffffff, ly = y->line ? y->line : 0x7fffffff;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
free_msg(struct msg *m)
{
	free(m->text);
	free(m->path);
	free(m->hints);
}

/* One message as printed: its line (in colour: the place bold, the level in its colour), excerpt, hints. */
static void
print_msg(const struct msg *m, struct caret_file *f)
{
	struct buf b = {0};
	const char *h, *nl;

	if (colour && m->level) {
		size_t lvl = m->loclen + 2 + strlen(m->level) + 1;

		buf_addf(&b, "\033[1m%.*s:\033[0m \033[1;%sm%s:\033[0m%s\n", (int)m->loclen, m->text,
		    strcmp(m->level, "error") == 0 ? "31" : "35", m->level, m->text + lvl);
	} else {
		buf_addf(&b, "%s\n", m->text);
	}
	if (excerpts) {
		/* A line with no column is in a file of records (the state, the cache, a grammar): no excerpt. */
		if (m->path && m->col > 0)
			caret_excerpt(f, m->path, m->line, m->col, colour, &b);
		for (h = m->hints; h && *h; h = nl + 1) {
			nl = strchr(h, '\n');
			buf_addf(&b, "%5s %s=%s %shint:%s %.*s\n", "", colour ? "\033[1m" : "", colour ? "\033[0m" : "",
			    colour ? "\033[1;36m" : "", colour ? "\033[0m" : "", (int)(nl - h), h);
		}
	}
	fputs(b.data, stderr);
	buf_free(&b);
}

void
diag_flush(void)
{
	struct caret_file f = {0};
	size_t i;

	if (sink || nmsgs == 0)
		return;		/* a sink is replayed by its owner; qsort(NULL, 0, ...) is undefined */
	progress_hide();
	qsort(msgs, nmsgs, sizeof *msgs, bypos);
	for (i = 0; i < nmsgs; i++) {
		print_msg(&msgs[i], &f);
		free_msg(&msgs[i]);
	}
	caret_done(&f);
	nmsgs = 0;
	hintable = 0;
	fflush(stderr);
}

void
diag_set_excerpts(int on)
{
	excerpts = on;
}

void
diag_set_colour(int on)
{
	colour = on;
}

void
diag_set_verbose(int on)
{
	verbose = on;
}

void
diag_set_quiet(int on)
{
	quiet = on;
}

int
diag_verbose(void)
{
	return verbose;
}

int
diag_error_count(void)
{
	return sink ? sink->nerrors : nerrors;
}

enum exit_status
diag_status(void)
{
	return worst;
}

void
diag_reset(void)
{
	diag_flush();
	free(msgs);
	msgs = NULL;
	capmsgs = 0;
	nerrors = 0;
	worst = EXIT_OK;
}

void
diag_sink_begin(struct diag_sink *s)
{
	hintable = 0;
	sink = s;
}

void
diag_sink_end(void)
{
	hintable = 0;
	sink = NULL;
}

void
diag_sink_replay(struct diag_sink *s)
{
	size_t i;

	hintable = 0;
	for (i = 0; i < s->n; i++)
		push(&msgs, &nmsgs, &capmsgs, s->msgs[i]);
	nerrors += s->nerrors;
	worst = worse(worst, s->worst);
	free(s->msgs);
	memset(s, 0, sizeof *s);
}

void
diag_sink_free(struct diag_sink *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free_msg(&s->msgs[i]);
	free(s->msgs);
	memset(s, 0, sizeof *s);
}
