/* test_date.c: unit tests for date parsing, formatting and day arithmetic. */
#include "unit.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

/* Parses s, which must be valid, and checks both formatted forms. */
static struct when
parse_ok(const char *s)
{
	struct when w = {0};
	char why[96] = "";

	if (date_parse(s, &w, why) != 0)
		fail_msg("date_parse(\"%s\") failed: %s", s, why);
	return w;
}

static void
assert_rfc3339(const struct when *w, const char *want)
{
	char out[DATE_MAX];

	date_rfc3339(w, out);
	assert_string_equal(out, want);
}

static void
assert_rfc822(const struct when *w, const char *want)
{
	char out[DATE_MAX];

	date_rfc822(w, out);
	assert_string_equal(out, want);
}

static void
assert_ymd(const struct when *w, const char *want)
{
	char out[11];

	date_ymd(w, out);
	assert_string_equal(out, want);
}

static void
test_rfc3339_round_trip(void **state)
{
	static const char *const ok[] = {
		"2016-10-18T10:00:00-04:00",
		"2016-10-18T10:00:00+05:30",
		"2016-10-18T10:00:00Z",
		"1970-01-01T00:00:00Z",
		"1969-12-31T23:59:59Z",
		"0001-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z",
		"2000-02-29T12:00:00+14:00",
		"2016-02-29T23:59:59-12:00",
		"2016-12-31T23:59:59+23:59",
		"2017-01-01T00:00:00-23:59",
		"1900-03-01T00:00:00-00:01",
	};
	struct when w;
	char out[DATE_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		w = parse_ok(ok[i]);
		date_rfc3339(&w, out);
		assert_string_equal(out, ok[i]);
	}
}

static void
test_rfc3339_instants(void **state)
{
	struct when w;

	(void)state;
	w = parse_ok("2016-10-18T10:00:00-04:00");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, -240);
	w = parse_ok("2016-10-18T14:00:00Z");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, 0);
	w = parse_ok("2016-10-18T19:30:00+05:30");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, 330);
	w = parse_ok("1970-01-01T00:00:00Z");
	assert_int_equal(w.t, 0);
	w = parse_ok("1969-12-31T23:59:59Z");
	assert_int_equal(w.t, -1);
	w = parse_ok("1970-01-01T00:00:00+00:01");
	assert_int_equal(w.t, -60);
	assert_int_equal(w.off, 1);
	w = parse_ok("0001-01-01T00:00:00Z");
	assert_int_equal(w.t, -62135596800LL);
	w = parse_ok("9999-12-31T23:59:59Z");
	assert_int_equal(w.t, 253402300799LL);
}

static void
test_rfc3339_variants(void **state)
{
	struct when w;

	(void)state;
	/* Lower-case 't' and 'z', and a space for 'T' (RFC 3339 5.6 NOTE). */
	w = parse_ok("2016-10-18t14:00:00z");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, 0);
	w = parse_ok("2016-10-18 10:00:00-04:00");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, -240);
	/* Fractions are dropped, not rounded. */
	w = parse_ok("2016-10-18T10:00:00.999999-04:00");
	assert_int_equal(w.t, 1476799200);
	w = parse_ok("2016-10-18T10:00:00.5Z");
	assert_int_equal(w.t, 1476784800);
	/* "-00:00" is the same instant as "Z", written as "Z". */
	w = parse_ok("2016-10-18T14:00:00-00:00");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, 0);
	assert_rfc3339(&w, "2016-10-18T14:00:00Z");
	w = parse_ok("2016-10-18T14:00:00+00:00");
	assert_rfc3339(&w, "2016-10-18T14:00:00Z");
	assert_rfc822(&w, "Tue, 18 Oct 2016 14:00:00 +0000");
}

static void
test_rfc822(void **state)
{
	struct when w;

	(void)state;
	w = parse_ok("2016-10-18T10:00:00-04:00");
	assert_rfc822(&w, "Tue, 18 Oct 2016 10:00:00 -0400");
	w = parse_ok("2016-10-18T19:30:00+05:30");
	assert_rfc822(&w, "Tue, 18 Oct 2016 19:30:00 +0530");
	w = parse_ok("2002-09-07T00:00:01Z");
	assert_rfc822(&w, "Sat, 07 Sep 2002 00:00:01 +0000");
	w = parse_ok("1970-01-01T00:00:00Z");
	assert_rfc822(&w, "Thu, 01 Jan 1970 00:00:00 +0000");
	w = parse_ok("1969-12-31T23:59:59Z");
	assert_rfc822(&w, "Wed, 31 Dec 1969 23:59:59 +0000");
	w = parse_ok("2000-02-29T08:09:10-09:30");
	assert_rfc822(&w, "Tue, 29 Feb 2000 08:09:10 -0930");
	w = parse_ok("0001-01-01T00:00:00Z");
	assert_rfc822(&w, "Mon, 01 Jan 0001 00:00:00 +0000");
	w = parse_ok("9999-12-31T23:59:59-23:59");
	assert_rfc822(&w, "Fri, 31 Dec 9999 23:59:59 -2359");
	w = parse_ok("2016-11-06T12:00:00+00:45");
	assert_rfc822(&w, "Sun, 06 Nov 2016 12:00:00 +0045");
	w = parse_ok("2016-11-07T12:00:00Z");
	assert_rfc822(&w, "Mon, 07 Nov 2016 12:00:00 +0000");
}

static void
test_weekdays_and_months(void **state)
{
	static const char *const want[] = {
		"Fri, 01 Jan 2016", "Mon, 01 Feb 2016", "Tue, 01 Mar 2016",
		"Fri, 01 Apr 2016", "Sun, 01 May 2016", "Wed, 01 Jun 2016",
		"Fri, 01 Jul 2016", "Mon, 01 Aug 2016", "Thu, 01 Sep 2016",
		"Sat, 01 Oct 2016", "Tue, 01 Nov 2016", "Thu, 01 Dec 2016",
	};
	struct when w;
	char out[DATE_MAX];
	unsigned m;

	(void)state;
	for (m = 1; m <= 12; m++) {
		w.t = days_from_civil(2016, m, 1) * 86400;
		w.off = 0;
		date_rfc822(&w, out);
		assert_int_equal(strncmp(out, want[m - 1], 16), 0);
	}
}

static void
test_ymd_in_written_offset(void **state)
{
	struct when w;

	(void)state;
	/* UTC is already 2016-10-19 03:30, but the writer's day is the 18th. */
	w = parse_ok("2016-10-18T23:30:00-04:00");
	assert_ymd(&w, "2016-10-18");
	assert_rfc822(&w, "Tue, 18 Oct 2016 23:30:00 -0400");
	w.off = 0;
	assert_ymd(&w, "2016-10-19");
	/* UTC is still 2016-10-17 20:30, the writer's day is the 18th. */
	w = parse_ok("2016-10-18T06:00:00+09:30");
	assert_ymd(&w, "2016-10-18");
	w = parse_ok("2016-02-29T00:00:00+14:00");
	assert_ymd(&w, "2016-02-29");
	w = parse_ok("1969-12-31T23:59:59Z");
	assert_ymd(&w, "1969-12-31");
}

static void
test_leap_years(void **state)
{
	struct when w;
	char why[96];

	(void)state;
	w = parse_ok("2000-02-29T00:00:00Z");
	assert_rfc3339(&w, "2000-02-29T00:00:00Z");
	w = parse_ok("2016-02-29T00:00:00Z");
	w.t += 86400;
	assert_rfc3339(&w, "2016-03-01T00:00:00Z");
	w = parse_ok("2400-02-29T00:00:00Z");
	assert_ymd(&w, "2400-02-29");
	w = parse_ok("2015-02-28T00:00:00Z");
	w.t += 86400;
	assert_ymd(&w, "2015-03-01");

	assert_int_equal(date_parse("1900-02-29T00:00:00Z", &w, why), -1);
	assert_string_equal(why, "day 29 is out of range for February 1900");
	assert_int_equal(date_parse("2015-02-29", &w, why), -1);
	assert_string_equal(why, "day 29 is out of range for February 2015");
	assert_int_equal(date_parse("2100-02-29T00:00:00Z", &w, why), -1);
	assert_string_equal(why, "day 29 is out of range for February 2100");
	assert_int_equal(date_parse("2016-02-30T00:00:00Z", &w, why), -1);
	assert_string_equal(why, "day 30 is out of range for February 2016");
}

struct bad {
	const char *s;
	const char *why;
};

static void
test_invalid(void **state)
{
	/* Said without "expected": the callers add what they expect. */
	static const char shape[] = "not a date feedgen reads";
	static const char narrow[] = "a one-digit month, day or hour comes with a time and its seconds";
	static const char offset[] = "an offset needs the seconds before it, as in 10:00:00Z";
	static const struct bad bad[] = {
		{ "", shape },
		{ "2016", shape },
		{ "2016-10", shape },
		{ "2016-10-1", narrow },
		{ "2016-1-18", narrow },
		{ "16-10-18", shape },
		{ "20160-10-18", shape },
		{ "2016/10/18", shape },
		{ "2016-10-18x", shape },
		{ "2016-10-18-slug", shape },
		{ " 2016-10-18", shape },
		{ "2016-10-18 ", shape },
		{ "2016-10-18\n", shape },
		{ "+2016-10-18", shape },
		{ "2016-10-18T", shape },
		{ "2016-10-18T10", shape },
		{ "2016-10-18T10:0", shape },
		{ "2016-10-18T1a:00:00Z", shape },
		{ "2016-10-18T10:00:0", shape },
		{ "2016-10-18T10:00Z", offset },
		{ "2016-10-18T10:00-04:00", offset },
		{ "2016-10-18T10:00.5", shape },
		{ "2016-10-18T10:00:00.", shape },
		{ "2016-10-18T10:00:00.Z", shape },
		{ "2016-10-18T10:00:00,5Z", shape },
		{ "2016-10-18T10:00:00+04:0", shape },
		{ "2016-10-18T10:00:00+045", shape },
		{ "2016-10-18T10:00:00+004:00", shape },
		{ "2016-10-18T10:00:00+4000", "offset +40:00 is out of range" },
		{ "2016-10-18 10:00:00 ", shape },
		{ "2016-10-18 10:00:00 +0530 ", shape },
		{ "2016-10-18 10:00 +0530", offset },
		{ "2016-10-18 10:00:00 UTC", shape },
		{ "2016-10-18 10:00:00 +05 30", shape },
		{ "2016-1-8", narrow },
		{ "2016-100-18 10:00:00", shape },
		{ "2016-10-18 100:00:00", shape },
		{ "2026-12-05 5:10", narrow },
		{ "2026-1-05 05:10", narrow },
		{ "2026-12-5T05:10", narrow },
		{ "2016-10-18T 10:00:00Z", shape },
		{ "2016-10-18 \n10:00:00Z", shape },
		{ "2016-10-18T10:00:00Zx", shape },
		{ "2016-10-18T10:00:00-04:00 ", shape },
		{ "2016-10-18T10:00:00UTC", shape },
		{ "2016-10-18TT10:00:00Z", shape },
		/* Fullwidth digits are not ASCII digits. */
		{ "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x96-10-18",
		    shape },
		{ "Tue, 18 Oct 2016 10:00:00 -0400", shape },
		{ "0000-01-01T00:00:00Z", "year 0000 is out of range" },
		{ "2016-00-18", "month 0 is out of range" },
		{ "2016-13-18", "month 13 is out of range" },
		{ "2016-99-18T10:00:00Z", "month 99 is out of range" },
		{ "2016-10-00", "day 0 is out of range for October 2016" },
		{ "2016-10-32", "day 32 is out of range for October 2016" },
		{ "2016-04-31T00:00:00Z",
		    "day 31 is out of range for April 2016" },
		{ "2016-06-31", "day 31 is out of range for June 2016" },
		{ "2016-09-31", "day 31 is out of range for September 2016" },
		{ "2016-11-31", "day 31 is out of range for November 2016" },
		{ "0001-01-32", "day 32 is out of range for January 0001" },
		{ "2016-10-18T24:00:00Z", "hour 24 is out of range" },
		{ "2016-10-18T99:00", "hour 99 is out of range" },
		{ "2016-10-18T10:60:00Z", "minute 60 is out of range" },
		{ "2016-10-18 10:60", "minute 60 is out of range" },
		{ "2016-12-31T23:59:60Z", "second 60 is out of range" },
		{ "2016-10-18T10:00:61", "second 61 is out of range" },
		{ "2016-10-18T10:00:00+25:00",
		    "offset +25:00 is out of range" },
		{ "2016-10-18T10:00:00+24:00",
		    "offset +24:00 is out of range" },
		{ "2016-10-18T10:00:00-24:00",
		    "offset -24:00 is out of range" },
		{ "2016-10-18T10:00:00+05:60",
		    "offset +05:60 is out of range" },
		{ "2016-10-18 10:00:00 +0560",
		    "offset +05:60 is out of range" },
		{ "2016-10-18 10:00:00 -25", "offset -25:00 is out of range" },
		{ "2016-2-30 10:00:00",
		    "day 30 is out of range for February 2016" },
		{ "2016-10-18 24:00:00 +0530", "hour 24 is out of range" },
		/* Shape errors come first, then ranges in reading order. */
		{ "2016-13-32T25:61:61+25:61", "month 13 is out of range" },
		{ "2016-02-30T25:00:00Z",
		    "day 30 is out of range for February 2016" },
		{ "2016-13-18T10:00Z", offset },
	};
	struct when w, keep = { 12345, 67 };
	char why[96];
	size_t i;

	(void)state;
	set_tz("UTC");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		w = keep;
		memset(why, 'x', sizeof(why));
		if (date_parse(bad[i].s, &w, why) != -1)
			fail_msg("date_parse(\"%s\") succeeded", bad[i].s);
		assert_non_null(memchr(why, '\0', sizeof(why)));
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("date_parse(\"%s\"): got \"%s\", want \"%s\"",
			    bad[i].s, why, bad[i].why);
		/* A failed parse leaves *out alone. */
		assert_int_equal(w.t, keep.t);
		assert_int_equal(w.off, keep.off);
	}
}

static void
test_local_new_york(void **state)
{
	struct when w;

	(void)state;
	set_tz("America/New_York");
	/* EDT in October, EST in January. */
	w = parse_ok("2016-10-18");
	assert_int_equal(w.off, -240);
	assert_int_equal(w.t, 1476763200);
	assert_rfc3339(&w, "2016-10-18T00:00:00-04:00");
	assert_rfc822(&w, "Tue, 18 Oct 2016 00:00:00 -0400");
	assert_ymd(&w, "2016-10-18");
	w = parse_ok("2016-01-18");
	assert_int_equal(w.off, -300);
	assert_int_equal(w.t, 1453093200);
	assert_rfc3339(&w, "2016-01-18T00:00:00-05:00");
	w = parse_ok("2016-10-18T10:00");
	assert_int_equal(w.t, 1476799200);
	assert_int_equal(w.off, -240);
	w = parse_ok("2016-10-18 10:00:30");
	assert_int_equal(w.t, 1476799230);
	w = parse_ok("2016-10-18t10:00:30.75");
	assert_int_equal(w.t, 1476799230);
	w = parse_ok("2016-12-31T23:59:59");
	assert_rfc3339(&w, "2016-12-31T23:59:59-05:00");
	/* An explicit offset wins over TZ. */
	w = parse_ok("2016-10-18T10:00:00+02:00");
	assert_int_equal(w.off, 120);
	/* The day DST ends: midnight is still EDT, noon is EST. */
	w = parse_ok("2016-11-06");
	assert_int_equal(w.off, -240);
	w = parse_ok("2016-11-06T12:00");
	assert_int_equal(w.off, -300);
}

/* Jekyll's documented form and the YAML 1.1 timestamp shapes. */
static void
test_jekyll_and_yaml11(void **state)
{
	struct when w;

	(void)state;
	set_tz("UTC");
	/* jekyllrb.com/docs/front-matter: "YYYY-MM-DD HH:MM:SS +/-TTTT". */
	w = parse_ok("2025-01-29 18:15:32 +0530");
	assert_int_equal(w.off, 330);
	assert_rfc3339(&w, "2025-01-29T18:15:32+05:30");
	w = parse_ok("2025-01-29 18:15:32 -0800");
	assert_rfc3339(&w, "2025-01-29T18:15:32-08:00");
	w = parse_ok("2025-01-29 18:15:32+0530");
	assert_rfc3339(&w, "2025-01-29T18:15:32+05:30");
	w = parse_ok("2025-01-29T18:15:32+0530");
	assert_rfc3339(&w, "2025-01-29T18:15:32+05:30");
	/* yaml.org/type/timestamp.html examples: all one instant. */
	w = parse_ok("2001-12-14t21:59:43.10-05:00");
	assert_int_equal(w.t, 1008385183);
	assert_int_equal(w.off, -300);
	w = parse_ok("2001-12-14 21:59:43.10 -5");
	assert_int_equal(w.t, 1008385183);
	assert_int_equal(w.off, -300);
	assert_rfc3339(&w, "2001-12-14T21:59:43-05:00");
	w = parse_ok("2001-12-15T02:59:43.1Z");
	assert_int_equal(w.t, 1008385183);
	w = parse_ok("2001-12-15 2:59:43.10");
	assert_int_equal(w.t, 1008385183);
	assert_int_equal(w.off, 0);
	w = parse_ok("2001-12-14 21:59:43.10 -05");
	assert_int_equal(w.t, 1008385183);
	w = parse_ok("2001-12-14 21:59:43.10\t-5:00");
	assert_int_equal(w.t, 1008385183);
	w = parse_ok("2001-12-15  \t 02:59:43 Z");
	assert_int_equal(w.t, 1008385183);
	assert_int_equal(w.off, 0);
	w = parse_ok("2001-12-15\t02:59:43z");
	assert_int_equal(w.t, 1008385183);
	/* One-digit month, day and hour with a time, as YAML 1.1 allows. */
	w = parse_ok("2001-1-5 3:04:05 +1");
	assert_rfc3339(&w, "2001-01-05T03:04:05+01:00");
	w = parse_ok("2016-10-18T10:00:00+4:30");
	assert_int_equal(w.off, 270);
	w = parse_ok("2016-10-18T10:00:00+04");
	assert_int_equal(w.off, 240);
	/* Without an offset: the site's zone. */
	set_tz("Asia/Kolkata");
	w = parse_ok("2001-12-14 21:59:43.10");
	assert_rfc3339(&w, "2001-12-14T21:59:43+05:30");
	w = parse_ok("2025-01-29 18:15");
	assert_rfc3339(&w, "2025-01-29T18:15:00+05:30");
	set_tz("UTC");
}

/* Parses s, which must fail, and checks the reason and that *out is untouched. */
static void
parse_bad(const char *s, const char *want)
{
	struct when w = { 12345, 67 };
	char why[96];

	if (date_parse(s, &w, why) != -1)
		fail_msg("date_parse(\"%s\") succeeded", s);
	if (strcmp(why, want) != 0)
		fail_msg("date_parse(\"%s\"): got \"%s\", want \"%s\"", s, why, want);
	assert_int_equal(w.t, 12345);
	assert_int_equal(w.off, 67);
}

static void
test_local_gap(void **state)
{
	(void)state;
	set_tz("America/New_York");
	/* 2016-03-13: 02:00 EST became 03:00 EDT; 02:00 to 02:59 never happened. */
	parse_bad("2016-03-13T02:30", "does not exist in America/New_York: "
	    "the clocks went forward from 02:00 to 03:00");
	parse_bad("2016-03-13 02:00:00", "does not exist in America/New_York: "
	    "the clocks went forward from 02:00 to 03:00");
	parse_bad("2016-03-13 02:59:59", "does not exist in America/New_York: "
	    "the clocks went forward from 02:00 to 03:00");
	/* The edges of the gap exist. */
	assert_int_equal(parse_ok("2016-03-13 01:59:59").t, 1457852399);
	assert_int_equal(parse_ok("2016-03-13 03:00").t, 1457852400);
	set_tz("Europe/Paris");
	parse_bad("2016-03-27 02:15", "does not exist in Europe/Paris: "
	    "the clocks went forward from 02:00 to 03:00");
	/* Samoa skipped 2011-12-30 whole: the day is named. */
	set_tz("Pacific/Apia");
	parse_bad("2011-12-30", "does not exist in Pacific/Apia: "
	    "the clocks went forward from 00:00 to 2011-12-31 00:00");
	/* A plain date whose midnight is skipped (Sao Paulo, 2016-10-16). */
	set_tz("America/Sao_Paulo");
	parse_bad("2016-10-16", "does not exist in America/Sao_Paulo: "
	    "the clocks went forward from 00:00 to 01:00");
	set_tz("UTC");
}

/* For import: a skipped local time moved forward by the gap, as Ruby's Time and Go's time.Date do. */
static void
test_local_gap_forward(void **state)
{
	struct when w = {0};
	int64_t moved = -1;
	char why[96] = "";

	(void)state;
	set_tz("Europe/Berlin");
	assert_int_equal(date_parse_forward("2025-03-30T02:30:00", &w, &moved, why), 0);
	assert_rfc3339(&w, "2025-03-30T03:30:00+02:00");
	assert_int_equal(moved, 3600);
	/* A time that exists is not moved; one that came twice is the earlier instant, as date_parse. */
	assert_int_equal(date_parse_forward("2025-03-30 03:00", &w, &moved, why), 0);
	assert_rfc3339(&w, "2025-03-30T03:00:00+02:00");
	assert_int_equal(moved, 0);
	assert_int_equal(date_parse_forward("2025-10-26 02:30", &w, &moved, why), 0);
	assert_rfc3339(&w, "2025-10-26T02:30:00+02:00");
	assert_int_equal(moved, 0);
	/* Samoa's skipped day: a day forward. */
	set_tz("Pacific/Apia");
	assert_int_equal(date_parse_forward("2011-12-30 12:00", &w, &moved, why), 0);
	assert_rfc3339(&w, "2011-12-31T12:00:00+14:00");
	assert_int_equal(moved, 86400);
	/* Anything else date_parse refuses is still refused. */
	assert_int_equal(date_parse_forward("2025-13-01", &w, &moved, why), -1);
	assert_string_equal(why, "month 13 is out of range");
	/* date_parse itself still refuses the gap. */
	set_tz("Europe/Berlin");
	assert_int_equal(date_parse("2025-03-30T02:30:00", &w, why), -1);
	set_tz("UTC");
}

static void
test_local_repeated(void **state)
{
	struct when w;

	(void)state;
	set_tz("America/New_York");
	/* 2016-11-06: 01:00 to 01:59 came twice, EDT then EST; the first is taken. */
	w = parse_ok("2016-11-06T01:30");
	assert_int_equal(w.t, 1478410200);
	assert_int_equal(w.off, -240);
	assert_rfc3339(&w, "2016-11-06T01:30:00-04:00");
	/* Just after the repeated hour: EST only. */
	w = parse_ok("2016-11-06T02:00");
	assert_int_equal(w.off, -300);
	assert_int_equal(w.t, 1478415600);
	/* Lord Howe goes back half an hour. */
	set_tz("Australia/Lord_Howe");
	w = parse_ok("2016-04-03 01:45");
	assert_int_equal(w.off, 660);
	assert_rfc3339(&w, "2016-04-03T01:45:00+11:00");
	set_tz("UTC");
}

static void
test_local_other_zones(void **state)
{
	struct when w;

	(void)state;
	set_tz("UTC");
	w = parse_ok("2016-10-18");
	assert_int_equal(w.off, 0);
	assert_int_equal(w.t, 1476748800);
	assert_rfc3339(&w, "2016-10-18T00:00:00Z");
	set_tz("Asia/Kolkata");
	w = parse_ok("2016-10-18T10:00");
	assert_int_equal(w.off, 330);
	assert_int_equal(w.t, 1476765000);
	assert_rfc822(&w, "Tue, 18 Oct 2016 10:00:00 +0530");
	set_tz("Australia/Sydney");
	w = parse_ok("2016-01-18");
	assert_int_equal(w.off, 660);
	assert_ymd(&w, "2016-01-18");
	w = parse_ok("2016-07-18");
	assert_int_equal(w.off, 600);
	/* Paris LMT was +00:09:21: the written wall clock survives. */
	set_tz("Europe/Paris");
	w = parse_ok("1850-01-01");
	assert_int_equal(w.off, 9);
	assert_rfc3339(&w, "1850-01-01T00:00:00+00:09");
	assert_ymd(&w, "1850-01-01");
	set_tz("Pacific/Kiritimati");
	w = parse_ok("2016-10-18T23:59:59");
	assert_int_equal(w.off, 840);
	assert_ymd(&w, "2016-10-18");
	set_tz("UTC");
}

static void
test_is_plain(void **state)
{
	(void)state;
	assert_true(date_is_plain("2016-10-18"));
	assert_true(date_is_plain("2016-10-18T10:00:00Z"));
	assert_true(date_is_plain("2016-10-18t10:00"));
	assert_true(date_is_plain("2016-10-18 10:00"));
	assert_true(date_is_plain("2016-99-99"));
	assert_false(date_is_plain(""));
	assert_false(date_is_plain("2016-10-1"));
	assert_false(date_is_plain("2016-10-18x"));
	assert_false(date_is_plain("2016-10-18-slug"));
	assert_false(date_is_plain("2016/10/18"));
	assert_false(date_is_plain(" 2016-10-18"));
	assert_false(date_is_plain("hello"));
}

static void
test_days_known(void **state)
{
	int64_t y;
	unsigned m, d;

	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(1970, 1, 2), 1);
	assert_int_equal(days_from_civil(1969, 12, 31), -1);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(days_from_civil(2016, 10, 18), 17092);
	assert_int_equal(days_from_civil(1, 1, 1), -719162);
	assert_int_equal(days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(days_from_civil(0, 3, 1), -719468);
	assert_int_equal(days_from_civil(-1, 12, 31), -719529);
	civil_from_days(11017, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	civil_from_days(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

/* Walks every day from 0000-01-01 to 10000-12-31 with a calendar of its own. */
static void
test_days_round_trip(void **state)
{
	static const unsigned ml[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t y, z, yy;
	unsigned m, d, mm, dd, n;

	(void)state;
	z = days_from_civil(0, 1, 1);
	assert_int_equal(z, -719528);
	for (y = 0; y <= 10000; y++) {
		for (m = 1; m <= 12; m++) {
			n = ml[m - 1] + (m == 2 && y % 4 == 0 &&
			    (y % 100 != 0 || y % 400 == 0));
			for (d = 1; d <= n; d++, z++) {
				if (days_from_civil(y, m, d) != z)
					fail_msg("days_from_civil(%lld, %u, "
					    "%u)", (long long)y, m, d);
				civil_from_days(z, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("civil_from_days(%lld)",
					    (long long)z);
			}
		}
	}
	assert_int_equal(z, days_from_civil(10001, 1, 1));
}

/* Each instant in a range, formatted then parsed, is the same instant. */
static void
test_format_parse_round_trip(void **state)
{
	static const int offs[] = { 0, -240, -300, 330, 345, -1439, 1439, -1 };
	struct when w, v;
	char out[DATE_MAX], why[96];
	int64_t t;
	size_t i;

	(void)state;
	for (t = -62135596800LL + 86400; t < 253402300799LL - 86400;
	    t += 86400 * 37 + 3607) {
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			w.t = t;
			w.off = offs[i];
			date_rfc3339(&w, out);
			if (date_parse(out, &v, why) != 0)
				fail_msg("date_parse(\"%s\"): %s", out, why);
			assert_int_equal(v.t, w.t);
			assert_int_equal(v.off, w.off);
		}
	}
}

static void
test_extremes_fit(void **state)
{
	struct when w;
	char out[DATE_MAX];

	(void)state;
	/* Outside 0001..9999 the output is wrong but bounded and terminated. */
	w.t = INT64_MAX;
	w.off = 1439;
	date_rfc822(&w, out);
	assert_true(strlen(out) < DATE_MAX);
	date_rfc3339(&w, out);
	assert_true(strlen(out) < DATE_MAX);
	w.t = INT64_MIN;
	w.off = -1439;
	date_rfc822(&w, out);
	assert_true(strlen(out) < DATE_MAX);
	date_rfc3339(&w, out);
	assert_true(strlen(out) < DATE_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339_round_trip),
		cmocka_unit_test(test_rfc3339_instants),
		cmocka_unit_test(test_rfc3339_variants),
		cmocka_unit_test(test_rfc822),
		cmocka_unit_test(test_weekdays_and_months),
		cmocka_unit_test(test_ymd_in_written_offset),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_jekyll_and_yaml11),
		cmocka_unit_test(test_local_new_york),
		cmocka_unit_test(test_local_other_zones),
		cmocka_unit_test(test_local_gap),
		cmocka_unit_test(test_local_gap_forward),
		cmocka_unit_test(test_local_repeated),
		cmocka_unit_test(test_is_plain),
		cmocka_unit_test(test_days_known),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_extremes_fit),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
