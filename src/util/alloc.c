/* alloc.c - allocation wrappers that abort on exhaustion. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static void *check(void *p)
{
	if (!p) {
		fputs("confcheck: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *cc_malloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *cc_calloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *cc_realloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

void cc_grow(void **array, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc;

	if (need <= n)
		return;
	n = n ? n : 8;
	while (n < need)
		n *= 2;
	if (n > ((size_t)-1) / size)
		check(NULL);
	*array = cc_realloc(*array, n * size);
	*alloc = n;
}

char *cc_strdup(const char *s)
{
	return check(strdup(s));
}

char *cc_strndup(const char *s, size_t n)
{
	return check(strndup(s, n));
}

char *cc_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		check(NULL);
	return s;
}
