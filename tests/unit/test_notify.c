/* test_notify.c - notification payloads in each format, the settings, and the rate limit. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "watch/notify.h"
#include "tap.h"

static struct cc_notify_config config(enum cc_notify_format f)
{
	struct cc_notify_config c;

	memset(&c, 0, sizeof(c));
	c.url = (char *)"https://example.invalid/hook";
	c.format = f;
	c.host = (char *)"box1";
	return c;
}

static struct cc_notification transition(const char *path)
{
	struct cc_notification n;

	memset(&n, 0, sizeof(n));
	n.kind = CC_NOTIFY_TRANSITION;
	n.path = strdup(path);
	n.from = strdup("current");
	n.to = strdup("conflict");
	n.user_date = 20241217;
	n.template_date = 20260307;
	n.time = 1767225600; /* 2026-01-01T00:00:00Z */
	return n;
}

static json_t *body_json(const struct cc_payload *p)
{
	json_error_t err;

	return json_loadb(p->body.data, p->body.len, 0, &err);
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int has_header(const struct cc_payload *p, const char *h)
{
	size_t i;

	for (i = 0; i < p->nheaders; i++)
		if (!strcmp(p->headers[i], h))
			return 1;
	return 0;
}

static void test_generic(void)
{
	struct cc_notify_config c = config(CC_NOTIFY_JSON);
	struct cc_notification n = transition("nginx/site-confs/default.conf");
	struct cc_payload p;
	json_t *o;

	cc_payload_build(&p, &c, &n);
	is_str(p.content_type, "application/json", "json: content type");
	o = body_json(&p);
	ok(o != NULL, "json: the body is JSON");
	is_str(jstr(o, "event"), "confcheck", "json: event");
	is_str(jstr(o, "type"), "transition", "json: type");
	is_str(jstr(o, "path"), "nginx/site-confs/default.conf", "json: path");
	is_str(jstr(o, "from"), "current", "json: from");
	is_str(jstr(o, "to"), "conflict", "json: to");
	is_str(jstr(o, "template_version"), "2026-03-07", "json: template version");
	is_str(jstr(o, "user_version"), "2024-12-17", "json: user version");
	is_str(jstr(o, "host"), "box1", "json: host");
	is_str(jstr(o, "time"), "2026-01-01T00:00:00Z", "json: time");
	is_str(jstr(o, "message"),
	       "nginx/site-confs/default.conf: current -> conflict (yours 2024-12-17, template "
	       "2026-03-07)",
	       "json: the message a person reads");
	is_int(p.nheaders, 0, "json: no extra header without a token");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&n);

	c.token = (char *)"s3cret";
	n = transition("bad\xff\n.conf");
	cc_payload_build(&p, &c, &n);
	o = body_json(&p);
	is_str(jstr(o, "path"), "bad\\xff\\x0a.conf", "json: a non-UTF-8 path is sent escaped");
	ok(has_header(&p, "Authorization: Bearer s3cret"), "json: a token is a bearer header");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&n);
}

static void test_ntfy(void)
{
	struct cc_notify_config c = config(CC_NOTIFY_NTFY);
	struct cc_notification n = transition("a b.conf");
	struct cc_payload p;

	cc_payload_build(&p, &c, &n);
	is_str(p.content_type, "text/plain; charset=utf-8", "ntfy: a text body");
	is_str(p.body.data,
	       "a\\x20b.conf: current -> conflict (yours 2024-12-17, template 2026-03-07)",
	       "ntfy: the body is the escaped message");
	ok(has_header(&p, "Title: confcheck on box1: a config needs a look"), "ntfy: Title header");
	ok(has_header(&p, "Tags: warning"), "ntfy: Tags header");
	cc_payload_release(&p);
	cc_notification_release(&n);

	n = transition("x\r\nX-Evil: 1");
	cc_payload_build(&p, &c, &n);
	ok(!strchr(p.body.data, '\n') && !strchr(p.body.data, '\r'),
	   "ntfy: a name cannot add a line or a header");
	cc_payload_release(&p);
	cc_notification_release(&n);
}

static void test_gotify_discord_slack(void)
{
	struct cc_notify_config c = config(CC_NOTIFY_GOTIFY);
	struct cc_notification n = transition("app.conf");
	struct cc_payload p;
	json_t *o, *mentions;

	c.token = (char *)"tok";
	cc_payload_build(&p, &c, &n);
	o = body_json(&p);
	is_str(jstr(o, "title"), "confcheck on box1: a config needs a look", "gotify: title");
	is_str(jstr(o, "message"),
	       "app.conf: current -> conflict (yours 2024-12-17, template 2026-03-07)",
	       "gotify: message");
	is_int(json_integer_value(json_object_get(o, "priority")), 5, "gotify: priority");
	ok(has_header(&p, "X-Gotify-Key: tok"), "gotify: the token goes in X-Gotify-Key");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&n);

	c = config(CC_NOTIFY_DISCORD);
	n = transition("@everyone_`x`.conf");
	cc_payload_build(&p, &c, &n);
	o = body_json(&p);
	is_str(jstr(o, "content"),
	       "**confcheck on box1: a config needs a look**\n"
	       "`@everyone_\\x60x\\x60.conf`: current -> conflict (yours 2024-12-17, "
	       "template 2026-03-07)",
	       "discord: content, the path in code");
	mentions = json_object_get(json_object_get(o, "allowed_mentions"), "parse");
	ok(json_is_array(mentions) && json_array_size(mentions) == 0,
	   "discord: no mention can ping");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&n);

	c = config(CC_NOTIFY_SLACK);
	n = transition("<!channel>&.conf");
	cc_payload_build(&p, &c, &n);
	o = body_json(&p);
	is_str(jstr(o, "text"),
	       "*confcheck on box1: a config needs a look*\n`&lt;!channel&gt;&amp;.conf`: current "
	       "-&gt; conflict (yours 2024-12-17, template 2026-03-07)",
	       "slack: text, with &, < and > as entities");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&n);
}

static void test_summary_and_test(void)
{
	struct cc_notify_config c = config(CC_NOTIFY_JSON);
	struct cc_notification s, n;
	struct cc_payload p;
	json_t *o;
	int i;
	char name[32];

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		n = transition(name);
		cc_notification_fold(&s, &n);
		cc_notification_release(&n);
	}
	is_int(s.count, 7, "fold: counts every transition");
	is_int(s.npaths, CC_NOTIFY_SUMMARY_PATHS, "fold: keeps the first few names");
	cc_payload_build(&p, &c, &s);
	o = body_json(&p);
	is_str(jstr(o, "type"), "summary", "summary: type");
	is_int(json_integer_value(json_object_get(o, "count")), 7, "summary: count");
	is_int(json_array_size(json_object_get(o, "paths")), 5, "summary: paths");
	is_str(jstr(o, "message"),
	       "7 more configs need a look: f0.conf, f1.conf, f2.conf, f3.conf, f4.conf and 2 more",
	       "summary: message");
	json_decref(o);
	cc_payload_release(&p);
	cc_notification_release(&s);

	memset(&n, 0, sizeof(n));
	n.kind = CC_NOTIFY_TEST;
	c.format = CC_NOTIFY_NTFY;
	cc_payload_build(&p, &c, &n);
	ok(!strncmp(p.body.data, "test notification from confcheck ", 33), "test: the message");
	ok(has_header(&p, "Title: confcheck on box1: test"), "test: the title");
	cc_payload_release(&p);
}

static void test_settings(void)
{
	char *s;

	is_int(cc_notify_format_parse("ntfy", NULL), CC_NOTIFY_NTFY, "format: by name");
	is_int(cc_notify_format_parse("telegram", NULL), -1, "format: unknown names are refused");
	is_int(cc_notify_format_parse(NULL, "https://discord.com/api/webhooks/1/x"),
	       CC_NOTIFY_DISCORD, "auto: discord webhooks");
	is_int(cc_notify_format_parse("auto", "https://hooks.slack.com/services/T/B/x"),
	       CC_NOTIFY_SLACK, "auto: slack webhooks");
	is_int(cc_notify_format_parse(NULL, "https://ntfy.sh/mytopic"), CC_NOTIFY_NTFY,
	       "auto: ntfy.sh");
	is_int(cc_notify_format_parse(NULL, "https://gotify.example.org/message?token=x"),
	       CC_NOTIFY_GOTIFY, "auto: gotify");
	is_int(cc_notify_format_parse(NULL, "https://evil-discord.com/api/webhooks/1"),
	       CC_NOTIFY_JSON, "auto: a look-alike host is not discord");
	is_int(cc_notify_format_parse(NULL, "http://127.0.0.1:8080/hook"), CC_NOTIFY_JSON,
	       "auto: anything else is json");

	s = cc_notify_url_safe("https://user:pw@ntfy.example.org:8443/topic?auth=tok");
	is_str(s, "https://ntfy.example.org:8443",
	       "the logged URL drops credentials, path and query");
	free(s);

	setenv("CONFCHECK_NOTIFY_URL", "ftp://x", 1);
	{
		struct cc_notify_config c;

		is_int(cc_notify_config_env(&c), -1, "env: a non-HTTP URL is refused");
		cc_notify_config_release(&c);
		setenv("CONFCHECK_NOTIFY_URL", "http://127.0.0.1:9/x", 1);
		setenv("CONFCHECK_NOTIFY_RATE", "3/2", 1);
		is_int(cc_notify_config_env(&c), 1, "env: a URL turns notifications on");
		is_int(c.rate, 3, "env: rate N/SECONDS, N");
		is_int(c.rate_window_ms, 2000, "env: rate N/SECONDS, window");
		is_int(c.tries, 4, "env: four tries by default");
		cc_notify_config_release(&c);
		setenv("CONFCHECK_NOTIFY_RATE", "0", 1);
		is_int(cc_notify_config_env(&c), -1, "env: a zero rate is refused");
		cc_notify_config_release(&c);
		unsetenv("CONFCHECK_NOTIFY_RATE");
		unsetenv("CONFCHECK_NOTIFY_URL");
		is_int(cc_notify_config_env(&c), 0, "env: no URL, no notifications");
		cc_notify_config_release(&c);
	}
}

static void test_ratelimit(void)
{
	struct cc_ratelimit r;
	int i, n = 0;

	cc_ratelimit_init(&r, 3, 60000, 1000);
	for (i = 0; i < 10; i++)
		n += cc_ratelimit_take(&r, 1000);
	is_int(n, 3, "rate: a burst gets the capacity");
	is_int(cc_ratelimit_wait(&r, 1000), 20001, "rate: the next token comes after window/rate");
	ok(!cc_ratelimit_take(&r, 20000), "rate: not before");
	ok(cc_ratelimit_take(&r, 21001), "rate: then one");
	ok(!cc_ratelimit_take(&r, 21001), "rate: and only one");
	ok(cc_ratelimit_take(&r, 10000000) && cc_ratelimit_take(&r, 10000000) &&
	       cc_ratelimit_take(&r, 10000000) && !cc_ratelimit_take(&r, 10000000),
	   "rate: a long pause refills to the capacity, no more");
	ok(cc_ratelimit_wait(&r, 5) > 0, "rate: a clock going back does not add tokens");
}

int main(void)
{
	test_generic();
	test_ntfy();
	test_gotify_discord_slack();
	test_summary_and_test();
	test_settings();
	test_ratelimit();
	return done_testing();
}
