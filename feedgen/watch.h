/*
 * watch.h: feedgen watch: a long-running build, started by inotify when the
 * entries, the configuration or the schemas change, by the clock when an
 * entry is scheduled or expires, and retrying pending hub notifications.
 */
#ifndef FEEDGEN_WATCH_H
#define FEEDGEN_WATCH_H

#include "build.h"

/*
 * Builds once, then watches until SIGTERM or SIGINT (SIGHUP builds at once).
 * Every build is build_run's, under the same lock. Returns the exit status:
 * 0 after a signal, 1 when the configuration is invalid at the start, 3 when
 * nothing can be watched.
 */
int watch_run(struct run_opts *o);

#endif
