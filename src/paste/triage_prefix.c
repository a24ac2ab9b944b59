/* triage_prefix.c - the prefixes that log collectors put in front of a line. */
#include <string.h>

#include "paste/triage_int.h"

#define NAME_MAX_LEN 64

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
	       c == '.' || c == '-';
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* Matches a fixed shape where 'd' is a digit and any other byte itself. */
static int shape(const char *s, size_t n, size_t i, const char *pat)
{
	size_t k, len = strlen(pat);

	if (n - i < len)
		return 0;
	for (k = 0; k < len; k++) {
		if (pat[k] == 'd' ? !is_digit(s[i + k]) : s[i + k] != pat[k])
			return 0;
	}
	return 1;
}

/* `2026-11-28T16:20:12.123456789Z ` (docker logs -t), also bracketed, with an offset, or
 * cut at the end of the line by a break. */
static size_t timestamp_len(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '[')
		i++;
	if (!shape(s, n, i, "dddd-dd-dd") || n - i < 19 || (s[i + 10] != 'T' && s[i + 10] != ' ') ||
	    !shape(s, n, i + 11, "dd:dd:dd"))
		return 0;
	i += 19;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && s[i] == 'Z')
		i++;
	else if (i < n && (s[i] == '+' || s[i] == '-') && shape(s, n, i + 1, "dd:dd"))
		i += 6;
	else if (i < n && (s[i] == '+' || s[i] == '-') && shape(s, n, i + 1, "dddd"))
		i += 5;
	if (i < n && s[i] == ']')
		i++;
	if (i < n && s[i] != ' ' && s[i] != '[')
		return 0;
	return skip_spaces(s, n, i);
}

/* A container or service name: it starts with a letter or digit. */
static size_t name_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !(is_digit(s[0]) || ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')))
		return 0;
	while (i < n && i < NAME_MAX_LEN && is_name_char(s[i]))
		i++;
	return i;
}

static int has_letter(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			return 1;
	return 0;
}

/* `swag-1  | ` of docker compose logs; a name without a letter is the date column of a
 * broken ASCII table row. */
static size_t compose_len(const char *s, size_t n)
{
	size_t i = name_len(s, n), j;

	if (i == 0 || i >= n || s[i] != ' ' || !has_letter(s, i))
		return 0;
	j = skip_spaces(s, n, i);
	if (j + 1 >= n || s[j] != '|' || s[j + 1] != ' ')
		return 0;
	return skip_spaces(s, n, j + 1);
}

/* `swag-1  |` alone on its line, the record below it after a break; weak, since the end of
 * a broken ASCII table row (`f     |`) looks the same. */
static size_t compose_bare_len(const char *s, size_t n)
{
	size_t i = name_len(s, n), j;

	if (i == 0 || i >= n || s[i] != ' ' || !has_letter(s, i) || memchr(s, '.', i))
		return 0;
	j = skip_spaces(s, n, i);
	return j + 1 == n && s[j] == '|' ? n : 0;
}

/* `Nov 28 16:20:12 host docker[812]: ` of syslog and journalctl. */
static size_t syslog_len(const char *s, size_t n)
{
	size_t i, k;

	if (n < 16 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'a' && s[1] <= 'z') ||
	    !(s[2] >= 'a' && s[2] <= 'z') || s[3] != ' ' || (s[4] != ' ' && !is_digit(s[4])) ||
	    !shape(s, n, 5, "d dd:dd:dd "))
		return 0;
	i = 16;
	for (k = 0; i < n && s[i] != ' ' && k < NAME_MAX_LEN; i++, k++)
		;
	if (k == 0 || i >= n || s[i] != ' ')
		return 0;
	i++;
	for (k = 0; i < n && s[i] != ' ' && k < 2 * NAME_MAX_LEN; i++, k++)
		;
	if (k < 2 || s[i - 1] != ':')
		return 0;
	return skip_spaces(s, n, i);
}

int triage_is_notice(const char *s, size_t n)
{
	return n >= 11 && memcmp(s, "[confcheck]", 11) == 0 && (n == 11 || s[11] == ' ');
}

int triage_is_notice_cut(const char *s, size_t n)
{
	return n > 0 && n < 11 && memcmp(s, "[confcheck]", n) == 0;
}

/* `[custom-init] `, `[migrations] ` and the like; never `[confcheck]`. */
static size_t tag_len(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || s[0] != '[' || triage_is_notice(s, n))
		return 0;
	i = 1 + name_len(s + 1, n - 1);
	while (i < n && i < NAME_MAX_LEN && (is_name_char(s[i]) || s[i] == ':'))
		i++;
	if (i == 1 || i >= n || s[i] != ']' || (i + 1 < n && s[i + 1] != ' '))
		return 0;
	return skip_spaces(s, n, i + 1);
}

static int table_start(const char *s, size_t n)
{
	return (n >= 3 && (unsigned char)s[0] == 0xe2 &&
		((unsigned char)s[1] == 0x94 || (unsigned char)s[1] == 0x95)) ||
	       (n >= 1 && (s[0] == '|' || s[0] == '+')) || (n >= 4 && memcmp(s, "****", 4) == 0);
}

/* `init-confcheck: ` of an s6 service; weak, since `merges cleanly: ` also looks like it,
 * so only taken when a record follows. */
static size_t service_len(const char *s, size_t n)
{
	size_t i = name_len(s, n), j;
	int s6 = (i > 5 && memcmp(s, "init-", 5) == 0) || (i > 4 && memcmp(s, "svc-", 4) == 0);

	if (i == 0 || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' '))
		return 0;
	j = skip_spaces(s, n, i + 1);
	if (triage_is_notice(s + j, n - j) || triage_is_notice_cut(s + j, n - j) ||
	    table_start(s + j, n - j))
		return j;
	/* alone on its line only in the s6 naming, where a break put the record below it */
	if (j == n && s6)
		return j;
	return 0;
}

size_t triage_strip(const char *s, size_t n, int *found)
{
	size_t off = 0, k;
	int round;

	*found = 0;
	for (round = 0; round < 8; round++) {
		off = skip_spaces(s, n, off);
		if ((k = timestamp_len(s + off, n - off)) > 0 ||
		    (k = compose_len(s + off, n - off)) > 0 ||
		    (k = syslog_len(s + off, n - off)) > 0 || (k = tag_len(s + off, n - off)) > 0) {
			*found = 2;
			off += k;
			continue;
		}
		if ((k = service_len(s + off, n - off)) > 0 ||
		    (k = compose_bare_len(s + off, n - off)) > 0) {
			*found = *found ? *found : 1;
			off += k;
			continue;
		}
		break;
	}
	return skip_spaces(s, n, off);
}

static int corner_start(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	/* ┌ ├ └ (and the heavy and double forms a mangled font may bring) or +- */
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x94 &&
	    (u[2] == 0x8c || u[2] == 0x9c || u[2] == 0x94 || u[2] == 0x8f || u[2] == 0xa3 ||
	     u[2] == 0x97))
		return 1;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x95 &&
	    (u[2] == 0x94 || u[2] == 0xa0 || u[2] == 0x9a))
		return 1;
	return n >= 2 && s[0] == '+' && (s[1] == '-' || s[1] == '=');
}

int triage_is_start(const char *s, size_t n, int in_row)
{
	struct table_line tl;
	int found;
	size_t off = triage_strip(s, n, &found);

	s += off;
	n -= off;
	if (found == 2 || (found && n == 0 && !in_row) || triage_is_notice(s, n) ||
	    triage_is_notice_cut(s, n) || corner_start(s, n))
		return 1;
	if ((n >= 6 && memcmp(s, "s6-rc:", 6) == 0) || (n >= 4 && memcmp(s, "****", 4) == 0))
		return 1;
	/* a whole row cannot be the rest of another one: joined they would have too many
	 * columns */
	return table_eval(&tl, s, n) == TM_COMPLETE && (tl.kind == TK_ROW || tl.kind == TK_HEADER);
}
