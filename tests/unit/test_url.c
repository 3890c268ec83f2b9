/* test_url.c: unit tests for URL resolution (RFC 3986 section 5) and URL checks. */
#include "unit.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RFC_BASE "http://a/b/c/d;p?q"
#define SITE "https://2009-2017.state.gov/j/tip/"

struct ref {
	const char *ref;
	const char *want;
};

static void
resolves(const char *base, const char *ref, const char *want)
{
	char *got = url_resolve(base, ref);

	if (!got)
		fail_msg("url_resolve(\"%s\", \"%s\") is NULL, expected \"%s\"", base, ref, want);
	if (strcmp(got, want) != 0) {
		fail_msg("url_resolve(\"%s\", \"%s\") is \"%s\", expected \"%s\"", base, ref, got,
		    want);
	}
	free(got);
}

static void
resolves_all(const char *base, const struct ref *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		resolves(base, v[i].ref, v[i].want);
}

static void
assert_host(const char *url, const char *want)
{
	char *got = url_host(url);

	if (want == NULL && got != NULL)
		fail_msg("url_host(\"%s\") is \"%s\", expected NULL", url, got);
	if (want != NULL && got == NULL)
		fail_msg("url_host(\"%s\") is NULL, expected \"%s\"", url, want);
	if (want != NULL)
		assert_string_equal(got, want);
	free(got);
}

static void
test_rfc3986_normal(void **state)
{
	/* RFC 3986 5.4.1, every example; libxml2 2.9.14 agrees with all of them. */
	static const struct ref v[] = {
		{ "g:h", "g:h" },
		{ "g", "http://a/b/c/g" },
		{ "./g", "http://a/b/c/g" },
		{ "g/", "http://a/b/c/g/" },
		{ "/g", "http://a/g" },
		{ "//g", "http://g" },
		{ "?y", "http://a/b/c/d;p?y" },
		{ "g?y", "http://a/b/c/g?y" },
		{ "#s", "http://a/b/c/d;p?q#s" },
		{ "g#s", "http://a/b/c/g#s" },
		{ "g?y#s", "http://a/b/c/g?y#s" },
		{ ";x", "http://a/b/c/;x" },
		{ "g;x", "http://a/b/c/g;x" },
		{ "g;x?y#s", "http://a/b/c/g;x?y#s" },
		{ "", "http://a/b/c/d;p?q" },
		{ ".", "http://a/b/c/" },
		{ "./", "http://a/b/c/" },
		{ "..", "http://a/b/" },
		{ "../", "http://a/b/" },
		{ "../g", "http://a/b/g" },
		{ "../..", "http://a/" },
		{ "../../", "http://a/" },
		{ "../../g", "http://a/g" },
	};

	(void)state;
	resolves_all(RFC_BASE, v, sizeof(v) / sizeof(v[0]));
}

static void
test_rfc3986_abnormal(void **state)
{
	/*
	 * RFC 3986 5.4.2. Left out: "/./g" and "/../g", which libxml2 2.9.14
	 * resolves to "http://a/./g" and "http://a/../g" (RFC: "http://a/g").
	 */
	static const struct ref v[] = {
		{ "../../../g", "http://a/g" },
		{ "../../../../g", "http://a/g" },
		{ "g.", "http://a/b/c/g." },
		{ ".g", "http://a/b/c/.g" },
		{ "g..", "http://a/b/c/g.." },
		{ "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" },
		{ "./g/.", "http://a/b/c/g/" },
		{ "g/./h", "http://a/b/c/g/h" },
		{ "g/../h", "http://a/b/c/h" },
		{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
		{ "g;x=1/../y", "http://a/b/c/y" },
		{ "g?y/./x", "http://a/b/c/g?y/./x" },
		{ "g?y/../x", "http://a/b/c/g?y/../x" },
		{ "g#s/./x", "http://a/b/c/g#s/./x" },
		{ "g#s/../x", "http://a/b/c/g#s/../x" },
		/* The strict reading: a scheme in the reference makes it absolute. */
		{ "http:g", "http:g" },
	};

	(void)state;
	resolves_all(RFC_BASE, v, sizeof(v) / sizeof(v[0]));
}

static void
test_site_relative(void **state)
{
	static const struct ref v[] = {
		{ "images/x.jpg", SITE "images/x.jpg" },
		{ "./images/x.jpg", SITE "images/x.jpg" },
		{ "rls/tiprpt/2016/index.htm", SITE "rls/tiprpt/2016/index.htm" },
		{ "images/../rls/", SITE "rls/" },
		{ "../x.htm", "https://2009-2017.state.gov/j/x.htm" },
		{ "../../../../x.htm", "https://2009-2017.state.gov/x.htm" },
		/* Root-relative: what sites write instead of "/./g" or "/../g". */
		{ "/j/tip/rls/", "https://2009-2017.state.gov/j/tip/rls/" },
		{ "/images/x.jpg", "https://2009-2017.state.gov/images/x.jpg" },
		{ "?page=2", SITE "?page=2" },
		{ "", SITE },
		{ "images/a%20b.jpg", SITE "images/a%20b.jpg" },
	};

	(void)state;
	resolves_all(SITE, v, sizeof(v) / sizeof(v[0]));
	/* Without the trailing '/', the last segment is a document, not a folder. */
	resolves("https://2009-2017.state.gov/j/tip", "images/x.jpg",
	    "https://2009-2017.state.gov/j/images/x.jpg");
	resolves("https://news.example.org", "a.html", "https://news.example.org/a.html");
}

static void
test_absolute_kept(void **state)
{
	static const struct ref v[] = {
		{ "https://other.org/y", "https://other.org/y" },
		{ "http://other.org/a/b?c=d#e", "http://other.org/a/b?c=d#e" },
		{ "https://user@h.example:8443/x", "https://user@h.example:8443/x" },
		{ "http://[::1]:80/", "http://[::1]:80/" },
		{ "ftp://files.example/a.pdf", "ftp://files.example/a.pdf" },
		{ "tag:news.example.org,2016-10-18:slug", "tag:news.example.org,2016-10-18:slug" },
		{ "urn:isbn:0451450523", "urn:isbn:0451450523" },
		/* An IRI libxml2 cannot parse is still kept as written, not lost. */
		{ "https://de.wikipedia.org/wiki/Menschenhandel_in_\xc3\x96sterreich",
		    "https://de.wikipedia.org/wiki/Menschenhandel_in_%C3%96sterreich" },
	};

	(void)state;
	resolves_all(SITE, v, sizeof(v) / sizeof(v[0]));
}

static void
test_scheme_relative(void **state)
{
	(void)state;
	/* RFC 3986 4.2: a network-path reference takes the base's scheme. */
	resolves(SITE, "//cdn.example/x", "https://cdn.example/x");
	resolves(SITE, "//cdn.example/x?y=1#z", "https://cdn.example/x?y=1#z");
	resolves("http://news.example.org/", "//cdn.example/x", "http://cdn.example/x");
	resolves(SITE, "//cdn.example", "https://cdn.example");
}

static void
test_mailto_kept(void **state)
{
	(void)state;
	resolves(SITE, "mailto:tipinfo@state.gov", "mailto:tipinfo@state.gov");
	resolves(SITE, "mailto:a@b.example?subject=TIP%20report",
	    "mailto:a@b.example?subject=TIP%20report");
	resolves(SITE, "tel:+1-202-312-9639", "tel:+1-202-312-9639");
}

static void
test_fragments(void **state)
{
	(void)state;
	resolves(SITE, "#top", SITE "#top");
	resolves(SITE, "#", SITE "#");
	resolves(SITE "rls/x.htm?a=1", "#s", SITE "rls/x.htm?a=1#s");
	resolves(SITE "rls/x.htm#old", "#new", SITE "rls/x.htm#new");
	resolves(SITE, "images/x.jpg#f", SITE "images/x.jpg#f");
	resolves(SITE, "https://other.org/#f", "https://other.org/#f");
}

static void
test_unparsable(void **state)
{
	(void)state;
	/* What may not stand in a URI is percent-encoded first, as browsers do. */
	resolves(SITE, "my photo.jpg", SITE "my%20photo.jpg");
	resolves(SITE, "x?q=a b", SITE "x?q=a%20b");
	resolves(SITE, "images/caf\xc3\xa9.jpg", SITE "images/caf%C3%A9.jpg");
	/* A '%' that starts no escape stands for itself ("50%-off"), as %25. */
	resolves(SITE, "%zz", SITE "%25zz");
	resolves(SITE, "50%-off.html", SITE "50%25-off.html");
	resolves(SITE, "a%20b", SITE "a%20b");
	/* A digit cannot start a scheme, so "1abc:" is a path with a colon: invalid. */
	assert_null(url_resolve(SITE, "1abc:x"));
}

static void
test_host(void **state)
{
	(void)state;
	assert_host("https://news.example.org/", "news.example.org");
	assert_host("https://news.example.org", "news.example.org");
	assert_host("http://a/b", "a");
	assert_host(SITE, "2009-2017.state.gov");
	assert_host("https://user@h.example:8443/x", "h.example");
	assert_host("https://h.example?x", "h.example");
	assert_host("https://h.example#f", "h.example");
	assert_host("https://[::1]/", "[::1]");
	assert_host("https://xn--caf-dma.example/", "xn--caf-dma.example");
	/* Not http(s), or no host. */
	assert_host("ftp://h.example/x", NULL);
	assert_host("mailto:a@b.example", NULL);
	assert_host("tag:news.example.org,2016:x", NULL);
	assert_host("https:///x", NULL);
	assert_host("http:/x", NULL);
	assert_host("news.example.org", NULL);
	assert_host("/j/tip/", NULL);
	assert_host("", NULL);
	assert_host("https://h.example/a b", NULL);
	/* A host is letters, digits, '-', '.': no escapes, no spaces, no other characters. */
	assert_host("https://exa%20mple.org/", NULL);
	assert_host("https://caf%C3%A9.example/", NULL);
	assert_host("https://a,b.example/", NULL);
	assert_host("https://a!b.example/", NULL);
	assert_host("https://under_score.example/", "under_score.example");
	/* A port is 0 to 65535. */
	assert_host("https://h.example:65535/", "h.example");
	assert_host("https://h.example:65536/", NULL);
	assert_host("https://h.example:99999/", NULL);
	assert_host("https://h.example:99999999999/", NULL);
}

/* The resolved URL a feed may carry: "link: https://exa mple.org/" is refused. */
static void
test_host_in_resolved(void **state)
{
	char *abs;

	(void)state;
	abs = url_resolve(SITE, "https://exa mple.org/");
	assert_non_null(abs);
	assert_false(url_is_http(abs));
	assert_false(url_is_absolute(abs));
	free(abs);
	/* A space in the path is escaped, as before. */
	abs = url_resolve(SITE, "https://example.org/a b");
	assert_string_equal(abs, "https://example.org/a%20b");
	assert_true(url_is_http(abs));
	free(abs);
}

static void
test_is_absolute(void **state)
{
	(void)state;
	assert_true(url_is_absolute("https://news.example.org/"));
	assert_true(url_is_absolute("HTTP://news.example.org/x"));
	assert_true(url_is_absolute("mailto:desk@example.org"));
	assert_true(url_is_absolute("tel:+15551234"));
	assert_true(url_is_absolute("ftp://h.example/x"));
	assert_true(url_is_absolute("urn:isbn:0451450523"));
	/* http(s) without a host: readers would resolve them against the feed's URL. */
	assert_false(url_is_absolute("http:foo"));
	assert_false(url_is_absolute("https:/path"));
	assert_false(url_is_absolute("https:///path"));
	assert_false(url_is_absolute("HTTPS:x"));
	assert_false(url_is_absolute("https://exa%20mple.org/"));
	/* No scheme at all. */
	assert_false(url_is_absolute("1a:b"));
	assert_false(url_is_absolute(":foo"));
	assert_false(url_is_absolute("//cdn.example/x"));
	assert_false(url_is_absolute("a/b"));
	assert_false(url_is_absolute(""));
	/* A scheme that only starts like http is some other scheme. */
	assert_true(url_is_absolute("httpx:y"));
	assert_true(url_is_absolute("http+unix:y"));
}

static void
test_is_http(void **state)
{
	(void)state;
	assert_true(url_is_http("https://news.example.org/"));
	assert_true(url_is_http("http://a"));
	assert_true(url_is_http("https://h.example:8443/a?b#c"));
	assert_true(url_is_http("https://h.example/%41"));
	assert_false(url_is_http("ftp://h.example/"));
	assert_false(url_is_http("mailto:a@b.example"));
	assert_false(url_is_http("https:///x"));
	assert_false(url_is_http("//cdn.example/x"));
	assert_false(url_is_http("images/x.jpg"));
	assert_false(url_is_http(""));
	assert_false(url_is_http("https://h.example/a b"));
	assert_false(url_is_http("https://h.example/\t"));
	assert_false(url_is_http("https://h.example/<x>"));
}

static void
test_has_scheme(void **state)
{
	(void)state;
	assert_true(url_has_scheme("https://x"));
	assert_true(url_has_scheme("tag:x"));
	assert_true(url_has_scheme("urn:isbn:1"));
	assert_true(url_has_scheme("mailto:a@b"));
	assert_true(url_has_scheme("a:"));
	assert_true(url_has_scheme("A1+-.:x"));
	assert_true(url_has_scheme("HTTP://X"));
	assert_false(url_has_scheme(""));
	assert_false(url_has_scheme("a"));
	assert_false(url_has_scheme(":x"));
	assert_false(url_has_scheme("1a:x"));
	assert_false(url_has_scheme("+a:x"));
	assert_false(url_has_scheme("a_b:x"));
	assert_false(url_has_scheme("a b:x"));
	assert_false(url_has_scheme("//cdn.example/x"));
	assert_false(url_has_scheme("images/x:y.jpg"));
	assert_false(url_has_scheme("./g:h"));
}

/* Bases and references at the shortcuts' edges: plain, and one step from plain. */
static const char *const bases[] = {
	"https://news.example.org/", "https://news.example.org", "http://a/b/c/d;p?q",
	"HTTP://Ex.COM/a/b", "hTTpS://h/a/b/", "https://h/a/./b/", "https://h/a/../b", "https://h/a//b",
	"http://1.2.3.4/", "http://1.2.3.4.5/", "http://1.2.3.45x/", "http://a:80/x", "http://a:/x",
	"http://u@a/", "https://h/x?y=1#f", "https://h?q", "https://h#f", "https://h/%41/",
	"https://-a/", "https://a_b~c/", "https://a../", "http://x/.well/", "https://h/a/b?c/d",
	"https://h/a/b#c/d", "http:/x", "http://", "https://\xc3\xa9.org/", "https://h/a b/",
	"https://h/a?b=c&d", "https://h/a?b=c&d#e", "ftp://h/a/", "https://[::1]/a/", "https://h.",
	"https://h/a/b.", "https://h/~a/", "https://h/a/..", "https://h/a/.", "httpx://h/",
};
static const char *const refs[] = {
	"/press/health/", "/", "//cdn/x", "images/x.jpg", "a", "a/b", "./a", "../a", "a/../b",
	"a/./b", ".a", "a/.b", "?q", "#f", "", "a?x=1&y=2#z", "/a?b#c", "a b", "\xc3\xa9", "%41",
	"a:b", "/a//b", "a#", "a?", "~u/", "/a/b/", "g;x", "g=1", "-", "_", "a/..", "a/.", "..",
	".", "/..", "/.", "a?b/c", "a#b/c", "a?b?c", "a#b#c", "a?#", "/a%2Fb", "a&b", "a@b",
	"A/B", "a/b/../../c", "https://x/y", "a\tb", "a|b", "a^b",
};

/* Random references and paths from pieces that matter to the shortcuts. */
static void
random_piece(unsigned long *seed, char *out, size_t max)
{
	static const char *const pieces[] = { "a", "b", "Z", "0", ".", "..", "/", "/", "?", "#",
	    "=", "&", "%41", "-", "_", "~", ":", "@", " ", "x.y" };
	size_t n, off = 0;

	*seed = *seed * 6364136223846793005u + 1442695040888963407u;
	n = (*seed >> 33) % 7;
	out[0] = '\0';
	while (n--) {
		const char *p;

		*seed = *seed * 6364136223846793005u + 1442695040888963407u;
		p = pieces[(*seed >> 33) % (sizeof pieces / sizeof *pieces)];
		if (off + strlen(p) + 1 > max)
			break;
		strcpy(out + off, p);
		off += strlen(p);
	}
}

static void
same_resolution(const char *base, const char *ref)
{
	char *fast = url_resolve(base, ref), *slow = url_resolve_libxml2(base, ref);

	if ((fast == NULL) != (slow == NULL) || (fast && strcmp(fast, slow) != 0))
		fail_msg("url_resolve(\"%s\", \"%s\") is \"%s\", libxml2 alone \"%s\"", base, ref,
		    fast ? fast : "(null)", slow ? slow : "(null)");
	free(fast);
	free(slow);
}

static void
same_host(const char *url)
{
	char *fast = url_host(url), *slow = url_host_libxml2(url);

	if ((fast == NULL) != (slow == NULL) || (fast && strcmp(fast, slow) != 0))
		fail_msg("url_host(\"%s\") is \"%s\", libxml2 alone \"%s\"", url,
		    fast ? fast : "(null)", slow ? slow : "(null)");
	if (url_is_http(url) != (slow != NULL && strchr(url, ' ') == NULL))
		fail_msg("url_is_http(\"%s\") is %d, libxml2 alone says host \"%s\"", url,
		    url_is_http(url), slow ? slow : "(null)");
	if (url_is_absolute(url) != (url_has_scheme(url) && (strcspn(url, ":") < 4 ||
	    strcspn(url, ":") > 5 || strncasecmp(url, "https", strcspn(url, ":")) != 0 ||
	    (slow != NULL && strchr(url, ' ') == NULL))))
		fail_msg("url_is_absolute(\"%s\") is %d, libxml2 alone says host \"%s\"", url,
		    url_is_absolute(url), slow ? slow : "(null)");
	free(fast);
	free(slow);
}

static void
test_shortcuts_agree(void **state)
{
	unsigned long seed = 42;
	char base[128], ref[64], path[64];
	size_t i, j;
	int k;

	(void)state;
	for (i = 0; i < sizeof bases / sizeof *bases; i++) {
		same_host(bases[i]);
		for (j = 0; j < sizeof refs / sizeof *refs; j++) {
			char *r = url_resolve(bases[i], refs[j]);

			same_resolution(bases[i], refs[j]);
			if (r)
				same_host(r);
			free(r);
		}
	}
	for (k = 0; k < 20000; k++) {
		random_piece(&seed, path, sizeof path);
		random_piece(&seed, ref, sizeof ref);
		snprintf(base, sizeof base, "%s%s", bases[k % 8], path);
		same_host(base);
		same_resolution(base, ref);
		snprintf(base, sizeof base, "https://h%s", ref);
		same_host(base);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3986_normal),
		cmocka_unit_test(test_rfc3986_abnormal),
		cmocka_unit_test(test_site_relative),
		cmocka_unit_test(test_absolute_kept),
		cmocka_unit_test(test_scheme_relative),
		cmocka_unit_test(test_mailto_kept),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_unparsable),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_is_http),
		cmocka_unit_test(test_host_in_resolved),
		cmocka_unit_test(test_is_absolute),
		cmocka_unit_test(test_has_scheme),
		cmocka_unit_test(test_shortcuts_agree),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
