/*
 * progress.h: one line on stderr, redrawn in place, saying what a long run is
 * doing ("feedgen: reading entries 1234/100000"), only when stderr is a
 * terminal and -q is not given; never a byte on a pipe or in a cron mail.
 * Main thread only. diag.c hides the line before it prints anything, so a
 * message never shares a line with it; the next count draws it again.
 */
#ifndef FEEDGEN_PROGRESS_H
#define FEEDGEN_PROGRESS_H

#include <stddef.h>

/* Off for good (-q); on by default, where stderr is a terminal. */
void progress_set_enabled(int on);
/* Begins a phase named phase (a string literal: kept, not copied); nothing drawn yet. */
void progress_start(const char *phase);
/*
 * done of total (0: total not known yet) in the current phase; draws at most
 * every 100 ms, the first time 100 ms after progress_start, so a short run
 * shows nothing at all.
 */
void progress_count(size_t done, size_t total);
/* Erases the line if it is drawn; the phase goes on (diag.c calls it before printing). */
void progress_hide(void);
/* Erases the line and ends the phase. */
void progress_end(void);

#endif
