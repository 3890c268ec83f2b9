/* date.c: parse RFC 3339 and local dates, write RFC 822 and RFC 3339 dates. */
#include "date.h"

#include <stdarg.h>
#include <stdio.h>
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

static const char shape[] = "expected YYYY-MM-DD or an RFC 3339 date-time";

static void fail(char *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(char *why, const char *fmt, ...)
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

/* The wall-clock time y-m-d h:mi:sec in TZ, as mktime sees it. */
static int
local_when(int y, int m, int d, int h, int mi, int sec, struct when *out,
    char *why)
{
	struct tm tm = {0}, lt;
	time_t t;
	long off;

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;	/* let TZ's rules say whether DST applies */
	t = mktime(&tm);
	if (localtime_r(&t, &lt) == NULL ||
	    (t == (time_t)-1 && (lt.tm_year != y - 1900 || lt.tm_mon != m - 1 ||
	    lt.tm_mday != d || lt.tm_hour != h || lt.tm_min != mi ||
	    lt.tm_sec != sec))) {
		fail(why, "%04d-%02d-%02d is out of range for the time zone",
		    y, m, d);
		return -1;
	}
	off = lt.tm_gmtoff / 60;
	if (off < -1439 || off > 1439) {
		fail(why, "time zone offset of %ld minutes is out of range",
		    off);
		return -1;
	}
	/* Old LMT offsets have seconds: keep the wall clock, drop them. */
	out->t = (int64_t)t + lt.tm_gmtoff - off * 60;
	out->off = (int)off;
	return 0;
}

int
date_parse(const char *s, struct when *out, char why[96])
{
	const char *p;
	int y, m, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	int hassec = 0, zoned = 0, sign = '+';

	/* RFC 3339 5.6: full-date, then an optional time. */
	if (!date_is_plain(s))
		goto bad;
	digits(s, 4, &y);
	digits(s + 5, 2, &m);
	digits(s + 8, 2, &d);
	p = s + 10;
	if (*p != '\0') {
		/* RFC 3339 5.6 NOTE: 't' and a space may stand for 'T'. */
		p++;
		if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
			goto bad;
		p += 5;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec))
				goto bad;
			p += 3;
			hassec = 1;
			/* RFC 3339 5.6: time-secfrac = "." 1*DIGIT */
			if (*p == '.') {
				if (*++p < '0' || *p > '9')
					goto bad;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			zoned = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			zoned = 1;
			sign = *p;
			if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
			    !digits(p + 4, 2, &om))
				goto bad;
			p += 6;
		}
		/* RFC 3339 5.6: partial-time needs seconds before an offset. */
		if (*p != '\0' || (zoned && !hassec))
			goto bad;
	}

	if (y < 1) {
		fail(why, "year %04d is out of range", y);
		return -1;
	}
	if (m < 1 || m > 12) {
		fail(why, "month %d is out of range", m);
		return -1;
	}
	if (d < 1 || d > mdays(y, m)) {
		fail(why, "day %d is out of range for %s %04d", d,
		    months[m - 1], y);
		return -1;
	}
	if (h > 23) {
		fail(why, "hour %d is out of range", h);
		return -1;
	}
	if (mi > 59) {
		fail(why, "minute %d is out of range", mi);
		return -1;
	}
	/* RFC 3339 5.7 allows leap second 60; time_t cannot hold one. */
	if (sec > 59) {
		fail(why, "second %d is out of range", sec);
		return -1;
	}
	if (oh > 23 || om > 59) {
		fail(why, "offset %c%02d:%02d is out of range", sign, oh, om);
		return -1;
	}

	if (!zoned)
		return local_when(y, m, d, h, mi, sec, out, why);
	/* RFC 3339 4.3: "-00:00" (offset unknown) is the instant of "Z". */
	out->off = (oh * 60 + om) * (sign == '-' ? -1 : 1);
	out->t = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec - (int64_t)out->off * 60;
	return 0;

bad:
	fail(why, "%s", shape);
	return -1;
}

/* Splits w into the calendar date and time of day in its own offset. */
static void
wall(const struct when *w, int64_t *y, unsigned *m, unsigned *d, int *secs,
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

	wall(w, &y, &m, &d, &secs, &wday);
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

	wall(w, &y, &m, &d, &secs, &wday);
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
date_ymd(const struct when *w, char out[11])
{
	int64_t y;
	unsigned m, d;
	int secs, wday;

	wall(w, &y, &m, &d, &secs, &wday);
	snprintf(out, 11, "%04lld-%02u-%02u", (long long)y, m, d);
}
