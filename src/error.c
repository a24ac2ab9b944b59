/* error.c - the last error message of the engine. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static char last[1024] = "unknown error";

int cc_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return -1;
}

int cc_error_errno(int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	n = strlen(last);
	snprintf(last + n, sizeof(last) - n, ": %s", strerror(errnum));
	/* strerror starts with a capital; house messages are lowercase */
	if (last[n + 2] >= 'A' && last[n + 2] <= 'Z')
		last[n + 2] = (char)(last[n + 2] - 'A' + 'a');
	return -1;
}

const char *cc_error_last(void)
{
	return last;
}
