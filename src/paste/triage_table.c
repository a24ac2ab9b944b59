/* triage_table.c - read the nginx base image's version date table, also mangled. */
#include <string.h>

#include "util/escape.h"
#include "paste/triage_int.h"

enum { CH_NONE, CH_HORIZ, CH_VERT, CH_LEFT, CH_RIGHT, CH_OTHER };

/* Class of the box-drawing (or ASCII stand-in) character at s; *len is its byte length. */
static int box_char(const unsigned char *s, size_t n, size_t *len)
{
	*len = 1;
	switch (s[0]) {
	case '-':
	case '=':
		return CH_HORIZ;
	case '|':
		return CH_VERT;
	case '+':
		return CH_OTHER;
	}
	if (n < 3 || s[0] != 0xe2 || (s[1] != 0x94 && s[1] != 0x95) || s[2] < 0x80 || s[2] > 0xbf)
		return CH_NONE;
	*len = 3;
	if (s[1] == 0x94) {
		if (s[2] <= 0x81)
			return CH_HORIZ;
		if (s[2] <= 0x83)
			return CH_VERT;
		if (s[2] == 0x8c || s[2] == 0x8f || s[2] == 0x9c || s[2] == 0xa3 || s[2] == 0x94 ||
		    s[2] == 0x97)
			return CH_LEFT;
		if (s[2] == 0x90 || s[2] == 0x93 || s[2] == 0xa4 || s[2] == 0xab || s[2] == 0x98 ||
		    s[2] == 0x9b)
			return CH_RIGHT;
		return CH_OTHER;
	}
	if (s[2] == 0x90)
		return CH_HORIZ;
	if (s[2] == 0x91)
		return CH_VERT;
	if (s[2] == 0x94 || s[2] == 0xa0 || s[2] == 0x9a)
		return CH_LEFT;
	if (s[2] == 0x97 || s[2] == 0xa3 || s[2] == 0x9d)
		return CH_RIGHT;
	return CH_OTHER;
}

int table_is_rule_text(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	int c;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 0;
	while (i < n) {
		c = box_char(u + i, n - i, &len);
		if (c == CH_NONE || c == CH_VERT)
			return 0;
		i += len;
	}
	return 1;
}

/* ┌──┬──┐, ├──┼──┤, └──┴──┘ or +--+--+: kind from the first character, whole when the
 * last one closes it. */
static int eval_rule(struct table_line *tl, const unsigned char *u, size_t n)
{
	size_t len, i = 0;
	int first = box_char(u, n, &len), c = CH_NONE;

	if (n < 3 || !table_is_rule_text((const char *)u, n))
		return TM_INVALID;
	while (i < n) {
		c = box_char(u + i, n - i, &len);
		i += len;
	}
	tl->kind = TK_RULE;
	if (first == CH_LEFT && u[0] == 0xe2) {
		unsigned char k = u[1] == 0x94 ? u[2] : (unsigned char)(u[2] + 0x40);

		if (k == 0x8c || k == 0x8f || k == 0xd4)
			tl->kind = TK_TOP;
		else if (k == 0x9c || k == 0xa3 || k == 0xe0)
			tl->kind = TK_MID;
		else
			tl->kind = TK_BOTTOM;
	}
	return tl->status = (c == CH_RIGHT || (c == CH_OTHER && u[n - 1] == '+')) ? TM_COMPLETE
										  : TM_INCOMPLETE;
}

static void trim(const char *s, struct cap *c)
{
	while (c->len > 0 && s[c->off] == ' ') {
		c->off++;
		c->len--;
	}
	while (c->len > 0 && s[c->off + c->len - 1] == ' ')
		c->len--;
}

/* A date column: blank, shaped as a date, or (when cut) as the start of one. Whether it
 * is a day of the calendar is for the file's date to say (triage_add_file): a row with a
 * date the calendar lacks still names a file. */
static int date_ok(const char *s, struct cap c, int cut)
{
	if (c.len == 0 || (c.len == 10 && triage_date_shape(s + c.off, c.len) == 10))
		return 1;
	return cut && c.len < 10 && triage_date_shape(s + c.off, c.len) == c.len;
}

static int word_ok(const char *s, struct cap c, const char *word, int cut)
{
	size_t len = strlen(word);

	if (c.len == len && memcmp(s + c.off, word, len) == 0)
		return 1;
	return cut && c.len < len && memcmp(s + c.off, word, c.len) == 0;
}

/* Drops the first bytes of a character that a byte-counting fold cut in two. */
static size_t whole_chars(const unsigned char *u, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = u[n - k];

		if ((c & 0xc0) == 0x80)
			continue;
		if (c >= 0xc0 && cc_utf8_len((const char *)u + n - k, k) == 0)
			return n - k;
		break;
	}
	return n;
}

/* │ old │ new │ path │ with the columns split at the vertical bars. */
static int eval_row(struct table_line *tl, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct cap col[3] = {{0, 0}, {0, 0}, {0, 0}};
	size_t i = 0, len, ncol = 0, last_bar = 0, bars = 0;
	int header, cut;

	n = whole_chars(u, n);
	while (i < n) {
		int c = box_char(u + i, n - i, &len);

		if (c == CH_VERT) {
			if (bars > 0 && bars <= 3)
				col[bars - 1].len = i - col[bars - 1].off;
			bars++;
			last_bar = i;
			if (bars <= 3)
				col[bars - 1].off = i + len;
		}
		i += len;
	}
	/* a path may hold a bar of its own: it runs to the last bar */
	cut = bars < 4;
	if (!cut) {
		size_t tail = last_bar + 1;

		while (tail < n && (s[tail] == ' ' || (u[tail] & 0xc0) == 0x80))
			tail++;
		cut = tail < n;
		col[2].len = (cut ? n : last_bar) - col[2].off;
	} else if (bars > 0) {
		col[bars - 1].len = n - col[bars - 1].off;
	}
	ncol = bars < 3 ? bars : 3;
	tl->path_whole = bars == 3 && col[2].len > 0 && s[col[2].off + col[2].len - 1] == ' ';
	for (i = 0; i < 3; i++)
		trim(s, &col[i]);
	tl->path_whole = tl->path_whole && col[2].len > 0;
	header = ncol > 0 && col[0].len > 0 && s[col[0].off] == 'o';
	tl->kind = header ? TK_HEADER : TK_ROW;
	tl->old = col[0];
	tl->new = col[1];
	tl->path = col[2];
	if (header) {
		if ((ncol > 0 && !word_ok(s, col[0], "old date", cut && ncol == 1)) ||
		    (ncol > 1 && !word_ok(s, col[1], "new date", cut && ncol == 2)) ||
		    (ncol > 2 && !cut && !word_ok(s, col[2], "path", 0)))
			return tl->status = TM_INVALID;
	} else if ((ncol > 0 && !date_ok(s, col[0], cut && ncol == 1)) ||
		   (ncol > 1 && !date_ok(s, col[1], cut && ncol == 2)) ||
		   (!cut && col[2].len == 0)) {
		return tl->status = TM_INVALID;
	}
	return tl->status = cut ? TM_INCOMPLETE : TM_COMPLETE;
}

static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

int table_eval(struct table_line *tl, const char *s, size_t n)
{
	size_t len, full = n;

	memset(tl, 0, sizeof(*tl));
	tl->status = TM_INVALID;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= 4 && memcmp(s, "****", 4) == 0) {
		tl->kind = contains(s, n, "active confs have different version dates") ? TK_INTRO
										       : TK_STARS;
		return tl->status = TM_COMPLETE;
	}
	if (n == 0)
		return TM_INVALID;
	/* a row keeps its trailing blanks: they tell a whole path from a cut one */
	if (box_char((const unsigned char *)s, n, &len) == CH_VERT)
		return eval_row(tl, s, full);
	if (eval_rule(tl, (const unsigned char *)s, n) != TM_INVALID)
		return tl->status;
	tl->kind = TK_NONE;
	return tl->status = TM_INVALID;
}

void table_add_row(struct cc_triage *t, const struct table_line *tl, const char *s)
{
	struct cap path = tl->path;

	if (path.len > 8 && memcmp(s + path.off, "/config/", 8) == 0) {
		path.off += 8;
		path.len -= 8;
	}
	triage_add_file(t, "unverified", 10, s, path, tl->old, tl->new, (struct cap){0, 0});
}
