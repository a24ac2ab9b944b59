/* test_triage_clean.c - what the triage reader keeps of a pasted field: escaped as the
 * notice escapes it. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "paste/triage_int.h"

/* triage_sanitize of a literal, in a static buffer. */
static const char *clean(const char *s, int path)
{
	static char out[256];
	char *got = triage_sanitize(s, strlen(s), path);

	snprintf(out, sizeof(out), "%s", got ? got : "(null)");
	free(got);
	return out;
}

static void test_sanitize(void)
{
	is_str(clean("nginx/a\xe2\x80\x8f"
		     "b.conf",
		     1),
	       "nginx/a\\xe2\\x80\\x8f"
	       "b.conf",
	       "a RIGHT-TO-LEFT MARK (U+200F) in a path is escaped");
	is_str(clean("nginx/c\xe2\x80\x8e"
		     "d.conf",
		     1),
	       "nginx/c\\xe2\\x80\\x8e"
	       "d.conf",
	       "a LEFT-TO-RIGHT MARK (U+200E) in a path is escaped");
	is_str(clean("nginx/e\xd8\x9c"
		     "f.conf",
		     1),
	       "nginx/e\\xd8\\x9c"
	       "f.conf",
	       "an ARABIC LETTER MARK (U+061C) in a path is escaped");
	is_str(clean("not a regular file \xe2\x80\x8f(fifo)\xd8\x9c\xe2\x80\x8e", 0),
	       "not a regular file \\xe2\\x80\\x8f(fifo)\\xd8\\x9c\\xe2\\x80\\x8e",
	       "and in free text too");
	is_str(clean("a\xe2\x80\xae"
		     "b\xe2\x81\xa6\xc2\x9b",
		     0),
	       "a\\xe2\\x80\\xae"
	       "b\\xe2\\x81\\xa6\\xc2\\x9b",
	       "overrides, isolates and C1 controls are escaped");
	is_str(clean("with space\\x20.conf", 1), "with\\x20space\\x20.conf",
	       "a path: the space is escaped, an escape that was there stays");
	is_str(clean("merges cleanly: confcheck merge a\\x20b", 0),
	       "merges cleanly: confcheck merge a\\x20b", "free text keeps its spaces");
	is_str(clean("caf\xc3\xa9\xff\x7f", 1), "caf\xc3\xa9\\xff\\x7f",
	       "bytes that are not UTF-8 and DEL are escaped, UTF-8 stays");
	is_str(clean("\xed\xa0\x80", 0), "\\xed\\xa0\\x80", "a surrogate is not UTF-8");
	is_str(clean("", 0), "", "an empty field is an empty string");
}

/* triage_date of a literal: the date it gives, or "no date". */
static const char *date(const char *s)
{
	static char out[11];

	memset(out, 'x', sizeof(out));
	return triage_date(out, s, strlen(s)) == 0 ? out : "no date";
}

static void test_date(void)
{
	is_str(date("2024-02-29"), "2024-02-29", "29 February of a leap year is a date");
	is_str(date("2024/02/29"), "2024-02-29", "slashes come back as dashes");
	is_str(date("2024-02-31"), "no date", "31 February is no date");
	is_str(date("2023-02-29"), "no date", "29 February of 2023 is no date");
	is_str(date("2024-13-01"), "no date", "month 13 is no date");
	is_str(date("2024-04-31"), "no date", "31 April is no date");
	is_str(date("2024-00-10"), "no date", "month 0 is no date");
	is_str(date("2024-01-00"), "no date", "day 0 is no date");
	is_str(date("2024/01-02"), "no date", "mixed separators are no date");
	is_str(date("2024-1-02"), "no date", "a one-digit month is no date here");
	is_str(date("2024-01-02 "), "no date", "nor is a date with more after it");
	is_int(triage_date_shape("2024-02-31", 10), 10, "2024-02-31 has the shape of a date");
	is_int(triage_date_shape("2024/0", 6), 6, "a cut date has the shape of its start");
	is_int(triage_date_shape("2024-x", 6), 5, "the shape ends where a byte does not fit");
}

int main(void)
{
	test_date();
	test_sanitize();
	return done_testing();
}
