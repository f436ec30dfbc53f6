/*
 * format_time: `date`, `time` and `date-time` as helm checks them.
 *
 * `date` is Go's time.Parse with layout "2006-01-02" (four digit year,
 * two digit month and day, a real calendar day), so its reasons are Go's
 * ParseError texts; `time` is santhosh-tekuri's own RFC 3339 reading
 * (offsets applied before the leap second check, Go's Atoi for the
 * numbers, which lets a sign through). Both are reproduced rule for rule.
 */
#include "schema/schema_int.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int fail(cc_buf *why, const char *msg)
{
	cc_buf_puts(why, msg);
	return -1;
}

/* Go's ParseError "cannot parse <rest> as <elem>". */
static int cannot(cc_buf *why, const char *s, size_t len, const char *rest, size_t rlen,
		  const char *elem)
{
	cc_buf_puts(why, "parsing time ");
	cs_quote_go(why, s, len);
	cc_buf_puts(why, " as \"2006-01-02\": cannot parse ");
	cs_quote_go(why, rest, rlen);
	cc_buf_puts(why, " as ");
	cs_quote_go(why, elem, strlen(elem));
	return -1;
}

static int out_of_range(cc_buf *why, const char *s, size_t len, const char *what)
{
	cc_buf_puts(why, "parsing time ");
	cs_quote_go(why, s, len);
	cc_buf_printf(why, ": %s out of range", what);
	return -1;
}

static int days_in(int month, int year)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return month == 2 && leap ? 29 : days[month - 1];
}

static int two_digits(const char *p, size_t n)
{
	return n >= 2 && is_digit(p[0]) && is_digit(p[1]);
}

int cs_fmt_date(const char *s, size_t len, cc_buf *why)
{
	const char *p = s;
	size_t n = len;
	if (n < 4 || !is_digit(p[0]))
		return cannot(why, s, len, p, n, "2006");
	for (int i = 1; i < 4; i++)
		if (!is_digit(p[i]))
			return cannot(why, s, len, p + 4, n - 4, "2006");
	int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	p += 4, n -= 4;
	if (n < 1 || *p != '-')
		return cannot(why, s, len, p, n, "-");
	p++, n--;
	if (!two_digits(p, n))
		return cannot(why, s, len, p, n, "01");
	int month = (p[0] - '0') * 10 + (p[1] - '0');
	if (month < 1 || month > 12)
		return out_of_range(why, s, len, "month");
	p += 2, n -= 2;
	if (n < 1 || *p != '-')
		return cannot(why, s, len, p, n, "-");
	p++, n--;
	if (!two_digits(p, n))
		return cannot(why, s, len, p, n, "02");
	int day = (p[0] - '0') * 10 + (p[1] - '0');
	if (day > 31)
		return out_of_range(why, s, len, "day");
	p += 2, n -= 2;
	if (n > 0) {
		cc_buf_puts(why, "parsing time ");
		cs_quote_go(why, s, len);
		cc_buf_puts(why, ": extra text: ");
		cs_quote_go(why, p, n);
		return -1;
	}
	if (day < 1 || day > days_in(month, year))
		return out_of_range(why, s, len, "day");
	return 0;
}

/* Go's strings.SplitN(s, ":", max) and Atoi of each part in turn: 1 when a
 * part is not a number, 2 when one is negative, 0 when all are fine. */
static int split_atoi(const char *s, size_t len, int max, long long *out)
{
	cc_buf ignore = CC_BUF_INIT;
	int k = 0, rc = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len && k < max && rc == 0; i++) {
		if (i < len && (s[i] != ':' || k == max - 1))
			continue;
		if (cs_fmt_atoi(s + start, i - start, &out[k], &ignore) != 0)
			rc = 1;
		else if (out[k] < 0)
			rc = 2;
		k++, start = i + 1;
	}
	cc_buf_free(&ignore);
	return rc;
}

static int time_offset(const char *str, size_t n, int *h, int *m, cc_buf *why)
{
	if (n != 6)
		return fail(why, "offset must be 6 characters long");
	int sign;
	if (str[0] == '+')
		sign = -1;
	else if (str[0] == '-')
		sign = 1;
	else
		return fail(why, "offset must begin with plus/minus");
	if (str[3] != ':')
		return fail(why, "missing colon in offset in correct place");
	long long zhm[2] = { 0, 0 };
	int rc = split_atoi(str + 1, 5, 2, zhm);
	if (rc != 0)
		return fail(why, rc == 1 ? "invalid hour/min in offset" : "non-positive hour/min in offset");
	if (zhm[0] > 23 || zhm[1] > 59)
		return fail(why, "hour/min in offset out of range");
	int hm = (*h * 60 + *m) + sign * (int)(zhm[0] * 60 + zhm[1]);
	if (hm < 0)
		hm += 24 * 60;
	*h = hm / 60, *m = hm % 60;
	return 0;
}

int cs_fmt_time(const char *str, size_t n, cc_buf *why)
{
	if (n < 9)
		return fail(why, "less than 9 characters long");
	if (str[2] != ':' || str[5] != ':')
		return fail(why, "missing colon in correct place");
	long long hms[3] = { 0, 0, 0 };
	int rc = split_atoi(str, 8, 3, hms);
	if (rc != 0)
		return fail(why, rc == 1 ? "invalid hour/min/sec" : "non-positive hour/min/sec");
	if (hms[0] > 23 || hms[1] > 59 || hms[2] > 60)
		return fail(why, "hour/min/sec out of range");
	int h = (int)hms[0], m = (int)hms[1], sec = (int)hms[2];
	str += 8, n -= 8;
	if (n > 0 && str[0] == '.') {
		size_t d = 1;
		while (d < n && is_digit(str[d]))
			d++;
		if (d == 1)
			return fail(why, "no digits in second fraction");
		str += d, n -= d;
	}
	if (!(n == 1 && (str[0] == 'z' || str[0] == 'Z')) && time_offset(str, n, &h, &m, why) != 0)
		return -1;
	if (sec >= 60 && (h != 23 || m != 59))
		return fail(why, "invalid leap second");
	return 0;
}

int cs_fmt_date_time(const char *s, size_t len, cc_buf *why)
{
	cc_buf inner = CC_BUF_INIT;
	int rc = 0;
	if (len < 20)
		return fail(why, "less than 20 characters long");
	if (s[10] != 't' && s[10] != 'T')
		return fail(why, "11th character must be t or T");
	if (cs_fmt_date(s, 10, &inner) != 0) {
		cc_buf_printf(why, "invalid date element: %s", inner.ptr);
		rc = -1;
	} else if (cs_fmt_time(s + 11, len - 11, &inner) != 0) {
		cc_buf_printf(why, "invalid time element: %s", inner.ptr);
		rc = -1;
	}
	cc_buf_free(&inner);
	return rc;
}
