/* mask_key.c - which keys and which file names hold secrets (the rules are in mask.h). */
#include <string.h>

#include "paste/mask.h"
#include "paste/mask_int.h"

#define MAX_PARTS 16
#define MAX_PART 32

/* a part that holds one of these is a secret: `dbpassword`, `smtppassword`, `passwordsalt` */
static const char *const strong_within[] = {"password",	  "passwd",    "passphrase", "secret",
					    "token",	  "apikey",    "apitoken",   "credential",
					    "privatekey", "accesskey", "secretkey",  "authkey",
					    "authtoken",  "webhook",   "signature",  NULL};
static const char *const strong_anywhere[] = {
    "creds", "authorization", "dsn", "salt", "requirepass", "masterauth", "psk", "pwd", NULL};
static const char *const strong_last[] = {"pass", "pw",	 "auth", "cookie", "bearer",
					  "jwt",  "sig", "otp",	 "totp",   NULL};
static const char *const key_owners[] = {
    "api",     "access",     "secret",	"private",	"auth",	     "master",
    "license", "encryption", "signing", "client",	"app",	     "consumer",
    "account", "session",    "admin",	"root",		"preshared", "shared",
    "hmac",    "tsig",	     "ssh",	"gpg",		"pgp",	     "wireguard",
    "wg",      "decryption", "storage", "subscription", "service",   NULL};
static const char *const key_not_secret[] = {"cache",	  "sort",    "primary", "foreign", "hash",
					     "partition", "routing", "lookup",	"map",	   "group",
					     "public",	  "pub",     NULL};
static const char *const descriptors[] = {
    "file",	"files",       "path",	   "paths",    "dir",	   "directory", "zone",
    "zones",	"cache",       "name",	   "type",     "size",	   "length",	"len",
    "timeout",	"ttl",	       "expire",   "expires",  "expiry",   "lifetime",	"header",
    "headers",	"field",       "param",	   "format",   "mode",	   "enabled",	"enable",
    "disabled", "required",    "prompt",   "policy",   "hint",	   "realm",	"algorithm",
    "alg",	"id",	       "url",	   "uri",      "endpoint", "min",	"max",
    "set",	"request",     "count",	   "version",  "method",   "scheme",	"location",
    "level",	"strength",    "interval", "age",      "domain",   "seconds",	"algo",
    "command",	"cmd",	       "script",   "provider", "backend",  "store",	"storage",
    "manager",	"rotation",    "reset",	   "changed",  "change",   "forgot",	"complexity",
    "label",	"description", "regex",	   "pattern",  NULL};
/* a descriptor that names where a secret goes to rather than what describes it */
static const char *const url_descriptors[] = {"url", "uri", "endpoint", NULL};
static const char *const url_owners[] = {"webhook", NULL};
/* in a certbot DNS credentials file, every `dns_<plugin>_<field>` is a secret but these */
static const char *const dns_plain[] = {"server", "port", "host", "region", "propagation", NULL};
static const char *const upstream_directives[] = {"proxy", "fastcgi",	"uwsgi", "scgi",
						  "grpc",  "memcached", NULL};

struct parts {
	char part[MAX_PARTS][MAX_PART];
	size_t n;
};

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Splits a key at `_ . -` and camelCase (`apiKey`, `APIKey`), lowercased, trailing digits
 * dropped. A key with too many or too long parts keeps what fits. */
static void split(struct parts *p, const char *s, size_t n)
{
	size_t i, len = 0;

	p->n = 0;
	for (i = 0; i <= n; i++) {
		int end = i == n || s[i] == '_' || s[i] == '.' || s[i] == '-';
		int camel =
		    i > 0 && i < n && is_upper(s[i]) &&
		    (is_lower(s[i - 1]) || (i + 1 < n && is_upper(s[i - 1]) && is_lower(s[i + 1])));

		if ((end || camel) && len > 0) {
			while (len > 0 && p->part[p->n][len - 1] >= '0' &&
			       p->part[p->n][len - 1] <= '9')
				len--;
			p->part[p->n][len] = '\0';
			if (len > 0 && ++p->n == MAX_PARTS)
				return;
			len = 0;
		}
		if (end)
			continue;
		if (len < MAX_PART - 1)
			p->part[p->n][len++] = (char)lower((unsigned char)s[i]);
	}
}

static int key_part_class(const struct parts *p)
{
	const char *last = p->part[p->n - 1];
	const char *prev = p->n > 1 ? p->part[p->n - 2] : "";

	if (strcmp(last, "mac") == 0 && strcmp(prev, "private") == 0)
		return MASK_KEY_STRONG; /* a PuTTY key's `Private-MAC` */
	if (strcmp(last, "key") != 0 && strcmp(last, "keys") != 0 && strcmp(last, "private") != 0)
		return MASK_KEY_NONE;
	if (in(key_owners, prev))
		return MASK_KEY_STRONG;
	if (in(key_not_secret, prev))
		return MASK_KEY_NONE;
	return MASK_KEY_WEAK;
}

static int within(const char *const *list, const char *part)
{
	for (; *list; list++)
		if (strstr(part, *list))
			return 1;
	return 0;
}

static int any_within(const struct parts *p, const char *const *list)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (within(list, p->part[i]))
			return 1;
	return 0;
}

static int secret_parts(const struct parts *p)
{
	size_t i;

	if (any_within(p, strong_within))
		return MASK_KEY_STRONG;
	for (i = 0; i < p->n; i++)
		if (in(strong_anywhere, p->part[i]))
			return MASK_KEY_STRONG;
	if (in(strong_last, p->part[p->n - 1]))
		return MASK_KEY_STRONG;
	return key_part_class(p);
}

int mask_key_class(const char *s, size_t n)
{
	struct parts p;
	const char *last;

	split(&p, s, n);
	if (p.n == 0)
		return MASK_KEY_NONE;
	last = p.part[p.n - 1];
	/* `discord_webhook_url`, `sentry_dsn_url`: the address is the secret */
	if (in(url_descriptors, last) && p.n > 1 &&
	    (any_within(&p, url_owners) || strcmp(p.part[p.n - 2], "dsn") == 0))
		return MASK_KEY_STRONG;
	if (in(descriptors, last)) {
		/* `secret_id`, `private_key_id`: what a secret is called, or a secret */
		if (--p.n == 0)
			return MASK_KEY_NONE;
		return secret_parts(&p) == MASK_KEY_NONE ? MASK_KEY_NONE : MASK_KEY_SHAPE;
	}
	if (strcmp(last, "pass") == 0 && in(upstream_directives, p.part[0]))
		return MASK_KEY_NONE;
	/* `dns_ionos_prefix` is half of an API key: such a file holds nothing else */
	if (p.n >= 3 && strcmp(p.part[0], "dns") == 0)
		return in(dns_plain, last) ? MASK_KEY_NONE : MASK_KEY_STRONG;
	return secret_parts(&p);
}

int mask_key_describes(const char *s, size_t n)
{
	struct parts p;

	split(&p, s, n);
	return p.n > 0 && in(descriptors, p.part[p.n - 1]);
}

int mask_pair_directive(const char *s, size_t n)
{
	static const char *const next[] = {"proxy_set_header",
					   "grpc_set_header",
					   "add_header",
					   "add_trailer",
					   "fastcgi_param",
					   "uwsgi_param",
					   "scgi_param",
					   "set",
					   "env",
					   "setenv",
					   "SetEnv",
					   "PassEnv",
					   "SetEnvIf",
					   "Environment",
					   "ENV",
					   "ARG",
					   "LABEL",
					   "proxy_hide_header",
					   NULL};
	static const char *const after_next[] = {"Header", "RequestHeader", NULL};
	size_t k;

	for (k = 0; next[k]; k++)
		if (n == strlen(next[k]) && memcmp(s, next[k], n) == 0)
			return 1;
	for (k = 0; after_next[k]; k++)
		if (n == strlen(after_next[k]) && memcmp(s, after_next[k], n) == 0)
			return 2;
	return 0;
}

static const char *const secret_ext[] = {".key",      ".pem",  ".p12",	".pfx",	     ".jks", ".ppk",
					 ".keystore", ".kdbx", ".ovpn", ".htpasswd", NULL};
static const char *const secret_names[] = {
    "htpasswd",		".env",	      ".netrc", ".pgpass", ".git-credentials", "credentials",
    "credentials.json", "secrets",    "shadow", "gshadow", "id_rsa",	       "id_dsa",
    "id_ecdsa",		"id_ed25519", NULL};
static const char *const secret_dirs[] = {"secrets", "credentials", "private",
					  ".ssh",    ".gnupg",	    NULL};
static const char *const harmless_suffix[] = {".sample",   ".bak",	 ".old", ".orig",
					      ".dpkg-old", ".dpkg-dist", "~",	 NULL};

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int name_is_secret(const char *s, size_t n)
{
	size_t k;
	int again = 1;

	/* `.htpasswd.bak` is still the password file */
	while (again) {
		again = 0;
		for (k = 0; harmless_suffix[k]; k++) {
			if (n > strlen(harmless_suffix[k]) && ends_with(s, n, harmless_suffix[k])) {
				n -= strlen(harmless_suffix[k]);
				again = 1;
			}
		}
	}
	for (k = 0; secret_ext[k]; k++)
		if (ends_with(s, n, secret_ext[k]))
			return 1;
	for (k = 0; secret_names[k]; k++)
		if (n == strlen(secret_names[k]) && memcmp(s, secret_names[k], n) == 0)
			return 1;
	return (n > 5 && memcmp(s, ".env.", 5) == 0) || (n > 8 && memcmp(s, "secrets.", 8) == 0);
}

int cc_mask_file_is_secret(const char *path)
{
	const char *p, *slash;
	size_t k, n;

	if (!path)
		return 0;
	for (p = path; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		n = (size_t)(slash - p);
		for (k = 0; secret_dirs[k]; k++)
			if (n == strlen(secret_dirs[k]) && memcmp(p, secret_dirs[k], n) == 0)
				return 1;
	}
	return name_is_secret(p, strlen(p));
}
