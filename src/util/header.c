/* header.c - lenient parsing of `## Version YYYY/MM/DD`. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/header.h"

static int valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return d <= mdays[m - 1];
}

/* Reads up to max digits at *p; returns the count read. */
static int digits(const char **p, const char *end, int max, int *val)
{
	int n = 0;

	*val = 0;
	while (*p < end && n < max && isdigit((unsigned char)**p)) {
		*val = *val * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* Parses a date at p; returns YYYYMMDD or 0. Trailing text after the date is allowed. */
static int parse_date(const char *p, const char *end)
{
	int y, m, d;
	char sep;

	if (digits(&p, end, 4, &y) != 4 || p >= end || (*p != '/' && *p != '-'))
		return 0;
	sep = *p++;
	if (digits(&p, end, 2, &m) < 1 || p >= end || *p != sep)
		return 0;
	p++;
	if (digits(&p, end, 2, &d) < 1)
		return 0;
	if (p < end && isdigit((unsigned char)*p))
		return 0;
	return valid_date(y, m, d) ? y * 10000 + m * 100 + d : 0;
}

/* Classifies one line: 0 not a header, -1 a malformed header, else the date. */
static int header_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '#')
		return 0;
	while (p < end && *p == '#')
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 7 || strncasecmp(p, "version", 7) != 0)
		return 0;
	p += 7;
	if (p < end && *p != ' ' && *p != '\t' && *p != ':')
		return 0; /* "versioning", "versions": prose, not a header */
	while (p < end && (*p == ' ' || *p == '\t' || *p == ':'))
		p++;
	if (p >= end || !isdigit((unsigned char)*p))
		return -1;
	return parse_date(p, end) ? parse_date(p, end) : -1;
}

void cc_header_parse(struct cc_header *h, const char *data, size_t len)
{
	size_t i = 0, start;
	int line = 0, r;

	memset(h, 0, sizeof(*h));
	while (i < len && line < CC_HEADER_LINES) {
		start = i;
		while (i < len && data[i] != '\n')
			i++;
		line++;
		r = header_line(data + start, data + i);
		if (i < len)
			i++;
		if (r == 0)
			continue;
		if (r < 0 || h->date) {
			if (!h->findings)
				h->finding_line = line;
			h->findings |= r < 0 ? CC_HDR_MALFORMED : CC_HDR_DUPLICATE;
			continue;
		}
		h->date = r;
		h->line = line;
		h->start = start;
		h->end = i;
	}
}

void cc_date_format(char out[11], int date)
{
	unsigned d = (unsigned)date;

	if (!date) {
		strcpy(out, "-");
		return;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (d / 10000) % 10000, (d / 100) % 100, d % 100);
}

int cc_date_parse(const char *s)
{
	return parse_date(s, s + strlen(s));
}

int cc_date_parse_exact(const char *s, size_t n)
{
	size_t k;

	if (n != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4])
		return 0;
	for (k = 0; k < n; k++)
		if (k != 4 && k != 7 && !isdigit((unsigned char)s[k]))
			return 0;
	return parse_date(s, s + n);
}
