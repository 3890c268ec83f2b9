/* person.c: one reader of authors, for the site's (config.c) and each entry's (entry.c). */
#include "person.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "url.h"
#include "xalloc.h"
#include "ynode.h"

int
person_read(const struct ynode *n, const char *path, const char *base, int mail_ok,
    struct person *p)
{
	const struct ynode *u;
	char *abs;

	if (n->kind == YNODE_SCALAR) {
		p->name = xstrdup(n->value);
		return 0;
	}
	p->name = xstrdup(ynode_str(n, "name"));
	p->email = xstrdup(ynode_str(n, "email"));
	if (!(u = ynode_get(n, "uri")) || u->bad || u->kind != YNODE_SCALAR)
		return 0;
	abs = url_resolve(base, u->value);
	/* RFC 4287 3.2.2: atom:uri is an IRI; readers link it, so javascript: and file: stay out. */
	if (!abs || (!url_is_http(abs) && !(mail_ok && strncmp(abs, "mailto:", 7) == 0))) {
		char *q = diag_quote(u->value);

		diag_error(path, u->line, u->col, "'author.uri' is not a usable URL: '%s' (expected an "
		    "http(s) URL, absolute or relative to the site URL)", q);
		free(q);
		free(abs);
		return -1;
	}
	p->uri = abs;
	return 0;
}

void
person_clear(struct person *p)
{
	free(p->name);
	free(p->email);
	free(p->uri);
	p->name = p->email = p->uri = NULL;
}
