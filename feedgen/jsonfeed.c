/* jsonfeed.c: JSON Feed 1.1 (jsonfeed.org/version/1.1), the only user of jansson. */
#include "config.h"
#include "doc.h"
#include "date.h"
#include "entry.h"
#include "render.h"
#include "xalloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define JSONFEED_VERSION "https://jsonfeed.org/version/1.1"

/*
 * Every setter below returns 0 or -1, and takes its value's reference even
 * when it fails (jansson's *_new calls do), so a NULL from an allocation or
 * from bad UTF-8 (which input checks rule out) just makes the document fail.
 */
static int
put(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

/* A missing (NULL) string is no member at all. */
static int
put_str(json_t *o, const char *key, const char *s)
{
	return s ? put(o, key, json_string(s)) : 0;
}

/* The date exactly as atom.xml writes it, so the two feeds agree. */
static int
put_date(json_t *o, const char *key, const struct when *w)
{
	char d[DATE_MAX];

	date_rfc3339_feed(w, d);
	return put_str(o, key, d);
}

/*
 * 1.1 authors: one object with name and url. JSON Feed has no e-mail
 * member, so an author's email is left out rather than guessed into a
 * mailto: URL; a mailto: uri is written as it stands.
 */
static json_t *
authors(const struct person *p)
{
	json_t *a = json_object(), *v = json_array();

	if (put_str(a, "name", p->name) | put_str(a, "url", p->uri)) {
		json_decref(a);
		json_decref(v);
		return NULL;
	}
	if (json_array_append_new(v, a) < 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Whether e's tag i is one of its categories or an earlier tag. */
static int
has_tag(const struct entry *e, size_t i)
{
	size_t j;

	for (j = 0; j < e->ncategories; j++)
		if (strcmp(e->categories[j], e->tags[i]) == 0)
			return 1;
	for (j = 0; j < i; j++)
		if (strcmp(e->tags[j], e->tags[i]) == 0)
			return 1;
	return 0;
}

/* Keys in the order of the 1.1 spec's Items section. */
static json_t *
item(const struct config *c, const struct entry *e)
{
	json_t *o = json_object(), *a;
	int rc = 0;
	size_t i;

	rc |= put_str(o, "id", e->id);
	rc |= put_str(o, "url", e->link);
	rc |= put_str(o, "title", e->title);
	/* One of content_html and content_text must be present: the body, as Atom's content. */
	rc |= put_str(o, "content_html", e->html ? e->html : "");
	rc |= put_str(o, "summary", e->summary);
	rc |= put_str(o, "image", e->image_url);
	rc |= put_date(o, "date_published", &e->date);
	rc |= put_date(o, "date_modified", &e->updated);
	/* Items may inherit the feed's authors, but as in Atom every item names its own. */
	rc |= put(o, "authors", authors(e->author.name ? &e->author : &c->author));
	if (e->ncategories || e->ntags) {
		a = json_array();
		for (i = 0; i < e->ncategories; i++)
			rc |= json_array_append_new(a, json_string(e->categories[i]));
		/* JSON Feed has tags only: a tag a category (or an earlier tag) already gives is there once. */
		for (i = 0; i < e->ntags; i++)
			if (!has_tag(e, i))
				rc |= json_array_append_new(a, json_string(e->tags[i]));
		rc |= put(o, "tags", a);
	}
	rc |= put_str(o, "language", e->lang);
	/* An attachment needs a mime_type: like RSS's enclosure, written only when the type is known. */
	if (e->image_url && e->image_type) {
		json_t *at = json_object();

		rc |= put_str(at, "url", e->image_url);
		rc |= put_str(at, "mime_type", e->image_type);
		if (e->image_length >= 0)
			rc |= put(at, "size_in_bytes", json_integer((json_int_t)e->image_length));
		a = json_array();
		rc |= json_array_append_new(a, at);
		rc |= put(o, "attachments", a);
	}
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Two-space indent, UTF-8 as it is (no \u escapes but the ones JSON needs), a final newline. */
static char *
dump(const json_t *f, size_t *len)
{
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t n = json_dumpb(f, NULL, 0, flags);
	char *out;

	if (n == 0)
		return NULL;
	out = xmalloc(n + 2);
	if (json_dumpb(f, out, n, flags) != n) {
		free(out);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	*len = n + 1;
	return out;
}

char *
jsonfeed_render(const struct config *c, const struct doc *d, size_t *len)
{
	json_t *f = json_object(), *a;
	char *out = NULL;
	int rc = 0;
	size_t i;

	rc |= put_str(f, "version", JSONFEED_VERSION);
	rc |= put_str(f, "title", d->title);
	rc |= put_str(f, "home_page_url", c->url);
	/* WebSub 4: the topic is the self URL, here as in the XML feeds' self links. */
	rc |= put_str(f, "feed_url", d->self);
	rc |= put_str(f, "description", c->subtitle);
	/*
	 * Atom's icon is small and square (RFC 4287 4.2.5): JSON Feed's favicon.
	 * The logo is wide (4.2.8, 2:1), not the square 512 px icon JSON Feed
	 * asks for, so no icon is written.
	 */
	rc |= put_str(f, "favicon", c->icon);
	rc |= put(f, "authors", authors(&c->author));
	rc |= put_str(f, "language", c->language);
	if (c->nhubs) {
		a = json_array();
		for (i = 0; i < c->nhubs; i++) {
			json_t *h = json_object();

			rc |= put_str(h, "type", "WebSub");
			rc |= put_str(h, "url", c->hubs[i]);
			rc |= json_array_append_new(a, h);
		}
		rc |= put(f, "hubs", a);
	}
	a = json_array();
	for (i = 0; i < d->n; i++)
		rc |= json_array_append_new(a, item(c, d->v[i]));
	rc |= put(f, "items", a);
	if (rc == 0)
		out = dump(f, len);
	json_decref(f);
	return out;
}
