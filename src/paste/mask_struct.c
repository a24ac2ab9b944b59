/* mask_struct.c - the values inside a structure under a secret key, JSON's or YAML's
 * (`"tokens": ["...", "..."]`, `password: {a: b}`), and the value that follows its key on
 * the next line (the rules are in mask.h). */
#include <string.h>

#include "paste/mask_int.h"

static int is_literal(const char *s, size_t n)
{
	return (n == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "null", 4) == 0)) ||
	       (n == 5 && memcmp(s, "false", 5) == 0);
}

/* Whether a string or word that ends before s[j] is a key: a `:` follows it. */
static int is_key_at(const char *s, size_t n, size_t j)
{
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j < n && s[j] == ':' && !(j + 1 < n && s[j + 1] == '/');
}

void mask_put_scalar(struct cc_buf *o, const char *s, size_t n, const char *key, size_t kn)
{
	if (n == 0 || is_literal(s, n) || mask_value_kept(s, n) ||
	    (key && mask_key_describes(key, kn)))
		cc_buf_add(o, s, n);
	else
		cc_buf_add(o, MASK, MASK_LEN);
}

size_t mask_structure(struct cc_buf *o, const char *s, size_t n, size_t i, size_t *depth)
{
	const char *key = NULL;
	size_t kn = 0, j;

	while (*depth > 0 && i < n) {
		char c = s[i];

		if (c == '{' || c == '[') {
			++*depth;
			key = NULL;
		} else if (c == '}' || c == ']') {
			--*depth;
			key = NULL;
		} else if (c == ',') {
			key = NULL;
		} else if (mask_is_quote(c)) {
			j = mask_quote_end(s, n, i + 1, c);
			cc_buf_add(o, s + i, 1);
			if (is_key_at(s, n, j + 1)) {
				key = s + i + 1;
				kn = j - i - 1;
				cc_buf_add(o, key, kn);
			} else {
				mask_put_scalar(o, s + i + 1, j - i - 1, key, kn);
			}
			if (j < n)
				cc_buf_add(o, s + j, 1);
			i = j < n ? j + 1 : n;
			continue;
		} else if (!mask_is_space(c) && c != ':') {
			for (j = i;
			     j < n && !mask_is_space(s[j]) && !mask_in_set(s[j], ",:{}[]\"'`"); j++)
				;
			if (is_key_at(s, n, j)) {
				key = s + i;
				kn = j - i;
				cc_buf_add(o, key, kn);
			} else {
				mask_put_scalar(o, s + i, j - i, key, kn);
			}
			i = j;
			continue;
		}
		cc_buf_add(o, s + i++, 1);
	}
	return i;
}

size_t mask_next_value(struct cc_buf *o, const char *s, size_t n, struct mask_carry *c)
{
	size_t i = 0, e;

	while (i < n && mask_is_space(s[i]))
		i++;
	cc_buf_add(o, s, i);
	if (i == n)
		return i; /* a blank line between: the value is still to come */
	c->next_value = 0;
	if (s[i] == '{' || s[i] == '[') {
		cc_buf_add(o, s + i, 1);
		c->depth = 1;
		return i + 1;
	}
	if (mask_is_quote(s[i])) {
		e = mask_quote_end(s, n, i + 1, s[i]);
		cc_buf_add(o, s + i, 1);
		mask_put_scalar(o, s + i + 1, e - i - 1, NULL, 0);
		return e;
	}
	for (e = i; e < n && !mask_is_space(s[e]) && !mask_in_set(s[e], ",}]"); e++)
		;
	mask_put_scalar(o, s + i, e - i, NULL, 0);
	return e;
}
