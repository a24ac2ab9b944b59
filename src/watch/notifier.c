/* notifier.c - libcurl requests, and the worker thread that sends them off the loop. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "watch/notifier.h"
#include "util/version.h"

#define QUEUE_MAX 64
#define REPORTS_MAX 32
#define RETRY_AFTER_MAX_MS 60000

struct cc_notifier {
	const struct cc_notify_config *cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;	 /* the worker: work, or stop */
	pthread_cond_t finished; /* the stopper: the worker is done */
	atomic_int stop;
	int done;
	CURLM *multi;
	struct cc_notification queue[QUEUE_MAX]; /* a ring */
	size_t head, count;
	struct cc_notification held; /* what the rate limit held back, as a summary */
	struct cc_ratelimit rl;
	char *reports[REPORTS_MAX];
	size_t nreports;
	int pipe[2];
	struct cc_notifier_stats stats;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t discard(char *ptr, size_t size, size_t n, void *arg)
{
	(void)ptr;
	(void)arg;
	return size * n;
}

static CURL *request(const struct cc_notify_config *c, const struct cc_payload *p,
		     struct curl_slist **hdrs, char *errbuf)
{
	CURL *h = curl_easy_init();
	char *ct;
	size_t i;

	if (!h)
		return NULL;
	ct = cc_asprintf("Content-Type: %s", p->content_type);
	*hdrs = curl_slist_append(NULL, ct);
	free(ct);
	for (i = 0; i < p->nheaders; i++)
		*hdrs = curl_slist_append(*hdrs, p->headers[i]);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, cc_buf_str(&p->body));
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)p->body.len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, *hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "confcheck/" CC_VERSION);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
	return h;
}

/* Turns the outcome of a transfer into r; returns 0 on a 2xx answer. */
static int outcome(CURL *h, CURLcode code, const char *errbuf, struct cc_notify_result *r)
{
	long http = 0;

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
	r->http = code == CURLE_OK ? http : 0;
	r->retry_after_ms = 0;
	if (code != CURLE_OK) {
		snprintf(r->error, sizeof(r->error), "%s",
			 *errbuf ? errbuf : curl_easy_strerror(code));
		r->retryable = code != CURLE_URL_MALFORMAT && code != CURLE_UNSUPPORTED_PROTOCOL;
		return -1;
	}
	if (http >= 200 && http < 300)
		return 0;
	snprintf(r->error, sizeof(r->error), "HTTP %ld", http);
	r->retryable = http >= 500 || http == 429 || http == 408;
#if LIBCURL_VERSION_NUM >= 0x074200
	{
		curl_off_t after = 0;

		if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &after) == CURLE_OK && after > 0) {
			if (after > RETRY_AFTER_MAX_MS / 1000)
				after = RETRY_AFTER_MAX_MS / 1000;
			r->retry_after_ms = (long)after * 1000;
		}
	}
#endif
	return -1;
}

int cc_notify_send(const struct cc_notify_config *c, const struct cc_payload *p,
		   struct cc_notify_result *r)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs = NULL;
	CURL *h;
	int ret;

	memset(r, 0, sizeof(*r));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	h = request(c, p, &hdrs, errbuf);
	if (!h) {
		snprintf(r->error, sizeof(r->error), "cannot start a request");
		curl_global_cleanup();
		return -1;
	}
	ret = outcome(h, curl_easy_perform(h), errbuf, r);
	curl_easy_cleanup(h);
	curl_slist_free_all(hdrs);
	curl_global_cleanup();
	return ret;
}

/* One request through the notifier's multi handle, so that stop can cut it short. */
static int send_once(struct cc_notifier *n, const struct cc_payload *p, struct cc_notify_result *r)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs = NULL;
	CURL *h = request(n->cfg, p, &hdrs, errbuf);
	CURLcode code = CURLE_ABORTED_BY_CALLBACK;
	CURLMsg *msg;
	int running = 1, left, ret;

	memset(r, 0, sizeof(*r));
	if (!h) {
		snprintf(r->error, sizeof(r->error), "cannot start a request");
		return -1;
	}
	curl_multi_add_handle(n->multi, h);
	while (running && !atomic_load(&n->stop)) {
		if (curl_multi_perform(n->multi, &running) != CURLM_OK)
			break;
		if (running)
			curl_multi_poll(n->multi, NULL, 0, 1000, NULL);
	}
	while ((msg = curl_multi_info_read(n->multi, &left)))
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == h)
			code = msg->data.result;
	if (atomic_load(&n->stop) && running) {
		snprintf(r->error, sizeof(r->error), "stopped");
		ret = -1;
	} else {
		ret = outcome(h, code, errbuf, r);
	}
	curl_multi_remove_handle(n->multi, h);
	curl_easy_cleanup(h);
	curl_slist_free_all(hdrs);
	return ret;
}

/* Makes cc_notifier_fd readable. */
static void wake_loop(struct cc_notifier *n)
{
	if (write(n->pipe[1], "", 1) < 0) {
		/* full pipe: the loop is reading already */
	}
}

/* Called with the lock held. */
static void report(struct cc_notifier *n, char *line)
{
	if (n->nreports == REPORTS_MAX) {
		free(line);
		return;
	}
	n->reports[n->nreports++] = line;
}

/* Sleeps until the deadline or stop, with the lock held. */
static void nap(struct cc_notifier *n, long long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (!atomic_load(&n->stop) &&
	       pthread_cond_timedwait(&n->wake, &n->lock, &ts) != ETIMEDOUT)
		;
}

/* Sends msg with retries; called without the lock, takes it to sleep and count. */
static void deliver(struct cc_notifier *n, struct cc_notification *msg)
{
	struct cc_payload p;
	struct cc_notify_result r;
	char *url;
	long long wait;
	int i, ok = 0, tries = 0;

	cc_payload_build(&p, n->cfg, msg);
	for (i = 0; i < n->cfg->tries && !atomic_load(&n->stop); i++) {
		tries++;
		if (send_once(n, &p, &r) == 0) {
			ok = 1;
			break;
		}
		if (!r.retryable || i + 1 == n->cfg->tries)
			break;
		wait = r.retry_after_ms ? r.retry_after_ms : n->cfg->backoff_ms << i;
		pthread_mutex_lock(&n->lock);
		nap(n, wait);
		pthread_mutex_unlock(&n->lock);
	}
	pthread_mutex_lock(&n->lock);
	if (ok) {
		n->stats.sent++;
	} else if (!atomic_load(&n->stop)) {
		n->stats.failed++;
		url = cc_notify_url_safe(n->cfg->url);
		report(n, cc_asprintf("notification to %s failed after %d %s: %s", url, tries,
				      tries == 1 ? "try" : "tries", r.error));
		free(url);
	}
	pthread_mutex_unlock(&n->lock);
	wake_loop(n);
	cc_payload_release(&p);
}

static void *worker(void *arg)
{
	struct cc_notifier *n = arg;
	struct cc_notification msg;
	long long wait;

	pthread_mutex_lock(&n->lock);
	while (!atomic_load(&n->stop)) {
		if (n->count) {
			msg = n->queue[n->head];
			memset(&n->queue[n->head], 0, sizeof(msg));
			n->head = (n->head + 1) % QUEUE_MAX;
			n->count--;
			if (cc_ratelimit_take(&n->rl, now_ms())) {
				pthread_mutex_unlock(&n->lock);
				deliver(n, &msg);
				pthread_mutex_lock(&n->lock);
			} else {
				cc_notification_fold(&n->held, &msg);
				n->stats.summarized++;
			}
			cc_notification_release(&msg);
		} else if (n->held.count) {
			wait = cc_ratelimit_wait(&n->rl, now_ms());
			if (wait > 0) {
				nap(n, wait);
				continue;
			}
			cc_ratelimit_take(&n->rl, now_ms());
			msg = n->held;
			memset(&n->held, 0, sizeof(n->held));
			pthread_mutex_unlock(&n->lock);
			deliver(n, &msg);
			cc_notification_release(&msg);
			pthread_mutex_lock(&n->lock);
		} else {
			pthread_cond_wait(&n->wake, &n->lock);
		}
	}
	n->done = 1;
	pthread_cond_broadcast(&n->finished);
	pthread_mutex_unlock(&n->lock);
	return NULL;
}

/* Releases what cc_notifier_start set up, once no thread uses it. */
static void free_notifier(struct cc_notifier *n)
{
	if (n->multi)
		curl_multi_cleanup(n->multi);
	curl_global_cleanup();
	close(n->pipe[0]);
	close(n->pipe[1]);
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->wake);
	pthread_cond_destroy(&n->finished);
	free(n);
}

int cc_notifier_start(struct cc_notifier **out, const struct cc_notify_config *c)
{
	struct cc_notifier *n = cc_calloc(1, sizeof(*n));
	pthread_condattr_t ca;
	int e;

	*out = NULL;
	n->cfg = c;
	n->pipe[0] = n->pipe[1] = -1;
	if (pipe2(n->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		e = errno;
		free(n);
		return cc_error_errno(e, "cannot start the notifier");
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	n->multi = curl_multi_init();
	pthread_mutex_init(&n->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&n->wake, &ca);
	pthread_cond_init(&n->finished, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&n->stop, 0);
	cc_ratelimit_init(&n->rl, c->rate, c->rate_window_ms, now_ms());
	e = n->multi ? pthread_create(&n->thread, NULL, worker, n) : ENOMEM;
	if (e) {
		free_notifier(n);
		return cc_error_errno(e, "cannot start the notifier");
	}
	*out = n;
	return 0;
}

void cc_notifier_post(struct cc_notifier *n, struct cc_notification *msg)
{
	size_t tail;

	pthread_mutex_lock(&n->lock);
	if (n->count == QUEUE_MAX) {
		/* the oldest waits longest: fold it into the summary */
		cc_notification_fold(&n->held, &n->queue[n->head]);
		cc_notification_release(&n->queue[n->head]);
		n->head = (n->head + 1) % QUEUE_MAX;
		n->count--;
		n->stats.summarized++;
	}
	tail = (n->head + n->count) % QUEUE_MAX;
	n->queue[tail] = *msg;
	n->count++;
	memset(msg, 0, sizeof(*msg));
	pthread_cond_signal(&n->wake);
	pthread_mutex_unlock(&n->lock);
}

int cc_notifier_fd(struct cc_notifier *n)
{
	return n->pipe[0];
}

char *cc_notifier_report(struct cc_notifier *n)
{
	char buf[64], *line = NULL;

	while (read(n->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&n->lock);
	if (n->nreports) {
		line = n->reports[0];
		memmove(n->reports, n->reports + 1, --n->nreports * sizeof(char *));
	}
	pthread_mutex_unlock(&n->lock);
	return line;
}

void cc_notifier_stats(struct cc_notifier *n, struct cc_notifier_stats *out)
{
	pthread_mutex_lock(&n->lock);
	*out = n->stats;
	pthread_mutex_unlock(&n->lock);
}

void cc_notifier_stop(struct cc_notifier *n)
{
	struct timespec ts;
	size_t i;
	int done;

	if (!n)
		return;
	pthread_mutex_lock(&n->lock);
	atomic_store(&n->stop, 1);
	pthread_cond_broadcast(&n->wake);
	curl_multi_wakeup(n->multi);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 700 * 1000000L;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (!n->done && pthread_cond_timedwait(&n->finished, &n->lock, &ts) != ETIMEDOUT)
		;
	done = n->done;
	pthread_mutex_unlock(&n->lock);
	if (!done) {
		/* stuck in a name lookup libcurl cannot interrupt: leave it to the exit */
		pthread_detach(n->thread);
		return;
	}
	pthread_join(n->thread, NULL);
	for (i = 0; i < n->count; i++)
		cc_notification_release(&n->queue[(n->head + i) % QUEUE_MAX]);
	cc_notification_release(&n->held);
	for (i = 0; i < n->nreports; i++)
		free(n->reports[i]);
	free_notifier(n);
}
