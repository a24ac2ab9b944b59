/* header.h - the version header: `## Version YYYY/MM/DD [- Changelog: URL]`.
 *
 * Parsed leniently near the top of a file: any number of '#', any case of
 * "version", '/' or '-' between the date parts, one-digit month or day.
 * A header-looking line whose date does not parse is a finding
 * (CC_HDR_MALFORMED); a second header is a finding (CC_HDR_DUPLICATE).
 * Neither is a failure: the first valid header counts.
 */
#ifndef CC_HEADER_H
#define CC_HEADER_H

#include <stddef.h>

/* How many lines from the top are searched. */
#define CC_HEADER_LINES 10

enum {
	CC_HDR_MALFORMED = 1,
	CC_HDR_DUPLICATE = 2,
};

struct cc_header {
	int date;	   /* YYYYMMDD, or 0 when the file has no valid header */
	int line;	   /* 1-based line of the valid header, 0 when none */
	size_t start, end; /* byte range of that line including its newline */
	int findings;	   /* CC_HDR_* bits */
	int finding_line;  /* line of the first finding */
};

/* Fills h from the top of data[0..len); never fails. */
void cc_header_parse(struct cc_header *h, const char *data, size_t len);

/* Formats a YYYYMMDD date as YYYY-MM-DD into out (11 bytes); "-" when date is 0. */
void cc_date_format(char out[11], int date);

/* Parses YYYY-MM-DD or YYYY/MM/DD; returns YYYYMMDD or 0. */
int cc_date_parse(const char *s);

/* Parses s[0..n) strictly: exactly YYYY-MM-DD or YYYY/MM/DD, two-digit month and day, and
 * nothing around it; returns YYYYMMDD, or 0 when it is not that or not a day of the
 * calendar (2024-02-31, 2023-02-29) or before 1970. */
int cc_date_parse_exact(const char *s, size_t n);

#endif
