/* triage_match.c - match a line of the init notice against the lines the contract allows. */
#include <string.h>

#include "paste/triage_int.h"

#define MAX_CAPS 6
#define NO_CAP ((size_t)-1)

/*
 * The lines of the notice (notice.h, the README) as patterns. Two spaces in a pattern ask for at
 * least two in the text, one for at least one. %w is a lowercase word, %p a path (no
 * whitespace), %P that path again, %D a date or `-`, %n a count.
 *
 * A family is a head and the phrases that may end it. A phrase that is not known is free
 * text (TM_FREE), unless its first word is that of a known phrase: then it is a known
 * phrase gone wrong, which is how a bad join shows.
 */
struct family {
	const char *head;
	const char *const *phrases;
	size_t nphrases;
	int kind, id;
};

static const char *const group_phrases[] = {"with comment-only template changes", "acknowledged"};
static const char *const dated_phrases[] = {
    "merges cleanly: confcheck merge %P",
    "both changed the same lines: confcheck diff %P",
    "unchanged by you: replace it with the .sample",
    "baseline unknown: confcheck diff %P",
};
static const char *const undated_phrases[] = {"template dropped by the image"};

static const struct family group_family = {"%w  %n more ", group_phrases, 2, NK_GROUP, 0};
static const struct family dated_family = {"%w  %p  %D -> %D  ", dated_phrases, 4, NK_FILE, 1};
static const struct family undated_family = {"%w  %p  ", undated_phrases, 1, NK_FILE, 2};

static const char header_pattern[] =
    "%n of %n configs need a look (templates up to %D; confcheck status for all)";

struct matcher {
	const char *s;
	size_t n, i, ncap, path;
	struct cap caps[MAX_CAPS];
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int match_spaces(struct matcher *m, size_t want)
{
	size_t w = 0;

	while (m->i + w < m->n && m->s[m->i + w] == ' ')
		w++;
	if (m->i + w == m->n)
		return TM_INCOMPLETE;
	if (w < want)
		return TM_INVALID;
	m->i += w;
	return TM_COMPLETE;
}

/* `-` or YYYY-MM-DD (also YYYY/MM/DD); a cut one is a prefix of that shape. A date glued
 * to what follows (`2024-12-17->`) is no date. */
static int match_date(struct matcher *m)
{
	size_t k, end;

	if (m->s[m->i] == '-') {
		end = m->i + 1;
	} else {
		k = triage_date_shape(m->s + m->i, m->n - m->i);
		if (k < 10)
			return m->i + k == m->n ? TM_INCOMPLETE : TM_INVALID;
		end = m->i + 10;
	}
	if (end < m->n && (is_digit(m->s[end]) || m->s[end] == '-' || m->s[end] == '/'))
		return TM_INVALID;
	m->i = end;
	return TM_COMPLETE;
}

static int match_same_path(struct matcher *m)
{
	const struct cap *p = &m->caps[m->path];
	size_t j;

	for (j = 0; j < p->len; j++) {
		if (m->i + j == m->n)
			return TM_INCOMPLETE;
		if (m->s[m->i + j] != m->s[p->off + j])
			return TM_INVALID;
	}
	m->i += p->len;
	return TM_COMPLETE;
}

static int word_char(char d, char c)
{
	if (c == ' ')
		return 0;
	if (d == 'n')
		return is_digit(c);
	if (d == 'w')
		return c >= 'a' && c <= 'z';
	return 1;
}

/* One directive; the span it took becomes the next capture. */
static int match_directive(struct matcher *m, char d)
{
	size_t start = m->i, j = m->i;
	int r;

	if (m->i == m->n)
		return TM_INCOMPLETE;
	if (d == 'P')
		return m->path == NO_CAP ? TM_INVALID : match_same_path(m);
	if (d == 'D') {
		if ((r = match_date(m)) != TM_COMPLETE)
			return r;
		j = m->i;
	} else {
		while (j < m->n && word_char(d, m->s[j]))
			j++;
		if (j == start)
			return TM_INVALID;
		if (j < m->n && d != 'p' && m->s[j] != ' ')
			return TM_INVALID;
	}
	if (m->ncap == MAX_CAPS)
		return TM_INVALID;
	if (d == 'p')
		m->path = m->ncap;
	m->caps[m->ncap++] = (struct cap){start, j - start};
	m->i = j;
	return TM_COMPLETE;
}

/* Matches pat from m->i on; the text may go on after it. */
static int match(struct matcher *m, const char *pat)
{
	int r;

	while (*pat) {
		if (*pat == ' ') {
			size_t want = pat[1] == ' ' ? 2 : 1;

			if ((r = match_spaces(m, want)) != TM_COMPLETE)
				return r;
			pat += want;
		} else if (*pat == '%') {
			if ((r = match_directive(m, pat[1])) != TM_COMPLETE)
				return r;
			pat += 2;
		} else {
			if (m->i == m->n)
				return TM_INCOMPLETE;
			if (m->s[m->i] != *pat)
				return TM_INVALID;
			m->i++;
			pat++;
		}
	}
	return TM_COMPLETE;
}

static int match_whole(struct matcher *m, const char *pat)
{
	int r = match(m, pat);

	if (r == TM_COMPLETE && m->i != m->n)
		return TM_INVALID;
	return r;
}

static size_t word_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ' ')
		i++;
	return i;
}

/* The text starts with the phrase's first word (also glued to what follows it). */
static int starts_like(const char *phrase, const char *s, size_t n)
{
	size_t w = word_len(phrase, strlen(phrase));

	return n >= w && memcmp(phrase, s, w) == 0;
}

/* Reads s against one family; *headok tells whether its head matched. */
static int eval_family(struct matcher *m, const struct family *f, int *headok)
{
	struct matcher at;
	int r, got = TM_INVALID;
	size_t k;

	*headok = 0;
	m->i = 0;
	m->ncap = 0;
	m->path = NO_CAP;
	if ((r = match(m, f->head)) != TM_COMPLETE)
		return r;
	*headok = 1;
	at = *m;
	for (k = 0; k < f->nphrases; k++) {
		struct matcher p = at;

		r = match_whole(&p, f->phrases[k]);
		if (r == TM_COMPLETE)
			return r;
		if (r == TM_INCOMPLETE)
			got = r;
	}
	if (got == TM_INCOMPLETE)
		return got;
	for (k = 0; k < f->nphrases; k++)
		if (starts_like(f->phrases[k], m->s + m->i, m->n - m->i))
			return TM_INVALID;
	return TM_FREE;
}

/* How good a reading is: a whole line, then a cut one, then one ending in free text, then
 * one whose head at least matched. */
static int score(int status, int headok)
{
	if (status == TM_COMPLETE)
		return 4;
	if (status == TM_INCOMPLETE)
		return 3;
	if (status == TM_FREE)
		return 2;
	return headok;
}

static void take(struct notice_line *nl, const struct matcher *m, int kind, int status)
{
	nl->kind = kind;
	nl->status = status;
	nl->state = m->caps[0];
	nl->rest = (struct cap){m->i, m->n - m->i};
	if (kind == NK_GROUP) {
		if (m->ncap > 1)
			nl->num1 = m->caps[1];
		return;
	}
	if (m->ncap > 1)
		nl->path = m->caps[1];
	if (m->ncap > 3) {
		nl->old = m->caps[2];
		nl->new = m->caps[3];
	}
}

int notice_match_state(struct notice_line *nl, const char *s, size_t n, int dated)
{
	const struct family *fams[3] = {&group_family, dated ? &dated_family : &undated_family,
					dated ? &undated_family : NULL};
	int best = 0, headok, r, sc;
	size_t k;

	nl->kind = NK_FILE;
	nl->status = TM_INVALID;
	nl->state = (struct cap){0, 0};
	for (k = 0; k < 3 && fams[k]; k++) {
		struct matcher m = {.s = s, .n = n};

		r = eval_family(&m, fams[k], &headok);
		nl->family[fams[k]->id] = r;
		sc = score(r, headok);
		if (sc > best && m.ncap > 0) {
			best = sc;
			take(nl, &m, fams[k]->kind, r);
		}
	}
	return nl->status;
}

int notice_match_header(struct notice_line *nl, const char *s, size_t n)
{
	struct matcher m = {.s = s, .n = n, .path = NO_CAP};

	nl->kind = NK_HEADER;
	nl->status = match_whole(&m, header_pattern);
	if (m.ncap > 0)
		nl->num1 = m.caps[0];
	if (m.ncap > 1)
		nl->num2 = m.caps[1];
	if (m.ncap > 2)
		nl->date = m.caps[2];
	return nl->status;
}
