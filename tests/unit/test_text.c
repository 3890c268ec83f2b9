/* test_text.c: unit tests for UTF-8 and XML character checks and linemap. */
#include "unit.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

/* A byte string with its length, so it may hold NUL bytes. */
#define B(s) s, sizeof(s) - 1

static void
check_ok(const char *s, size_t n)
{
	size_t bad = 12345;
	char why[64] = "";

	if (text_check(s, n, &bad, why) != 0)
		fail_msg("text_check failed at %zu: %s", bad, why);
}

static void
test_valid(void **state)
{
	(void)state;
	check_ok(B(""));
	check_ok(NULL, 0);
	check_ok(B("plain ASCII, with punctuation ~!@#$%^&*()"));
	check_ok(B("tab\there\nline feed\r\ncarriage return\r"));
	check_ok(B("\x7f"));			/* DEL is an XML Char */
	check_ok(B("caf\xc3\xa9 \xe2\x82\xac 5"));	/* café € 5 */
	check_ok(B("\xf0\x9d\x84\x9e"));	/* U+1D11E musical symbol */
	check_ok(B("\xc2\x80\xc2\x85"));	/* U+0080, U+0085 */
	check_ok(B("\xdf\xbf"));		/* U+07FF, last of two bytes */
	check_ok(B("\xe0\xa0\x80"));		/* U+0800, first of three */
	check_ok(B("\xed\x9f\xbf"));		/* U+D7FF, before surrogates */
	check_ok(B("\xee\x80\x80"));		/* U+E000, after surrogates */
	check_ok(B("\xef\xbf\xbd"));		/* U+FFFD */
	check_ok(B("\xf0\x90\x80\x80"));	/* U+10000 */
	check_ok(B("\xf4\x8f\xbf\xbf"));	/* U+10FFFF */
	check_ok(B("\xef\xb7\x90"));	/* U+FDD0: noncharacter, XML Char */
	/* n bounds the check: the bad byte after it is never read. */
	check_ok("ok\x01", 2);
	check_ok("\xe2\x82\xac\xff", 3);
}

struct bad {
	const char *s;
	size_t n;
	size_t off;
	const char *why;
};

static void
test_invalid(void **state)
{
	static const struct bad bad[] = {
		{ B("ab\xff"), 2, "invalid UTF-8 byte 0xff" },
		{ B("\xfe"), 0, "invalid UTF-8 byte 0xfe" },
		{ B("\xf5\x80\x80\x80"), 0, "invalid UTF-8 byte 0xf5" },
		{ B("\xf8\x88\x80\x80\x80"), 0, "invalid UTF-8 byte 0xf8" },
		{ B("a\x80"), 1, "unexpected UTF-8 continuation byte 0x80" },
		{ B("\xc3\xa9\xbf"), 2,
		    "unexpected UTF-8 continuation byte 0xbf" },
		{ B("\xc0\x80"), 0, "overlong UTF-8 sequence" },
		{ B("x\xc1\xbf"), 1, "overlong UTF-8 sequence" },
		{ B("\xe0\x80\x80"), 0, "overlong UTF-8 sequence" },
		{ B("\xe0\x9f\xbf"), 0, "overlong UTF-8 sequence" },
		{ B("\xf0\x80\x80\x80"), 0, "overlong UTF-8 sequence" },
		{ B("\xf0\x8f\xbf\xbf"), 0, "overlong UTF-8 sequence" },
		{ B("\xed\xa0\x80"), 0, "UTF-16 surrogate U+D800 in UTF-8" },
		{ B("\xed\xbf\xbf"), 0, "UTF-16 surrogate U+DFFF in UTF-8" },
		{ B("\xed\xa0\xbd\xed\xb2\xa9"), 0,
		    "UTF-16 surrogate U+D83D in UTF-8" },
		{ B("\xf4\x90\x80\x80"), 0,
		    "code point U+110000 is above U+10FFFF" },
		{ B("\xf4\xbf\xbf\xbf"), 0,
		    "code point U+13FFFF is above U+10FFFF" },
		{ B("\xc3"), 0, "truncated UTF-8 sequence" },
		{ B("x\xe2\x82"), 1, "truncated UTF-8 sequence" },
		{ B("\xf0\x9d\x84"), 0, "truncated UTF-8 sequence" },
		{ B("\xc3" "A"), 0, "UTF-8 sequence cut short by byte 0x41" },
		{ B("\xe2\x82" "A"), 0,
		    "UTF-8 sequence cut short by byte 0x41" },
		{ B("\xf0\x9d\xc3\xa9"), 0,
		    "UTF-8 sequence cut short by byte 0xc3" },
		{ B("\x00"), 0, "control character U+0000" },
		{ B("a\x00" "b"), 1, "control character U+0000" },
		{ B("bell\x07"), 4, "control character U+0007" },
		{ B("\x08"), 0, "control character U+0008" },
		{ B("\x0b"), 0, "control character U+000B" },
		{ B("\x0c"), 0, "control character U+000C" },
		{ B("\x1f"), 0, "control character U+001F" },
		{ B("\x1b[0m"), 0, "control character U+001B" },
		{ B("\xef\xbf\xbe"), 0,
		    "noncharacter U+FFFE" },
		{ B("\xc3\xa9\xef\xbf\xbf"), 2,
		    "noncharacter U+FFFF" },
		/* The first offence is the one reported. */
		{ B("ok\x01\xff"), 2, "control character U+0001" },
		{ B("\xe2\x82\xac\xff\x01"), 3, "invalid UTF-8 byte 0xff" },
	};
	size_t i, off;
	char why[64];

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		off = 99999;
		memset(why, 'x', sizeof(why));
		if (text_check(bad[i].s, bad[i].n, &off, why) != -1)
			fail_msg("case %zu: text_check succeeded", i);
		assert_non_null(memchr(why, '\0', sizeof(why)));
		if (off != bad[i].off || strcmp(why, bad[i].why) != 0)
			fail_msg("case %zu: got %zu \"%s\", want %zu \"%s\"", i,
			    off, why, bad[i].off, bad[i].why);
	}
}

/* Every byte 0x00-0x7f alone: of the C0 controls only tab, LF, CR pass. */
static void
test_ascii(void **state)
{
	char c, why[64];
	size_t off;
	int i, want;

	(void)state;
	for (i = 0; i < 0x80; i++) {
		c = (char)i;
		want = i >= 0x20 || i == '\t' || i == '\n' || i == '\r' ?
		    0 : -1;
		assert_int_equal(text_check(&c, 1, &off, why), want);
	}
}

static void
test_decode(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode(B("A"), &cp), 1);
	assert_int_equal(cp, 0x41);
	/* U+0000 is well-formed UTF-8; only XML refuses it. */
	assert_int_equal(utf8_decode(B("\x00"), &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_decode(B("\xc3\xa9!"), &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode(B("\xe2\x82\xac"), &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode(B("\xf0\x9d\x84\x9e"), &cp), 4);
	assert_int_equal(cp, 0x1d11e);
	assert_int_equal(utf8_decode(B("\xf4\x8f\xbf\xbf"), &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(utf8_decode(B("\xef\xbf\xbe"), &cp), 3);
	assert_int_equal(cp, 0xfffe);

	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(utf8_decode("\xe2\x82\xac", 2, &cp), 0);
	assert_int_equal(utf8_decode(B("\x80"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xff"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xc0\x80"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xe0\x80\x80"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xed\xa0\x80"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xf4\x90\x80\x80"), &cp), 0);
	assert_int_equal(utf8_decode(B("\xc3" "A"), &cp), 0);
}

/* Every code point encodes, decodes back and passes or fails as XML says. */
static void
test_all_code_points(void **state)
{
	unsigned char b[4];
	uint32_t c, cp;
	size_t n, off;
	char why[64];
	int xml;

	(void)state;
	for (c = 0; c <= 0x10ffff; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		if (c < 0x80) {
			b[0] = (unsigned char)c;
			n = 1;
		} else if (c < 0x800) {
			b[0] = (unsigned char)(0xc0 | c >> 6);
			b[1] = (unsigned char)(0x80 | (c & 0x3f));
			n = 2;
		} else if (c < 0x10000) {
			b[0] = (unsigned char)(0xe0 | c >> 12);
			b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
			b[2] = (unsigned char)(0x80 | (c & 0x3f));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xf0 | c >> 18);
			b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
			b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
			b[3] = (unsigned char)(0x80 | (c & 0x3f));
			n = 4;
		}
		if (utf8_decode((const char *)b, n, &cp) != n || cp != c)
			fail_msg("U+%04X does not decode", (unsigned)c);
		xml = c == 0x9 || c == 0xa || c == 0xd ||
		    (c >= 0x20 && c <= 0xd7ff) ||
		    (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
		if (text_check((const char *)b, n, &off, why) != (xml ? 0 : -1))
			fail_msg("text_check(U+%04X)", (unsigned)c);
	}
}

static void
locate(struct linemap *m, size_t off, int line, int col)
{
	int l = -1, c = -1;

	linemap_locate(m, off, &l, &c);
	if (l != line || c != col)
		fail_msg("offset %zu: got %d:%d, want %d:%d", off, l, c, line,
		    col);
}

static void
test_linemap_breaks(void **state)
{
	struct linemap *m;

	(void)state;
	m = linemap_new(B("ab\ncd"));
	locate(m, 0, 1, 1);
	locate(m, 1, 1, 2);
	locate(m, 2, 1, 3);	/* the '\n' itself ends line 1 */
	locate(m, 3, 2, 1);
	locate(m, 4, 2, 2);
	locate(m, 5, 2, 3);	/* the end */
	locate(m, 6, 2, 3);	/* past the end */
	locate(m, (size_t)-1, 2, 3);
	linemap_free(m);

	m = linemap_new(B("ab\r\ncd\r\n"));
	locate(m, 2, 1, 3);
	locate(m, 3, 1, 4);	/* "\r\n" is one break: no empty line */
	locate(m, 4, 2, 1);
	locate(m, 7, 2, 4);
	locate(m, 8, 3, 1);
	linemap_free(m);

	m = linemap_new(B("a\rb\rc"));
	locate(m, 1, 1, 2);
	locate(m, 2, 2, 1);
	locate(m, 4, 3, 1);
	locate(m, 5, 3, 2);
	linemap_free(m);

	/* "\n\r" is two breaks; "\r\r\n" is "\r" then "\r\n". */
	m = linemap_new(B("\n\r\r\r\nx"));
	locate(m, 0, 1, 1);
	locate(m, 1, 2, 1);
	locate(m, 2, 3, 1);
	locate(m, 3, 4, 1);
	locate(m, 5, 5, 1);
	locate(m, 6, 5, 2);
	linemap_free(m);

	m = linemap_new(B("\n\n\n"));
	locate(m, 0, 1, 1);
	locate(m, 1, 2, 1);
	locate(m, 2, 3, 1);
	locate(m, 3, 4, 1);
	locate(m, 4, 4, 1);
	linemap_free(m);
}

static void
test_linemap_columns(void **state)
{
	struct linemap *m;

	(void)state;
	/* é (2 bytes), € (3), U+1D11E (4), then 'x' at byte 9, column 4. */
	m = linemap_new(B("\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9ex\n"
	    "\xc3\xa9y"));
	locate(m, 0, 1, 1);
	locate(m, 2, 1, 2);
	locate(m, 5, 1, 3);
	locate(m, 9, 1, 4);
	locate(m, 10, 1, 5);
	locate(m, 11, 2, 1);
	locate(m, 13, 2, 2);
	locate(m, 14, 2, 3);
	/* Inside a character: the column of the one after it. */
	locate(m, 1, 1, 2);
	locate(m, 7, 1, 4);
	linemap_free(m);
}

static void
test_linemap_empty(void **state)
{
	struct linemap *m;

	(void)state;
	m = linemap_new(B(""));
	locate(m, 0, 1, 1);
	locate(m, 10, 1, 1);
	linemap_free(m);
	m = linemap_new(NULL, 0);
	locate(m, 0, 1, 1);
	linemap_free(m);
	linemap_free(NULL);
}

/* A long mixed text against a byte-by-byte walk, at every offset. */
static void
test_linemap_against_walk(void **state)
{
	static const char *const pieces[] = {
		"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e", "\n",
		"\r\n", "\r", " ", "line", "\t",
	};
	char text[20000];
	struct linemap *m;
	size_t n = 0, off, k, seed = 1;
	int line = 1, col = 1;

	(void)state;
	while (n < sizeof(text) - 8) {
		seed = seed * 1103515245 + 12345;
		k = (seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]));
		memcpy(text + n, pieces[k], strlen(pieces[k]));
		n += strlen(pieces[k]);
	}
	m = linemap_new(text, n);
	for (off = 0; off <= n; off++) {
		if (off == n || (text[off] & 0xc0) != 0x80)
			locate(m, off, line, col);
		if (off == n)
			break;
		if (text[off] == '\n' || (text[off] == '\r' &&
		    (off + 1 == n || text[off + 1] != '\n'))) {
			line++;
			col = 1;
		} else if ((text[off] & 0xc0) != 0x80)
			col++;
	}
	locate(m, n + 1, line, col);
	linemap_free(m);
}

/* hash64: the same bytes give the same hash however they are split; nearby inputs differ. */
static void
test_hash64_splits(void **state)
{
	unsigned char buf[300];
	size_t n, a, b, i;

	(void)state;
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	for (n = 0; n <= sizeof buf; n += 37) {
		uint64_t whole = hash64(buf, n);

		for (a = 0; a <= n; a += 3)
			for (b = a; b <= n; b += 11) {
				struct hash64 s;

				hash64_init(&s);
				hash64_add(&s, buf, a);
				hash64_add(&s, buf + a, b - a);
				hash64_add(&s, buf + b, n - b);
				assert_true(hash64_end(&s) == whole);
			}
	}
	/* Length counts: a run of zero bytes is not the empty string. */
	assert_true(hash64("", 0) != hash64("\0", 1));
	assert_true(hash64("\0", 1) != hash64("\0\0", 2));
	/* One bit changed anywhere changes the hash. */
	for (i = 0; i < 64; i++) {
		unsigned char c[64];

		memcpy(c, buf, sizeof c);
		c[i] ^= 1;
		assert_true(hash64(c, sizeof c) != hash64(buf, sizeof c));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_all_code_points),
		cmocka_unit_test(test_linemap_breaks),
		cmocka_unit_test(test_linemap_columns),
		cmocka_unit_test(test_linemap_empty),
		cmocka_unit_test(test_linemap_against_walk),
		cmocka_unit_test(test_hash64_splits),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
