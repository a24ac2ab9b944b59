/* buf.c - growable byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"

void cc_buf_reserve(struct cc_buf *b, size_t n)
{
	CC_GROW(b->data, b->alloc, b->len + n + 1);
}

void cc_buf_add(struct cc_buf *b, const void *data, size_t n)
{
	cc_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void cc_buf_adds(struct cc_buf *b, const char *s)
{
	cc_buf_add(b, s, strlen(s));
}

void cc_buf_addc(struct cc_buf *b, char c)
{
	cc_buf_add(b, &c, 1);
}

void cc_buf_addf(struct cc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	cc_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void cc_buf_reset(struct cc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void cc_buf_truncate(struct cc_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void cc_buf_release(struct cc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

char *cc_buf_detach(struct cc_buf *b)
{
	char *s = b->data ? b->data : cc_strdup("");

	b->data = NULL;
	b->len = b->alloc = 0;
	return s;
}

const char *cc_buf_str(const struct cc_buf *b)
{
	return b->data ? b->data : "";
}
