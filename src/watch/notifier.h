/* notifier.h - sends notifications with libcurl, off the watch loop.
 *
 * cc_notify_send makes one request and waits for it (`notify --test`).
 * A cc_notifier is a worker thread fed by a bounded queue: posting copies
 * nothing, takes the message and returns at once, whatever the network
 * does, so the watch loop never waits for a server. The worker applies the
 * rate limit (what it holds back goes out later as one summary message),
 * retries a failed request with doubling back-off, and keeps TLS
 * verification on. When the queue is full the oldest message is folded into
 * the pending summary rather than lost without a trace.
 *
 * The worker never prints: what it wants said (a message given up after
 * every retry) waits in a report list. After each delivery, sent or given
 * up, cc_notifier_fd becomes readable, so that the loop can print the
 * reports and publish the new counts.
 */
#ifndef CC_NOTIFIER_H
#define CC_NOTIFIER_H

#include "watch/notify.h"

/* What one request did. */
struct cc_notify_result {
	long http;	     /* the HTTP status, or 0 when none came */
	int retryable;	     /* a later try may succeed (5xx, 429, 408, network) */
	long retry_after_ms; /* what the server asked for (429, 503), or 0 */
	char error[256];     /* why it failed, without the URL's secrets */
};

/* Sends p to c->url once and waits (at most the configured timeouts).
 * Returns 0 on a 2xx answer, -1 otherwise with r filled in. */
int cc_notify_send(const struct cc_notify_config *c, const struct cc_payload *p,
		   struct cc_notify_result *r);

struct cc_notifier;

/* Starts the worker. c is borrowed and must outlive the notifier. Call it
 * with the signals the loop handles already blocked: the thread inherits
 * the mask. Returns 0, or -1 with a message. */
int cc_notifier_start(struct cc_notifier **out, const struct cc_notify_config *c);
/* Queues msg, taking its contents (msg is left empty). Never blocks on the network. */
void cc_notifier_post(struct cc_notifier *n, struct cc_notification *msg);
/* A descriptor that is readable while reports or new counts wait. */
int cc_notifier_fd(struct cc_notifier *n);
/* The next report line, or NULL; the caller frees. Drains the descriptor. */
char *cc_notifier_report(struct cc_notifier *n);

struct cc_notifier_stats {
	unsigned long long sent;       /* requests answered with 2xx */
	unsigned long long failed;     /* requests given up after every try */
	unsigned long long summarized; /* transitions sent inside a summary, not alone */
};
void cc_notifier_stats(struct cc_notifier *n, struct cc_notifier_stats *out);

/* Stops the worker: a request in flight is abandoned, what is queued is
 * not sent. Returns within about a second whatever the network does. NULL is fine. */
void cc_notifier_stop(struct cc_notifier *n);

#endif
