/* date.c: parse RFC 3339 and local dates, write RFC 822 and RFC 3339 dates. */
#include "date.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Our own tables: strftime's %a and %b follow LC_TIME, feeds must not. */
static const char *const wdays[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const mons[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"
};

/*
 * Why a text has no shape date_parse reads, said without "expected": each
 * caller adds what it expects.
 */
static const char no_shape[] = "not a date feedgen reads";
static const char narrow_alone[] = "a one-digit month, day or hour comes with a time and its "
    "seconds";
static const char offset_alone[] = "an offset needs the seconds before it, as in 10:00:00Z";

/* Writes the reason a parse failed, for the caller to report in its words. */
static void set_why(char *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_why(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, 96, fmt, ap);
	va_end(ap);
}

/* Exactly n ASCII digits; isdigit() would follow the locale. */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

static int
is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* RFC 3339 5.7: days in each month, with the Gregorian leap year rule. */
static int
mdays(int y, int m)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* Floor division, so instants before 1970 land on the right day. */
static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	/* howardhinnant.github.io/date_algorithms.html#days_from_civil */
	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? (int64_t)m - 3 : (int64_t)m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	/* howardhinnant.github.io/date_algorithms.html#civil_from_days */
	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_is_plain(const char *s)
{
	int v;

	if (s == NULL || !digits(s, 4, &v) || s[4] != '-' ||
	    !digits(s + 5, 2, &v) || s[7] != '-' || !digits(s + 8, 2, &v))
		return 0;
	return s[10] == '\0' || s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

/* The parts of a date as written, before any range check. */
struct parts {
	int y, m, d, h, mi, sec;
	int zoned;		/* an offset or 'Z' was given */
	int sign, oh, om;	/* the offset as written */
};

/* One or two ASCII digits, as YAML 1.1 timestamps allow: how many were read. */
static int
digits12(const char *s, int *v)
{
	if (!digits(s, 1, v))
		return 0;
	if (s[1] < '0' || s[1] > '9')
		return 1;
	*v = *v * 10 + (s[1] - '0');
	return 2;
}

/*
 * The offset after a time: Z, or a sign and hours (one or two digits)
 * with optional minutes, after a colon or (with two-digit hours) straight
 * on: +05:30, +0530, +05, -5, -5:00. Returns the characters read, or -1.
 */
static int
read_offset(const char *s, struct parts *p)
{
	const char *s0 = s;
	int n;

	if (*s == 'Z' || *s == 'z') {
		p->zoned = 1;
		return 1;
	}
	if (*s != '+' && *s != '-')
		return -1;
	p->zoned = 1;
	p->sign = *s++;
	if ((n = digits12(s, &p->oh)) == 0)
		return -1;
	s += n;
	if (*s == ':') {
		if (!digits(s + 1, 2, &p->om))
			return -1;
		s += 3;
	} else if (n == 2 && digits(s, 2, &p->om)) {
		s += 2;
	}
	return (int)(s - s0);
}

/*
 * RFC 3339 5.6 shapes, the YAML 1.1 timestamp shapes (yaml.org/type/
 * timestamp.html) and Jekyll's documented "2025-01-29 18:15:32 +0530", and
 * the local ones date.h lists: 0, or -1 when s has none of them. Only digits
 * are read here; ranges are check_ranges's.
 */
static int
read_shape(const char *s, struct parts *p, const char **reason)
{
	int hassec = 0, n, narrow = 0;

	*reason = no_shape;
	memset(p, 0, sizeof *p);
	p->sign = '+';
	if (!digits(s, 4, &p->y) || s[4] != '-')
		return -1;
	s += 5;
	if ((n = digits12(s, &p->m)) == 0 || s[n] != '-')
		return -1;
	narrow |= n == 1;
	s += n + 1;
	if ((n = digits12(s, &p->d)) == 0)
		return -1;
	narrow |= n == 1;
	s += n;
	/* YAML 1.1: a date alone has two-digit month and day. */
	if (*s == '\0') {
		*reason = narrow_alone;
		return narrow ? -1 : 0;
	}
	/* RFC 3339 5.6 NOTE: 't' and a space may stand for 'T'; YAML 1.1: any run of blanks. */
	if (*s == 'T' || *s == 't')
		s++;
	else if (*s == ' ' || *s == '\t')
		s += strspn(s, " \t");
	else
		return -1;
	if ((n = digits12(s, &p->h)) == 0 || s[n] != ':' || !digits(s + n + 1, 2, &p->mi))
		return -1;
	narrow |= n == 1;
	s += n + 3;
	if (*s == ':') {
		if (!digits(s + 1, 2, &p->sec))
			return -1;
		s += 3;
		hassec = 1;
		/* RFC 3339 5.6: time-secfrac = "." 1*DIGIT */
		if (*s == '.') {
			if (*++s < '0' || *s > '9')
				return -1;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	/* YAML 1.1's one-digit month, day and hour come with seconds: 5:10 is a slip. */
	if (narrow && !hassec) {
		*reason = narrow_alone;
		return -1;
	}
	if (*s == '\0')
		return 0;
	/* YAML 1.1 and Jekyll: blanks may come before the offset, not after. */
	s += strspn(s, " \t");
	if ((n = read_offset(s, p)) < 0)
		return -1;
	s += n;
	/* RFC 3339 5.6 and YAML 1.1: an offset needs seconds before it. */
	if (*s == '\0' && !hassec)
		*reason = offset_alone;
	return *s != '\0' || !hassec ? -1 : 0;
}

/* Each part within its range, in reading order: 0, or -1 with why set. */
static int
check_ranges(const struct parts *p, char *why)
{
	if (p->y < 1)
		set_why(why, "year %04d is out of range", p->y);
	else if (p->m < 1 || p->m > 12)
		set_why(why, "month %d is out of range", p->m);
	else if (p->d < 1 || p->d > mdays(p->y, p->m))
		set_why(why, "day %d is out of range for %s %04d", p->d, months[p->m - 1], p->y);
	else if (p->h > 23)
		set_why(why, "hour %d is out of range", p->h);
	else if (p->mi > 59)
		set_why(why, "minute %d is out of range", p->mi);
	/* RFC 3339 5.7 allows leap second 60; time_t and feed readers cannot hold one. */
	else if (p->sec > 59)
		set_why(why, "second %d is out of range", p->sec);
	else if (p->oh > 23 || p->om > 59)
		set_why(why, "offset %c%02d:%02d is out of range", p->sign, p->oh, p->om);
	else
		return 0;
	return -1;
}

/* TZ's offset from UTC at instant t, in seconds: 0, or -1 when localtime cannot say. */
static int
offset_at(int64_t t, long *off)
{
	time_t tt = (time_t)t;
	struct tm lt;

	if ((int64_t)tt != t || localtime_r(&tt, &lt) == NULL)
		return -1;
	*off = lt.tm_gmtoff;
	return 0;
}

/* The wall clock at instant t in offset off (seconds): "HH:MM", after the date when whole. */
static void
clock_text(int64_t t, long off, int whole, char out[24])
{
	int64_t wall = t + off, days = floordiv(wall, 86400), y;
	int secs = (int)(wall - days * 86400);
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	if (whole)
		snprintf(out, 24, "%04lld-%02u-%02u %02d:%02d", (long long)y, m, d, secs / 3600,
		    secs / 60 % 60);
	else
		snprintf(out, 24, "%02d:%02d", secs / 3600, secs / 60 % 60);
}

/* Says where TZ's clocks jumped over the local time wall (seconds, as if UTC). */
static void
gap_why(int64_t wall, const long offs[3], char *why)
{
	const char *tz = getenv("TZ");
	long before = offs[0], after = offs[2] != offs[0] ? offs[2] : offs[1], off;
	int64_t lo = wall - 86400, hi = wall + 86400, mid;
	char from[24], to[24];
	int whole;

	/* The first second of the new offset: the instant the clocks jumped. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (offset_at(mid, &off) == 0 && off != before)
			hi = mid;
		else
			lo = mid;
	}
	whole = floordiv(hi + before, 86400) != floordiv(hi + after, 86400);
	/* A skipped day names the day the clocks landed on; why[] has room for one date. */
	clock_text(hi, before, 0, from);
	clock_text(hi, after, whole, to);
	set_why(why, "does not exist in %s: the clocks went forward from %s to %s",
	    tz && *tz ? tz : "the local time zone", from, to);
}

/*
 * The local time p in TZ. Each offset TZ uses within a day of it is tried;
 * one that holds at the instant it gives is an answer. None: p is in a gap
 * (the clocks went forward). Two: p came twice (the clocks went back), and
 * the earlier instant is taken, as the first time the clock showed p.
 */
static int
local_when(const struct parts *p, struct when *out, char *why, int64_t *moved)
{
	int64_t wall = days_from_civil(p->y, (unsigned)p->m, (unsigned)p->d) * 86400 +
	    p->h * 3600 + p->mi * 60 + p->sec, t, best = 0;
	long offs[3], off, best_off = 0, min;
	int i, found = 0;

	for (i = 0; i < 3; i++) {
		if (offset_at(wall + (i - 1) * 86400, &offs[i]) < 0) {
			set_why(why, "%04d-%02d-%02d is out of range for the time zone", p->y, p->m, p->d);
			return -1;
		}
	}
	for (i = 0; i < 3; i++) {
		t = wall - offs[i];
		if (offset_at(t, &off) == 0 && off == offs[i] && (!found || t < best)) {
			best = t;
			best_off = off;
			found = 1;
		}
	}
	if (!found && moved) {
		/* The wall clock read with the offset before the gap: moved forward by the gap. */
		long before = offs[0], after = offs[2] != offs[0] ? offs[2] : offs[1];

		best = wall - before;
		if (offset_at(best, &best_off) < 0 || best_off != after) {
			gap_why(wall, offs, why);
			return -1;
		}
		*moved = after - before;
		found = 1;
	}
	if (!found) {
		gap_why(wall, offs, why);
		return -1;
	}
	min = best_off / 60;
	if (min < -1439 || min > 1439) {
		set_why(why, "time zone offset of %ld minutes is out of range", min);
		return -1;
	}
	/* Old LMT offsets have seconds: keep the wall clock, drop them. */
	out->t = best + best_off - min * 60;
	out->off = (int)min;
	return 0;
}

static int
parse(const char *s, struct when *out, char why[96], int64_t *moved)
{
	struct parts p;
	const char *reason;

	if (read_shape(s, &p, &reason) < 0) {
		set_why(why, "%s", reason);
		return -1;
	}
	if (check_ranges(&p, why) < 0)
		return -1;
	if (!p.zoned)
		return local_when(&p, out, why, moved);
	/* RFC 3339 4.3: "-00:00" (offset unknown) is the instant of "Z". */
	out->off = (p.oh * 60 + p.om) * (p.sign == '-' ? -1 : 1);
	out->t = days_from_civil(p.y, (unsigned)p.m, (unsigned)p.d) * 86400 +
	    p.h * 3600 + p.mi * 60 + p.sec - (int64_t)out->off * 60;
	return 0;
}

int
date_parse(const char *s, struct when *out, char why[96])
{
	return parse(s, out, why, NULL);
}

int
date_parse_forward(const char *s, struct when *out, int64_t *moved, char why[96])
{
	*moved = 0;
	return parse(s, out, why, moved);
}

/* Splits w into the calendar date and time of day in its own offset. */
static void
civil_fields(const struct when *w, int64_t *y, unsigned *m, unsigned *d, int *secs,
    int *wday)
{
	int64_t days = floordiv(w->t, 86400);
	int64_t s = w->t % 86400 + (w->t % 86400 < 0 ? 86400 : 0);

	/* Offset the seconds, not t: t near INT64_MAX must not overflow. */
	s += (int64_t)w->off * 60;
	days += floordiv(s, 86400);
	s -= floordiv(s, 86400) * 86400;
	civil_from_days(days, y, m, d);
	*secs = (int)s;
	/* 1970-01-01 was a Thursday. */
	*wday = (int)(days - floordiv(days + 4, 7) * 7 + 4);
}

void
date_rfc822(const struct when *w, char out[DATE_MAX])
{
	int64_t y;
	unsigned m, d;
	int secs, wday, off = w->off < 0 ? -w->off : w->off;

	civil_fields(w, &y, &m, &d, &secs, &wday);
	/* RFC 822 5.1, RFC 1123 5.2.14 four-digit year; "+0000" for UTC. */
	snprintf(out, DATE_MAX, "%s, %02u %s %04lld %02d:%02d:%02d %c%02d%02d",
	    wdays[wday], d, mons[m - 1], (long long)y, secs / 3600,
	    secs / 60 % 60, secs % 60, w->off < 0 ? '-' : '+', off / 60,
	    off % 60);
}

void
date_rfc3339(const struct when *w, char out[DATE_MAX])
{
	int64_t y;
	unsigned m, d;
	int n, secs, wday, off = w->off < 0 ? -w->off : w->off;

	civil_fields(w, &y, &m, &d, &secs, &wday);
	n = snprintf(out, DATE_MAX, "%04lld-%02u-%02uT%02d:%02d:%02d",
	    (long long)y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	if (n < 0 || n >= DATE_MAX)
		return;
	/* RFC 3339 5.6: time-offset = "Z" / time-numoffset */
	if (w->off == 0)
		snprintf(out + n, (size_t)(DATE_MAX - n), "Z");
	else
		snprintf(out + n, (size_t)(DATE_MAX - n), "%c%02d:%02d",
		    w->off < 0 ? '-' : '+', off / 60, off % 60);
}

void
date_rfc3339_feed(const struct when *w, char out[DATE_MAX])
{
	struct when utc = {w->t, 0};

	/* XML Schema 2 3.2.7: a dateTime's zone lies within +-14:00; beyond, the instant in UTC. */
	date_rfc3339(w->off < -14 * 60 || w->off > 14 * 60 ? &utc : w, out);
}

void
date_ymd(const struct when *w, char out[11])
{
	int64_t y;
	unsigned m, d;
	int secs, wday;

	civil_fields(w, &y, &m, &d, &secs, &wday);
	snprintf(out, 11, "%04lld-%02u-%02u", (long long)y, m, d);
}

/* The next blank-separated word of *s, at most size - 1 characters; advances *s. */
static size_t
word(const char **s, char *out, size_t size)
{
	size_t n = 0;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	while (**s && **s != ' ' && **s != '\t' && **s != ',') {
		if (n + 1 < size)
			out[n] = **s >= 'A' && **s <= 'Z' ? (char)(**s - 'A' + 'a') : **s;
		n++;
		(*s)++;
	}
	out[n < size ? n : size - 1] = '\0';
	return n;
}

/* RFC 822 5.1 zone, in minutes east of UTC; -1 when unknown. */
static int
rfc822_zone(const char *z, int *off)
{
	static const struct {
		const char *name;
		int off;
	} zones[] = {
		{"cdt", -300}, {"cst", -360}, {"edt", -240}, {"est", -300}, {"gmt", 0},
		{"mdt", -360}, {"mst", -420}, {"pdt", -420}, {"pst", -480}, {"ut", 0}, {"utc", 0}, {"z", 0},
	};
	size_t i;
	int h, m;

	if ((z[0] == '+' || z[0] == '-') && strlen(z) == 5 && digits(z + 1, 2, &h) &&
	    digits(z + 3, 2, &m) && h < 24 && m < 60) {
		*off = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
		return 0;
	}
	for (i = 0; i < sizeof zones / sizeof *zones; i++)
		if (strcmp(z, zones[i].name) == 0) {
			*off = zones[i].off;
			return 0;
		}
	return -1;
}

int
date_parse_rfc822(const char *s, struct when *out, char why[96])
{
	static const char mnames[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	static const char days[] = "thufrisatsunmontuewed";	/* 1970-01-01 was a Thursday */
	char w[16], dayname[16] = "";
	const char *p = s, *mp;
	int day, year, h, mi, sec = 0, off, wday = -1;
	int64_t z;
	size_t n;

	n = word(&p, w, sizeof w);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == ',') {
		p++;
		if (n != 3 || !strstr(days, w) || (strstr(days, w) - days) % 3) {
			set_why(why, "'%s' is not a day name (expected Mon, Tue...)", w);
			return -1;
		}
		wday = (int)(strstr(days, w) - days) / 3;
		strcpy(dayname, w);
		n = word(&p, w, sizeof w);
	}
	if (n < 1 || n > 2 || strspn(w, "0123456789") != n || !digits(w, (int)n, &day)) {
		set_why(why, "the day is not a number of one or two digits");
		return -1;
	}
	if (word(&p, w, sizeof w) != 3 || !(mp = strstr(mnames, w)) || (mp - mnames) % 3) {
		set_why(why, "'%s' is not a month name (expected Jan, Feb...)", w);
		return -1;
	}
	n = word(&p, w, sizeof w);
	if ((n != 2 && n != 4) || strspn(w, "0123456789") != n || !digits(w, (int)n, &year) || year < 1) {
		set_why(why, "the year is not two or four digits");
		return -1;
	}
	if (n == 2)
		year += year >= 50 ? 1900 : 2000;
	n = word(&p, w, sizeof w);
	if (!((n == 5 || n == 8) && w[2] == ':' && digits(w, 2, &h) && digits(w + 3, 2, &mi) &&
	    (n == 5 || (w[5] == ':' && digits(w + 6, 2, &sec))))) {
		set_why(why, "the time is not HH:MM or HH:MM:SS");
		return -1;
	}
	if (word(&p, w, sizeof w) == 0 || rfc822_zone(w, &off) < 0) {
		set_why(why, "unknown zone '%s' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)", w);
		return -1;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p) {
		set_why(why, "'%s' follows the date", p);
		return -1;
	}
	if (day < 1 || day > mdays(year, (int)((mp - mnames) / 3) + 1) || h > 23 || mi > 59 || sec > 59) {
		set_why(why, "a part of the date or the time is out of range");
		return -1;
	}
	z = days_from_civil(year, (unsigned)((mp - mnames) / 3) + 1, (unsigned)day);
	if (wday >= 0 && (int)(((z % 7) + 7) % 7) != wday) {
		set_why(why, "'%s' is not the day of the week of that date", dayname);
		return -1;
	}
	out->t = z * 86400 + h * 3600 + mi * 60 + sec - (int64_t)off * 60;
	out->off = off;
	return 0;
}

struct when
date_in_zone(int64_t t)
{
	long off = 0;

	if (offset_at(t, &off) < 0)
		off = 0;
	return (struct when){t, (int)(off / 60)};
}

void
date_ymd_local(int64_t t, char out[11])
{
	long off = 0;
	struct when w;

	if (offset_at(t, &off) < 0)
		off = 0;
	w.t = t;
	w.off = (int)(off / 60);
	date_ymd(&w, out);
}
