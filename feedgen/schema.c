/*
 * schema.c: YAML tree against a RelaxNG grammar, by libxml2.
 *
 * libxml2 stops checking an element's content at its first problem and often
 * does not name what it expected, so one validation of the whole tree cannot
 * report every mistake in a file. Instead this module reads the grammar itself
 * for the shape (which fields exist, which are required, which hold text) and
 * lets libxml2 judge each value against a grammar compiled from that field's
 * own <element> definition. A final validation of the whole tree against the
 * whole grammar catches whatever a newsroom's extension does that the shape
 * reading does not model, so the grammar stays the one source of truth.
 *
 * Speed: libxml2 2.9 compiles a pattern facet's regular expression anew for
 * every value it checks, and each value was validated two or three times, a
 * document and a context built each time: more than half of a build. So a
 * leaf whose definition is plain (<text/>, <value>s, or XSD string <data>
 * with pattern params, through refs and choices) is judged by its patterns
 * compiled once with libxml2's own xmlRegexpCompile: the engine RelaxNG runs
 * for the facet, so the same verdict; a pattern that is a plain sequence of
 * character classes (most are) runs on pattern.c's automaton instead, whose
 * verdicts tests/unit/test_pattern.c holds to xmlRegexpExec's. And where the grammar's shape is
 * provably all that the walk models (see exact_map and free_root), the
 * RelaxNG check of a whole mapping or list and of the whole document are
 * skipped: they could only agree. Anything else (a newsroom's co-occurrence
 * rule, an ordered group, namespaces, includes) keeps every RelaxNG check.
 * tests/unit/test_schema_fast.c runs values and documents both ways.
 */
#include "schema.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pattern.h"
#include "xalloc.h"
#include "ynode.h"

/* BAD_CAST drops const; this keeps it. */
#define XC(s) ((const xmlChar *)(s))
#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define FG_NS "urn:x-feedgen:schema"
#define XSD_LIB "http://www.w3.org/2001/XMLSchema-datatypes"

/* One way a leaf's text can be accepted, judged without RelaxNG (see judge). */
struct alt {
	enum { ALT_TEXT, ALT_TOKEN, ALT_PATTERNS } kind;
	char *token;		/* ALT_TOKEN: the <value>, as the built-in token type compares */
	xmlRegexpPtr *re;	/* ALT_PATTERNS: an XSD string matching every one */
	struct pattern **fast;	/* the same patterns compiled by pattern.c where it reads them, else NULL */
	size_t nre;
};

/* A derived property of an element, computed once: not yet, yes, no, being computed. */
enum tri { TRI_UNKNOWN, TRI_YES, TRI_NO, TRI_BUSY };

/* What the grammar says of one element: the shape this module checks. */
struct sdef {
	char *name;
	xmlNodePtr node;	/* the <element> in the grammar */
	char *expect;		/* fg:expect, or NULL */
	char *hint;		/* fg:hint, or NULL: a line under the message's excerpt */
	struct sdef **kids;
	size_t nkids;
	char **required;
	size_t nrequired;
	int text;		/* may hold text */
	int open;		/* has anyName/nsName children: shape not checked */
	int built;
	xmlRelaxNGPtr leaf;	/* this element alone, compiled on first use */
	int leaf_failed;
	enum tri fast;		/* TRI_YES: alts judge any text that is not all blank */
	struct alt *alts;
	size_t nalts;
	enum tri mapx, seqx;	/* exact_map, exact_seq */
};

struct schema {
	char *path;
	xmlDocPtr doc;
	xmlRelaxNGPtr whole;
	struct sdef **defs;	/* one per <element> met, owned here */
	size_t ndefs;
	struct sdef *root;
	int plain;		/* no namespaces, includes, divs, combines: the fast paths apply */
	int free_root;		/* see free_root: the whole-document check adds nothing */
	int unjudged;		/* a field had no grammar of its own: keep every RelaxNG check */
	char *const *ignored;	/* schema_ignore's names (borrowed), for "did you mean" only */
	size_t nignored;
};

/*
 * What the C reads without asking whether it is there (the fill functions of
 * entry.c and config.c): a newsroom's grammar may add fields and tighten
 * rules, but it cannot make these optional, nor turn text into a mapping.
 */
static const struct need {
	const char *root, *field;
	int text;	/* 1: text only; 0: text or a mapping; never a list */
} needs[] = {
	{"config", "author", 0},	/* a name, or a mapping holding one */
	{"config", "title", 1},
	{"config", "url", 1},
	{"entry", "date", 1},
	{"entry", "title", 1},
};

/*
 * Needed inside a mapping whose shape sits in a choice (author: a name, or a
 * mapping), where the grammar's shape does not say what is required: checked
 * in each document that the grammar accepted.
 */
static const struct inner_need {
	const char *root, *parent, *field;
} inner_needs[] = {
	{"config", "author", "name"},	/* the feeds' author: Atom requires its name */
};

/* libxml2 prints to stderr unless told otherwise; its raw wording never reaches users. */
static void
quiet_handler(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static int
is_rng(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, XC(RNG_NS)) &&
	    (!name || xmlStrEqual(n->name, XC(name)));
}

static char *
prop(xmlNodePtr n, const char *name, const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, XC(name), XC(ns)) : xmlGetProp(n, XC(name));
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static struct sdef *
def_for(struct schema *s, xmlNodePtr elem)
{
	struct sdef *d;
	size_t i;

	for (i = 0; i < s->ndefs; i++)
		if (s->defs[i]->node == elem)
			return s->defs[i];
	d = xcalloc(1, sizeof *d);
	d->node = elem;
	d->name = prop(elem, "name", NULL);
	d->expect = prop(elem, "expect", FG_NS);
	d->hint = prop(elem, "hint", FG_NS);
	s->defs = xrealloc(s->defs, (s->ndefs + 1) * sizeof *s->defs);
	s->defs[s->ndefs++] = d;
	return d;
}

static void
add_kid(struct sdef *owner, struct sdef *kid, int required)
{
	size_t i;

	for (i = 0; i < owner->nkids; i++)
		if (owner->kids[i] == kid)
			break;
	if (i == owner->nkids) {
		owner->kids = xrealloc(owner->kids, (owner->nkids + 1) * sizeof *owner->kids);
		owner->kids[owner->nkids++] = kid;
	}
	if (required && kid->name) {
		owner->required = xrealloc(owner->required, (owner->nrequired + 1) * sizeof *owner->required);
		owner->required[owner->nrequired++] = kid->name;
	}
}

/* Walks a pattern, stopping at nested elements: what may appear directly inside owner. */
static void
collect(struct schema *s, xmlNodePtr pat, struct sdef *owner, int required, int depth)
{
	xmlNodePtr n, g = xmlDocGetRootElement(s->doc);

	if (depth > 64)
		return;
	for (n = pat->children; n; n = n->next) {
		if (!is_rng(n, NULL))
			continue;
		if (is_rng(n, "element")) {
			struct sdef *kid = def_for(s, n);

			if (kid->name)
				add_kid(owner, kid, required);
			else
				owner->open = 1;
		} else if (is_rng(n, "optional") || is_rng(n, "zeroOrMore") || is_rng(n, "choice")) {
			collect(s, n, owner, 0, depth + 1);
		} else if (is_rng(n, "oneOrMore") || is_rng(n, "group") || is_rng(n, "interleave")) {
			collect(s, n, owner, required, depth + 1);
		} else if (is_rng(n, "mixed")) {
			owner->text = 1;
			collect(s, n, owner, required, depth + 1);
		} else if (is_rng(n, "text") || is_rng(n, "data") || is_rng(n, "value") || is_rng(n, "list")) {
			owner->text = 1;
		} else if (is_rng(n, "ref")) {
			char *name = prop(n, "name", NULL);
			xmlNodePtr d;

			for (d = g->children; d && name; d = d->next) {
				char *dn;

				if (!is_rng(d, "define"))
					continue;
				dn = prop(d, "name", NULL);
				if (dn && strcmp(dn, name) == 0)
					collect(s, d, owner, required, depth + 1);
				free(dn);
			}
			free(name);
		} else if (!is_rng(n, "empty") && !is_rng(n, "attribute") && !is_rng(n, "notAllowed")) {
			owner->open = 1;	/* parentRef, externalRef, anyName ...: left to check_whole_document */
		}
	}
}

static struct sdef *
shape(struct schema *s, struct sdef *d)
{
	if (!d->built) {
		d->built = 1;
		collect(s, d->node, d, 1, 0);
	}
	return d;
}

static struct sdef *
kid_named(struct schema *s, struct sdef *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nkids; i++)
		if (d->kids[i]->name[0] == name[0] && strcmp(d->kids[i]->name, name) == 0)
			return shape(s, d->kids[i]);
	return NULL;
}

static xmlRelaxNGPtr
compile(xmlDocPtr doc)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewDocParserCtxt(doc);
	xmlRelaxNGPtr rng;

	xmlRelaxNGSetParserStructuredErrors(pc, quiet_handler, NULL);
	rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	return rng;
}

/* A grammar whose start is this one element, with all of the grammar's defines. */
static xmlRelaxNGPtr
leaf_grammar(struct schema *s, struct sdef *d)
{
	xmlNodePtr g = xmlDocGetRootElement(s->doc), root, start, n;
	xmlDocPtr doc;
	xmlNsPtr ns;
	xmlChar *lib;

	if (d->leaf || d->leaf_failed)
		return d->leaf;
	doc = xmlNewDoc(XC("1.0"));
	root = xmlNewDocNode(doc, NULL, XC("grammar"), NULL);
	ns = xmlNewNs(root, XC(RNG_NS), NULL);
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	/* datatypeLibrary is inherited: carry the nearest one over. */
	for (n = d->node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if ((lib = xmlGetProp(n, XC("datatypeLibrary")))) {
			xmlSetProp(root, XC("datatypeLibrary"), lib);
			xmlFree(lib);
			break;
		}
	start = xmlNewChild(root, ns, XC("start"), NULL);
	xmlAddChild(start, xmlDocCopyNode(d->node, doc, 1));
	for (n = g->children; n; n = n->next)
		if (is_rng(n, "define"))
			xmlAddChild(root, xmlDocCopyNode(n, doc, 1));
	d->leaf = compile(doc);
	d->leaf_failed = d->leaf == NULL;
	s->unjudged |= d->leaf_failed;
	xmlFreeDoc(doc);
	return d->leaf;
}

/* 1 when libxml2 accepts <name>value</name> against the element's definition. */
static int
relaxng_leaf_ok(struct schema *s, struct sdef *d, const char *value)
{
	xmlRelaxNGPtr rng = leaf_grammar(s, d);
	xmlRelaxNGValidCtxtPtr vc;
	xmlDocPtr doc;
	xmlNodePtr el;
	int rc;

	if (!rng)
		return 1;	/* not separable: check_whole_document judges it */
	doc = xmlNewDoc(XC("1.0"));
	el = xmlNewDocNode(doc, NULL, XC(d->name), NULL);
	xmlAddChild(el, xmlNewDocText(doc, XC(value)));
	xmlDocSetRootElement(doc, el);
	vc = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vc, quiet_handler, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc == 0;
}

/* XML's blanks: libxml2's RelaxNG skips a text node made of these alone. */
static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
all_blank(const char *v)
{
	while (is_blank(*v))
		v++;
	return *v == '\0';
}

/* The pattern children of an RNG element, annotations skipped: how many, the first max in out. */
static size_t
patterns(xmlNodePtr n, xmlNodePtr *out, size_t max)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c; c = c->next)
		if (is_rng(c, NULL)) {
			if (k < max)
				out[k] = c;
			k++;
		}
	return k;
}

/* The pattern p stands for, through <ref>s; NULL when a define is not one pattern. */
static xmlNodePtr
deref(struct schema *s, xmlNodePtr p)
{
	xmlNodePtr g = xmlDocGetRootElement(s->doc), d, found;
	int hops = 0;

	while (p && is_rng(p, "ref")) {
		char *name = prop(p, "name", NULL);
		int n = 0;

		for (d = g->children, found = NULL; d && name; d = d->next) {
			char *dn = is_rng(d, "define") ? prop(d, "name", NULL) : NULL;

			if (dn && strcmp(dn, name) == 0) {
				found = d;
				n++;
			}
			free(dn);
		}
		free(name);
		if (n != 1 || ++hops > 64 || patterns(found, &p, 1) != 1)
			return NULL;
	}
	return p;
}

/* 1 when p accepts elements only, so no text but blanks. */
static int
elements_only(struct schema *s, xmlNodePtr p, int depth)
{
	xmlNodePtr c;

	if (depth > 64 || !(p = deref(s, p)))
		return 0;
	if (is_rng(p, "element") || is_rng(p, "empty") || is_rng(p, "notAllowed"))
		return 1;
	if (!is_rng(p, "optional") && !is_rng(p, "zeroOrMore") && !is_rng(p, "oneOrMore") &&
	    !is_rng(p, "interleave") && !is_rng(p, "group") && !is_rng(p, "choice"))
		return 0;
	for (c = p->children; c; c = c->next)
		if (is_rng(c, NULL) && !elements_only(s, c, depth + 1))
			return 0;
	return 1;
}

static void
add_alt(struct sdef *d, struct alt a)
{
	d->alts = xrealloc(d->alts, (d->nalts + 1) * sizeof *d->alts);
	d->alts[d->nalts++] = a;
}

static void
free_alt(struct alt *a)
{
	size_t i;

	free(a->token);
	for (i = 0; i < a->nre; i++) {
		if (a->re[i])
			xmlRegFreeRegexp(a->re[i]);
		pattern_free(a->fast[i]);
	}
	free(a->re);
	free(a->fast);
}

/*
 * <data type="string"> of XSD with pattern params only. XSD's string keeps
 * whitespace as it is (no collapsing, unlike token), and libxml2 runs the
 * facet on the text as written; xmlRegexpExec, like XSD, anchors at both ends.
 */
static int
add_string(struct sdef *d, xmlNodePtr p)
{
	struct alt a = {ALT_PATTERNS, NULL, NULL, NULL, 0};
	char *type = prop(p, "type", NULL);
	int ok = type && strcmp(type, "string") == 0;
	xmlChar *lib = NULL;
	xmlNodePtr c, n;

	free(type);
	for (n = p; ok && n && n->type == XML_ELEMENT_NODE && !lib; n = n->parent)
		lib = xmlGetProp(n, XC("datatypeLibrary"));
	ok = ok && lib && xmlStrEqual(lib, XC(XSD_LIB));
	xmlFree(lib);
	for (c = p->children; ok && c; c = c->next) {
		char *name = is_rng(c, "param") ? prop(c, "name", NULL) : NULL;
		xmlChar *pat;

		if (!is_rng(c, NULL))
			continue;
		ok = name && strcmp(name, "pattern") == 0;	/* <except> or another facet: RelaxNG judges */
		free(name);
		if (!ok)
			break;
		pat = xmlNodeGetContent(c);
		a.re = xrealloc(a.re, (a.nre + 1) * sizeof *a.re);
		a.fast = xrealloc(a.fast, (a.nre + 1) * sizeof *a.fast);
		a.re[a.nre] = pat ? xmlRegexpCompile(pat) : NULL;
		/* Only a pattern libxml2 compiled: pattern.c reads a subset of what it does. */
		a.fast[a.nre] = a.re[a.nre] ? pattern_compile((const char *)pat) : NULL;
		xmlFree(pat);
		ok = a.re[a.nre++] != NULL;
	}
	if (ok)
		add_alt(d, a);
	else
		free_alt(&a);
	return ok;
}

/* The built-in token type's comparison (RelaxNG 6.2.9): blanks trimmed, runs as one space. */
static char *
collapse(const char *v)
{
	char *out = xmalloc(strlen(v) + 1), *o = out;

	while (is_blank(*v))
		v++;
	while (*v) {
		if (!is_blank(*v)) {
			*o++ = *v++;
			continue;
		}
		while (is_blank(*v))
			v++;
		if (*v)
			*o++ = ' ';
	}
	*o = '\0';
	return out;
}

/* 1 when v, collapsed, is tok (collapsed already). */
static int
token_equal(const char *v, const char *tok)
{
	while (is_blank(*v))
		v++;
	while (*v) {
		if (!is_blank(*v)) {
			if (*v++ != *tok++)
				return 0;
			continue;
		}
		while (is_blank(*v))
			v++;
		if (*v && *tok++ != ' ')
			return 0;
	}
	return *tok == '\0';
}

/* Adds the ways pattern p accepts a text; 0 when one of them needs RelaxNG itself. */
static int
add_alts(struct schema *s, struct sdef *d, xmlNodePtr p, int depth)
{
	xmlNodePtr c;

	if (depth > 64 || !(p = deref(s, p)))
		return 0;
	if (is_rng(p, "text")) {
		add_alt(d, (struct alt){ALT_TEXT, NULL, NULL, NULL, 0});
		return 1;
	}
	if (is_rng(p, "value") && !p->properties) {	/* no type: the built-in token */
		xmlChar *v = xmlNodeGetContent(p);

		add_alt(d, (struct alt){ALT_TOKEN, collapse(v ? (const char *)v : ""), NULL, NULL, 0});
		xmlFree(v);
		return 1;
	}
	if (is_rng(p, "data"))
		return add_string(d, p);
	if (!is_rng(p, "choice"))
		return 0;
	for (c = p->children; c; c = c->next)
		if (is_rng(c, NULL) && !elements_only(s, c, depth + 1) && !add_alts(s, d, c, depth + 1))
			return 0;
	return 1;
}

/* 1 when d's text is judged by its alts; built on first use. */
static int
fast_leaf(struct schema *s, struct sdef *d)
{
	xmlNodePtr p;
	size_t i;

	if (d->fast == TRI_UNKNOWN) {
		d->fast = s->plain && patterns(d->node, &p, 1) == 1 && add_alts(s, d, p, 0) ? TRI_YES : TRI_NO;
		if (d->fast == TRI_NO) {
			for (i = 0; i < d->nalts; i++)
				free_alt(&d->alts[i]);
			free(d->alts);
			d->alts = NULL;
			d->nalts = 0;
		}
	}
	return d->fast == TRI_YES;
}

/* The alts' verdict on a text that is not all blank: a choice takes any one that matches. */
static int
judge(const struct sdef *d, const char *value)
{
	size_t i, j;

	for (i = 0; i < d->nalts; i++) {
		const struct alt *a = &d->alts[i];

		if (a->kind == ALT_TEXT || (a->kind == ALT_TOKEN && token_equal(value, a->token)))
			return 1;
		if (a->kind != ALT_PATTERNS)
			continue;
		for (j = 0; j < a->nre && (a->fast[j] ? pattern_match(a->fast[j], value) :
		    xmlRegexpExec(a->re[j], XC(value)) == 1); j++)
			;
		if (j == a->nre)
			return 1;
	}
	return 0;
}

/*
 * 1 when libxml2 would accept <name>value</name>. A blank text is one that
 * RelaxNG may skip as ignorable, which the alts do not model: RelaxNG judges it.
 */
static int
leaf_ok(struct schema *s, struct sdef *d, const char *value)
{
	if (!all_blank(value) && fast_leaf(s, d))
		return judge(d, value);
	return relaxng_leaf_ok(s, d, value);
}

/*
 * Collects the elements of p into *els (n of them) when p is single elements
 * interleaved, each maybe optional or repeated; 0 for anything else.
 */
static int
particles(struct schema *s, xmlNodePtr p, xmlNodePtr **els, size_t *n, int depth)
{
	xmlNodePtr c;

	if (depth > 64 || !(p = deref(s, p)))
		return 0;
	if (is_rng(p, "interleave")) {
		for (c = p->children; c; c = c->next)
			if (is_rng(c, NULL) && !particles(s, c, els, n, depth + 1))
				return 0;
		return 1;
	}
	if (is_rng(p, "optional") || is_rng(p, "zeroOrMore") || is_rng(p, "oneOrMore"))
		if (patterns(p, &c, 1) != 1 || !(p = deref(s, c)))
			return 0;
	if (!is_rng(p, "element") || !xmlHasProp(p, XC("name")))
		return 0;
	*els = xrealloc(*els, (*n + 1) * sizeof **els);
	(*els)[(*n)++] = p;
	return 1;
}

/*
 * 1 when element d's content is independent members: particles with names
 * all different and none "item", none open (check_node skips those). A
 * mapping then matches when every member is known and matches, and the
 * required ones (not optional, not zeroOrMore) are there: exactly what
 * check_members asks.
 */
static int
independent(struct schema *s, struct sdef *d)
{
	xmlNodePtr p, *els = NULL;
	size_t n = 0, i, j;
	int ok = s->plain && !d->open && !d->text && patterns(d->node, &p, 1) == 1 &&
	    particles(s, p, &els, &n, 0);

	for (i = 0; ok && i < n; i++) {
		xmlChar *a = xmlGetProp(els[i], XC("name"));

		ok = !xmlStrEqual(a, XC("item")) && !shape(s, def_for(s, els[i]))->open;
		for (j = 0; ok && j < i; j++) {
			xmlChar *b = xmlGetProp(els[j], XC("name"));

			ok = !xmlStrEqual(a, b);
			xmlFree(b);
		}
		xmlFree(a);
	}
	free(els);
	return ok;
}

static int exact_seq(struct schema *s, struct sdef *d);

/*
 * 1 when a mapping that check_node passes under d is one libxml2 accepts:
 * d's members are independent and each is exact in turn (a text is judged by
 * leaf_ok either way). A recursive grammar is not exact.
 */
static int
exact_map(struct schema *s, struct sdef *d)
{
	size_t i;
	int ok;

	if (d->mapx != TRI_UNKNOWN)
		return d->mapx == TRI_YES;
	d->mapx = TRI_BUSY;
	shape(s, d);
	if (d->open)
		ok = 0;
	else if (d->nkids == 0 || (d->nkids == 1 && kid_named(s, d, "item")))
		ok = 1;	/* check_node refuses every mapping here */
	else
		ok = independent(s, d);
	for (i = 0; ok && i < d->nkids; i++)
		ok = exact_map(s, shape(s, d->kids[i])) && exact_seq(s, d->kids[i]);
	d->mapx = ok ? TRI_YES : TRI_NO;
	return ok;
}

/* 1 when p holds no element: text, data, value, list, or a choice of those. */
static int
text_only(struct schema *s, xmlNodePtr p, int depth)
{
	xmlNodePtr c;

	if (depth > 64 || !(p = deref(s, p)))
		return 0;
	if (is_rng(p, "text") || is_rng(p, "data") || is_rng(p, "value"))
		return 1;
	if (!is_rng(p, "choice"))
		return 0;
	for (c = p->children; c; c = c->next)
		if (is_rng(c, NULL) && !text_only(s, c, depth + 1))
			return 0;
	return 1;
}

/* 1 when p is zeroOrMore of item alone, or a choice of that and text-only patterns. */
static int
item_list(struct schema *s, xmlNodePtr p, xmlNodePtr item)
{
	xmlNodePtr c, e;
	int lists = 0;

	if (!(p = deref(s, p)))
		return 0;
	if (is_rng(p, "zeroOrMore"))
		return patterns(p, &e, 1) == 1 && deref(s, e) == item;
	if (!is_rng(p, "choice"))
		return 0;
	for (c = p->children; c; c = c->next) {
		if (!is_rng(c, NULL))
			continue;
		if (item_list(s, c, item) && !is_rng(deref(s, c), "choice"))
			lists++;
		else if (!text_only(s, c, 0))
			return 0;
	}
	return lists == 1;
}

/* 1 when a list that check_node passes under d is one libxml2 accepts: any number of exact items. */
static int
exact_seq(struct schema *s, struct sdef *d)
{
	struct sdef *item;
	xmlNodePtr p;
	int ok;

	if (d->seqx != TRI_UNKNOWN)
		return d->seqx == TRI_YES;
	d->seqx = TRI_BUSY;
	item = kid_named(s, d, "item");
	if (d->open)
		ok = 0;
	else if (!item)
		ok = 1;	/* check_node refuses every list here */
	else
		ok = s->plain && d->nkids == 1 && patterns(d->node, &p, 1) == 1 &&
		    item_list(s, p, item->node) && exact_map(s, item) && exact_seq(s, item);
	d->seqx = ok ? TRI_YES : TRI_NO;
	return ok;
}

/* The "(expected ...)" of a refused field: its fg:expect. */
static const char *
expect_of(const struct sdef *d)
{
	return d && d->expect ? d->expect : "what the schema allows";
}

/* The refused field's fg:hint, under the message just given. */
static void
hint_of(const struct sdef *d)
{
	if (d && d->hint)
		diag_hint("%s", d->hint);
}

static const char *
kind_name(enum ynode_kind k)
{
	return k == YNODE_MAP ? "a mapping" : k == YNODE_SEQ ? "a list" : "text";
}

static int check_node(struct schema *s, struct ynode *n, struct sdef *d, const char *field,
    const char *path);

/* Levenshtein distance, capped: short keys only. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[33], cur[33];

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof prev);
	}
	return prev[lb];
}

/*
 * The field a misspelt key most likely meant: within two edits, and unique;
 * at the root, among the ignored names too (*ignored set when it is one).
 */
static const char *
nearest(const struct schema *s, const struct sdef *d, const char *key, int *ignored)
{
	const char *best = NULL;
	size_t i, n = d->nkids + (d == s->root ? s->nignored : 0), bestd = 3;
	int ties = 0;

	*ignored = 0;
	for (i = 0; i < n; i++) {
		const char *name = i < d->nkids ? d->kids[i]->name : s->ignored[i - d->nkids];
		size_t dd = distance(key, name);

		if (dd < bestd) {
			bestd = dd;
			best = name;
			*ignored = i >= d->nkids;
			ties = 0;
		} else if (dd == bestd && (!best || strcmp(name, best) != 0)) {
			ties = 1;
		}
	}
	return ties ? NULL : best;
}

/*
 * field "." key, or key at the root, in buf when it fits, else newly
 * allocated (free it when it is not buf). By hand: printf and malloc cost
 * more than the check itself.
 */
static char *
member_name(char *buf, size_t size, const char *field, const char *key)
{
	size_t f = strlen(field), k = strlen(key);
	char *sub = f + k + 2 <= size ? buf : xmalloc(f + k + 2), *p = sub;

	if (f) {
		memcpy(p, field, f);
		p += f;
		*p++ = '.';
	}
	memcpy(p, key, k + 1);
	return sub;
}

/* field "[" i "]", in buf when it fits, else newly allocated. */
static char *
item_name(char *buf, size_t size, const char *field, int i)
{
	char digits[16], *sub, *d = digits + sizeof digits;
	size_t f = strlen(field), k;

	*--d = '\0';
	do
		*--d = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	k = (size_t)(digits + sizeof digits - 1 - d);
	sub = f + k + 3 <= size ? buf : xmalloc(f + k + 3);
	memcpy(sub, field, f);
	sub[f] = '[';
	memcpy(sub + f + 1, d, k);
	memcpy(sub + f + 1 + k, "]", 2);
	return sub;
}

static int
check_members(struct schema *s, struct ynode *n, struct sdef *d, const char *field, const char *path)
{
	struct ynode *m;
	int errs = 0;
	size_t i;

	for (m = n->child; m; m = m->next) {
		struct sdef *k = kid_named(s, d, m->key);
		char name[64], *sub = member_name(name, sizeof name, field, m->key);

		if (!k || strcmp(m->key, "item") == 0) {
			int ignored;
			const char *near = nearest(s, d, m->key, &ignored);
			struct buf b = {0};

			for (i = 0; i < d->nkids; i++)
				if (strcmp(d->kids[i]->name, "item") != 0)
					buf_addf(&b, "%s%s", b.len ? ", " : "", d->kids[i]->name);
			if (near && ignored) {
				/* A typo of a field the old site's templates had: still an error. */
				diag_error(path, m->key_line, m->key_col, "unknown field '%s' (did you mean "
				    "'%s', which ignore_fields lists?)", sub, near);
				buf_adds(&b, "; ignore_fields lists: ");
				for (i = 0; i < s->nignored; i++)
					buf_addf(&b, "%s%s", i ? ", " : "", s->ignored[i]);
				diag_hint("the fields are: %s", b.data);
			} else if (near) {
				diag_error(path, m->key_line, m->key_col, "unknown field '%s' (did you mean '%s'?)",
				    sub, near);
				diag_hint("the fields%s%s are: %s", *field ? " of " : "", field,
				    b.data ? b.data : "none");
			} else
				diag_error(path, m->key_line, m->key_col, "unknown field '%s' (expected one of: %s)",
				    sub, b.data ? b.data : "no fields");
			buf_free(&b);
			m->bad = 1;
			errs++;
		} else {
			errs += check_node(s, m, k, sub, path);
		}
		if (sub != name)
			free(sub);
	}
	for (i = 0; i < d->nrequired; i++) {
		struct sdef *k = kid_named(s, d, d->required[i]);

		if (strcmp(d->required[i], "item") != 0 && !ynode_get(n, d->required[i])) {
			diag_error(path, n->key_line, n->key_col, "missing required field '%s%s%s' (expected %s)",
			    field, *field ? "." : "", d->required[i], expect_of(k));
			hint_of(k);
			n->bad = 1;
			errs++;
		}
	}
	return errs;
}

static int
check_node(struct schema *s, struct ynode *n, struct sdef *d, const char *field, const char *path)
{
	struct sdef *item = kid_named(s, d, "item");
	struct ynode *m;
	int errs = 0, i = 0;

	if (d->open || n->bad)
		return 0;
	switch (n->kind) {
	case YNODE_SCALAR:
		if (!d->text) {
			diag_error(path, n->line, n->col, "'%s' must be %s, not text (expected %s)",
			    field, item ? "a list" : "a mapping", expect_of(d));
		} else if (*n->value == '\0') {
			diag_error(path, n->line, n->col, "'%s' is empty (expected %s)", field, expect_of(d));
		} else if (!leaf_ok(s, d, n->value)) {
			char *q = diag_quote(n->value);

			diag_error(path, n->line, n->col, "'%s' has an invalid value '%s' (expected %s)",
			    field, q, expect_of(d));
			free(q);
		} else {
			return 0;
		}
		hint_of(d);
		break;
	case YNODE_SEQ:
		if (!item) {
			diag_error(path, n->line, n->col, "'%s' must be %s, not a list (expected %s)", field,
			    d->nkids ? "a mapping" : "text", expect_of(d));
			hint_of(d);
			break;
		}
		for (m = n->child; m; m = m->next) {
			char name[64], *sub = item_name(name, sizeof name, field, ++i);

			errs += check_node(s, m, item, sub, path);
			if (sub != name)
				free(sub);
		}
		return errs;
	case YNODE_MAP:
		if (d->nkids == 0 || (item && d->nkids == 1)) {
			diag_error(path, n->line, n->col, "'%s' must be %s, not a mapping (expected %s)", field,
			    item ? "a list" : "text", expect_of(d));
			hint_of(d);
			break;
		}
		return check_members(s, n, d, field, path);
	}
	n->bad = 1;
	return 1;
}

/* The tree as XML: a key becomes an element, a list <item> children. */
static void
to_xml(xmlDocPtr doc, xmlNodePtr parent, struct ynode *n)
{
	struct ynode *m;

	if (n->kind == YNODE_SCALAR) {
		xmlAddChild(parent, xmlNewDocText(doc, XC(n->value)));
		return;
	}
	for (m = n->child; m; m = m->next) {
		xmlNodePtr el = xmlNewDocNode(doc, NULL, XC(m->key ? m->key : "item"), NULL);

		xmlAddChild(parent, el);
		to_xml(doc, el, m);
	}
}

/* 1 when libxml2 accepts the subtree of member m against the grammar g. */
static int
subtree_ok(xmlRelaxNGPtr g, const char *name, struct ynode *m)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(g);
	xmlDocPtr doc = xmlNewDoc(XC("1.0"));
	xmlNodePtr root = xmlNewDocNode(doc, NULL, XC(name), NULL);
	int rc;

	xmlDocSetRootElement(doc, root);
	to_xml(doc, root, m);	/* m's content: its text, or its members as elements */
	xmlRelaxNGSetValidStructuredErrors(vc, quiet_handler, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc == 0;
}

/* 1 when n or anything inside it was already refused: one message per mistake. */
static int
refused(const struct ynode *n)
{
	const struct ynode *m;

	if (n->bad)
		return 1;
	for (m = n->child; m; m = m->next)
		if (refused(m))
			return 1;
	return 0;
}

/*
 * Mappings and lists the shape walk passed, each against its own definition:
 * what the walk does not model (a field required inside a choice, such as an
 * author's name) is found here, per field, however many other errors there are.
 */
static int
check_structured_fields(struct schema *s, struct ynode *tree, const char *path)
{
	struct ynode *m;
	int errs = 0;

	for (m = tree->child; m; m = m->next) {
		struct sdef *d;
		xmlRelaxNGPtr g;

		if (m->kind == YNODE_SCALAR || refused(m) || !(d = kid_named(s, s->root, m->key)))
			continue;
		if (!s->unjudged && (m->kind == YNODE_MAP ? exact_map(s, d) : exact_seq(s, d)))
			continue;	/* the walk passed it and asks all that the grammar does */
		if ((g = leaf_grammar(s, d)) && !subtree_ok(g, m->key, m)) {
			diag_error(path, m->key_line, m->key_col, "'%s' does not match the schema (expected %s)",
			    m->key, expect_of(d));
			m->bad = 1;
			errs++;
		}
	}
	return errs;
}

/* 1 when libxml2 accepts the tree against the whole grammar. */
static int
whole_ok(struct schema *s, struct ynode *tree)
{
	xmlRelaxNGValidCtxtPtr vc;
	xmlDocPtr doc = xmlNewDoc(XC("1.0"));
	xmlNodePtr root = xmlNewDocNode(doc, NULL, XC(s->root->name), NULL);
	int rc;

	xmlDocSetRootElement(doc, root);
	to_xml(doc, root, tree);
	vc = xmlRelaxNGNewValidCtxt(s->whole);
	xmlRelaxNGSetValidStructuredErrors(vc, quiet_handler, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc == 0;
}

/*
 * The whole tree against the whole grammar, under the field by field checks:
 * for what only the fields together can break (a newsroom's co-occurrence rule).
 */
static int
check_whole_document(struct schema *s, struct ynode *tree, const char *path)
{
	if (whole_ok(s, tree))
		return 0;
	diag_error(path, tree->key_line, tree->key_col, "the fields do not match the schema together "
	    "(expected what %s allows)", s->path);
	return 1;
}

static int
check_inner_needs(struct schema *s, struct ynode *tree, const char *path)
{
	size_t i;
	int errs = 0;

	for (i = 0; i < sizeof inner_needs / sizeof *inner_needs; i++) {
		const struct inner_need *nd = &inner_needs[i];
		struct ynode *p;

		if (strcmp(nd->root, s->root->name) != 0)
			continue;
		for (p = tree->child; p && strcmp(p->key, nd->parent) != 0; p = p->next)
			;
		if (!p || p->kind != YNODE_MAP || ynode_get(p, nd->field))
			continue;
		diag_error(path, p->key_line, p->key_col, "missing required field '%s.%s' (feedgen "
		    "needs it, though %s makes it optional)", nd->parent, nd->field, s->path);
		p->bad = 1;
		errs++;
	}
	return errs;
}

void
schema_ignore(struct schema *s, char *const *names, size_t n)
{
	s->ignored = names;
	s->nignored = n;
}

int
schema_check(struct schema *s, struct ynode *tree, const char *path)
{
	int errs;

	if (tree->kind != YNODE_MAP) {
		diag_error(path, tree->line, tree->col, "expected a mapping of 'key: value' lines, found %s",
		    kind_name(tree->kind));
		tree->bad = 1;
		return 1;
	}
	errs = check_members(s, tree, s->root, "", path);
	errs += check_structured_fields(s, tree, path);
	/*
	 * After any refusal the document fails as a whole too: that says nothing
	 * new. Nor does a check of independent members that each passed.
	 */
	if (errs == 0 && !refused(tree) && !(s->free_root && !s->unjudged))
		errs = check_whole_document(s, tree, path);
	if (errs == 0 && !refused(tree))
		errs = check_inner_needs(s, tree, path);
	return errs;
}

int
schema_leaf_verdicts(struct schema *s, const char *field, const char *value, int *ours, int *relaxng)
{
	struct sdef *d = s->root;
	char *f = xstrdup(field), *part, *save = NULL;

	for (part = strtok_r(f, ".", &save); d && part; part = strtok_r(NULL, ".", &save))
		d = kid_named(s, d, part);
	free(f);
	if (!d)
		return -1;
	*ours = leaf_ok(s, d, value);
	*relaxng = relaxng_leaf_ok(s, d, value);
	return fast_leaf(s, d);
}

int
schema_whole_ok(struct schema *s, struct ynode *tree)
{
	return whole_ok(s, tree);
}

/* Reports each need the grammar drops; 1 when it keeps them all. */
static int
keeps_needs(struct schema *s, const char *root)
{
	const char *every = strcmp(root, "entry") == 0 ? "every entry" : "the configuration";
	size_t i, j;
	int ok = 1;

	for (i = 0; i < sizeof needs / sizeof *needs; i++) {
		const struct need *nd = &needs[i];
		struct sdef *d;
		int required = 0;

		if (strcmp(nd->root, root) != 0)
			continue;
		for (j = 0; j < s->root->nrequired; j++)
			required |= strcmp(s->root->required[j], nd->field) == 0;
		d = kid_named(s, s->root, nd->field);
		if (!d || !required) {
			diag_error(s->path, 0, 0, "'%s' must stay required (feedgen needs it in %s)",
			    nd->field, every);
			ok = 0;
		} else if (nd->text && (!d->text || d->nkids > 0 || d->open)) {
			diag_error(s->path, 0, 0, "'%s' must stay text (feedgen reads it as one value, "
			    "not a mapping or a list)", nd->field);
			ok = 0;
		} else if (d->open || kid_named(s, d, "item")) {
			diag_error(s->path, 0, 0, "'%s' must stay text or a mapping (feedgen reads no "
			    "list there)", nd->field);
			ok = 0;
		}
	}
	return ok;
}

/* 1 when no part of the grammar needs context the fast paths do not carry. */
static int
plain(xmlNodePtr n)
{
	static const char *const kinds[] = {"anyName", "div", "externalRef", "grammar", "include",
	    "nsName", "parentRef"};
	xmlNodePtr c;
	size_t i;
	char *type;

	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if (is_rng(n, NULL) && (xmlHasProp(n, XC("ns")) || xmlHasProp(n, XC("combine"))))
		return 0;
	/* XSD's ID and IDREF speak of the whole document: keep its check. */
	if ((is_rng(n, "data") || is_rng(n, "value")) && (type = prop(n, "type", NULL))) {
		int across = strncmp(type, "ID", 2) == 0;

		free(type);
		if (across)
			return 0;
	}
	for (i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (n->parent->type == XML_ELEMENT_NODE && is_rng(n, kinds[i]))
			return 0;
	for (c = n->children; c; c = c->next)
		if (!plain(c))
			return 0;
	return 1;
}

/* 1 when the start is the root element alone, its members independent. */
static int
free_root(struct schema *s)
{
	xmlNodePtr g = xmlDocGetRootElement(s->doc), n, p;
	int starts = 0, ok = 0;

	for (n = g->children; n; n = n->next)
		if (is_rng(n, "start")) {
			starts++;
			ok = patterns(n, &p, 1) == 1 && deref(s, p) == s->root->node;
		}
	return starts == 1 && ok && independent(s, s->root);
}

static void
load_error(void *ctx, xmlErrorPtr err)
{
	const char *path = ctx;

	char *msg = xstrdup(err->message ? err->message : "?");

	msg[strcspn(msg, "\n")] = '\0';
	diag_error(path, err->line, 0, "invalid schema: %s", msg);
	free(msg);
}

struct schema *
schema_load(const char *path, const char *root)
{
	struct schema *s = xcalloc(1, sizeof *s);
	struct sdef top = {0};
	xmlParserCtxtPtr pc;
	xmlNodePtr g, n;
	size_t i;

	s->path = xstrdup(path);
	xmlSetStructuredErrorFunc(NULL, quiet_handler);
	if (access(path, R_OK) < 0) {
		diag_syserr(path, "cannot read the schema");
		schema_free(s);
		return NULL;
	}
	pc = xmlNewParserCtxt();
	s->doc = xmlCtxtReadFile(pc, path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!s->doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(pc);

		char *msg = xstrdup(e && e->message ? e->message : "unreadable");

		msg[strcspn(msg, "\n")] = '\0';
		diag_error(path, e ? e->line : 0, 0, "cannot load schema: %s", msg);
		free(msg);
		xmlFreeParserCtxt(pc);
		schema_free(s);
		return NULL;
	}
	xmlFreeParserCtxt(pc);
	{
		xmlRelaxNGParserCtxtPtr rc = xmlRelaxNGNewDocParserCtxt(s->doc);

		xmlRelaxNGSetParserStructuredErrors(rc, load_error, s->path);
		s->whole = xmlRelaxNGParse(rc);
		xmlRelaxNGFreeParserCtxt(rc);
	}
	g = xmlDocGetRootElement(s->doc);
	if (!s->whole || !g || !is_rng(g, "grammar")) {
		if (s->whole)
			diag_error(path, 0, 0, "schema must be a RelaxNG <grammar>");
		schema_free(s);
		return NULL;
	}
	for (n = g->children; n; n = n->next)
		if (is_rng(n, "start"))
			collect(s, n, &top, 1, 0);
	for (i = 0; i < top.nkids; i++)
		if (strcmp(top.kids[i]->name, root) == 0)
			s->root = shape(s, top.kids[i]);
	free(top.kids);
	free(top.required);
	if (!s->root) {
		diag_error(path, 0, 0, "schema does not start with element '%s'", root);
		schema_free(s);
		return NULL;
	}
	if (!keeps_needs(s, root)) {
		schema_free(s);
		return NULL;
	}
	s->plain = plain(g);
	s->free_root = s->plain && free_root(s);
	return s;
}

void
schema_free(struct schema *s)
{
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->ndefs; i++) {
		struct sdef *d = s->defs[i];

		free(d->name);
		free(d->expect);
		free(d->hint);
		free(d->kids);
		free(d->required);
		if (d->leaf)
			xmlRelaxNGFree(d->leaf);
		for (j = 0; j < d->nalts; j++)
			free_alt(&d->alts[j]);
		free(d->alts);
		free(d);
	}
	free(s->defs);
	if (s->whole)
		xmlRelaxNGFree(s->whole);
	xmlFreeDoc(s->doc);
	free(s->path);
	free(s);
}
