/* ynode.c: libyaml events to a located tree; the only file that includes yaml.h. */
#include "ynode.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

#define YNODE_DEPTH 32

/*
 * A parsed tree's nodes and strings, in a few blocks freed together: a
 * front matter is some forty small pieces, which malloc and free one by one
 * cost more than reading them.
 */
struct yarena {
	struct yarena *next;
	size_t used, cap;
	max_align_t data[];
};

#define YARENA_BLOCK 2048

struct yctx {
	yaml_parser_t parser;
	const struct source *src;
	size_t off;
	int lineoff;
	int problems;	/* reported, and the reading went on */
	struct yarena *arena;
};

/* n bytes from the arena, aligned for any object. */
static void *
arena_alloc(struct yarena **a, size_t n)
{
	struct yarena *b = *a;
	size_t align = sizeof(max_align_t), at;
	void *p;

	at = b ? (b->used + align - 1) / align * align : 0;
	if (!b || at + n > b->cap) {
		size_t cap = n > YARENA_BLOCK ? n : YARENA_BLOCK;

		b = xmalloc(sizeof *b + cap);
		b->next = *a;
		b->used = 0;
		b->cap = cap;
		*a = b;
		at = 0;
	}
	p = (char *)b->data + at;
	b->used = at + n;
	return p;
}

static char *
arena_strndup(struct yarena **a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
arena_free(struct yarena *a)
{
	while (a) {
		struct yarena *next = a->next;

		free(a);
		a = next;
	}
}

/* libyaml marks are 0-based and relative to the parsed range. */
static void
mark_pos(const struct yctx *c, yaml_mark_t m, int *line, int *col)
{
	*line = (int)m.line + 1 + c->lineoff;
	*col = (int)m.column + 1;
}

/* diag_error at a libyaml mark; counted, since a problem need not stop the reading. */
static void problem(struct yctx *c, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct yctx *c, yaml_mark_t m, const char *fmt, ...)
{
	struct buf b = {0};
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	mark_pos(c, m, &line, &col);
	diag_error(c->src->path, line, col, "%s", b.data);
	buf_free(&b);
	c->problems++;
}

static int
next_event(struct yctx *c, yaml_event_t *ev)
{
	const yaml_parser_t *p = &c->parser;
	int line, col;

	if (yaml_parser_parse(&c->parser, ev))
		return 0;
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors carry only a byte offset. */
		source_locate(c->src, c->off + p->problem_offset, &line, &col);
		diag_error(c->src->path, line, col, "%s (expected printable UTF-8 text)", p->problem);
	} else if (p->problem && strstr(p->problem, "mapping values are not allowed")) {
		/* The commonest slip: a colon and a space inside an unquoted value. */
		mark_pos(c, p->problem_mark, &line, &col);
		diag_error(c->src->path, line, col, "YAML syntax error: ': ' inside a value "
		    "(expected the value in quotes, such as title: \"Report: the sequel\")");
	} else if (p->context) {
		mark_pos(c, p->problem_mark, &line, &col);
		diag_error(c->src->path, line, col, "YAML syntax error: %s %s (expected 'key: value' lines)",
		    p->context, p->problem ? p->problem : "");
	} else {
		mark_pos(c, p->problem_mark, &line, &col);
		diag_error(c->src->path, line, col, "YAML syntax error: %s (expected 'key: value' lines)",
		    p->problem ? p->problem : "unknown problem");
	}
	return -1;
}

/*
 * Refuses what would make the tree something other than plain data. The value
 * itself is still read and checked: an anchor or a tag hides no other mistake.
 */
static void
check_props(struct yctx *c, const yaml_event_t *ev, const yaml_char_t *anchor,
    const yaml_char_t *tag)
{
	if (anchor)
		problem(c, ev->start_mark, "YAML anchor '&%s' is not allowed (write the value out in full)",
		    (const char *)anchor);
	if (tag)
		problem(c, ev->start_mark, "YAML tag '%s' is not allowed (write a plain value)",
		    (const char *)tag);
}

static struct ynode *parse_node(struct yctx *c, yaml_event_t *ev, int depth);

static struct ynode *
new_node(struct yctx *c, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct ynode *n = arena_alloc(&c->arena, sizeof *n);

	memset(n, 0, sizeof *n);

	n->kind = kind;
	mark_pos(c, ev->start_mark, &n->line, &n->col);
	return n;
}

/* Stands for a refused value (an alias, a forbidden character): no later check names it again. */
static struct ynode *
refused_node(struct yctx *c, const yaml_event_t *ev)
{
	struct ynode *n = new_node(c, YNODE_SCALAR, ev);

	n->value = arena_strndup(&c->arena, "", 0);
	n->bad = 1;
	return n;
}

/* Reads members until the closing event; keys of a mapping are checked here. */
static int
parse_members(struct yctx *c, struct ynode *parent, yaml_event_type_t end, int depth)
{
	struct ynode **tail = &parent->child;
	yaml_event_t ev;

	for (;;) {
		char *key = NULL;
		int kline = 0, kcol = 0, drop = 0;
		struct ynode *n;

		if (next_event(c, &ev) < 0)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (parent->kind == YNODE_MAP) {
			const struct ynode *dup;

			if (ev.type != YAML_SCALAR_EVENT) {
				/* Read past the key and its value; the members after them are still checked. */
				problem(c, ev.start_mark, "a key must be a plain word (expected 'key: value')");
				if (!(n = parse_node(c, &ev, depth + 1)))
					return -1;
				drop = 1;
			} else {
				check_props(c, &ev, ev.data.scalar.anchor, ev.data.scalar.tag);
				mark_pos(c, ev.start_mark, &kline, &kcol);
				key = arena_strndup(&c->arena, (const char *)ev.data.scalar.value,
				    ev.data.scalar.length);
				yaml_event_delete(&ev);
			}
			/* libyaml accepts duplicate keys; a second value would be lost silently. */
			if (key && (dup = ynode_get(parent, key))) {
				diag_error(c->src->path, kline, kcol,
				    "duplicate key '%s' (first given on line %d)", key, dup->key_line);
				c->problems++;
				drop = 1;
			}
			if (next_event(c, &ev) < 0)
				return -1;
		}
		if (!(n = parse_node(c, &ev, depth + 1)))
			return -1;
		/* The first value stays and is checked; this one was read for its own mistakes. */
		if (drop)
			continue;
		n->key = key;
		n->key_line = key ? kline : n->line;
		n->key_col = key ? kcol : n->col;
		*tail = n;
		tail = &n->next;
	}
}

/* Takes ownership of *ev. */
static struct ynode *
parse_node(struct yctx *c, yaml_event_t *ev, int depth)
{
	struct ynode *n = NULL;
	char why[64];
	size_t bad;

	if (depth > YNODE_DEPTH) {
		/* A guard against bombs: the events below are not read, so the reading stops. */
		problem(c, ev->start_mark, "values nested too deeply (more than 32 levels)");
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		problem(c, ev->start_mark, "YAML alias '*%s' is not allowed (write the value out in full)",
		    (const char *)ev->data.alias.anchor);
		n = refused_node(c, ev);
		break;
	case YAML_SCALAR_EVENT:
		check_props(c, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
		/* Escapes such as "\x07" in double quotes get past the file check. */
		if (text_check((const char *)ev->data.scalar.value, ev->data.scalar.length, &bad, why) < 0) {
			problem(c, ev->start_mark, "value contains %s (expected text XML can carry)", why);
			n = refused_node(c, ev);
			break;
		}
		n = new_node(c, YNODE_SCALAR, ev);
		n->value = arena_strndup(&c->arena, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int map = ev->type == YAML_MAPPING_START_EVENT;

		check_props(c, ev, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
		    map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
		n = new_node(c, map ? YNODE_MAP : YNODE_SEQ, ev);
		if (parse_members(c, n, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, depth) < 0)
			n = NULL;
		break;
	}
	default:
		problem(c, ev->start_mark, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	return n;
}

int
ynode_parse(const struct source *src, size_t off, size_t len, int lineoff, struct ynode **root)
{
	struct yctx c = {.src = src, .off = off, .lineoff = lineoff};
	struct ynode *doc = NULL;
	yaml_event_t ev;
	int rc = -1;

	*root = NULL;
	yaml_parser_initialize(&c.parser);
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)src->data + off, len);
	yaml_parser_set_encoding(&c.parser, YAML_UTF8_ENCODING);
	/* After an error the parser must not be called again: each step stops there. */
	if (next_event(&c, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);			/* STREAM-START */
	if (next_event(&c, &ev) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);			/* DOCUMENT-START */
	if (next_event(&c, &ev) < 0)
		goto out;
	if (!(doc = parse_node(&c, &ev, 0)))
		goto out;
	doc->key_line = doc->line;
	doc->key_col = doc->col;
	if (next_event(&c, &ev) < 0)		/* DOCUMENT-END */
		goto out;
	yaml_event_delete(&ev);
	if (next_event(&c, &ev) < 0)
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		problem(&c, ev.start_mark, "more than one YAML document (expected a single mapping; remove the extra '---')");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	/* The root owns the whole tree's memory. */
	doc->arena = c.arena;
	c.arena = NULL;
	*root = doc;
	rc = c.problems;
out:
	arena_free(c.arena);
	yaml_parser_delete(&c.parser);
	return rc;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	const struct ynode *n;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (n = map->child; n; n = n->next)
		if (n->key && n->key[0] == key[0] && strcmp(n->key, key) == 0)
			return n;
	return NULL;
}

const char *
ynode_str(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	return n && n->kind == YNODE_SCALAR ? n->value : NULL;
}

void
ynode_free(struct ynode *n)
{
	if (n && n->arena) {
		arena_free(n->arena);
		return;
	}
	/* A tree made by hand: each node and string its own allocation. */
	while (n) {
		struct ynode *next = n->next;

		ynode_free(n->child);
		free(n->key);
		free(n->value);
		free(n);
		n = next;
	}
}
