/* triage_clean.c - turn a pasted physical line back into the text a person saw. */
#include <string.h>

#include "util/escape.h"
#include "util/header.h"
#include "paste/triage_int.h"

void triage_text_reset(struct triage_text *t)
{
	cc_buf_reset(&t->buf);
	cc_buf_add(&t->buf, "", 0);
	t->cut = 0;
}

void triage_text_add(struct triage_text *t, const char *s, size_t n)
{
	if (t->buf.len + n > TRIAGE_LINE_MAX) {
		n = TRIAGE_LINE_MAX - t->buf.len;
		t->cut = 1;
	}
	cc_buf_add(&t->buf, s, n);
}

/* Length of the escape sequence at s[0] == ESC, so it can be skipped whole. */
static size_t escape_len(const unsigned char *s, size_t n)
{
	size_t i = 2;

	if (n < 2)
		return n;
	if (s[1] == '[') {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x3f)
			i++;
		return (i < n && s[i] >= 0x40 && s[i] <= 0x7e) ? i + 1 : i;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == 'X' || s[1] == '^' || s[1] == '_') {
		/* string sequences end at BEL or ESC \; an unterminated one eats the line,
		 * which is what a terminal shows too */
		for (; i < n; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	i = 1;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	return i < n ? i + 1 : i;
}

/* `[1;32m` left behind when a chat client dropped the ESC byte. */
static size_t orphan_sgr_len(const unsigned char *s, size_t n)
{
	size_t i = 1;

	while (i < n && i < 18 && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return (i > 1 && i < n && s[i] == 'm') ? i + 1 : 0;
}

/* What a character that the terminal would not show (or shows as a space) becomes:
 * returns the bytes consumed and sets *space when it stands for a space. */
static size_t invisible_len(const unsigned char *s, size_t n, int *space)
{
	*space = 0;
	if (s[0] == '\t') {
		*space = 1;
		return 1;
	}
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0) {
		*space = 1;
		return 2;
	}
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0xaf) {
		*space = 1;
		return 3;
	}
	if (n >= 3 && ((s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ||
		       (s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0x8b) ||
		       (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0xa0)))
		return 3;
	return 0;
}

void triage_clean(struct triage_text *out, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	const unsigned char *cr;
	size_t i = 0, run, skip;
	int space;

	triage_text_reset(out);
	while (n > 0 && s[n - 1] == '\r')
		n--;
	/* a carriage return in the middle overwrote what came before it on screen */
	while ((cr = memchr(s + i, '\r', n - i)) != NULL)
		i = (size_t)(cr - s) + 1;
	while (i < n && !out->cut) {
		if (s[i] == 0x1b) {
			i += escape_len(s + i, n - i);
			continue;
		}
		if (s[i] == '^' && i + 2 < n && s[i + 1] == '[' && s[i + 2] == '[') {
			i += 1 + escape_len(s + i + 1, n - i - 1);
			continue;
		}
		if (s[i] == '[' && (skip = orphan_sgr_len(s + i, n - i)) > 0) {
			i += skip;
			continue;
		}
		if ((skip = invisible_len(s + i, n - i, &space)) > 0) {
			if (space)
				triage_text_add(out, " ", 1);
			i += skip;
			continue;
		}
		/* copy the run of plain bytes in one go */
		for (run = i + 1; run < n; run++)
			if (s[run] < 0x20 || s[run] == 0x7f || s[run] == 0x1b || s[run] == '[' ||
			    s[run] == '^' || s[run] >= 0xc2)
				break;
		triage_text_add(out, (const char *)s + i, run - i);
		i = run;
	}
	if (i < n)
		out->cut = 1;
}

char *triage_sanitize(const char *s, size_t n, int path)
{
	struct cc_buf b = CC_BUF_INIT;

	cc_escape(&b, s, n, CC_ESCAPE_KEEP_BACKSLASH | (path ? 0 : CC_ESCAPE_KEEP_SPACE));
	return cc_buf_detach(&b);
}

size_t triage_date_shape(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd";
	size_t k;

	for (k = 0; k < n && k < 10; k++)
		if (shape[k] == 'd' ? !(s[k] >= '0' && s[k] <= '9') : (s[k] != '-' && s[k] != '/'))
			break;
	return k;
}

int triage_date(char out[11], const char *s, size_t n)
{
	int date = cc_date_parse_exact(s, n);

	if (!date)
		return -1;
	cc_date_format(out, date);
	return 0;
}

long triage_count(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 15)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}
