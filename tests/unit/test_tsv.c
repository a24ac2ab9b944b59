/* test_tsv.c - the reader of the tab-separated state files. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/tsv.h"
#include "tap.h"

#define HEADER "confcheck-test 1"

static char text[1 << 16];

/* Opens a reader on a copy of s[0..n) in text. */
static int open_n(struct cc_tsv *r, const char *s, size_t n)
{
	memcpy(text, s, n);
	return cc_tsv_open(r, text, n, HEADER);
}

#define OPEN(r, lit) open_n(r, lit, sizeof(lit) - 1)

static void test_fields(void)
{
	struct cc_tsv r;
	char *f[4];

	ok(OPEN(&r, HEADER "\nset\t1\tone\nver\ta\n") == 0, "a file with its header opens");
	is_int(r.line, 1, "after opening, the header is the line read");
	is_int(cc_tsv_next(&r, f, 4), 3, "a line of three fields");
	is_str(f[0], "set", "its first field");
	is_str(f[1], "1", "its second field");
	is_str(f[2], "one", "its last field, without the newline");
	is_int(r.line, 2, "the line number of the record");
	is_int(cc_tsv_next(&r, f, 4), 2, "the next line: two fields");
	is_str(f[1], "a", "its last field");
	is_int(cc_tsv_next(&r, f, 4), 0, "then the end of the buffer");
	is_int(cc_tsv_next(&r, f, 4), 0, "and it stays at the end");

	ok(OPEN(&r, HEADER "\n") == 0, "a file of just the header opens");
	is_int(cc_tsv_next(&r, f, 4), 0, "and holds no record");
}

static void test_empty_fields(void)
{
	struct cc_tsv r;
	char *f[4];

	OPEN(&r, HEADER "\n\t\t\n\n-\t\tx\n");
	is_int(cc_tsv_next(&r, f, 4), 3, "two tabs: three fields");
	ok(!*f[0] && !*f[1] && !*f[2], "all three empty");
	is_int(cc_tsv_next(&r, f, 4), 1, "an empty line: one field");
	is_str(f[0], "", "and it is empty");
	is_int(cc_tsv_next(&r, f, 4), 3, "an empty field between two");
	is_str(f[1], "", "is empty");
	is_str(f[2], "x", "and the one after it is read");
}

static void test_counts(void)
{
	struct cc_tsv r;
	char *f[3];

	OPEN(&r, HEADER "\na\tb\tc\na\tb\tc\td\na\tb\tc\td\te\na\n");
	is_int(cc_tsv_next(&r, f, 3), 3, "exactly max fields: max");
	is_int(cc_tsv_next(&r, f, 3), 4, "one field too many: max + 1");
	is_str(f[0], "a", "the first field is still split off");
	is_str(f[2], "c\td", "the last one holds the rest");
	is_int(r.line, 3, "the line number of the line with too many");
	is_int(cc_tsv_next(&r, f, 3), 4, "two too many: max + 1 as well");
	is_int(cc_tsv_next(&r, f, 3), 1, "too few fields are counted, for the parser to refuse");
	is_int(cc_tsv_next(&r, f, 3), 0, "and a line with too many never runs into the next");
}

static void test_refused(void)
{
	struct cc_tsv r;
	char *f[2];

	ok(OPEN(&r, "") < 0, "an empty file is refused");
	ok(cc_tsv_open(&r, NULL, 0, HEADER) < 0, "so is an empty buffer that never got memory");
	ok(OPEN(&r, HEADER) < 0, "a header without its newline is refused");
	is_int(r.line, 1, "at line 1");
	ok(OPEN(&r, HEADER "\na\tb\nc\td") < 0, "a last line without its newline is refused");
	is_int(r.line, 3, "at that line");
	ok(OPEN(&r, "confcheck-test 2\na\n") < 0, "another header is refused");
	is_int(r.line, 1, "at line 1");
	ok(OPEN(&r, HEADER "x\n") < 0, "a header with more on its line is refused");
	ok(OPEN(&r, "\n" HEADER "\n") < 0, "a header after an empty line is refused");
	ok(OPEN(&r, HEADER "\na\tb\nc\0d\ne\n") < 0, "a NUL byte in a line is refused");
	is_int(r.line, 3, "at the line holding it");
	ok(OPEN(&r, HEADER "\0\n") < 0, "a NUL byte in the header is refused");
	ok(OPEN(&r, HEADER "\na\n\0") < 0, "a NUL byte after the last newline is refused");
	is_int(r.line, 3, "at the line it starts");
	ok(OPEN(&r, HEADER "\r\na\n") < 0, "a header ending in CR LF is refused");

	OPEN(&r, HEADER "\na\n");
	cc_tsv_next(&r, f, 2);
	is_int(cc_tsv_fail(&r, "/s/files"), -1, "a failure returns -1");
	is_str(cc_error_last(), "malformed line 2 in '/s/files'",
	       "and names the line and the file");
	OPEN(&r, HEADER "\na\nb");
	cc_tsv_fail(&r, "/s/acks");
	is_str(cc_error_last(), "malformed line 3 in '/s/acks'",
	       "a refused file names the line at fault");
}

static void test_unescape(void)
{
	char f1[] = "a\\x09b\\x0ac", f2[] = "plain", f3[] = "x\\x5cx41\\x00y", f4[] = "\\x4";

	is_str(cc_tsv_unescape(f1), "a\tb\nc", "an escaped tab and newline are decoded");
	is_str(cc_tsv_unescape(f2), "plain", "a field with no escape is left alone");
	ok(cc_tsv_unescape(f2) == f2, "in place");
	is_str(cc_tsv_unescape(f3), "x\\x41", "a decoded backslash is not decoded again");
	ok(!memcmp(f3, "x\\x41\0", 6), "a decoded NUL ends the string");
	is_str(cc_tsv_unescape(f4), "\\x4", "a cut escape is kept as it is");
}

static void test_escaped_line(void)
{
	struct cc_tsv r;
	char *f[3];

	OPEN(&r, HEADER "\nfile\tnginx/a\\x09b\\x0a.conf\t3\n");
	is_int(cc_tsv_next(&r, f, 3), 3, "an escaped tab or newline splits nothing");
	is_str(cc_tsv_unescape(f[1]), "nginx/a\tb\n.conf", "and decodes to the name");
	is_str(f[2], "3", "the field after it is whole");
}

static void test_long_line(void)
{
	struct cc_tsv r;
	char *f[3];
	size_t n = sizeof(text) - 1, i;
	int whole = 1;

	memcpy(text, HEADER "\nlong\t", strlen(HEADER) + 6);
	for (i = strlen(HEADER) + 6; i < n - 3; i++)
		text[i] = 'x';
	memcpy(text + n - 3, "\ty\n", 3);
	ok(cc_tsv_open(&r, text, n, HEADER) == 0, "a 64 KiB line opens");
	is_int(cc_tsv_next(&r, f, 3), 3, "and splits into its fields");
	for (i = 0; f[1][i]; i++)
		whole &= f[1][i] == 'x';
	ok(whole && i == n - 3 - (strlen(HEADER) + 6), "its long field is whole");
	is_str(f[2], "y", "and the field after it too");
}

static void test_numbers(void)
{
	long long v = 7;
	unsigned long long u = 7;

	ok(cc_tsv_num("42", 0, 100, &v) == 0 && v == 42, "a decimal number");
	ok(cc_tsv_num("-5", LLONG_MIN, 0, &v) == 0 && v == -5, "a negative one");
	ok(cc_tsv_num("0", 0, 0, &v) == 0 && v == 0, "zero");
	ok(cc_tsv_num("101", 0, 100, &v) < 0, "above the range: refused");
	ok(cc_tsv_num("-1", 0, 100, &v) < 0, "below the range: refused");
	ok(cc_tsv_num("", 0, 100, &v) < 0, "an empty field: refused");
	ok(cc_tsv_num("-", 0, 100, &v) < 0, "a lone sign: refused");
	ok(cc_tsv_num(" 1", 0, 100, &v) < 0, "a leading space: refused");
	ok(cc_tsv_num("+1", 0, 100, &v) < 0, "a plus sign: refused");
	ok(cc_tsv_num("1x", 0, 100, &v) < 0, "trailing text: refused");
	ok(cc_tsv_num("1 ", 0, 100, &v) < 0, "a trailing space: refused");
	ok(cc_tsv_num("99999999999999999999", LLONG_MIN, LLONG_MAX, &v) < 0,
	   "past the range of long long: refused");
	ok(cc_tsv_num("9223372036854775807", LLONG_MIN, LLONG_MAX, &v) == 0 && v == LLONG_MAX,
	   "the largest long long");
	is_int(v, LLONG_MAX, "a refused number leaves the value alone");
	ok(cc_tsv_unum("18446744073709551615", &u) == 0 && u == ULLONG_MAX,
	   "the largest unsigned number");
	ok(cc_tsv_unum("18446744073709551616", &u) < 0, "one more: refused");
	ok(cc_tsv_unum("-1", &u) < 0, "a sign on an unsigned field: refused");
	ok(cc_tsv_unum("", &u) < 0 && u == ULLONG_MAX, "an empty one: refused, value kept");
}

int main(void)
{
	test_fields();
	test_empty_fields();
	test_counts();
	test_refused();
	test_unescape();
	test_escaped_line();
	test_long_line();
	test_numbers();
	return done_testing();
}
