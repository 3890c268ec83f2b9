/*
 * fuzz.h: what the libFuzzer targets share: finding the checkout's schemas,
 * capturing feedgen's diagnostics, and the invariants every target asserts.
 * A broken invariant prints why on stderr and aborts, so libFuzzer saves the input.
 */
#ifndef FEEDGEN_FUZZ_H
#define FEEDGEN_FUZZ_H

#include <stddef.h>

#include "config.h"

/*
 * Finds the checkout (FEEDGEN_TOP, else the folder above the fuzzer's own
 * folder, as in build-fuzz/fuzz_entry) and loads schemas/rss.rng and
 * schemas/atom.rng once. Aborts when they cannot be loaded.
 */
void fuzz_init(void);
/* The checkout's schemas folder, absolute; owned by this module. */
const char *fuzz_schemas(void);

/*
 * Flushes feedgen's buffered diagnostics into a string and forgets the
 * counts (diag_reset); newly allocated, the caller frees it. *errors gets
 * the number of input errors reported since the last call.
 */
char *fuzz_diagnostics(int *errors);

/*
 * A refused input: aborts unless diags holds at least one error and every
 * line is located in path: "path:L:C: level: " with L in 1..nlines + 1 and
 * C >= 1, or "path: level: " for a file-level problem.
 */
void fuzz_refused(const char *diags, const char *path, size_t nlines);
/* Lines in data, breaks counted as feedgen counts them; a last line without one counts. */
size_t fuzz_lines(const char *data, size_t len);

/*
 * An accepted input's feed: aborts unless doc is well-formed XML and valid
 * against the schema of its kind, or, for feed.json, JSON with JSON Feed
 * 1.1's required members. what names the case in the message.
 */
void fuzz_feed(const char *doc, size_t len, enum feed_kind k, const char *what);

/* Prints why on stderr, with the input's diagnostics when given, and aborts. */
void fuzz_fail(const char *diags, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
