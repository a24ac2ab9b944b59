/* mask_value.c - find the value that follows a secret key (the rules are in mask.h). */
#include <string.h>

#include "paste/mask_int.h"

static size_t skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static size_t trim_end(const char *s, size_t start, size_t n)
{
	while (n > start && mask_is_space(s[n - 1]))
		n--;
	return n;
}

/* Where a space may stand between a key and its value (see mask.h). */
static int space_ends_key(const char *s, size_t i, size_t w, const struct mask_place *pl)
{
	size_t k;

	if (pl->dashes || mask_equals_nocase(s + i, w, "bearer") ||
	    (pl->field == 1 && pl->words == 1))
		return 1;
	if (pl->words == 1 && pl->pair_field && pl->field == pl->pair_field)
		return 1;
	if (pl->field != 2 || pl->words != 1)
		return 0;
	if (i > 0 && s[i - 1] == '$')
		return 1;
	for (k = i; k < i + w; k++)
		if (s[k] == '_' || s[k] == '-' || (s[k] >= 'A' && s[k] <= 'Z'))
			return 1;
	return 0;
}

/* An authorization scheme stays in front of the credential. */
static size_t skip_scheme(const char *s, size_t start, size_t end)
{
	static const char *const schemes[] = {"bearer",	   "basic", "token",  "digest", "bot",
					      "negotiate", "ntlm",  "apikey", NULL};
	size_t w = start, k;

	while (w < end && mask_is_alnum(s[w]))
		w++;
	if (w == end || (s[w] != ' ' && s[w] != '\t'))
		return start;
	for (k = 0; schemes[k]; k++)
		if (mask_equals_nocase(s + start, w - start, schemes[k])) {
			w = skip_blank(s, end, w);
			return w < end ? w : start;
		}
	return start;
}

/* An unclosed quote runs to the end of the line, less its trailing space. */
static size_t quoted_end(const char *s, size_t n, size_t i, char q)
{
	size_t e = mask_quote_end(s, n, i, q);

	return e < n ? e : trim_end(s, 0, n);
}

size_t mask_unquoted_end(const char *s, size_t n, size_t i)
{
	while (i < n && !mask_is_space(s[i]) && !mask_in_set(s[i], ";,&\"'`)]}<>"))
		i++;
	return i;
}

/* `$var`, `${VAR}`, `$a$b`, `{{ x }}`, `%(x)s`, `<placeholder>`: a pointer, not a secret. */
static int is_reference(const char *s, size_t n)
{
	size_t i = 0;

	if ((n >= 4 && memcmp(s, "{{", 2) == 0 && memcmp(s + n - 2, "}}", 2) == 0) ||
	    (n >= 4 && memcmp(s, "%(", 2) == 0 && memcmp(s + n - 2, ")s", 2) == 0) ||
	    (n >= 3 && s[0] == '<' && s[n - 1] == '>'))
		return 1;
	while (i < n) {
		int brace;
		size_t start;

		if (s[i++] != '$')
			return 0;
		brace = i < n && s[i] == '{';
		i += brace;
		for (start = i; i < n && (mask_is_alnum(s[i]) || s[i] == '_'); i++)
			;
		if (i == start || (brace && (i >= n || s[i++] != '}')))
			return 0;
	}
	return n > 0;
}

int mask_value_kept(const char *s, size_t n)
{
	if (mask_shape_hash(s, n) > 0)
		return 0; /* `$2y$10$...` is no variable */
	return is_reference(s, n) || mask_is_mask(s, n);
}

static int is_path(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!mask_is_alnum(s[i]) && !mask_in_set(s[i], "/._-~+@:%"))
			return 0; /* a salt that happens to start with `/` */
	return (n >= 1 && s[0] == '/') || (n >= 2 && memcmp(s, "./", 2) == 0) ||
	       (n >= 3 && memcmp(s, "../", 3) == 0) || (n >= 2 && memcmp(s, "~/", 2) == 0);
}

int mask_value_secret(int cls, const char *s, size_t n)
{
	if (cls == MASK_KEY_NONE || n == 0 || mask_value_kept(s, n))
		return 0;
	if (cls == MASK_KEY_WEAK)
		return !is_path(s, n);
	if (cls == MASK_KEY_SHAPE)
		return mask_shape_random(s, n) || mask_shape_token(s, n) == n ||
		       mask_shape_hash(s, n) == n;
	return 1;
}

static int is_block_start(const char *s, size_t n)
{
	size_t i = 1;

	if (n == 0 || (s[0] != '|' && s[0] != '>'))
		return 0;
	while (i < n && (s[i] == '-' || s[i] == '+' || (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i == n;
}

enum { SEP_SPACE, SEP_EQUALS, SEP_COLON, SEP_COMMA };

/* The separator after the key at s[i..i+w): returns where the value may start, or 0. */
static size_t separator(const char *s, size_t n, size_t i, size_t w, struct mask_place *pl,
			int *sep)
{
	size_t j = i + w, k;
	char q = i > 0 ? s[i - 1] : 0;

	*sep = SEP_SPACE;
	if ((q == '"' || q == '\'') && j < n && s[j] == q) {
		j++;
		j += j < n && s[j] == ']'; /* `$CONFIG['password'] = ...` */
	}
	k = skip_blank(s, n, j);
	if (k < n && s[k] == '=') {
		k += (k + 1 < n && s[k + 1] == '>') ? 2 : 1;
		*sep = SEP_EQUALS;
	} else if (k < n && s[k] == ':' && !(k + 2 < n && s[k + 1] == '/' && s[k + 2] == '/')) {
		k += (k + 1 < n && s[k + 1] == '=') ? 2 : 1;
		*sep = SEP_COLON;
	} else if (k < n && s[k] == ',' && j > i + w && pl->call) {
		k++;
		*sep = SEP_COMMA;
	} else if (k == j || k == n || !space_ends_key(s, i, w, pl) ||
		   (s[k] == '{' && !mask_shape_hash(s + k, n - k))) {
		/* `location /secret {` opens a block; `pw {SSHA}...` is a hash */
		return 0;
	} else if (k + 1 < n && mask_in_set(s[k], "!=~") && mask_in_set(s[k + 1], "=~ ")) {
		/* `if ($http_x_api_key != "...")`: the operator is no value */
		k += s[k + 1] != ' ' ? 2 : 1;
	}
	return skip_blank(s, n, k);
}

int mask_find_value(struct mask_value *v, const char *s, size_t n, size_t i, size_t w, int cls,
		    struct mask_place *pl)
{
	int first = pl->field == 1 && pl->words == 1, sep = SEP_SPACE, eol;
	size_t k;

	v->keep = 0;
	v->opens = v->below = 0;
	pl->eol = 0;
	if (i > 0 && s[i - 1] == '<' && i + w < n && s[i + w] == '>') {
		v->start = i + w + 1;
		v->end = v->start;
		while (v->end < n && s[v->end] != '<')
			v->end++;
	} else {
		if ((k = separator(s, n, i, w, pl, &sep)) == 0)
			return 0;
		/* `password = two words`: the first key's value runs to the end of the line */
		eol = first && sep != SEP_SPACE && !(i > 0 && mask_is_quote(s[i - 1]));
		if (k >= n || s[k] == '\r' || s[k] == '\n') {
			/* YAML's `password:` opens a block; JSON's `"password":` has its value
			 * below */
			if (sep == SEP_COLON && i > 0 && mask_is_quote(s[i - 1])) {
				v->start = v->end = k;
				v->below = 1;
				return 1;
			}
			pl->block = first && sep == SEP_COLON;
			return 0;
		}
		if ((s[k] == '{' || s[k] == '[') && sep != SEP_SPACE) {
			v->start = k;
			v->end = k + 1;
			v->opens = 1;
			return 1;
		}
		if (mask_is_quote(s[k])) {
			v->start = k + 1;
			v->end = quoted_end(s, n, k + 1, s[k]);
		} else {
			v->start = skip_scheme(s, k, trim_end(s, k, n));
			v->end = eol ? trim_end(s, k, n) : mask_unquoted_end(s, n, v->start);
			pl->eol = eol;
		}
		if (mask_is_quote(s[k]))
			v->start = skip_scheme(s, v->start, v->end);
	}
	if (v->end <= v->start)
		return 0;
	if (first && sep == SEP_COLON && is_block_start(s + v->start, v->end - v->start))
		pl->block = pl->literal = 1;
	v->keep = pl->block || !mask_value_secret(cls, s + v->start, v->end - v->start);
	return 1;
}
