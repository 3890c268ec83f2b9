/* liquid.c: Jekyll's common Liquid tags to Markdown; every other tag left and located. */
#include "liquid.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

/* One tag: where it starts and ends in the text, and its name and argument, trimmed. */
struct tag {
	size_t start, end;	/* text[start..end) is the whole tag */
	int block;		/* {% %}; else {{ }} */
	const char *name, *arg;
	size_t nname, narg;
};

struct conv {
	const char *text;
	size_t len;
	const struct liquid_site *site;
	struct buf out;
	struct linemap *map;
	struct liquid_left *left;
	size_t nleft;
	int in_highlight;	/* converting a highlight block's content */
};

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *
find(const char *s, size_t len, size_t from, const char *what)
{
	size_t n = strlen(what);

	for (; from + n <= len; from++)
		if (s[from] == what[0] && memcmp(s + from, what, n) == 0)
			return s + from;
	return NULL;
}

/*
 * Reads the tag opening at text[p] ("{%" or "{{"). Returns 0, or -1 when it
 * has no end. Whitespace control ("{%-", "-%}") is read as blanks.
 */
static int
read_tag(const char *text, size_t len, size_t p, struct tag *t)
{
	const char *end = find(text, len, p + 2, text[p + 1] == '%' ? "%}" : "}}");
	const char *s = text + p + 2, *e;

	if (!end)
		return -1;
	t->start = p;
	t->end = (size_t)(end - text) + 2;
	t->block = text[p + 1] == '%';
	e = end;
	if (s < e && *s == '-')
		s++;
	if (e > s && e[-1] == '-')
		e--;
	while (s < e && blank(*s))
		s++;
	while (e > s && blank(e[-1]))
		e--;
	t->name = s;
	while (s < e && !blank(*s))
		s++;
	t->nname = (size_t)(s - t->name);
	while (s < e && blank(*s))
		s++;
	t->arg = s;
	t->narg = (size_t)(e - s);
	return 0;
}

static int
named(const struct tag *t, const char *name)
{
	return t->block && t->nname == strlen(name) && memcmp(t->name, name, t->nname) == 0;
}

/* The next {% NAME %} tag at or after from, or -1. */
static int
find_block(const char *text, size_t len, size_t from, const char *name, struct tag *t)
{
	const char *p;

	while ((p = find(text, len, from, "{%"))) {
		if (read_tag(text, len, (size_t)(p - text), t) < 0)
			return -1;
		if (named(t, name))
			return 0;
		from = t->end;
	}
	return -1;
}

/* Leaves text[start..end) as it is, and lists it, with why and what was expected (static; or NULL). */
static void
leave_why(struct conv *c, size_t start, size_t end, const char *why, const char *expected)
{
	struct liquid_left *l;

	c->left = xrealloc(c->left, (c->nleft + 1) * sizeof *c->left);
	l = &c->left[c->nleft++];
	linemap_locate(c->map, start, &l->line, &l->col);
	l->tag = xstrndup(c->text + start, end - start);
	l->why = why;
	l->expected = expected;
	buf_add(&c->out, c->text + start, end - start);
}

/* Leaves a tag feedgen never converts. */
static void
leave(struct conv *c, size_t start, size_t end)
{
	leave_why(c, start, end, NULL, NULL);
}

/* The site URL's path without its last '/' ("/blog"; "" at the root). */
static void
add_baseurl(struct buf *b, const char *url)
{
	const char *p = strstr(url, "://"), *path;
	size_t n;

	path = p ? strchr(p + 3, '/') : NULL;
	if (!path)
		return;
	n = strcspn(path, "?#");
	while (n > 0 && path[n - 1] == '/')
		n--;
	buf_add(b, path, n);
}

/* The site URL's scheme and host, as Jekyll's site.url holds them. */
static void
add_origin(struct buf *b, const char *url)
{
	const char *p = strstr(url, "://");
	size_t n = p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : strlen(url);

	buf_add(b, url, n);
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* {% link PATH %} to a page that is not a post: the site URL plus PATH, Markdown as .html. */
static void
add_page_link(struct buf *b, const char *url, const char *path, size_t n)
{
	while (n > 0 && *path == '/')
		path++, n--;
	buf_adds(b, url);
	if (ends_with(path, n, ".markdown"))
		n -= 9;
	else if (ends_with(path, n, ".md"))
		n -= 3;
	else if (ends_with(path, n, ".html"))
		n -= 5;
	else {
		buf_add(b, path, n);
		return;
	}
	buf_add(b, path, n);
	buf_adds(b, ".html");
}

/* The longest run of backticks in s[0..n), so a fence can be longer. */
static size_t
longest_ticks(const char *s, size_t n)
{
	size_t i, run = 0, most = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	return most;
}

static void
fence(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, '`');
}

/* A post's link by the callback, for post_url and link; 0 when there is none. */
static int
add_post_link(struct conv *c, const struct tag *t)
{
	char *ref;
	const char *link;

	if (!c->site->post_link || t->narg == 0 || memchr(t->arg, '{', t->narg) ||
	    memchr(t->arg, ' ', t->narg))
		return 0;
	ref = xstrndup(t->arg, t->narg);
	link = c->site->post_link(c->site->arg, ref);
	free(ref);
	if (!link)
		return 0;
	buf_adds(&c->out, link);
	return 1;
}

static void convert(struct conv *c, size_t from, size_t to);

/*
 * A highlight block: its content, converted on its own (a tag in it ends
 * with the block), in a fence longer than any run of backticks the
 * converted content holds, the fences on lines of their own.
 */
static void
highlight(struct conv *c, const struct tag *t, const struct tag *close, size_t to)
{
	/* The language is the first word; a backtick would unmake the fence (CommonMark 4.5). */
	size_t lang = strcspn(t->arg, " \t\r\n%-`"), at, n, fence_len;
	struct buf head = {0};
	char *code;

	if (c->out.len && c->out.data[c->out.len - 1] != '\n')
		buf_addc(&c->out, '\n');
	at = c->out.len;
	c->in_highlight = 1;
	convert(c, t->end, close->start);
	c->in_highlight = 0;
	/* The fence goes before the converted content: take it out, then put it back. */
	n = c->out.len - at;
	code = xmalloc(n + 1);
	if (n)
		memcpy(code, c->out.data + at, n);
	c->out.len = at;
	fence_len = longest_ticks(code, n) + 1;
	if (fence_len < 3)
		fence_len = 3;
	fence(&head, fence_len);
	buf_add(&head, t->arg, lang < t->narg ? lang : t->narg);
	if (n == 0 || (code[0] != '\n' && code[0] != '\r'))
		buf_addc(&head, '\n');
	buf_add(&c->out, head.data, head.len);
	buf_add(&c->out, code, n);
	buf_free(&head);
	free(code);
	if (c->out.data[c->out.len - 1] != '\n')
		buf_addc(&c->out, '\n');
	fence(&c->out, fence_len);
	/* A closing fence may be followed only by blanks (CommonMark 4.5). */
	if (close->end < to && c->text[close->end] != '\n' && c->text[close->end] != '\r')
		buf_addc(&c->out, '\n');
}

/* A {% %} tag at t, in a range that ends at to. Returns where the scan goes on; highlight and raw take their block along. */
static size_t
block_tag(struct conv *c, const struct tag *t, size_t to)
{
	struct tag close;

	if (named(t, "raw")) {
		if (find_block(c->text, to, t->end, "endraw", &close) == 0) {
			buf_add(&c->out, c->text + t->end, close.start - t->end);
			return close.end;
		}
		leave_why(c, t->start, t->end, "has no '{% endraw %}' after it",
		    "'{% endraw %}' where the raw text ends");
		return t->end;
	}
	if (named(t, "highlight") && t->narg && find_block(c->text, to, t->end, "endhighlight", &close) == 0) {
		highlight(c, t, &close, to);
		return close.end;
	}
	if (named(t, "highlight")) {
		/* Inside a highlight block, a second one finds no end: its block ends first. */
		if (c->in_highlight)
			leave_why(c, t->start, t->end, "is inside another highlight block",
			    "'{% endhighlight %}' before it");
		else if (!t->narg)
			leave_why(c, t->start, t->end, "names no language", "'{% highlight LANG %}'");
		else
			leave_why(c, t->start, t->end, "has no '{% endhighlight %}' after it",
			    "'{% endhighlight %}' where the code ends");
		return t->end;
	}
	if (named(t, "endraw")) {
		leave_why(c, t->start, t->end, "ends no raw text", "'{% raw %}' before it");
		return t->end;
	}
	if (named(t, "endhighlight")) {
		leave_why(c, t->start, t->end, "ends no highlight block", "'{% highlight LANG %}' before it");
		return t->end;
	}
	if (named(t, "post_url")) {
		if (add_post_link(c, t))
			return t->end;
		if (c->site->post_link && t->narg && !memchr(t->arg, '{', t->narg) &&
		    !memchr(t->arg, ' ', t->narg)) {
			leave_why(c, t->start, t->end, "names no post of the site",
			    "the name of a file in _posts, without its extension");
			return t->end;
		}
	}
	if (named(t, "link") && t->narg && !memchr(t->arg, '{', t->narg)) {
		if (t->narg > 7 && memcmp(t->arg, "_posts/", 7) == 0) {
			if (add_post_link(c, t))
				return t->end;
			if (c->site->post_link && !memchr(t->arg, ' ', t->narg)) {
				leave_why(c, t->start, t->end, "names no post of the site",
				    "the path of a file in _posts, from the site's folder");
				return t->end;
			}
		} else if (!memchr(t->arg, ' ', t->narg)) {
			add_page_link(&c->out, c->site->url, t->arg, t->narg);
			return t->end;
		}
	}
	leave(c, t->start, t->end);
	return t->end;
}

/* 1 when s[0..n) starts with a URI scheme ("https:", "mailto:"), as Jekyll's URL filters read it. */
static int
has_scheme(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (i = 1; i < n; i++) {
		char ch = s[i];

		if (ch == ':')
			return 1;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '+' || ch == '-' || ch == '.'))
			return 0;
	}
	return 0;
}

/* s[0..n) with what may not stand in a URL (controls, spaces, non-ASCII, "<>...) percent-encoded. */
static void
add_encoded(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= 0x20 || ch >= 0x7f || strchr("\"<>\\^`{|}", ch)) {
			buf_addc(b, '%');
			buf_addc(b, hex[ch >> 4]);
			buf_addc(b, hex[ch & 15]);
		} else
			buf_addc(b, (char)ch);
	}
}

/*
 * {{ "STRING" | relative_url }} or {{ 'STRING' | absolute_url }}: the site
 * URL's scheme and host, its path and STRING, as Jekyll's absolute_url joins
 * them (a '/' between; a STRING with a scheme as it is). Returns 0 when the
 * tag is anything else (a variable, another filter, two filters).
 */
static int
url_filter(struct conv *c, const struct tag *t)
{
	const char *s = t->name, *e = t->arg + t->narg, *str, *q, *f;
	size_t nstr, nf, before;

	if (s >= e || (*s != '"' && *s != '\''))
		return 0;
	q = memchr(s + 1, *s, (size_t)(e - s - 1));
	if (!q)
		return 0;
	str = s + 1;
	nstr = (size_t)(q - str);
	for (s = q + 1; s < e && blank(*s); s++)
		;
	if (s >= e || *s != '|')
		return 0;
	for (s++; s < e && blank(*s); s++)
		;
	f = s;
	nf = (size_t)(e - f);
	if (!(nf == 12 && (memcmp(f, "relative_url", 12) == 0 || memcmp(f, "absolute_url", 12) == 0)))
		return 0;
	if (memchr(str, '\n', nstr) || memchr(str, '\r', nstr))
		return 0;
	if (has_scheme(str, nstr)) {
		buf_add(&c->out, str, nstr);
		return 1;
	}
	add_origin(&c->out, c->site->url);
	before = c->out.len;
	add_baseurl(&c->out, c->site->url);
	/* At the root, Jekyll's "" | absolute_url is the URL with its path '/'. */
	if ((nstr && *str != '/') || (!nstr && c->out.len == before))
		buf_addc(&c->out, '/');
	add_encoded(&c->out, str, nstr);
	return 1;
}

/*
 * A {{ }} tag at t: site.baseurl, site.url, a quoted string through
 * relative_url or absolute_url, or left (Hugo's shortcodes too).
 */
static void
output_tag(struct conv *c, const struct tag *t)
{
	const char *s = c->text + t->start + 2;

	if (*s != '<' && *s != '%' && url_filter(c, t))
		return;
	if (*s != '<' && *s != '%' && t->narg == 0) {
		if (t->nname == 12 && memcmp(t->name, "site.baseurl", 12) == 0) {
			add_baseurl(&c->out, c->site->url);
			return;
		}
		if (t->nname == 8 && memcmp(t->name, "site.url", 8) == 0) {
			add_origin(&c->out, c->site->url);
			return;
		}
	}
	leave(c, t->start, t->end);
}

/* Converts text[from..to) onto c->out: a tag ends within the range. */
static void
convert(struct conv *c, size_t from, size_t to)
{
	const char *text = c->text;
	size_t i = from;

	while (i < to) {
		const char *a = find(text, to, i, "{%"), *b = find(text, to, i, "{{");
		const char *p = !a ? b : !b ? a : a < b ? a : b;
		struct tag t;

		if (!p) {
			buf_add(&c->out, text + i, to - i);
			break;
		}
		buf_add(&c->out, text + i, (size_t)(p - text) - i);
		i = (size_t)(p - text);
		if (read_tag(text, to, i, &t) < 0) {
			/* No end: the rest of its line is what a person will look for. */
			size_t e = i;

			while (e < to && text[e] != '\n' && text[e] != '\r')
				e++;
			leave_why(c, i, e, "has no end", text[i + 1] == '%' ? "'%}' to end it" : "'}}' to end it");
			i = e;
			continue;
		}
		if (t.block)
			i = block_tag(c, &t, to);
		else {
			output_tag(c, &t);
			i = t.end;
		}
	}
}

char *
liquid_convert(const char *text, size_t len, const struct liquid_site *site,
    struct liquid_left **left, size_t *nleft)
{
	struct conv c = {text, len, site, {0}, linemap_new(text, len), NULL, 0, 0};

	convert(&c, 0, len);
	linemap_free(c.map);
	*left = c.left;
	*nleft = c.nleft;
	return buf_steal(&c.out);
}

void
liquid_left_free(struct liquid_left *left, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(left[i].tag);
	free(left);
}
