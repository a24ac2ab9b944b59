/* mask.c - replace secret values in lines meant for pasting (the rules are in mask.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "mask_int.h"

#define MASK "****"

void mask_put(struct mask_out *o, const char *s, size_t n)
{
	char *p;

	if (o->fail || n == 0)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 64;

		while (cap < o->len + n + 1)
			cap *= 2;
		if (!(p = realloc(o->s, cap))) {
			o->fail = 1;
			return;
		}
		o->s = p;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_word(char c)
{
	return is_alnum(c) || c == '_' || c == '.' || c == '-';
}

/* strchr finds the terminating NUL too: a NUL byte of the text is in no set */
static int in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* A field that only marks the line: `#`, `//`, `;`, `-`, `+`, `>`, `*`, `export`. */
static int marker_field(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !is_space(s[i]) && in_set(s[i], "#;/-+>*"))
		i++;
	if (i > 0 && (i == n || is_space(s[i])))
		return 1;
	return n >= 6 && memcmp(s, "export", 6) == 0 && (n == 6 || is_space(s[6]));
}

static size_t prefixed_token(const char *s, size_t n, const char *prefix, size_t min)
{
	size_t k = strlen(prefix), i;

	if (n < k || memcmp(s, prefix, k) != 0)
		return 0;
	for (i = k; i < n && (is_alnum(s[i]) || s[i] == '_' || s[i] == '-'); i++)
		;
	return i - k >= min ? i : 0;
}

/* A token whose prefix tells what it is, wherever it stands. */
static size_t known_token(const char *s, size_t n)
{
	static const char *const prefixes[] = {"ghp_",	      "gho_",	"ghu_",	 "ghs_",  "ghr_",
					       "github_pat_", "glpat-", "xoxa-", "xoxb-", "xoxp-",
					       "xoxr-",	      "xoxs-",	NULL};
	size_t k, len;

	for (k = 0; prefixes[k]; k++)
		if ((len = prefixed_token(s, n, prefixes[k], 20)) > 0)
			return len;
	if (n >= 20 && memcmp(s, "AKIA", 4) == 0) {
		for (k = 4; k < 20; k++)
			if (!((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9')))
				return 0;
		return (n == 20 || !is_alnum(s[20])) ? 20 : 0;
	}
	return 0;
}

/* `scheme://user:pass@` at s[i] == ':': the password goes, or a long user part (a token
 * used as a user name). Returns where to go on, after writing, or 0 when nothing changed. */
static size_t mask_userinfo(struct mask_out *o, const char *s, size_t n, size_t i)
{
	size_t j = i + 3, colon = 0;

	for (; j < n && !is_space(s[j]) && !in_set(s[j], "/?#@\"'<>"); j++)
		if (s[j] == ':' && !colon)
			colon = j;
	if (j >= n || s[j] != '@' || j == i + 3)
		return 0;
	if (colon) {
		mask_put(o, s + i, colon + 1 - i);
	} else if (j - (i + 3) >= 20) {
		mask_put(o, s + i, 3);
	} else {
		return 0;
	}
	mask_put(o, MASK, 4);
	return j;
}

static int word_start(const char *s, size_t i, int *dashes)
{
	size_t k = i;

	if (!is_alnum(s[i]) && s[i] != '_')
		return 0;
	while (k > 0 && s[k - 1] == '-' && i - k < 2)
		k--;
	*dashes = k < i;
	return k == 0 || !is_word(s[k - 1]);
}

static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n && is_word(s[i]))
		i++;
	/* `key.` ends a sentence, it is not part of the key */
	while (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-'))
		i--;
	return i;
}

void mask_into(struct mask_out *o, const char *s, size_t n, int *block)
{
	struct mask_place pl = {0};
	struct mask_value v;
	size_t i = 0, w, k;
	int in_field = 0, cls;

	while (i < n && !o->fail) {
		if (is_space(s[i])) {
			mask_put(o, s + i++, 1);
			in_field = 0;
			continue;
		}
		if (!in_field) {
			in_field = 1;
			pl.words = 0;
			pl.field += !marker_field(s + i, n - i);
		}
		if (s[i] == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/' &&
		    (k = mask_userinfo(o, s, n, i)) > 0) {
			i = k;
			continue;
		}
		if (!word_start(s, i, &pl.dashes)) {
			mask_put(o, s + i++, 1);
			continue;
		}
		if ((k = known_token(s + i, n - i)) > 0) {
			mask_put(o, MASK, 4);
			i += k;
			continue;
		}
		w = word_end(s, n, i);
		w = w > i ? w - i : 1;
		pl.words++;
		/* a word right after `/` or `.` is part of a path or a file name */
		cls = (i > 0 && (s[i - 1] == '/' || s[i - 1] == '.')) ? MASK_KEY_NONE
								      : mask_key_class(s + i, w);
		if (cls == MASK_KEY_NONE || !mask_find_value(&v, s, n, i, w, cls, &pl)) {
			mask_put(o, s + i, w);
			i += w;
			continue;
		}
		mask_put(o, s + i, v.start - i);
		if (v.keep)
			mask_put(o, s + v.start, v.end - v.start);
		else
			mask_put(o, MASK, 4);
		i = v.end;
	}
	*block = pl.block;
}

char *mask_finish(struct mask_out *o, size_t *outlen)
{
	mask_put(o, "", 0);
	if (!o->fail && !o->s && !(o->s = calloc(1, 1)))
		o->fail = 1;
	if (o->fail) {
		free(o->s);
		errno = ENOMEM;
		return NULL;
	}
	if (outlen)
		*outlen = o->len;
	return o->s;
}

char *cc_mask_line(const char *line, size_t len, size_t *outlen)
{
	struct mask_out o = {0};
	int block;

	if (!line && len) {
		errno = EINVAL;
		return NULL;
	}
	mask_into(&o, line, len, &block);
	return mask_finish(&o, outlen);
}
