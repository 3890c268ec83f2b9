/*
 * front.h: where a Markdown file's YAML front matter is: between a first
 * line "---" and a line "---" or "...". Entries (entry.c) and an old site's
 * posts (oldpost.c) are split alike; each says what a refusal means in its
 * own words. Pure functions over bytes: no diagnostics, no allocation.
 */
#ifndef FEEDGEN_FRONT_H
#define FEEDGEN_FRONT_H

#include <stddef.h>

/*
 * The length of the line at s + p without its break; *next is the offset
 * just past the break. "\r\n", "\r" and "\n" each end a line, as in YAML.
 */
size_t front_line(const char *s, size_t len, size_t p, size_t *next);

enum front {
	FRONT_YAML,		/* found: the range is set */
	FRONT_TOML,		/* a first line "+++": Hugo's TOML */
	FRONT_JSON,		/* a first line starting '{': Hugo's JSON */
	FRONT_NONE,		/* no first line "---" */
	FRONT_UNCLOSED		/* "---", then no closing line */
};

struct front_range {
	size_t yoff, ylen;	/* the YAML, without its fences */
	size_t boff;		/* where the body starts */
	int bline;		/* the body's first line, counted from 1 */
};

/* Finds the front matter of s (a byte-order mark first is skipped). */
enum front front_find(const char *s, size_t len, struct front_range *r);

#endif
