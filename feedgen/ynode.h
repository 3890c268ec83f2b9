/* ynode.h: a YAML document as a small tree whose nodes know where they came from. */
#ifndef FEEDGEN_YNODE_H
#define FEEDGEN_YNODE_H

#include <stddef.h>

struct source;
struct yarena;

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
	enum ynode_kind kind;
	char *key;		/* the key, for a member of a mapping; else NULL */
	int key_line, key_col;	/* where the key starts (1-based) */
	char *value;		/* a scalar's text; NULL for mappings and sequences */
	int line, col;		/* where the value starts (1-based) */
	int bad;		/* this value was refused and reported: not again */
	struct ynode *child;	/* first member of a mapping or sequence */
	struct ynode *next;	/* next sibling */
	struct yarena *arena;	/* the root of ynode_parse's tree: the memory of all of it; else NULL */
};

/*
 * Parses src->data[off .. off+len) as one YAML document, whose first line is
 * line lineoff+1 of the file, and reports each problem with a located error.
 * Anchors, aliases, tags, keys that are not plain strings, duplicate keys and
 * escaped characters that XML 1.0 forbids are reported and the reading goes
 * on, so the rest of the file is still checked: a duplicate key's later value
 * and a key that is not a string are left out of the tree, an alias or a
 * forbidden value becomes an empty scalar marked bad. Returns the number of
 * those problems (0: the document is clean) and sets *root (NULL when the
 * document is empty); the caller frees it with ynode_free. YAML syntax errors,
 * nesting deeper than 32 and more than one document stop the reading: returns
 * -1 after reporting, *root NULL.
 */
int ynode_parse(const struct source *src, size_t off, size_t len, int lineoff,
    struct ynode **root);
/* The member of mapping map with this key, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The text of scalar member key, or NULL when absent or not a scalar. */
const char *ynode_str(const struct ynode *map, const char *key);
/*
 * Frees a tree ynode_parse gave (its root), or one made by hand with each
 * node, key and value allocated on its own. ynode_free(NULL) does nothing.
 */
void ynode_free(struct ynode *n);

#endif
