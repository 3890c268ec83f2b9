/* schema.h: check a YAML tree against a RelaxNG grammar, with located messages. */
#ifndef FEEDGEN_SCHEMA_H
#define FEEDGEN_SCHEMA_H

struct ynode;
struct schema;

/*
 * Loads a RelaxNG grammar (XML syntax) whose start is the element named root
 * ("entry" or "config"). Reports and returns NULL when it cannot be read or
 * compiled, or when it no longer requires, as text, a field the program reads
 * without a check (entry: title, date; config: title, url, and author as text
 * or a mapping). The caller frees the result with schema_free.
 */
struct schema *schema_load(const char *path, const char *root);

/*
 * Checks the mapping tree against the grammar and reports every problem found
 * as "path:line:col: error: ..." naming the field, the bad value and what was
 * expected (from the grammar's fg:expect annotations). Nodes already marked
 * bad (refused by ynode_parse) are not named again. Also requires what the
 * program needs where the grammar's shape cannot say it (the configuration's
 * author, as a mapping, has a name). Marks each refused node bad. Returns the
 * number of errors reported.
 */
int schema_check(struct schema *s, struct ynode *tree, const char *path);

/* schema_free(NULL) does nothing. */
void schema_free(struct schema *s);

#endif
