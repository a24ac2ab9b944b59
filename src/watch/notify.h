/* notify.h - what a notification says and how often: settings, payloads, rate limit.
 *
 * A notification carries names, states and versions only, never a byte of
 * a file. Paths are written in the escaped log form (escape.h) wherever a
 * person reads them, so a file name cannot forge a header, a line or a
 * mention; the generic JSON payload carries the path as a JSON string.
 * Everything here is pure (no network, no threads): notifier.h sends.
 *
 * Environment (read by cc_notify_config_env):
 *   CONFCHECK_NOTIFY_URL      where to POST; notifications are off without it
 *   CONFCHECK_NOTIFY_FORMAT   json | ntfy | gotify | discord | slack | auto
 *                             (default auto: guessed from the URL's host,
 *                             json when nothing matches)
 *   CONFCHECK_NOTIFY_TOKEN    sent as "Authorization: Bearer" (ntfy, json)
 *                             or "X-Gotify-Key" (gotify)
 *   CONFCHECK_NOTIFY_RATE     N (per minute) or N/SECONDS; default 10/60
 *   CONFCHECK_NOTIFY_TRIES    attempts per message, default 4
 *   CONFCHECK_NOTIFY_BACKOFF_MS  the first retry's delay (doubling), default 1000
 */
#ifndef CC_NOTIFY_H
#define CC_NOTIFY_H

#include <stddef.h>

#include "util/buf.h"

enum cc_notify_format {
	CC_NOTIFY_JSON,
	CC_NOTIFY_NTFY,
	CC_NOTIFY_GOTIFY,
	CC_NOTIFY_DISCORD,
	CC_NOTIFY_SLACK,
};

struct cc_notify_config {
	char *url;
	enum cc_notify_format format;
	char *token;		 /* or NULL */
	char *host;		 /* this machine's name, shown in messages */
	int rate;		 /* at most rate messages ... */
	long rate_window_ms;	 /* ... per this many milliseconds */
	int tries;		 /* attempts per message */
	long backoff_ms;	 /* delay before the first retry; doubles */
	long connect_timeout_ms; /* 5 s */
	long timeout_ms;	 /* 10 s for the whole request */
};

/* Fills c from the environment. Returns 1 when a URL is set, 0 when
 * notifications are off, -1 with a message when a setting is invalid.
 * c is released by cc_notify_config_release in every case. */
int cc_notify_config_env(struct cc_notify_config *c);
void cc_notify_config_release(struct cc_notify_config *c);

/* The format named s ("auto" or NULL: guessed from url), or -1. */
int cc_notify_format_parse(const char *s, const char *url);
const char *cc_notify_format_name(enum cc_notify_format f);

/* The URL as it may be logged: scheme://host[:port] only (no credentials,
 * path or query, which often hold tokens). The caller frees. */
char *cc_notify_url_safe(const char *url);

enum cc_notify_kind {
	CC_NOTIFY_TRANSITION, /* a file entered a state that needs a look */
	CC_NOTIFY_SUMMARY,    /* what the rate limit held back, in one message */
	CC_NOTIFY_TEST,	      /* `confcheck notify --test` */
};

#define CC_NOTIFY_SUMMARY_PATHS 5

/* One message. Strings are owned (cc_notification_release frees them). */
struct cc_notification {
	enum cc_notify_kind kind;
	char *path;			      /* transition: the user path, raw bytes */
	char *from, *to;		      /* transition: state names, or "missing" */
	int user_date, template_date;	      /* YYYYMMDD or 0 */
	long long time;			      /* when it happened (seconds since the epoch) */
	size_t count;			      /* summary: how many transitions */
	char *paths[CC_NOTIFY_SUMMARY_PATHS]; /* summary: the first few */
	size_t npaths;
};

void cc_notification_release(struct cc_notification *n);
/* Adds a held-back transition to a summary (kind CC_NOTIFY_SUMMARY). */
void cc_notification_fold(struct cc_notification *summary, const struct cc_notification *n);

/* An HTTP request body and what goes with it. */
struct cc_payload {
	struct cc_buf body;
	const char *content_type;
	char *headers[4]; /* "Name: value", owned */
	size_t nheaders;
};

/* Builds the request for n in c's format. */
void cc_payload_build(struct cc_payload *p, const struct cc_notify_config *c,
		      const struct cc_notification *n);
void cc_payload_release(struct cc_payload *p);

/* A token bucket: at most rate messages at once, refilled evenly over the window. */
struct cc_ratelimit {
	double tokens, capacity, per_ms;
	long long last_ms;
};

void cc_ratelimit_init(struct cc_ratelimit *r, int rate, long window_ms, long long now_ms);
/* Takes a token when there is one: returns 1, or 0 when the limit is reached. */
int cc_ratelimit_take(struct cc_ratelimit *r, long long now_ms);
/* Milliseconds until a token is available (0 when there is one now). */
long long cc_ratelimit_wait(struct cc_ratelimit *r, long long now_ms);

#endif
