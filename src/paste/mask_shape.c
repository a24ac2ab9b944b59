/* mask_shape.c - secrets known by what they look like, whatever key they stand under:
 * tokens with a telling prefix, password hashes, armour markers, random runs, and the
 * secret parts of URLs (the rules are in mask.h). */
#include <string.h>

#include "paste/mask_int.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_b64(char c)
{
	return mask_is_alnum(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '=';
}

static int lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int starts_nocase(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (lower(s[i]) != prefix[i])
			return 0;
	return 1;
}

static size_t run(const char *s, size_t n, size_t i, int (*in)(char))
{
	while (i < n && in(s[i]))
		i++;
	return i;
}

static int is_token_char(char c)
{
	return mask_is_alnum(c) || c == '_' || c == '-';
}

static int is_jwt_char(char c)
{
	return mask_is_alnum(c) || c == '_' || c == '-' || c == '=';
}

static size_t prefixed(const char *s, size_t n, const char *prefix, size_t min)
{
	size_t k = strlen(prefix), i;

	if (n < k || memcmp(s, prefix, k) != 0)
		return 0;
	i = run(s, n, k, is_token_char);
	return i - k >= min ? i : 0;
}

/* `AKIA` and 16 capitals or digits: an AWS access key id (ASIA: a temporary one). */
static size_t aws_key_id(const char *s, size_t n)
{
	size_t k;

	if (n < 20 || (memcmp(s, "AKIA", 4) != 0 && memcmp(s, "ASIA", 4) != 0))
		return 0;
	for (k = 4; k < 20; k++)
		if (!((s[k] >= 'A' && s[k] <= 'Z') || is_digit(s[k])))
			return 0;
	return (n == 20 || !mask_is_alnum(s[20])) ? 20 : 0;
}

/* `eyJ...` `.` `eyJ...` `.` signature: a JSON web token. */
static size_t jwt(const char *s, size_t n)
{
	size_t i, j;

	if (n < 3 || memcmp(s, "eyJ", 3) != 0)
		return 0;
	i = run(s, n, 3, is_jwt_char);
	if (i < 13 || i + 4 >= n || s[i] != '.' || memcmp(s + i + 1, "eyJ", 3) != 0)
		return 0;
	j = run(s, n, i + 4, is_jwt_char);
	if (j - i < 13 || j >= n || s[j] != '.')
		return j;
	return run(s, n, j + 1, is_jwt_char);
}

/* `123456789:AA...`: a Telegram bot token (8 to 10 digits, 35 characters). */
static size_t bot_token(const char *s, size_t n)
{
	size_t i = run(s, n, 0, is_digit), j;

	if (i < 8 || i > 10 || i >= n || s[i] != ':')
		return 0;
	j = run(s, n, i + 1, is_token_char);
	return j - i - 1 >= 30 ? j : 0;
}

size_t mask_shape_token(const char *s, size_t n)
{
	static const char *const prefixes[] = {
	    "ghp_",	"gho_",	    "ghu_",  "ghs_",  "ghr_",  "github_pat_", "glpat-", "gldt-",
	    "xoxa-",	"xoxb-",    "xoxp-", "xoxr-", "xoxs-", "xoxe-",	      "xapp-",	"sk_live_",
	    "rk_live_", "sk-proj-", "npm_",  "hf_",   "pypi-", "dop_v1_",     "AIza",	NULL};
	size_t k, len;

	for (k = 0; prefixes[k]; k++)
		if ((len = prefixed(s, n, prefixes[k], 20)) > 0)
			return len;
	if ((len = aws_key_id(s, n)) > 0 || (len = jwt(s, n)) > 0)
		return len;
	return bot_token(s, n);
}

int mask_armour_at(const char *s, size_t n, size_t i, const char *word)
{
	size_t k = strlen(word);

	return i + 5 + k <= n && s[i] == '-' &&
	       (memcmp(s + i, "-----", 5) == 0 || memcmp(s + i, "---- ", 5) == 0) &&
	       memcmp(s + i + 5, word, k) == 0;
}

size_t mask_armour_find(const char *s, size_t n, size_t i, const char *word)
{
	for (; i < n; i++)
		if (mask_armour_at(s, n, i, word))
			return i;
	return n;
}

size_t mask_armour_end(const char *s, size_t n, size_t i, size_t *label)
{
	while (i < n && s[i] == '-')
		i++;
	while (i < n && s[i] != '-')
		i++;
	if (label)
		*label = i;
	while (i < n && s[i] == '-')
		i++;
	return i;
}

static int is_crypt_char(char c)
{
	return mask_is_alnum(c) || c == '.' || c == '/' || c == '$' || c == '=' || c == '+' ||
	       c == ',' || c == '-';
}

size_t mask_shape_hash(const char *s, size_t n)
{
	static const char *const crypt[] = {"$apr1$",  "$2a$",	  "$2b$",     "$2y$",	"$5$",
					    "$6$",     "$y$",	  "$gy$",     "$7$",	"$1$",
					    "$argon2", "$pbkdf2", "$scrypt$", "$sha1$", NULL};
	static const char *const ldap[] = {"{SHA}",    "{SSHA}",    "{SHA256}", "{SSHA256}",
					   "{SHA512}", "{SSHA512}", "{CRYPT}",	"{MD5}",
					   "{SMD5}",   "{PBKDF2}",  "{ARGON2}", NULL};
	size_t k, len, i, j, dollars = 0;

	for (k = 0; ldap[k]; k++) {
		len = strlen(ldap[k]);
		if (n > len && memcmp(s, ldap[k], len) == 0) {
			i = run(s, n, len, is_crypt_char);
			return i - len >= 8 ? i : 0;
		}
	}
	for (k = 0; crypt[k]; k++) {
		len = strlen(crypt[k]);
		if (n <= len || memcmp(s, crypt[k], len) != 0)
			continue;
		i = run(s, n, len, is_crypt_char);
		/* `$1$2` in a rewrite is two captures: a hash is long, salt and all */
		for (j = 1; j < i; j++)
			dollars += s[j] == '$';
		return (i >= 20 && dollars >= 2) ? i : 0;
	}
	return 0;
}

int mask_shape_random(const char *s, size_t n)
{
	size_t i, digits = 0, upper = 0, lowers = 0, hex = 0;

	if (n < 20)
		return 0;
	for (i = 0; i < n; i++) {
		if (!is_b64(s[i]))
			return 0;
		digits += is_digit(s[i]);
		upper += s[i] >= 'A' && s[i] <= 'Z';
		lowers += s[i] >= 'a' && s[i] <= 'z';
		hex += is_hex(s[i]);
	}
	if (hex == n && n >= 32 && digits > 0)
		return 1;
	return digits > 0 && upper > 1 && lowers > 1;
}

/* Hosts whose webhook URLs carry their secret in the path, and where it starts. */
static const struct hook {
	const char *host; /* the host, or with a leading `.` any host ending so */
	const char *path; /* the path before the secret part */
} hooks[] = {
    {"discord.com", "/api/webhooks/"},
    {".discord.com", "/api/webhooks/"},
    {"discordapp.com", "/api/webhooks/"},
    {"hooks.slack.com", "/"},
    {".webhook.office.com", "/"},
    {"outlook.office.com", "/webhook/"},
    {"outlook.office.com", "/webhookb2/"},
    {"outlook.office365.com", "/webhook/"},
    {"api.telegram.org", "/bot"},
    {"maker.ifttt.com", "/trigger/"},
    {NULL, NULL},
};

static int host_is(const char *h, size_t n, const char *want)
{
	size_t k = strlen(want), i;

	if (want[0] == '.') {
		if (n <= k)
			return 0;
		h += n - k;
	} else if (n != k) {
		return 0;
	}
	for (i = 0; i < k; i++)
		if (lower(h[i]) != want[i])
			return 0;
	return 1;
}

/* Where the secret part of a webhook's path starts (an offset into path), or 0. */
static size_t hook_secret(const char *host, size_t hn, const char *path, size_t pn)
{
	size_t k, len;

	for (k = 0; hooks[k].host; k++) {
		len = strlen(hooks[k].path);
		if (host_is(host, hn, hooks[k].host) && pn > len &&
		    starts_nocase(path, pn, hooks[k].path))
			return len;
	}
	return 0;
}

static int url_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || mask_in_set(c, "\"'`<>;\\");
}

/* A path segment or query value: masked when it looks random. */
static void put_part(struct cc_buf *o, const char *s, size_t n)
{
	if (n > 0 && (mask_shape_token(s, n) == n || mask_shape_random(s, n)))
		cc_buf_add(o, MASK, MASK_LEN);
	else
		cc_buf_add(o, s, n);
}

/* `?a=1&sig=...`: a secret key's value goes, and a random-looking one. */
static void put_query(struct cc_buf *o, const char *s, size_t n)
{
	size_t i = 0, j, eq;

	while (i < n) {
		for (j = i; j < n && s[j] != '&' && s[j] != '#'; j++)
			;
		for (eq = i; eq < j && s[eq] != '='; eq++)
			;
		cc_buf_add(o, s + i, eq - i);
		if (eq < j) {
			cc_buf_add(o, "=", 1);
			if (mask_value_secret(mask_key_class(s + i, eq - i), s + eq + 1,
					      j - eq - 1))
				cc_buf_add(o, MASK, MASK_LEN);
			else
				put_part(o, s + eq + 1, j - eq - 1);
		}
		if (j < n)
			cc_buf_add(o, s + j, 1);
		i = j + 1;
	}
}

size_t mask_url(struct cc_buf *o, const char *s, size_t n, size_t i)
{
	size_t a = i + 3, end, at = 0, colon = 0, host, hend, p, q, seg, cut;

	if (i + 3 > n || memcmp(s + i, "://", 3) != 0)
		return 0;
	for (end = a; end < n && !url_end(s[end]); end++)
		;
	for (p = a; p < end && !mask_in_set(s[p], "/?#"); p++)
		if (s[p] == '@')
			at = p;
	for (q = a; at && q < at; q++)
		if (s[q] == ':' && !colon)
			colon = q;
	cc_buf_add(o, s + i, 3);
	/* `user:password@`, or a user part long enough to be a token used as a name */
	if (colon) {
		cc_buf_add(o, s + a, colon + 1 - a);
		cc_buf_add(o, MASK, MASK_LEN);
	} else if (at && at - a >= 20) {
		cc_buf_add(o, MASK, MASK_LEN);
	} else if (at) {
		cc_buf_add(o, s + a, at - a);
	}
	host = at ? at + 1 : a;
	if (at)
		cc_buf_add(o, "@", 1);
	hend = p;
	cc_buf_add(o, s + host, hend - host);
	for (q = p; q < end && s[q] != '?' && s[q] != '#'; q++)
		;
	if ((cut = hook_secret(s + host, hend - host, s + p, q - p)) > 0) {
		cc_buf_add(o, s + p, cut);
		cc_buf_add(o, MASK, MASK_LEN);
		p = q;
	}
	while (p < q) {
		for (seg = p + 1; seg < q && s[seg] != '/'; seg++)
			;
		cc_buf_add(o, s + p, 1);
		put_part(o, s + p + 1, seg - p - 1);
		p = seg;
	}
	if (q < end) {
		cc_buf_add(o, s + q, 1);
		put_query(o, s + q + 1, end - q - 1);
	}
	return end;
}
