/* test_liquid.c: unit tests for Liquid to Markdown (import's post bodies). */
#include "unit.h"
#include "liquid.h"

#include <stdlib.h>
#include <string.h>

static const char *
links(void *arg, const char *ref)
{
	(void)arg;
	if (strcmp(ref, "2024-03-02-first") == 0 || strcmp(ref, "_posts/2024-03-02-first.md") == 0 ||
	    strcmp(ref, "news/2024-03-02-first") == 0)
		return "https://news.example.org/blog/2024/03/02/first.html";
	return NULL;
}

static const struct liquid_site site = {"https://news.example.org/blog/", links, NULL};

/* Converts in, which must leave no tag, and checks the text. */
static void
expect(const char *in, const char *want)
{
	struct liquid_left *left;
	size_t n;
	char *out = liquid_convert(in, strlen(in), &site, &left, &n);

	assert_string_equal(out, want);
	assert_int_equal(n, 0);
	assert_null(left);
	free(out);
}

/*
 * Converts in and checks the text and the one tag left, at line:col, with
 * its reason and what was expected (NULL, NULL: a tag feedgen never converts).
 */
static void
expect_why(const char *in, const char *want, const char *tag, int line, int col, const char *why,
    const char *expected)
{
	struct liquid_left *left;
	size_t n;
	char *out = liquid_convert(in, strlen(in), &site, &left, &n);

	assert_string_equal(out, want);
	assert_int_equal(n, 1);
	assert_string_equal(left[0].tag, tag);
	assert_int_equal(left[0].line, line);
	assert_int_equal(left[0].col, col);
	if (why) {
		assert_non_null(left[0].why);
		assert_string_equal(left[0].why, why);
		assert_non_null(left[0].expected);
		assert_string_equal(left[0].expected, expected);
	} else {
		assert_null(left[0].why);
		assert_null(left[0].expected);
	}
	liquid_left_free(left, n);
	free(out);
}

/* The one tag left is one feedgen never converts: no reason given. */
static void
expect_left(const char *in, const char *want, const char *tag, int line, int col)
{
	expect_why(in, want, tag, line, col, NULL, NULL);
}

static void
test_plain(void **state)
{
	(void)state;
	expect("", "");
	expect("No tags { here } % }.\n", "No tags { here } % }.\n");
	expect("{ {% raw %}%}{% endraw %}", "{ %}");
}

static void
test_site(void **state)
{
	(void)state;
	expect("[a]({{ site.baseurl }}/about/)", "[a](/blog/about/)");
	expect("{{site.baseurl}}|{{- site.baseurl -}}", "/blog|/blog");
	expect("{{ site.url }}{{ site.baseurl }}/x", "https://news.example.org/blog/x");
	expect_left("{{ site.title }}", "{{ site.title }}", "{{ site.title }}", 1, 1);
	expect_left("{{ site.baseurl | append: '/x' }}", "{{ site.baseurl | append: '/x' }}",
	    "{{ site.baseurl | append: '/x' }}", 1, 1);
}

static void
test_site_root(void **state)
{
	static const struct liquid_site root = {"https://news.example.org/", NULL, NULL};
	struct liquid_left *left;
	size_t n;
	char *out;

	(void)state;
	out = liquid_convert("<{{ site.baseurl }}>{{ site.url }}", 34, &root, &left, &n);
	assert_string_equal(out, "<>https://news.example.org");
	assert_int_equal(n, 0);
	free(out);
	/* Without a way to find posts, post_url is left. */
	out = liquid_convert("{% post_url 2024-03-02-first %}", 31, &root, &left, &n);
	assert_string_equal(out, "{% post_url 2024-03-02-first %}");
	assert_int_equal(n, 1);
	assert_null(left[0].why);
	liquid_left_free(left, n);
	free(out);
	/* Jekyll's answers with no baseurl: "" | absolute_url is the URL with its '/'. */
	out = liquid_convert("{{ '/a' | relative_url }} {{ '' | absolute_url }} {{ '' | relative_url }}", 73, &root,
	    &left, &n);
	assert_string_equal(out, "https://news.example.org/a https://news.example.org/ https://news.example.org/");
	assert_int_equal(n, 0);
	free(out);
}

static void
test_links(void **state)
{
	(void)state;
	expect("[x]({% post_url 2024-03-02-first %})", "[x](https://news.example.org/blog/2024/03/02/first.html)");
	expect("{% post_url news/2024-03-02-first %}", "https://news.example.org/blog/2024/03/02/first.html");
	expect("{%- link _posts/2024-03-02-first.md -%}", "https://news.example.org/blog/2024/03/02/first.html");
	expect("{% link about.md %} {% link /docs/x.markdown %} {% link a/b.html %} {% link f.pdf %}",
	    "https://news.example.org/blog/about.html https://news.example.org/blog/docs/x.html "
	    "https://news.example.org/blog/a/b.html https://news.example.org/blog/f.pdf");
	expect_why("see {% post_url 2020-01-01-gone %}.", "see {% post_url 2020-01-01-gone %}.",
	    "{% post_url 2020-01-01-gone %}", 1, 5, "names no post of the site",
	    "the name of a file in _posts, without its extension");
	expect_why("{% link _posts/2020-01-01-gone.md %}", "{% link _posts/2020-01-01-gone.md %}",
	    "{% link _posts/2020-01-01-gone.md %}", 1, 1, "names no post of the site",
	    "the path of a file in _posts, from the site's folder");
	/* A name from a variable, or more than a name: left, no reason guessed. */
	expect_left("{% link {{ page.x }} %}", "{% link {{ page.x }} %}", "{% link {{ page.x }} %}", 1, 1);
	expect_left("{% post_url {{ page.x }} %}", "{% post_url {{ page.x }} %}", "{% post_url {{ page.x }} %}",
	    1, 1);
	expect_left("{% post_url a b %}", "{% post_url a b %}", "{% post_url a b %}", 1, 1);
}

/* What Debian's jekyll 4 gives with url https://news.example.org and baseurl /blog. */
static void
test_url_filters(void **state)
{
	(void)state;
	expect("[a]({{ \"/a\" | relative_url }})", "[a](https://news.example.org/blog/a)");
	expect("{{ 'a/b.png' | relative_url }}", "https://news.example.org/blog/a/b.png");
	expect("{{ '/assets/x.png' | absolute_url }}", "https://news.example.org/blog/assets/x.png");
	expect("{{\"/a\"|absolute_url}}|{{- '/' | relative_url -}}|{{ \"\" | relative_url }}",
	    "https://news.example.org/blog/a|https://news.example.org/blog/|https://news.example.org/blog");
	/* A URL with a scheme is as it is; what may not stand in a URL is escaped. */
	expect("{{ \"https://x.org/y\" | relative_url }} {{ 'mailto:a@b' | absolute_url }}",
	    "https://x.org/y mailto:a@b");
	expect("{{ \"/a b/é\" | absolute_url }}", "https://news.example.org/blog/a%20b/%C3%A9");
	expect("{{ \"/é?q=1#f\" | relative_url }}", "https://news.example.org/blog/%C3%A9?q=1#f");
	/* Jekyll adds its baseurl to a string that has it already. */
	expect("{{ '/blog/a' | relative_url }}", "https://news.example.org/blog/blog/a");
	/* Anything else: left. */
	expect_left("{{ page.url | relative_url }}", "{{ page.url | relative_url }}",
	    "{{ page.url | relative_url }}", 1, 1);
	expect_left("{{ site.baseurl | absolute_url }}", "{{ site.baseurl | absolute_url }}",
	    "{{ site.baseurl | absolute_url }}", 1, 1);
	expect_left("{{ '/a' | relative_url | escape }}", "{{ '/a' | relative_url | escape }}",
	    "{{ '/a' | relative_url | escape }}", 1, 1);
	expect_left("{{ '/a' | prepend: 'x' }}", "{{ '/a' | prepend: 'x' }}", "{{ '/a' | prepend: 'x' }}", 1, 1);
	expect_left("{{ '/a' }}", "{{ '/a' }}", "{{ '/a' }}", 1, 1);
	expect_left("{{ '/a\" | relative_url }}", "{{ '/a\" | relative_url }}", "{{ '/a\" | relative_url }}", 1, 1);
	expect_left("{{ '/a' relative_url }}", "{{ '/a' relative_url }}", "{{ '/a' relative_url }}", 1, 1);
	expect_left("{{ '/a' | relative_urls }}", "{{ '/a' | relative_urls }}", "{{ '/a' | relative_urls }}", 1, 1);
	expect_left("{% '/a' | relative_url %}", "{% '/a' | relative_url %}", "{% '/a' | relative_url %}", 1, 1);
	expect_left("{{< '/a' | relative_url >}}", "{{< '/a' | relative_url >}}", "{{< '/a' | relative_url >}}",
	    1, 1);
}

static void
test_highlight(void **state)
{
	(void)state;
	expect("Code:\n{% highlight ruby %}\ndef x; end\n{% endhighlight %}\nAfter.\n",
	    "Code:\n```ruby\ndef x; end\n```\nAfter.\n");
	expect("{% highlight c linenos %}\nint x;\n{% endhighlight %}", "```c\nint x;\n```");
	/*
	 * Tags on the code's own lines still make a fence of their own lines: a
	 * closing fence followed by text closes nothing (CommonMark 4.5).
	 */
	expect("a {% highlight sh %}ls{% endhighlight %} b", "a \n```sh\nls\n```\n b");
	/* A backtick in the language would make the opening line no fence: the language ends there. */
	expect("{% highlight a`b %}\n<script>x</script>\n{% endhighlight %}", "```a\n<script>x</script>\n```");
	/* A fence longer than any run of backticks inside. */
	expect("{% highlight md %}\n```x```\n{% endhighlight %}\n", "````md\n```x```\n````\n");
	/* Liquid inside is converted as Jekyll renders it. */
	expect("{% highlight sh %}\ncurl {{ site.baseurl }}/x\n{% endhighlight %}\n",
	    "```sh\ncurl /blog/x\n```\n");
	/* The fence is longer than the backticks of the converted content, links included. */
	expect("{% highlight sh %}\n{% link a````.md %}\n{% endhighlight %}\n",
	    "`````sh\nhttps://news.example.org/blog/a````.html\n`````\n");
	/* raw inside highlight: what Jekyll's own docs do. */
	expect("{% highlight liquid %}\n{% raw %}{{ page.title }}{% endraw %}\n{% endhighlight %}\n",
	    "```liquid\n{{ page.title }}\n```\n");
}

static void
test_highlight_unmatched(void **state)
{
	struct liquid_left *left;
	size_t n;
	char *out;

	(void)state;
	expect_why("{% highlight ruby %}\nx\n", "{% highlight ruby %}\nx\n", "{% highlight ruby %}", 1, 1,
	    "has no '{% endhighlight %}' after it", "'{% endhighlight %}' where the code ends");
	expect_why("x\n{% endhighlight %}", "x\n{% endhighlight %}", "{% endhighlight %}", 2, 1,
	    "ends no highlight block", "'{% highlight LANG %}' before it");
	/*
	 * The block ends at the first endhighlight, even one inside another tag
	 * or a raw block: the fence is always closed (fuzzing found both left open).
	 */
	out = liquid_convert("{% highlight c %}\n{{ {% endhighlight %} }}\nafter", 48, &site, &left, &n);
	assert_string_equal(out, "```c\n{{ \n```\n }}\nafter");
	assert_int_equal(n, 1);
	assert_string_equal(left[0].tag, "{{ ");
	liquid_left_free(left, n);
	free(out);
	out = liquid_convert("{% highlight c %}\nx {% raw %}{% endhighlight %}```{% endraw %}", 62, &site, &left, &n);
	assert_string_equal(out, "```c\nx {% raw %}\n```\n```{% endraw %}");
	assert_int_equal(n, 2);
	liquid_left_free(left, n);
	free(out);
	/* No language: both tags left. */
	out = liquid_convert("{% highlight %}\nx\n{% endhighlight %}", 36, &site, &left, &n);
	assert_string_equal(out, "{% highlight %}\nx\n{% endhighlight %}");
	assert_int_equal(n, 2);
	assert_string_equal(left[0].why, "names no language");
	assert_string_equal(left[0].expected, "'{% highlight LANG %}'");
	assert_int_equal(left[1].line, 3);
	assert_string_equal(left[1].why, "ends no highlight block");
	liquid_left_free(left, n);
	free(out);
	/* A highlight inside a highlight: the inner is left, the outer fenced. */
	out = liquid_convert("{% highlight a %}\n{% highlight b %}\n{% endhighlight %}\n", 55, &site, &left, &n);
	assert_string_equal(out, "```a\n{% highlight b %}\n```\n");
	assert_int_equal(n, 1);
	assert_string_equal(left[0].tag, "{% highlight b %}");
	assert_int_equal(left[0].line, 2);
	assert_string_equal(left[0].why, "is inside another highlight block");
	assert_string_equal(left[0].expected, "'{% endhighlight %}' before it");
	liquid_left_free(left, n);
	free(out);
}

static void
test_raw(void **state)
{
	struct liquid_left *left;
	size_t n;
	char *out;

	(void)state;
	expect("{% raw %}{{ x }} {% include y %}{% endraw %}", "{{ x }} {% include y %}");
	expect("{%- raw -%}\n{% if %}\n{%- endraw -%}", "\n{% if %}\n");
	expect("a{% raw %}{% endraw %}b", "ab");
	/* raw without endraw is left, and what follows converted as usual. */
	expect_why("{% raw %}{{ site.baseurl }}", "{% raw %}/blog", "{% raw %}", 1, 1,
	    "has no '{% endraw %}' after it", "'{% endraw %}' where the raw text ends");
	/* An endraw before its raw ends nothing; the raw has no end. */
	out = liquid_convert("{% endraw %}\n{%- raw -%}", 24, &site, &left, &n);
	assert_string_equal(out, "{% endraw %}\n{%- raw -%}");
	assert_int_equal(n, 2);
	assert_string_equal(left[0].why, "ends no raw text");
	assert_string_equal(left[0].expected, "'{% raw %}' before it");
	assert_string_equal(left[1].tag, "{%- raw -%}");
	assert_int_equal(left[1].line, 2);
	assert_string_equal(left[1].why, "has no '{% endraw %}' after it");
	liquid_left_free(left, n);
	free(out);
}

static void
test_left(void **state)
{
	struct liquid_left *left;
	size_t n;
	char *out;
	const char *in = "{% include note.html %}\n{% if x %}y{% endif %}\n{{< figure src=\"a\" >}}\n"
	    "{{% note %}}z{{% /note %}}\n";

	(void)state;
	out = liquid_convert(in, strlen(in), &site, &left, &n);
	assert_string_equal(out, in);
	assert_int_equal(n, 6);
	assert_string_equal(left[0].tag, "{% include note.html %}");
	assert_string_equal(left[1].tag, "{% if x %}");
	assert_int_equal(left[1].line, 2);
	assert_int_equal(left[1].col, 1);
	assert_string_equal(left[2].tag, "{% endif %}");
	assert_int_equal(left[2].col, 12);
	assert_string_equal(left[3].tag, "{{< figure src=\"a\" >}}");
	assert_int_equal(left[3].line, 3);
	assert_string_equal(left[4].tag, "{{% note %}}");
	assert_string_equal(left[5].tag, "{{% /note %}}");
	assert_int_equal(left[5].line, 4);
	assert_int_equal(left[5].col, 14);
	liquid_left_free(left, n);
	free(out);
}

static void
test_unterminated(void **state)
{
	(void)state;
	/* No end: the rest of the line is left, and the scan goes on after it. */
	expect_why("a {% include x\nb {{ site.baseurl }}", "a {% include x\nb /blog", "{% include x", 1, 3,
	    "has no end", "'%}' to end it");
	expect_why("{{ oops", "{{ oops", "{{ oops", 1, 1, "has no end", "'}}' to end it");
	expect_why("x {%", "x {%", "{%", 1, 3, "has no end", "'%}' to end it");
}

static void
test_positions(void **state)
{
	(void)state;
	/* Columns count characters, not bytes; CRLF and CR end one line each. */
	expect_left("é à {% x %}", "é à {% x %}", "{% x %}", 1, 5);
	expect_left("a\r\nb\r\n日本 {{ y }}", "a\r\nb\r\n日本 {{ y }}", "{{ y }}", 3, 4);
	expect_left("a\rb\r{% z %}", "a\rb\r{% z %}", "{% z %}", 3, 1);
	/* A multi-line tag is one tag, at its start. */
	expect_left("x\n{% include a.html\n   b=1 %}", "x\n{% include a.html\n   b=1 %}",
	    "{% include a.html\n   b=1 %}", 2, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_site_root),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_url_filters),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_highlight_unmatched),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_left),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
