/* date.h: parse and format the dates feeds need, without locale or timegm. */
#ifndef FEEDGEN_DATE_H
#define FEEDGEN_DATE_H

#include <stddef.h>
#include <stdint.h>

/* An instant, and the UTC offset it was written with (or the site's offset). */
struct when {
	int64_t t;	/* seconds since 1970-01-01T00:00:00Z */
	int off;	/* minutes east of UTC, -1439..1439 */
};

/* Room for any string date_rfc822 or date_rfc3339 writes, with its NUL. */
#define DATE_MAX 40

/*
 * Parses s as one of:
 *   YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)   RFC 3339 date-time ('t', 'z'
 *                                                 and a space for 'T' accepted)
 *   YYYY-MM-DD[(T|t| )HH:MM[:SS[.frac]]]           local time in the process's
 *                                                 time zone (TZ)
 * and the YAML 1.1 timestamp forms (yaml.org/type/timestamp.html), with
 * Jekyll's "2025-01-29 18:15:32 +0530": blanks (spaces, tabs) for 'T',
 * blanks before the offset, an offset of +HHMM, +HH or +H (with or without
 * ":MM"), and, when seconds are given, one-digit month, day and hour.
 * Fractions of a second are dropped. Years run from 0001 to 9999; second 60
 * is refused; "-00:00" is read as "Z". A local time that TZ skips (the
 * clocks went forward) is refused, saying so; one that came twice (the
 * clocks went back) is the earlier instant, the first time the clock showed
 * it. Nothing may precede or follow the date, not even white space. Returns
 * 0, or -1 with why[] set to a short reason such as "month 13 is out of
 * range" or "day 29 is out of range for February 2015"; *out is untouched on
 * error. Not safe to call from a worker while another thread changes TZ.
 */
int date_parse(const char *s, struct when *out, char why[96]);

/*
 * date_parse, but a local time that TZ skips is read as Hugo (Go's
 * time.Date) and Jekyll (Ruby's Time) read it: with the offset before the
 * gap, so the clock moves forward by the gap (02:30 in Europe/Berlin on
 * 2025-03-30 is 03:30+02:00). *moved is the seconds it moved, 0 when the
 * time exists. For import, which keeps what the old site published;
 * feedgen's own entries keep refusing such a time (date_parse).
 */
int date_parse_forward(const char *s, struct when *out, int64_t *moved, char why[96]);

/*
 * Parses an RSS 2.0 pubDate, RFC 822 section 5 as RFC 1123 5.2.14 amends
 * it: "[Sat, ]02 Mar 2024 00:00[:00] ZONE", the day name (checked against
 * the date when given), a two-digit year read as 19YY from 50 and 20YY
 * below, and ZONE +HHMM, -HHMM, UT, GMT, Z or a North American zone (EST,
 * EDT, CST, CDT, MST, MDT, PST, PDT); letters and spacing in any case,
 * blanks around the parts. Returns 0, or -1 with why[] set ("unknown zone
 * 'XYZ'"); *out is untouched on error.
 */
int date_parse_rfc822(const char *s, struct when *out, char why[96]);

/*
 * 1 when s starts with "YYYY-MM-DD" followed by the end of s or by 'T'/'t'/' ';
 * only the shape (ASCII digits) is checked, not the ranges: date_parse does.
 */
int date_is_plain(const char *s);

/* The instant t with the offset TZ's zone has then (UTC when localtime cannot say). */
struct when date_in_zone(int64_t t);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* "Tue, 18 Oct 2016 10:00:00 -0400" (RFC 822 with four-digit year, RFC 1123). */
void date_rfc822(const struct when *w, char out[DATE_MAX]);
/* "2016-10-18T10:00:00-04:00"; an offset of zero is written "Z". */
void date_rfc3339(const struct when *w, char out[DATE_MAX]);
/*
 * date_rfc3339 as the feeds write it: an offset beyond +-14:00 (RFC 3339
 * allows up to 23:59) gives the instant in UTC, since XML Schema's dateTime,
 * and so Atom's schema, refuses it. Atom and JSON Feed both write this, so
 * their dates agree.
 */
void date_rfc3339_feed(const struct when *w, char out[DATE_MAX]);
/* "2016-10-18": the calendar date in the offset the date was written with. */
void date_ymd(const struct when *w, char out[11]);
/* "YYYY-MM-DD": the day of instant t in TZ, the site's zone (UTC when localtime cannot say). */
void date_ymd_local(int64_t t, char out[11]);

#endif
