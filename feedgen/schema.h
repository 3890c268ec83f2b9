/* schema.h: check a YAML tree against a RelaxNG grammar, with located messages. */
#ifndef FEEDGEN_SCHEMA_H
#define FEEDGEN_SCHEMA_H

#include <stddef.h>

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

/*
 * Names the caller drops from the root before checking (the configuration's
 * ignore_fields): still unknown to the grammar, but a key one edit or two
 * away is told "did you mean" one of them. names is borrowed: it must
 * outlive s.
 */
void schema_ignore(struct schema *s, char *const *names, size_t n);

/*
 * For the tests that prove the shortcuts change no verdict. Sets *ours to
 * schema_check's verdict on value as the text of field (a dotted path from
 * the root: "image.type", "categories.item") and *relaxng to libxml2's
 * RelaxNG verdict on the same; 1 is valid. Returns 1 when the field has a
 * check of its own without RelaxNG, 0 when not, -1 for an unknown field.
 */
int schema_leaf_verdicts(struct schema *s, const char *field, const char *value, int *ours,
    int *relaxng);

/* For the same tests: 1 when libxml2 accepts the whole tree against the whole grammar. */
int schema_whole_ok(struct schema *s, struct ynode *tree);

/* schema_free(NULL) does nothing. */
void schema_free(struct schema *s);

#endif
