/* publish.h: which hub notifications are owed, sending them, remembering failures. */
#ifndef FEEDGEN_PUBLISH_H
#define FEEDGEN_PUBLISH_H

#include <stddef.h>

#include "config.h"

struct state;

/*
 * Records a notification owed to every hub for each of the n topics given
 * (the self URLs of the documents whose bytes changed), and drops, with a
 * warning, pending notifications for a hub no longer configured or a topic
 * that is no file the state lists. The caller saves the state before
 * sending, so a crash while sending forgets nothing.
 */
void publish_owe(const struct config *cfg, struct state *st, char *const *topics, size_t n);

/*
 * Sends every pending notification. Successes leave the state; failures stay,
 * with their attempts and last error, and are reported (exit status 4).
 * Returns how many remain pending.
 */
size_t publish_send(const struct config *cfg, struct state *st);

/* Prints the web-server snippet (kind "nginx" or "apache") that sends each feed's
 * Content-Type and Link headers. Returns 0, or -1 after reporting an unknown kind. */
int publish_server_config(const struct config *cfg, const char *kind);

#endif
