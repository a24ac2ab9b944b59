/* error.c - the last error message of the engine. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

static char last[1024] = "unknown error";

/* Formats into a scratch buffer first: an argument may be cc_error_last() itself, as in
 * cc_error_set("cannot use '%s': %s", dir, cc_error_last()). */
int cc_error_set(const char *fmt, ...)
{
	char msg[sizeof(last)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(last, msg, sizeof(last));
	return -1;
}

int cc_error_errno(int errnum, const char *fmt, ...)
{
	char msg[sizeof(last)];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	/* strerror starts with a capital; house messages are lowercase */
	/* a message that filled the buffer has no room for it */
	if (n + 2 < sizeof(msg) && msg[n + 2] >= 'A' && msg[n + 2] <= 'Z')
		msg[n + 2] = (char)(msg[n + 2] - 'A' + 'a');
	memcpy(last, msg, sizeof(last));
	return -1;
}

const char *cc_error_last(void)
{
	return last;
}
