/* progress.c: the phase and count of a long run on a terminal's stderr, throttled, erased after. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Redraws at most this often: a terminal need not see every entry. */
#define PROGRESS_EVERY_MS 100

static int disabled, tty = -1;
static const char *phase;	/* NULL: no phase running */
static long long last_ms;	/* when the line was last drawn, or the phase began */
static size_t shown;		/* characters on the line now; 0: nothing drawn */

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
progress_set_enabled(int on)
{
	disabled = !on;
}

void
progress_start(const char *name)
{
	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (disabled || !tty)
		return;
	progress_end();
	phase = name;
	last_ms = now_ms();
}

void
progress_count(size_t done, size_t total)
{
	char line[128];
	long long t;
	int n;

	if (!phase || (t = now_ms()) - last_ms < PROGRESS_EVERY_MS)
		return;
	last_ms = t;
	if (total)
		n = snprintf(line, sizeof line, "feedgen: %s %zu/%zu", phase, done, total);
	else
		n = snprintf(line, sizeof line, "feedgen: %s %zu", phase, done);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	/* Spaces, not an escape sequence, wipe a longer old line: any terminal, TERM=dumb too. */
	fprintf(stderr, "\r%s%*s", line, shown > (size_t)n ? (int)(shown - (size_t)n) : 0, "");
	if (shown > (size_t)n)
		fprintf(stderr, "\r%s", line);
	fflush(stderr);
	shown = (size_t)n;
}

void
progress_hide(void)
{
	if (!shown)
		return;
	fprintf(stderr, "\r%*s\r", (int)shown, "");
	fflush(stderr);
	shown = 0;
}

void
progress_end(void)
{
	progress_hide();
	phase = NULL;
}
