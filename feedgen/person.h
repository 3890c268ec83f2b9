/* person.h: an author as feedgen.yaml and entries give one: a name, or {name, email, uri}. */
#ifndef FEEDGEN_PERSON_H
#define FEEDGEN_PERSON_H

struct ynode;

struct person {
	char *name, *email, *uri;	/* uri absolute; any may be NULL */
};

/*
 * Reads n, a scalar (the name) or a mapping (name, email, uri), into *p,
 * which the caller zeroed. uri is resolved against base and must be http(s),
 * or mailto: too when mail_ok; a bad one is reported, located in path, and
 * left NULL. A value the schema refused (bad) is skipped. Returns 0, or -1
 * after reporting. The caller frees the strings with person_clear.
 */
int person_read(const struct ynode *n, const char *path, const char *base, int mail_ok,
    struct person *p);
/* Frees the strings of *p (not p) and zeroes it; NULL members are fine. */
void person_clear(struct person *p);

#endif
