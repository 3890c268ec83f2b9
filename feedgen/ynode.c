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

/* diag_error of fmt at libyaml mark m, then hint when there is one. */
static void
report_at(struct yctx *c, yaml_mark_t m, const char *hint, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void
report_at(struct yctx *c, yaml_mark_t m, const char *hint, const char *fmt, va_list ap)
{
	struct buf b = {0};
	int line, col;

	buf_vaddf(&b, fmt, ap);
	mark_pos(c, m, &line, &col);
	diag_error(c->src->path, line, col, "%s", b.data);
	if (hint)
		diag_hint("%s", hint);
	buf_free(&b);
}

static void
problem(struct yctx *c, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_at(c, m, NULL, fmt, ap);
	va_end(ap);
	c->problems++;
}

/* The file's text at a libyaml mark (its line's end when the line is shorter). */
static const char *
at_mark(const struct yctx *c, yaml_mark_t m)
{
	int line, col;

	/* Counted from where the parsed range starts in the file, whatever lineoff says. */
	source_locate(c->src, c->off, &line, &col);
	return c->src->data + source_offset(c->src, line + (int)m.line,
	    (m.line == 0 ? col : 1) + (int)m.column);
}

/* Whether only blanks come before p on its line: p starts the line's text. */
static int
starts_line(const struct yctx *c, const char *p)
{
	while (p > c->src->data && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return p == c->src->data || p[-1] == '\n' || p[-1] == '\r';
}

static int
has(const char *s, const char *part)
{
	return s && strstr(s, part);
}

/*
 * A message at a mark, in words for someone who writes entries, not YAML:
 * libyaml's own ("while scanning for the next token found character that
 * cannot start any token") never reach a reporter. Matched on libyaml's
 * problem and context strings (libyaml 0.2's scanner.c and parser.c);
 * whatever is not matched still says where and, plainly, what.
 */
static void syntax_at(struct yctx *c, yaml_mark_t m, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
syntax_at(struct yctx *c, yaml_mark_t m, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_at(c, m, hint, fmt, ap);
	va_end(ap);
}

#define APOSTROPHE_HINT "inside single quotes an apostrophe is written twice: title: 'The editor''s note'"
#define VALUE_IN_QUOTES "expected the value in quotes, such as title: \"%s\""

static void
syntax_error(struct yctx *c)
{
	const yaml_parser_t *p = &c->parser;
	const char *what = p->problem, *ctx = p->context;
	const char *at = at_mark(c, p->problem_mark), *from = at_mark(c, p->context_mark);
	char ch = *at;

	if (has(what, "tab character") || (has(what, "cannot start any token") && ch == '\t')) {
		if (has(what, "cannot start") && !starts_line(c, at))
			syntax_at(c, p->problem_mark, NULL, "a tab where YAML allows none (expected a space)");
		else
			syntax_at(c, p->problem_mark, "set the editor to insert spaces for the Tab key",
			    "a tab is used for indentation; indent with spaces (YAML does not allow tabs there)");
	} else if (has(ctx, "quoted scalar") && (has(what, "end of stream") || has(what, "document indicator"))) {
		/* libyaml finds out at the end of the text; the mistake is where the quote opens. */
		syntax_at(c, p->context_mark, *from == '\''
		    ? APOSTROPHE_HINT
		    : "a value that holds a \" can be written in single quotes: title: 'The \"best\" report'",
		    "this quoted value is never closed (expected a closing %c at its end)", *from == '\'' ? '\'' : '"');
	} else if (has(what, "unknown escape character")) {
		/* The mark is at the backslash: name the escape as written. */
		int n = at[0] == '\\' && at[1] && (unsigned char)at[1] < 0x80 ? 2 : 1;

		syntax_at(c, p->problem_mark, "in single quotes a backslash is plain: title: 'C:\\Reports'",
		    "unknown escape '%.*s' in a double-quoted value (expected \\\\ for a backslash, or "
		    "\\n, \\t, \\\", \\xNN, \\uNNNN)", n, at);
	} else if (has(what, "hexdecimal number") || has(what, "Unicode character escape")) {
		syntax_at(c, p->problem_mark, "in single quotes a backslash is plain: title: 'C:\\Reports'",
		    "this escape gives no character (expected \\xNN, \\uNNNN or \\UNNNNNNNN with hexadecimal "
		    "digits, or \\\\ for a backslash)");
	} else if (has(what, "mapping values are not allowed")) {
		/* The commonest slip: a colon and a space inside an unquoted value. */
		const char *q = at;

		while (q > c->src->data && q[-1] != '\n' && q[-1] != '\r')
			q--;
		syntax_at(c, p->problem_mark, *q == ' ' || *q == '\t' ? "this line is indented, so it is "
		    "read as more of the value above: a field of its own starts at the beginning of its line"
		    : NULL, "': ' inside a value (" VALUE_IN_QUOTES ")", "Report: the sequel");
	} else if (has(ctx, "scanning an anchor") || has(ctx, "scanning an alias")) {
		int anchor = has(ctx, "anchor");

		syntax_at(c, p->context_mark, NULL, "'%c' at the start of a value marks a YAML %s ("
		    VALUE_IN_QUOTES ")", anchor ? '&' : '*', anchor ? "anchor" : "alias",
		    anchor ? "& more" : "*Breaking* news");
	} else if (has(ctx, "tag") || has(what, "tag handle")) {
		syntax_at(c, has(what, "tag handle") ? p->problem_mark : p->context_mark, NULL,
		    "'!' at the start of a value marks a YAML tag (" VALUE_IN_QUOTES ")", "!important");
	} else if (has(ctx, "block scalar")) {
		syntax_at(c, p->context_mark, "a block of text goes on the lines below its key, indented: "
		    "'summary: |', then '  First line.'",
		    "'%c' at the start of a value begins a block of text on the lines below (expected "
		    "nothing after it on its line, or the value in quotes)", *from == '>' ? '>' : '|');
	} else if (has(what, "cannot start any token")) {
		char shown[8] = "";
		uint32_t cp;
		size_t n = utf8_decode(at, strlen(at), &cp);

		if (n > 0 && cp >= 0x20)
			memcpy(shown, at, n);
		syntax_at(c, p->problem_mark, NULL, "a value cannot start with '%s' (" VALUE_IN_QUOTES ")",
		    shown, ch == '@' ? "@feedgen on air" : "`quoted` words");
	} else if (has(ctx, "simple key")) {
		syntax_at(c, p->context_mark, "a value on several lines is indented under its key",
		    "this line is not 'key: value' (expected a ':' and a space after the field name)");
	} else if (has(ctx, "flow sequence") || has(ctx, "flow mapping")) {
		int seq = has(ctx, "sequence");

		syntax_at(c, p->context_mark, NULL, "this %s is never closed, or lacks a ',' between its "
		    "items (expected %s)", seq ? "list in [ ]" : "mapping in { }",
		    seq ? "[reports, grants], with the ']' on the same line" : "{name: A. Reporter, "
		    "email: a@example.org}, with the '}' on the same line");
	} else if (has(what, "block sequence entries")) {
		syntax_at(c, p->problem_mark, "a list goes on the lines below its key: 'categories:', "
		    "then '  - reports', '  - grants'", "a list item '- ' where a value was expected (expected the "
		    "list on the lines below its key, or [a, b] on this line)");
	} else if (has(what, "mapping keys are not allowed") || (ch == '?' && starts_line(c, at))) {
		syntax_at(c, p->problem_mark, NULL, "'?' here marks a YAML complex key (" VALUE_IN_QUOTES ")",
		    "? and answers");
	} else if ((has(what, "expected key") || has(what, "'-' indicator")) && ch == '-' && starts_line(c, at)) {
		syntax_at(c, p->problem_mark, "a list goes on the lines below its key: 'categories:', "
		    "then '  - reports', '  - grants'", "this list item is not in line with the list above it "
		    "(expected every '- ' of a list in one column, under its key)");
	} else if (has(what, "expected key") && !starts_line(c, at)) {
		/* Most often a quote inside a quoted value, which ended it early. */
		const char *h = NULL;

		if (at > c->src->data && at[-1] == '\'')
			h = APOSTROPHE_HINT;
		else if (at > c->src->data && at[-1] == '"')
			h = "a \" inside double quotes is written \\\": title: \"The \\\"best\\\" report\"";
		syntax_at(c, p->problem_mark, h, "unexpected text after the value (expected one value "
		    "per field: put the whole value in quotes)");
	} else if (has(what, "expected key") || has(what, "document start") || has(what, "'-' indicator")) {
		const char *top = c->src->data + c->off;

		while (*top == ' ' || *top == '\n' || *top == '\r')
			top++;
		if (*top == '%') {
			int line, col, l0, c0;

			/* libyaml stops after the directive: point at it, counted as marks are. */
			source_locate(c->src, c->off, &l0, &c0);
			source_locate(c->src, (size_t)(top - c->src->data), &line, &col);
			diag_error(c->src->path, line - l0 + 1 + c->lineoff, col, "YAML directives ('%%YAML', '%%TAG') are not "
			    "allowed (expected 'key: value' lines)");
		} else
			syntax_at(c, p->problem_mark, "fields start in the same column; only the lines of "
			    "a list or a mapping under a key are indented", "this line is not indented like the "
			    "lines above it (expected 'key: value' lines, each field in the same column)");
	} else if (has(ctx, "directive") || has(what, "directive") || has(what, "%YAML") ||
	    has(what, "%TAG") || has(what, "incompatible YAML")) {
		syntax_at(c, p->problem_mark, NULL, "YAML directives ('%%YAML', '%%TAG') are not allowed "
		    "(expected 'key: value' lines)");
	} else if (has(what, "node content")) {
		syntax_at(c, p->problem_mark, NULL, "a value is missing here (expected a value after the "
		    "':' or the '- ')");
	} else {
		syntax_at(c, p->problem_mark, "a value that holds : # [ ] { } , & * ! | > ' \" % @ or ` is "
		    "safest in quotes", "this cannot be read as 'key: value' lines (expected 'key: value' "
		    "lines, a value with special characters in quotes)");
	}
}

static int
next_event(struct yctx *c, yaml_event_t *ev)
{
	const yaml_parser_t *p = &c->parser;
	int line, col;

	if (yaml_parser_parse(&c->parser, ev))
		return 0;
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors carry only a byte offset; source.c refuses these first, so this is a guard. */
		size_t at = c->off + p->problem_offset;
		uint32_t cp;

		source_locate(c->src, at, &line, &col);
		if (has(p->problem, "control") && at < c->src->len &&
		    utf8_decode(c->src->data + at, c->src->len - at, &cp) > 0)
			diag_error(c->src->path, line, col, "control character U+%04X is not allowed in a feed "
			    "(expected printable text; remove it)", (unsigned)cp);
		else
			diag_error(c->src->path, line, col, "%s (expected printable UTF-8 text)",
			    has(p->problem, "too long") ? "the text is too long" : "invalid UTF-8");
	} else {
		syntax_error(c);
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
