/* test_triage_clean.c - what the triage reader keeps of a pasted field: escaped as the
 * notice escapes it. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "triage_int.h"

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

int main(void)
{
	test_sanitize();
	return done_testing();
}
