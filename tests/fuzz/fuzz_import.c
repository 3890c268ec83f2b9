/*
 * fuzz_import.c: libFuzzer over what `feedgen import` reads from an old site,
 * all three readers on every input:
 *
 * - oldfeed_parse: the bytes are refused with located diagnostics naming the
 *   feed, or give items that keep oldfeed.h's promises: a non-empty id, a
 *   link that is absolute (it starts with a scheme) or none, a title that is
 *   valid UTF-8 with no character feedgen refuses (text_check) on one line
 *   (no tab, line break, leading, trailing or doubled space), dates with an
 *   offset in -1439..1439 in years 0001..9999, lines within the document.
 *   No external entity or DTD is ever loaded: the loader aborts.
 * - liquid_convert: every tag left starts with "{%" or "{{" at its line:col
 *   in the input (found here independently of text.c), in the text's order,
 *   and appears in the output in that order; text without "{%" and "{{" is
 *   converted to itself with nothing left, which holds for the output too
 *   when it has none; without raw and highlight blocks, every "{%" and "{{"
 *   of the output lies in a left tag.
 * - date_parse_rfc822, on each line and each text between '>' and '<': a
 *   date it reads has an offset in range, and date_rfc822 writes it back as
 *   text that reads as the same instant and offset; a refusal gives a reason
 *   and leaves *out as it was.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "fuzz.h"
#include "liquid.h"
#include "oldfeed.h"
#include "text.h"
#include "url.h"
#include "xalloc.h"

#define FEED_NAME "https://old.example.org/blog/feed.xml"
#define POST_LINK "https://news.example.org/blog/2024/03/02/first.html"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static xmlParserInputPtr
no_loading(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)ctxt;
	fuzz_fail(NULL, "oldfeed_parse asked libxml2 to load '%s' (%s)", url ? url : "(null)",
	    id ? id : "no public id");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	setenv("TZ", "America/New_York", 1);
	xmlSetExternalEntityLoader(no_loading);
	return 0;
}

/* Years 0001..9999, as date.h reads them, and an offset a feed can carry. */
static void
check_when(const struct when *w, const char *what, size_t i)
{
	int64_t lo = days_from_civil(1, 1, 1) * 86400 - 1440 * 60, hi = days_from_civil(10000, 1, 1) * 86400 + 1440 * 60;

	if (w->off < -1439 || w->off > 1439 || w->t < lo || w->t >= hi)
		fuzz_fail(NULL, "item %zu: %s out of range: t %lld, offset %d", i + 1, what, (long long)w->t, w->off);
}

static void
check_title(const char *s, size_t i)
{
	size_t n = strlen(s), bad;
	char why[64];

	if (text_check(s, n, &bad, why) < 0)
		fuzz_fail(NULL, "item %zu: title '%s' holds what feedgen refuses at byte %zu: %s", i + 1, s, bad, why);
	if (strpbrk(s, "\t\n\r") || strstr(s, "  ") || (n && (s[0] == ' ' || s[n - 1] == ' ')))
		fuzz_fail(NULL, "item %zu: title '%s' is not one line with single spaces", i + 1, s);
}

static void
feed(const uint8_t *data, size_t size)
{
	struct oldfeed *f = oldfeed_parse(FEED_NAME, (const char *)data, size);
	size_t nlines = fuzz_lines((const char *)data, size), i;
	int errors;
	char *diags = fuzz_diagnostics(&errors);

	if (!f) {
		fuzz_refused(diags, FEED_NAME, nlines);
	} else {
		if (errors)
			fuzz_fail(diags, "the feed was read despite %d errors", errors);
		for (i = 0; i < f->n; i++) {
			const struct olditem *it = &f->items[i];

			if (!it->id || !*it->id)
				fuzz_fail(diags, "item %zu has no id", i + 1);
			if (it->link && !url_has_scheme(it->link))
				fuzz_fail(diags, "item %zu: link '%s' is not absolute", i + 1, it->link);
			if (!it->title)
				fuzz_fail(diags, "item %zu has no title string", i + 1);
			check_title(it->title, i);
			if (it->has_published)
				check_when(&it->published, "published", i);
			if (it->has_updated)
				check_when(&it->updated, "updated", i);
			if (it->line < 1 || (size_t)it->line > nlines + 1)
				fuzz_fail(diags, "item %zu: line %d is not in 1..%zu", i + 1, it->line, nlines + 1);
		}
	}
	oldfeed_free(f);
	free(diags);
}

static const char *
post_link(void *arg, const char *ref)
{
	(void)arg;
	return ref[0] == '2' || strncmp(ref, "_posts/2", 8) == 0 ? POST_LINK : NULL;
}

static const struct liquid_site site = {"https://news.example.org/blog/", post_link, NULL};

static const char *
mem_find(const char *s, size_t n, const char *what, size_t wn)
{
	size_t i;

	for (i = 0; wn <= n && i <= n - wn; i++)
		if (memcmp(s + i, what, wn) == 0)
			return s + i;
	return NULL;
}

static int
has_opener(const char *s, size_t n)
{
	return mem_find(s, n, "{%", 2) || mem_find(s, n, "{{", 2);
}

/* The byte offset of line:col as liquid.h counts them: "\r\n", "\n", "\r" end a line; columns count characters. */
static size_t
offset_of(const char *s, size_t n, int line, int col)
{
	size_t i = 0;
	int l = 1, c = 1;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < n && l < line; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			l++;
	if (l < line)
		return SIZE_MAX;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (c == col)
			return i;
		if (s[i] == '\n' || s[i] == '\r')
			return SIZE_MAX;
		c++;
	}
	return SIZE_MAX;
}

static char *
convert(const char *text, size_t len, struct liquid_left **left, size_t *nleft)
{
	char *out = liquid_convert(text, len, &site, left, nleft);

	if (!out)
		fuzz_fail(NULL, "liquid_convert returned NULL");
	if ((*nleft == 0) != (*left == NULL))
		fuzz_fail(NULL, "liquid_convert: %zu left but the list is %s", *nleft, *left ? "set" : "NULL");
	return out;
}

static void
liquid(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct liquid_left *left, *left2;
	size_t nleft, nleft2, i, prev = 0, olen, from = 0, *spans;
	char *out = convert(text, size, &left, &nleft), *out2;

	olen = strlen(out);
	/* The output may hold the input's NULs: measure it by what the input had. */
	if (!memchr(text, '\0', size) && memchr(out, '\0', olen))
		fuzz_fail(NULL, "liquid: NUL in the output");
	if (memchr(text, '\0', size))
		goto done;
	spans = xcalloc(nleft + 1, 2 * sizeof *spans);
	for (i = 0; i < nleft; i++) {
		size_t off = offset_of(text, size, left[i].line, left[i].col), n = strlen(left[i].tag);
		const char *at;

		if (off == SIZE_MAX || text[off] != '{')
			fuzz_fail(NULL, "liquid: left tag %zu '%s' at %d:%d is not at a '{' of the input", i + 1,
			    left[i].tag, left[i].line, left[i].col);
		if (n < 2 || (left[i].tag[1] != '%' && left[i].tag[1] != '{') || off + n > size ||
		    memcmp(text + off, left[i].tag, n) != 0)
			fuzz_fail(NULL, "liquid: left tag %zu '%s' is not the input's text at %d:%d", i + 1,
			    left[i].tag, left[i].line, left[i].col);
		if (i && off < prev)
			fuzz_fail(NULL, "liquid: left tag %zu '%s' is before the one listed ahead of it", i + 1,
			    left[i].tag);
		prev = off + n;
		if (!(at = mem_find(out + from, olen - from, left[i].tag, n)))
			fuzz_fail(NULL, "liquid: left tag %zu '%s' is not in the output (in order):\n%s", i + 1,
			    left[i].tag, out);
		spans[2 * i] = (size_t)(at - out);
		spans[2 * i + 1] = from = (size_t)(at - out) + n;
	}
	if (!has_opener(text, size) && (nleft || olen != size || memcmp(out, text, size) != 0))
		fuzz_fail(NULL, "liquid: text without tags changed:\n%.*s\n-> %s", (int)size, text, out);
	/* Raw's content and a highlight's language may hold openers as they are; elsewhere they come from left tags. */
	if (!mem_find(text, size, "raw", 3) && !mem_find(text, size, "highlight", 9)) {
		size_t k = 0;

		for (i = 0; i + 1 < olen; i++) {
			if (out[i] != '{' || (out[i + 1] != '%' && out[i + 1] != '{'))
				continue;
			while (k < nleft && spans[2 * k + 1] <= i)
				k++;
			if (k == nleft || spans[2 * k] > i)
				fuzz_fail(NULL, "liquid: the output has '%.20s' outside every left tag:\n%.*s\n-> %s",
				    out + i, (int)size, text, out);
		}
	}
	free(spans);
	if (!has_opener(out, olen)) {
		out2 = convert(out, olen, &left2, &nleft2);
		if (nleft2 || strcmp(out2, out) != 0)
			fuzz_fail(NULL, "liquid: converting the output again changed it:\n%s\n-> %s", out, out2);
		liquid_left_free(left2, nleft2);
		free(out2);
	}
done:
	liquid_left_free(left, nleft);
	free(out);
}

static void
date_one(const char *s, size_t n)
{
	char buf[128], why[96], back[DATE_MAX], why2[96];
	struct when w = {INT64_MIN, 12345}, w2 = {0, 0};

	if (n >= sizeof buf || memchr(s, '\0', n))
		return;
	memcpy(buf, s, n);
	buf[n] = '\0';
	why[0] = '\0';
	if (date_parse_rfc822(buf, &w, why) < 0) {
		if (w.t != INT64_MIN || w.off != 12345)
			fuzz_fail(NULL, "date '%s' was refused (%s) but *out changed", buf, why);
		if (!why[0])
			fuzz_fail(NULL, "date '%s' was refused without a reason", buf);
		return;
	}
	if (w.off < -1439 || w.off > 1439)
		fuzz_fail(NULL, "date '%s': offset %d out of range", buf, w.off);
	date_rfc822(&w, back);
	if (date_parse_rfc822(back, &w2, why2) < 0)
		fuzz_fail(NULL, "date '%s' written back as '%s' is refused: %s", buf, back, why2);
	if (w2.t != w.t || w2.off != w.off)
		fuzz_fail(NULL, "date '%s' (t %lld, offset %d) written back as '%s' reads as t %lld, offset %d",
		    buf, (long long)w.t, w.off, back, (long long)w2.t, w2.off);
}

static void
dates(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *p, *q;
	int n = 0;

	date_one(s, size);
	for (p = s; p < end && n < 200; p = q + 1, n++) {
		for (q = p; q < end && *q != '\n' && *q != '<'; q++)
			;
		if (p < q && *p == '>')
			p++;
		date_one(p, (size_t)(q - p));
		if (q == end)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	feed(data, size);
	liquid(data, size);
	dates(data, size);
	return 0;
}
