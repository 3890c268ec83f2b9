/*
 * liquid.h: Jekyll's Liquid in a post body turned into plain Markdown where
 * the meaning is plain (highlight, link, post_url, raw, site.baseurl,
 * site.url, a quoted string through absolute_url or relative_url), every
 * other tag left as it is and listed with its position and, when it is known,
 * why.
 */
#ifndef FEEDGEN_LIQUID_H
#define FEEDGEN_LIQUID_H

#include <stddef.h>

/* What the conversion needs to know about the site; the strings are the caller's. */
struct liquid_site {
	const char *url;	/* the new site URL, absolute, ending in '/' */
	/*
	 * The new absolute link of the post that a `{% post_url NAME %}` or a
	 * `{% link _posts/NAME.md %}` names (ref as written), or NULL when no
	 * post has that name. May be NULL: every such tag is then left.
	 */
	const char *(*post_link)(void *arg, const char *ref);
	void *arg;
};

/*
 * A tag left as it is: where it starts in the text (1-based, column in
 * characters), and, for a tag feedgen converts that cannot be converted
 * here, why (static phrases): why completes "Liquid tag 'T' ..." ("names
 * no post of the site"), expected completes "expected ..." ("the name of a
 * file in _posts, without its extension"). Both NULL for a tag feedgen
 * never converts ({% include %}, {{ page.x }}, a shortcode).
 */
struct liquid_left {
	int line, col;
	char *tag;		/* the tag as written, "{% include note.html %}" */
	const char *why, *expected;
};

/*
 * Converts text[0..len) (a post body): `{% highlight LANG [linenos] %}` ...
 * `{% endhighlight %}` to a fenced code block (the first endhighlight ends
 * it; the code is converted on its own, and the fences are on lines of their
 * own), `{% link _posts/X.md %}` and
 * `{% post_url X %}` to the post's new link, any other `{% link PATH %}` to
 * the site URL plus PATH (.md and .markdown read as .html), `{{ site.baseurl }}`
 * to the site URL's path without its last '/', `{{ site.url }}` to the site
 * URL's scheme and host (Jekyll's site.url holds no path), `{% raw %}`
 * ... `{% endraw %}` to its content as it is, `{{ "/x" | relative_url }}`
 * and `{{ '/x' | absolute_url }}` (a quoted string through that one filter)
 * to the site URL's scheme and host, its path without its last '/', '/'
 * and the string, as Jekyll's absolute_url gives it (a string with a
 * scheme as it is, what may not stand in a URL percent-encoded): the links
 * import writes are absolute. Every other `{% %}` and `{{ }}`
 * (Hugo's shortcodes `{{< >}}` and `{{% %}}` too), and any tag without its
 * end, is left as it is and listed in *left (*nleft of them, in the text's
 * order; NULL when none; free with liquid_left_free). Returns the converted
 * text, newly allocated; the caller frees it. A pure function.
 */
char *liquid_convert(const char *text, size_t len, const struct liquid_site *site,
    struct liquid_left **left, size_t *nleft);
/* liquid_left_free(NULL, 0) does nothing. */
void liquid_left_free(struct liquid_left *left, size_t n);

#endif
