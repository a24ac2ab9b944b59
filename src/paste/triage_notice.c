/* triage_notice.c - read one `[confcheck]` line of the init notice. */
#include <stdlib.h>
#include <string.h>

#include "paste/triage_int.h"

static const char *const states[] = {"current",	   "customized", "outdated", "conflict",
				     "unverified", "orphaned",	 "error"};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t word_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ' ')
		i++;
	return i;
}

static int semver(const char *s, size_t n)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 3; part++) {
		size_t start = i;

		while (i < n && is_digit(s[i]))
			i++;
		if (i == start || (part < 2 && (i == n || s[i++] != '.')))
			return 0;
	}
	return i == n || s[i] == '-' || s[i] == '+';
}

static int key_is(const char *key, size_t klen, const char *want)
{
	return klen == strlen(want) && memcmp(key, want, klen) == 0;
}

static int count_key(const char *key, size_t klen)
{
	size_t k;

	if (key_is(key, klen, "unused") || key_is(key, klen, "need_look"))
		return 1;
	for (k = 0; k < sizeof(states) / sizeof(states[0]); k++)
		if (key_is(key, klen, states[k]))
			return 1;
	return 0;
}

static int value_char(const char *key, size_t klen, char c)
{
	if (key_is(key, klen, "set"))
		return is_digit(c) || (c >= 'a' && c <= 'f');
	if (key_is(key, klen, "version"))
		return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       c == '.' || c == '-' || c == '+';
	if (count_key(key, klen))
		return is_digit(c);
	return 1;
}

static int value_ok(const char *key, size_t klen, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!value_char(key, klen, v[i]))
			return 0;
	return n <= 64;
}

/* The summary's next word from *i on: s[*i..*j) once the spaces before it are
 * passed (empty at the end); returns its '=', or NULL when it has none. */
static const char *word_at(const char *s, size_t n, size_t *i, size_t *j)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
	for (*j = *i; *j < n && s[*j] != ' '; (*j)++)
		;
	return memchr(s + *i, '=', *j - *i);
}

/* `summary current=18 ... set=3f9a21c0 version=0.1.0`: whole once version= is. */
static int eval_summary(struct notice_line *nl, const char *s, size_t n)
{
	size_t i = 7, j, k;
	int full = 0;

	nl->kind = NK_SUMMARY;
	nl->rest = (struct cap){7, n - 7};
	if (i < n && s[i] != ' ')
		return nl->status = TM_INVALID;
	while (i < n) {
		const char *eq = word_at(s, n, &i, &j);

		for (k = i; k < (eq ? (size_t)(eq - s) : j); k++)
			if (!(s[k] >= 'a' && s[k] <= 'z') && s[k] != '_')
				return nl->status = TM_INVALID;
		if (!eq || eq == s + i || eq + 1 == s + j) {
			if (j < n || (eq == s + i))
				return nl->status = TM_INVALID;
			return nl->status = TM_INCOMPLETE;
		}
		if (!value_ok(s + i, (size_t)(eq - s) - i, eq + 1, (size_t)(s + j - eq) - 1))
			return nl->status = TM_INVALID;
		full = (size_t)(eq - s) - i == 7 && memcmp(s + i, "version", 7) == 0 &&
		       semver(eq + 1, (size_t)(s + j - eq) - 1);
		i = j;
	}
	return nl->status = full ? TM_COMPLETE : TM_INCOMPLETE;
}

static int is_state(const char *s, size_t n, int prefix)
{
	size_t k;

	for (k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
		size_t len = strlen(states[k]);

		if ((len == n || (prefix && n < len)) && memcmp(states[k], s, n) == 0)
			return 1;
	}
	return 0;
}

static int is_prefix_of(const char *word, const char *s, size_t n)
{
	return n < strlen(word) && memcmp(word, s, n) == 0;
}

static int eval_body(struct notice_line *nl, const char *s, size_t n)
{
	size_t w = word_len(s, n);

	if (n == 0)
		return nl->status = TM_INCOMPLETE;
	if (is_digit(s[0]))
		return notice_match_header(nl, s, n);
	if (w == 7 && memcmp(s, "summary", 7) == 0)
		return eval_summary(nl, s, n);
	if (w == 8 && memcmp(s, "warning:", 8) == 0) {
		nl->kind = NK_WARNING;
		nl->rest.off = w;
		while (nl->rest.off < n && s[nl->rest.off] == ' ')
			nl->rest.off++;
		nl->rest.len = n - nl->rest.off;
		return nl->status = nl->rest.len ? TM_FREE : TM_INCOMPLETE;
	}
	if (is_state(s, w, 0))
		return notice_match_state(
		    nl, s, n,
		    !((w == 8 && !memcmp(s, "orphaned", 8)) || (w == 5 && !memcmp(s, "error", 5))));
	if (w == n &&
	    (is_prefix_of("summary", s, n) || is_prefix_of("warning:", s, n) || is_state(s, n, 1)))
		return nl->status = TM_INCOMPLETE;
	nl->kind = NK_OTHER;
	return nl->status = TM_COMPLETE;
}

int notice_eval(struct notice_line *nl, const char *s, size_t n)
{
	size_t lead = 0;

	memset(nl, 0, sizeof(*nl));
	while (lead < n && s[lead] == ' ')
		lead++;
	while (n > lead && s[n - 1] == ' ')
		n--;
	nl->base = lead;
	nl->len = n - lead;
	return eval_body(nl, s + lead, n - lead);
}

static long *count_slot(struct cc_triage *t, const char *key, size_t klen)
{
	long *slots[] = {&t->current,	 &t->customized, &t->outdated, &t->conflict,
			 &t->unverified, &t->orphaned,	 &t->error};
	size_t k;

	for (k = 0; k < sizeof(states) / sizeof(states[0]); k++)
		if (key_is(key, klen, states[k]))
			return slots[k];
	if (key_is(key, klen, "unused"))
		return &t->unused;
	if (key_is(key, klen, "need_look"))
		return &t->need_look;
	return NULL;
}

static void set_string(char **dst, const char *s, size_t n)
{
	free(*dst);
	*dst = triage_sanitize(s, n, 0);
}

static void apply_summary(struct cc_triage *t, const char *s, size_t n)
{
	size_t i = 0, j;
	long *slot;

	while (i < n) {
		const char *eq = word_at(s, n, &i, &j);

		if (eq) {
			size_t klen = (size_t)(eq - s) - i, vlen = j - i - klen - 1;

			if ((slot = count_slot(t, s + i, klen)) != NULL)
				*slot = triage_count(eq + 1, vlen);
			else if (key_is(s + i, klen, "set"))
				set_string(&t->set_id, eq + 1, vlen);
			else if (key_is(s + i, klen, "version"))
				set_string(&t->tool_version, eq + 1, vlen);
		}
		i = j;
	}
}

static const char *group_kind(const char *s, size_t n, size_t *klen)
{
	if (key_is(s, n, "with comment-only template changes")) {
		*klen = 8;
		return "cosmetic";
	}
	*klen = n;
	return s;
}

void notice_apply(struct cc_triage *t, const struct notice_line *nl, const char *s, size_t n)
{
	const struct cap none = {0, 0};
	const char *kind;
	size_t klen;
	char date[11];

	(void)n;
	s += nl->base;
	switch (nl->kind) {
	case NK_HEADER:
		t->need_look = triage_count(s + nl->num1.off, nl->num1.len);
		t->total = triage_count(s + nl->num2.off, nl->num2.len);
		if (triage_date(date, s + nl->date.off, nl->date.len) == 0)
			set_string(&t->newest_version, date, 10);
		break;
	case NK_FILE:
		/* a path the break may have cut is no path */
		if (nl->path.len == 0 ||
		    (nl->status == TM_INCOMPLETE && nl->path.off + nl->path.len >= nl->len))
			break;
		triage_add_file(t, s + nl->state.off, nl->state.len, s, nl->path, nl->old, nl->new,
				nl->rest.len ? nl->rest : none);
		break;
	case NK_GROUP:
		if (nl->num1.len == 0 || nl->status == TM_INCOMPLETE)
			break;
		kind = group_kind(s + nl->rest.off, nl->rest.len, &klen);
		triage_add_group(t, s + nl->state.off, nl->state.len,
				 triage_count(s + nl->num1.off, nl->num1.len), kind, klen);
		break;
	case NK_SUMMARY:
		apply_summary(t, s + nl->rest.off, nl->rest.len);
		break;
	case NK_WARNING:
		if (nl->rest.len && t->nwarnings < TRIAGE_LIST_MAX)
			triage_add_string(&t->warnings, &t->nwarnings, s + nl->rest.off,
					  nl->rest.len);
		break;
	}
}
