/* tsv.c - read the tab-separated state files in place. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/tsv.h"

/* The number of the line holding buf[at]. */
static size_t line_at(const char *buf, size_t at)
{
	size_t n = 1, i;

	for (i = 0; i < at; i++)
		n += buf[i] == '\n';
	return n;
}

int cc_tsv_open(struct cc_tsv *r, char *buf, size_t len, const char *header)
{
	const char *nul = len ? memchr(buf, '\0', len) : NULL;
	size_t hlen = strlen(header);

	r->next = buf;
	r->end = buf + len;
	r->line = 1;
	if (!len)
		return -1;
	if (nul) {
		r->line = line_at(buf, (size_t)(nul - buf));
		return -1;
	}
	if (buf[len - 1] != '\n') {
		r->line = line_at(buf, len - 1);
		return -1;
	}
	if (len <= hlen || memcmp(buf, header, hlen) || buf[hlen] != '\n')
		return -1;
	buf[hlen] = '\0';
	r->next = buf + hlen + 1;
	return 0;
}

size_t cc_tsv_next(struct cc_tsv *r, char **f, size_t max)
{
	char *line = r->next, *p;
	size_t n = 1;

	if (line >= r->end)
		return 0;
	/* cc_tsv_open saw the buffer end in a newline: every line has one */
	p = memchr(line, '\n', (size_t)(r->end - line));
	*p = '\0';
	r->next = p + 1;
	r->line++;
	f[0] = line;
	for (p = line; (p = strchr(p, '\t')); n++) {
		if (n == max)
			return max + 1;
		*p++ = '\0';
		f[n] = p;
	}
	return n;
}

int cc_tsv_fail(const struct cc_tsv *r, const char *path)
{
	return cc_error_set("malformed line %zu in '%s'", r->line, path);
}

char *cc_tsv_unescape(char *field)
{
	struct cc_buf b = CC_BUF_INIT;

	if (!strchr(field, '\\'))
		return field;
	cc_unescape_log(&b, field, strlen(field));
	memcpy(field, b.data, b.len + 1);
	cc_buf_release(&b);
	return field;
}

/* Whether s starts a number of the form the writers print. */
static int decimal(const char *s, int sign)
{
	if (sign && *s == '-')
		s++;
	return *s >= '0' && *s <= '9';
}

int cc_tsv_num(const char *field, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!decimal(field, 1))
		return -1;
	errno = 0;
	v = strtoll(field, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cc_tsv_unum(const char *field, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!decimal(field, 0))
		return -1;
	errno = 0;
	v = strtoull(field, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}
