/* slug.h: a name (a title, a category, an author) as a safe path segment. */
#ifndef FEEDGEN_SLUG_H
#define FEEDGEN_SLUG_H

#include <stddef.h>

/*
 * name's slug: ASCII letters and digits lower-cased, Latin letters with
 * accents folded to their base letters ("Über" "uber", "Łódź" "lodz"), every
 * run of anything else one '-', none at either end, at most max characters
 * (a longer name is cut, at a '-' or not). Never holds '/' or "..": only
 * [a-z0-9-]. "" when nothing is left. Newly allocated; the caller frees it.
 */
char *slug_make(const char *name, size_t max);

#endif
