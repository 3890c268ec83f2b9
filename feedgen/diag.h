/* diag.h: every message feedgen prints, in GNU format, and the exit status. */
#ifndef FEEDGEN_DIAG_H
#define FEEDGEN_DIAG_H

#include <stddef.h>

/* Exit status, as in README.md; the worst diagnostic of a run decides it. */
enum exit_status {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* invalid input; nothing written */
	EXIT_USAGE = 2,
	EXIT_SYSTEM = 3,	/* I/O, lock, memory; previous feeds intact */
	EXIT_PENDING = 4	/* feeds written, a hub notification is pending */
};

/*
 * Messages are buffered and printed by diag_flush, sorted by line and column
 * (then by order of report), so one file's problems read top to bottom however
 * the checks that found them were ordered. path NULL means "feedgen"; line 0
 * means no position. Messages start lower-case and have no full stop.
 */
void diag_error(const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warn(const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A system error: appends ": " and strerror(errno), and makes the exit status 3. */
void diag_syserr(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A system condition with no errno (a lock held too long): exit status 3. */
void diag_system(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A problem with a hub notification: makes the exit status 4. */
void diag_pending(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Informational lines (-v); printed to stderr only when verbose. */
void diag_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A hint for the message this thread reported last (an error or a warning),
 * printed under its excerpt as "      = hint: ...": what the one-line message
 * has no room for (the accepted forms, the fields there are). Several hints
 * make several lines. Dropped when that message was (-q), and with excerpts
 * off: the one-line message must say what is wrong and what was expected on
 * its own.
 */
void diag_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A value as a message quotes it: control characters escaped ("\n"), cut
 * after 80 characters with "...". Newly allocated; the caller frees it.
 */
char *diag_quote(const char *value);

/*
 * Prints the queued messages, each followed (unless excerpts are off) by
 * its source line and a caret under its column (caret.h), read back from
 * the file now, and its hints. Messages with no position, or whose file
 * cannot be read, get no excerpt.
 */
void diag_flush(void);
/* On by default; --no-caret: only the one-line messages, for scripts. */
void diag_set_excerpts(int on);
/* ANSI colour (bold place, red error, magenta warning, green caret); off by default. */
void diag_set_colour(int on);
void diag_set_verbose(int on);
void diag_set_quiet(int on);		/* -q: no warnings */
int diag_verbose(void);
int diag_error_count(void);		/* input errors so far */
enum exit_status diag_status(void);	/* worst so far */
/* Forgets the counts (tests and long-lived callers). */
void diag_reset(void);

/*
 * A sink holds one thread's messages, counts and status while it is open, so
 * that work done on several threads is reported in one order whatever the
 * timing: a worker opens a sink around each piece of work, the main thread
 * replays the sinks in the order the work was given. While a sink is open,
 * diag_flush does nothing and diag_error_count counts the sink's errors.
 * Zero-initialised; its fields are diag.c's.
 */
struct diag_sink {
	struct msg *msgs;
	size_t n, cap;
	int nerrors;
	enum exit_status worst;
};

/* Sends this thread's messages to s (NULL-free, zeroed or replayed) until diag_sink_end. */
void diag_sink_begin(struct diag_sink *s);
void diag_sink_end(void);
/* Queues s's messages as if reported now, adds its counts and status; empties s. */
void diag_sink_replay(struct diag_sink *s);
/* Drops s's messages unreported. */
void diag_sink_free(struct diag_sink *s);

#endif
