/* notify.c - notification settings, payloads in each format, and the rate limit. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/header.h"
#include "util/json.h"
#include "watch/notify.h"
#include "util/version.h"

static const char *const format_names[] = {"json", "ntfy", "gotify", "discord", "slack"};

const char *cc_notify_format_name(enum cc_notify_format f)
{
	if ((unsigned)f >= sizeof(format_names) / sizeof(format_names[0]))
		return "json";
	return format_names[f];
}

/* The host part of a URL (no credentials, no port), lowercased; the caller frees. */
static char *url_host(const char *url, const char **path)
{
	const char *s = strstr(url, "://"), *end, *at, *colon;
	char *host, *p;

	*path = "";
	if (!s)
		return NULL;
	s += 3;
	end = s + strcspn(s, "/?#");
	*path = end;
	at = memchr(s, '@', (size_t)(end - s));
	if (at)
		s = at + 1;
	colon = memchr(s, ':', (size_t)(end - s));
	host = cc_strndup(s, (size_t)((colon ? colon : end) - s));
	for (p = host; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return host;
}

static int host_is(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);

	return h >= d && !strcmp(host + h - d, domain) && (h == d || host[h - d - 1] == '.');
}

/* Guesses the format from well-known webhook hosts. */
static enum cc_notify_format guess(const char *url)
{
	const char *path;
	char *host = url ? url_host(url, &path) : NULL;
	enum cc_notify_format f = CC_NOTIFY_JSON;

	if (!host)
		return f;
	if ((host_is(host, "discord.com") || host_is(host, "discordapp.com")) &&
	    !strncmp(path, "/api/webhooks/", 14))
		f = CC_NOTIFY_DISCORD;
	else if (host_is(host, "hooks.slack.com"))
		f = CC_NOTIFY_SLACK;
	else if (host_is(host, "ntfy.sh") || !strncmp(host, "ntfy.", 5))
		f = CC_NOTIFY_NTFY;
	else if (!strncmp(host, "gotify.", 7) || !strncmp(path, "/message", 8))
		f = CC_NOTIFY_GOTIFY;
	free(host);
	return f;
}

int cc_notify_format_parse(const char *s, const char *url)
{
	size_t i;

	if (!s || !*s || !strcmp(s, "auto"))
		return (int)guess(url);
	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (!strcmp(s, format_names[i]))
			return (int)i;
	return -1;
}

char *cc_notify_url_safe(const char *url)
{
	const char *s = strstr(url, "://"), *host_start, *at, *end;

	if (!s)
		return cc_strdup("(not a URL)");
	host_start = s + 3;
	end = host_start + strcspn(host_start, "/?#");
	at = memchr(host_start, '@', (size_t)(end - host_start));
	if (at)
		host_start = at + 1;
	return cc_asprintf("%.*s://%.*s", (int)(s - url), url, (int)(end - host_start), host_start);
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* A whole number in [min, max] from the environment, or def when unset. */
static int env_long(const char *name, long def, long min, long max, long *out)
{
	const char *v = env(name);
	char *end;
	long n;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return cc_error_set("%s must be a number from %ld to %ld, not '%s'", name, min, max,
				    v);
	*out = n;
	return 0;
}

/* "N" (per minute) or "N/SECONDS". */
static int parse_rate(struct cc_notify_config *c)
{
	const char *v = env("CONFCHECK_NOTIFY_RATE");
	char *end;
	long n;
	double secs = 60;

	c->rate = 10;
	c->rate_window_ms = 60000;
	if (!v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (!errno && *end == '/') {
		secs = strtod(end + 1, &end);
		if (errno || !(secs >= 0.01 && secs <= 86400))
			end = (char *)"x";
	}
	if (errno || *end || n < 1 || n > 100000)
		return cc_error_set("CONFCHECK_NOTIFY_RATE must be N or N/SECONDS, not '%s'", v);
	c->rate = (int)n;
	c->rate_window_ms = (long)(secs * 1000);
	return 0;
}

int cc_notify_config_env(struct cc_notify_config *c)
{
	const char *url = env("CONFCHECK_NOTIFY_URL"), *fmt = env("CONFCHECK_NOTIFY_FORMAT");
	char host[256];
	long tries, backoff;
	int f;

	memset(c, 0, sizeof(*c));
	c->connect_timeout_ms = 5000;
	c->timeout_ms = 10000;
	if (!url)
		return 0;
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
		return cc_error_set("CONFCHECK_NOTIFY_URL must start with http:// or https://");
	f = cc_notify_format_parse(fmt, url);
	if (f < 0)
		return cc_error_set("CONFCHECK_NOTIFY_FORMAT must be json, ntfy, gotify, discord, "
				    "slack or auto, not '%s'",
				    fmt);
	if (parse_rate(c) < 0 || env_long("CONFCHECK_NOTIFY_TRIES", 4, 1, 10, &tries) < 0 ||
	    env_long("CONFCHECK_NOTIFY_BACKOFF_MS", 1000, 1, 600000, &backoff) < 0)
		return -1;
	c->url = cc_strdup(url);
	c->format = (enum cc_notify_format)f;
	c->token = env("CONFCHECK_NOTIFY_TOKEN") ? cc_strdup(env("CONFCHECK_NOTIFY_TOKEN")) : NULL;
	c->tries = (int)tries;
	c->backoff_ms = backoff;
	if (gethostname(host, sizeof(host)) < 0)
		strcpy(host, "unknown");
	host[sizeof(host) - 1] = '\0';
	c->host = cc_escape_log_str(host);
	return 1;
}

void cc_notify_config_release(struct cc_notify_config *c)
{
	if (!c)
		return;
	free(c->url);
	free(c->token);
	free(c->host);
	memset(c, 0, sizeof(*c));
}

void cc_notification_release(struct cc_notification *n)
{
	size_t i;

	if (!n)
		return;
	free(n->path);
	free(n->from);
	free(n->to);
	for (i = 0; i < n->npaths; i++)
		free(n->paths[i]);
	memset(n, 0, sizeof(*n));
}

void cc_notification_fold(struct cc_notification *summary, const struct cc_notification *n)
{
	summary->kind = CC_NOTIFY_SUMMARY;
	if (!summary->time)
		summary->time = n->time;
	if (n->kind == CC_NOTIFY_SUMMARY) {
		summary->count += n->count;
		return;
	}
	summary->count++;
	if (summary->npaths < CC_NOTIFY_SUMMARY_PATHS && n->path)
		summary->paths[summary->npaths++] = cc_strdup(n->path);
}

/* How paths look in the text of each format. */
enum style { PLAIN, CODE };

static void add_path(struct cc_buf *b, const char *path, enum style st)
{
	char *e = cc_escape_log_str(path), *p;

	if (st == PLAIN) {
		cc_buf_adds(b, e);
	} else {
		cc_buf_addc(b, '`');
		for (p = e; *p; p++) {
			if (*p == '`')
				cc_buf_adds(b, "\\x60");
			else
				cc_buf_addc(b, *p);
		}
		cc_buf_addc(b, '`');
	}
	free(e);
}

static void add_date(struct cc_buf *b, const char *what, int date)
{
	char d[11];

	if (!date)
		return;
	cc_date_format(d, date);
	cc_buf_addf(b, "%s %s", what, d);
}

/* The one-line message a person reads. */
static void text(struct cc_buf *b, const struct cc_notify_config *c,
		 const struct cc_notification *n, enum style st)
{
	size_t i;

	switch (n->kind) {
	case CC_NOTIFY_TRANSITION:
		add_path(b, n->path, st);
		cc_buf_addf(b, ": %s -> %s", n->from, n->to);
		if (n->template_date || n->user_date) {
			cc_buf_adds(b, " (");
			add_date(b, "yours", n->user_date);
			if (n->template_date && n->user_date)
				cc_buf_adds(b, ", ");
			add_date(b, "template", n->template_date);
			cc_buf_adds(b, ")");
		}
		break;
	case CC_NOTIFY_SUMMARY:
		cc_buf_addf(b, "%zu more config%s need%s a look", n->count,
			    n->count == 1 ? "" : "s", n->count == 1 ? "s" : "");
		for (i = 0; i < n->npaths; i++) {
			cc_buf_adds(b, i ? ", " : ": ");
			add_path(b, n->paths[i], st);
		}
		if (n->count > n->npaths && n->npaths)
			cc_buf_addf(b, " and %zu more", n->count - n->npaths);
		break;
	case CC_NOTIFY_TEST:
		cc_buf_addf(b, "test notification from confcheck %s on %s", CC_VERSION, c->host);
		break;
	}
}

static char *title(const struct cc_notify_config *c, const struct cc_notification *n)
{
	if (n->kind == CC_NOTIFY_TEST)
		return cc_asprintf("confcheck on %s: test", c->host);
	return cc_asprintf("confcheck on %s: %s", c->host,
			   n->kind == CC_NOTIFY_SUMMARY || n->count > 1 ? "configs need a look"
									: "a config needs a look");
}

static json_t *generic(const struct cc_notify_config *c, const struct cc_notification *n,
		       const char *msg)
{
	static const char *const kinds[] = {"transition", "summary", "test"};
	json_t *o = json_object(), *paths;
	char when[32];
	time_t t = (time_t)n->time;
	struct tm tm;
	size_t i;
	int esc;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(o, "event", json_string("confcheck"));
	json_object_set_new(o, "type", json_string(kinds[n->kind]));
	json_object_set_new(o, "host", json_string(c->host));
	json_object_set_new(o, "time", json_string(when));
	if (n->kind == CC_NOTIFY_TRANSITION) {
		json_object_set_new(o, "path", cc_json_path(n->path, &esc));
		json_object_set_new(o, "from", json_string(n->from));
		json_object_set_new(o, "to", json_string(n->to));
		json_object_set_new(o, "user_version", cc_json_date(n->user_date));
		json_object_set_new(o, "template_version", cc_json_date(n->template_date));
	} else if (n->kind == CC_NOTIFY_SUMMARY) {
		paths = json_array();
		for (i = 0; i < n->npaths; i++)
			json_array_append_new(paths, cc_json_path(n->paths[i], &esc));
		json_object_set_new(o, "count", json_integer((json_int_t)n->count));
		json_object_set_new(o, "paths", paths);
	}
	json_object_set_new(o, "message", json_string(msg));
	json_object_set_new(o, "version", json_string(CC_VERSION));
	return o;
}

/* Slack reads &, < and > as markup: they must be entities. */
static char *slack_escape(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;

	for (; *s; s++) {
		if (*s == '&')
			cc_buf_adds(&b, "&amp;");
		else if (*s == '<')
			cc_buf_adds(&b, "&lt;");
		else if (*s == '>')
			cc_buf_adds(&b, "&gt;");
		else
			cc_buf_addc(&b, *s);
	}
	return cc_buf_detach(&b);
}

/* Cuts s to at most max bytes on a UTF-8 boundary. */
static void cut(struct cc_buf *b, size_t max)
{
	if (b->len <= max)
		return;
	max -= 3;
	while (max && ((unsigned char)b->data[max] & 0xc0) == 0x80)
		max--;
	cc_buf_truncate(b, max);
	cc_buf_adds(b, "...");
}

static void set_json(struct cc_payload *p, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	cc_buf_adds(&p->body, s ? s : "{}");
	free(s);
	json_decref(o);
	p->content_type = "application/json";
}

static void add_header(struct cc_payload *p, char *h)
{
	if (p->nheaders < sizeof(p->headers) / sizeof(p->headers[0]))
		p->headers[p->nheaders++] = h;
	else
		free(h);
}

void cc_payload_build(struct cc_payload *p, const struct cc_notify_config *c,
		      const struct cc_notification *n)
{
	struct cc_buf msg = CC_BUF_INIT;
	char *t = title(c, n), *s, *e;
	json_t *o;

	memset(p, 0, sizeof(*p));
	text(&msg, c, n,
	     c->format == CC_NOTIFY_DISCORD || c->format == CC_NOTIFY_SLACK ? CODE : PLAIN);
	cut(&msg, 1900); /* Discord's limit is 2000 characters */
	switch (c->format) {
	case CC_NOTIFY_NTFY:
		cc_buf_adds(&p->body, cc_buf_str(&msg));
		p->content_type = "text/plain; charset=utf-8";
		add_header(p, cc_asprintf("Title: %s", t));
		add_header(p, cc_asprintf("Tags: %s", n->kind == CC_NOTIFY_TEST ? "white_check_mark"
										: "warning"));
		if (c->token)
			add_header(p, cc_asprintf("Authorization: Bearer %s", c->token));
		break;
	case CC_NOTIFY_GOTIFY:
		o = json_object();
		json_object_set_new(o, "title", json_string(t));
		json_object_set_new(o, "message", json_string(cc_buf_str(&msg)));
		json_object_set_new(o, "priority", json_integer(n->kind == CC_NOTIFY_TEST ? 2 : 5));
		set_json(p, o);
		if (c->token)
			add_header(p, cc_asprintf("X-Gotify-Key: %s", c->token));
		break;
	case CC_NOTIFY_DISCORD:
		o = json_object();
		s = cc_asprintf("**%s**\n%s", t, cc_buf_str(&msg));
		json_object_set_new(o, "content", json_string(s));
		/* a file name must never ping anyone */
		json_object_set_new(o, "allowed_mentions", json_pack("{s:[]}", "parse"));
		set_json(p, o);
		free(s);
		break;
	case CC_NOTIFY_SLACK:
		o = json_object();
		s = cc_asprintf("*%s*\n%s", t, cc_buf_str(&msg));
		e = slack_escape(s);
		json_object_set_new(o, "text", json_string(e));
		free(e);
		free(s);
		set_json(p, o);
		break;
	default:
		set_json(p, generic(c, n, cc_buf_str(&msg)));
		if (c->token)
			add_header(p, cc_asprintf("Authorization: Bearer %s", c->token));
		break;
	}
	free(t);
	cc_buf_release(&msg);
}

void cc_payload_release(struct cc_payload *p)
{
	size_t i;

	if (!p)
		return;
	cc_buf_release(&p->body);
	for (i = 0; i < p->nheaders; i++)
		free(p->headers[i]);
	memset(p, 0, sizeof(*p));
}

void cc_ratelimit_init(struct cc_ratelimit *r, int rate, long window_ms, long long now_ms)
{
	r->capacity = r->tokens = rate > 0 ? rate : 1;
	r->per_ms = r->capacity / (double)(window_ms > 0 ? window_ms : 1);
	r->last_ms = now_ms;
}

static void refill(struct cc_ratelimit *r, long long now_ms)
{
	if (now_ms > r->last_ms) {
		r->tokens += (double)(now_ms - r->last_ms) * r->per_ms;
		if (r->tokens > r->capacity)
			r->tokens = r->capacity;
	}
	r->last_ms = now_ms;
}

int cc_ratelimit_take(struct cc_ratelimit *r, long long now_ms)
{
	refill(r, now_ms);
	if (r->tokens < 1.0)
		return 0;
	r->tokens -= 1.0;
	return 1;
}

long long cc_ratelimit_wait(struct cc_ratelimit *r, long long now_ms)
{
	refill(r, now_ms);
	if (r->tokens >= 1.0)
		return 0;
	return (long long)((1.0 - r->tokens) / r->per_ms) + 1;
}
