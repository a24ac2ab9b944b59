/* test_header.c - finding and parsing the `## Version YYYY/MM/DD` header. */
#include <string.h>

#include "util/header.h"
#include "tap.h"

static struct cc_header parse(const char *s)
{
	struct cc_header h;

	cc_header_parse(&h, s, strlen(s));
	return h;
}

/* The date of the only line s, or 0. */
static int date_of(const char *s)
{
	return parse(s).date;
}

static void test_forms(void)
{
	struct cc_header h;
	const char *s;

	s = "## Version 2024/12/17\nserver {}\n";
	h = parse(s);
	is_int(h.date, 20241217, "'## Version 2024/12/17'");
	is_int(h.line, 1, "header on line 1");
	is_int(h.start, 0, "header range starts at the line");
	is_int(h.end, strlen("## Version 2024/12/17\n"), "header range ends after its newline");
	is_int(h.findings, 0, "no findings");

	is_int(date_of("# version 2024-12-17\n"), 20241217, "'# version 2024-12-17'");
	is_int(date_of("### VERSION 2024/12/17\n"), 20241217, "any number of '#', any case");
	is_int(date_of("## Version 2024/1/7\n"), 20240107, "one-digit month and day");
	is_int(date_of("## Version 2024/01/7\n"), 20240107, "two-digit month, one-digit day");
	is_int(date_of("## Version 2024-3-09\n"), 20240309, "one-digit month with dashes");
	is_int(date_of("## Version 2024/12/17 - Changelog: "
		       "https://github.com/linuxserver/docker-swag/commits/master/root/defaults/"
		       "nginx/ssl.conf.sample\n"),
	       20241217, "' - Changelog: URL' after the date");
	is_int(date_of("  ## Version 2024/12/17\n"), 20241217, "indented header");
	is_int(date_of("## Version 2024/12/17\r\n"), 20241217, "CRLF line ending");
	is_int(date_of("## Version 2024/12/17"), 20241217, "header without final newline");

	s = "# nginx.conf for swag\n## Version 2023/04/13\nuser abc;\n";
	h = parse(s);
	is_int(h.date, 20230413, "header on line 2");
	is_int(h.line, 2, "its line number");
	is_int(h.start, strlen("# nginx.conf for swag\n"), "its range starts at line 2");
	is_int(h.end, strlen("# nginx.conf for swag\n## Version 2023/04/13\n"),
	       "its range ends after line 2");

	s = "## Version 2024/12/17\r\nx\r\n";
	h = parse(s);
	is_int(h.end, strlen("## Version 2024/12/17\r\n"), "CRLF header range includes CR and LF");
}

static void test_malformed(void)
{
	struct cc_header h;

	h = parse("## Version 2024/13/01\nx\n");
	is_int(h.date, 0, "2024/13/01: no date");
	ok(h.findings & CC_HDR_MALFORMED, "2024/13/01: malformed");
	is_int(h.finding_line, 1, "2024/13/01: finding on line 1");

	h = parse("## Version 2023/02/29\n");
	is_int(h.date, 0, "2023/02/29 (not a leap year): no date");
	ok(h.findings & CC_HDR_MALFORMED, "2023/02/29: malformed");

	h = parse("# nginx\n\n## Version soon\n");
	is_int(h.date, 0, "'## Version soon': no date");
	is_int(h.findings, CC_HDR_MALFORMED, "'## Version soon': malformed");
	is_int(h.finding_line, 3, "'## Version soon': finding on line 3");

	static const char *const bad[] = {
	    "## Version 2024/00/10\n", "## Version 2024/01/00\n", "## Version 2024/01/32\n",
	    "## Version 2024/04/31\n", "## Version 2024/06/31\n", "## Version 2100/02/29\n",
	    "## Version 24/12/17\n",   "## Version 2024/12-17\n", "## Version 2024.12.17\n",
	    "## Version 20241217\n",   "## Version 2024/123/1\n", "## Version 2024/12/170\n",
	    "## Version 2024/12\n",    "## Version \n",
	};
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h = parse(bad[i]);
		if (h.date != 0 || !(h.findings & CC_HDR_MALFORMED)) {
			all = 0;
			printf("# not malformed: %s", bad[i]);
		}
	}
	ok(all, "impossible dates and bad shapes are malformed, not dates");

	h = parse("## Version 2024/13/01\n## Version 2024/12/17\nx\n");
	is_int(h.date, 20241217, "a malformed header then a valid one: the valid one counts");
	is_int(h.line, 2, "... on line 2");
	is_int(h.findings, CC_HDR_MALFORMED, "... and the malformed one is a finding");
	is_int(h.finding_line, 1, "... on line 1");
}

static void test_duplicates(void)
{
	struct cc_header h = parse("## Version 2024/12/17\n# x\n## Version 2025/01/01\n");

	is_int(h.date, 20241217, "duplicate: the first header counts");
	is_int(h.line, 1, "duplicate: the first header's line");
	is_int(h.findings, CC_HDR_DUPLICATE, "duplicate: a finding");
	is_int(h.finding_line, 3, "duplicate: the finding names the second header's line");

	h = parse("## Version 2024/12/17\n## Version 2024/12/17\n");
	is_int(h.findings, CC_HDR_DUPLICATE, "the same header twice is a duplicate too");
}

static void test_window(void)
{
	char buf[1024] = "";
	struct cc_header h;
	int i;

	for (i = 1; i < CC_HEADER_LINES; i++)
		strcat(buf, "# filler\n");
	strcat(buf, "## Version 2024/12/17\n");
	h = parse(buf);
	is_int(h.date, 20241217, "a header on the last searched line is found");
	is_int(h.line, CC_HEADER_LINES, "... on line CC_HEADER_LINES");

	buf[0] = '\0';
	for (i = 0; i < CC_HEADER_LINES; i++)
		strcat(buf, "\n");
	strcat(buf, "## Version 2024/12/17\n## Version soon\n");
	h = parse(buf);
	is_int(h.date, 0, "a header below the searched lines is not a header");
	is_int(h.findings, 0, "... and lines below it are not findings");

	h = parse("");
	is_int(h.date, 0, "an empty file has no header");
	h = parse("server {}\n");
	is_int(h.date + h.line + h.findings, 0, "a file without header: nothing found");
	is_int(h.start, h.end, "a file without header: an empty header range");
}

static void test_prose(void)
{
	static const char *const prose[] = {
	    "# Versioning notes\n",	 "# Versions below are examples\n",
	    "# version-less config\n",	 "server_tokens off; # Version 2024/12/17\n",
	    "Version 2024/12/17\n",	 "#\n",
	    "# see the version table\n", "// Version 2024/12/17\n",
	};
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof(prose) / sizeof(prose[0]); i++) {
		struct cc_header h = parse(prose[i]);

		if (h.date || h.findings) {
			all = 0;
			printf("# taken for a header: %s", prose[i]);
		}
	}
	ok(all, "prose like '# Versioning notes' is neither a header nor a finding");
}

static void test_leap(void)
{
	is_int(date_of("## Version 2024/02/29\n"), 20240229, "2024 is a leap year");
	is_int(date_of("## Version 2000/02/29\n"), 20000229, "2000 is a leap year");
	is_int(date_of("## Version 2100/02/29\n"), 0, "2100 is not a leap year");
	is_int(date_of("## Version 2023/02/28\n"), 20230228, "28 February always exists");
	is_int(date_of("## Version 2024/12/31\n"), 20241231, "31 December");
}

static void test_dates(void)
{
	char out[11];

	cc_date_format(out, 20241217);
	is_str(out, "2024-12-17", "format: YYYY-MM-DD");
	cc_date_format(out, 20240107);
	is_str(out, "2024-01-07", "format: zero-padded month and day");
	cc_date_format(out, 0);
	is_str(out, "-", "format: no date is '-'");

	is_int(cc_date_parse("2024-12-17"), 20241217, "parse: YYYY-MM-DD");
	is_int(cc_date_parse("2024/12/17"), 20241217, "parse: YYYY/MM/DD");
	is_int(cc_date_parse("2024-2-3"), 20240203, "parse: one-digit month and day");
	is_int(cc_date_parse("2024-02-30"), 0, "parse: 30 February is 0");
	is_int(cc_date_parse("2024/12-17"), 0, "parse: mixed separators are 0");
	is_int(cc_date_parse("17-12-2024"), 0, "parse: day first is 0");
	is_int(cc_date_parse(""), 0, "parse: empty is 0");
	is_int(cc_date_parse("-"), 0, "parse: '-' is 0");

	is_int(cc_date_parse_exact("2024-02-29", 10), 20240229, "exact: YYYY-MM-DD");
	is_int(cc_date_parse_exact("2024/02/29", 10), 20240229, "exact: YYYY/MM/DD");
	is_int(cc_date_parse_exact("2024-02-31", 10), 0, "exact: 31 February is 0");
	is_int(cc_date_parse_exact("2023-02-29", 10), 0, "exact: 29 February of 2023 is 0");
	is_int(cc_date_parse_exact("2024-13-01", 10), 0, "exact: month 13 is 0");
	is_int(cc_date_parse_exact("2024-2-3", 8), 0, "exact: one-digit month and day are 0");
	is_int(cc_date_parse_exact("2024-01-1x", 10), 0, "exact: a letter in the day is 0");
	is_int(cc_date_parse_exact("2024/01-01", 10), 0, "exact: mixed separators are 0");
	is_int(cc_date_parse_exact("2024-01-011", 11), 0, "exact: a longer text is 0");
	is_int(cc_date_parse_exact("2024-01-011", 10), 20240101, "exact: only s[0..n) is read");
	is_int(cc_date_parse_exact("", 0), 0, "exact: empty is 0");

	int y, d, days, round = 1, count = 1;

	for (y = 1970; y <= 2030; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		days = 0;
		for (d = y * 10000 + 101; d <= y * 10000 + 1231; d++) {
			int m = d / 100 % 100, day = d % 100;

			if (m < 1 || m > 12 || day < 1 || day > 31)
				continue;
			cc_date_format(out, d);
			if (cc_date_parse(out) == d)
				days++;
			else if (cc_date_parse(out) != 0)
				round = 0;
		}
		if (days != (leap ? 366 : 365))
			count = 0;
	}
	ok(round, "parse(format(d)) is d or 0, never another date");
	ok(count, "1970-2030: every year has 365 or 366 valid days, by the leap-year rule");
}

int main(void)
{
	test_forms();
	test_malformed();
	test_duplicates();
	test_window();
	test_prose();
	test_leap();
	test_dates();
	return done_testing();
}
