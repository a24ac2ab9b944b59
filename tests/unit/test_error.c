/* test_error.c - the engine's last error: formatting, errno text, and a message
 * built from the previous one. */
#include <errno.h>

#include "util/error.h"
#include "tap.h"

static void test_set(void)
{
	is_int(cc_error_set("cannot read '%s'", "x.conf"), -1, "cc_error_set returns -1");
	is_str(cc_error_last(), "cannot read 'x.conf'", "and keeps the message");
	cc_error_errno(ENOENT, "cannot open '%s'", "y.conf");
	is_str(cc_error_last(), "cannot open 'y.conf': no such file or directory",
	       "cc_error_errno adds the errno text, lowercase");
}

static void test_wrap(void)
{
	cc_error_set("path is not a repository");
	cc_error_set("cannot use '%s': %s", "h", cc_error_last());
	is_str(cc_error_last(), "cannot use 'h': path is not a repository",
	       "a message may quote the previous one");
	cc_error_set("inner");
	cc_error_errno(EACCES, "%s, then", cc_error_last());
	is_str(cc_error_last(), "inner, then: permission denied", "with errno text too");
}

static void test_long(void)
{
	char big[3000];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cc_error_set("%s", big);
	is_int((long long)strlen(cc_error_last()), 1023,
	       "a long message is cut at the buffer, terminated");
	cc_error_set("x %s", cc_error_last());
	ok(!strncmp(cc_error_last(), "x aaaa", 6) && strlen(cc_error_last()) == 1023,
	   "and wrapping a full buffer stays within it");
	/* the errno text of a full buffer: nothing past it is looked at or changed */
	cc_error_errno(EACCES, "%s", big);
	is_int((long long)strlen(cc_error_last()), 1023,
	       "a full message with errno text stays cut");
}

int main(void)
{
	test_set();
	test_wrap();
	test_long();
	return done_testing();
}
