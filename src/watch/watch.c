/* watch.c - the watcher's loop: events in; debounced verdicts, transitions and the status out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "util/map.h"
#include "output/metrics.h"
#include "watch/notifier.h"
#include "util/json.h"
#include "output/status.h"
#include "watch/watch.h"
#include "watch/watchlog.h"
#include "watch/watchsys.h"

struct watch {
	const struct cc_watch_opts *o;
	struct cc_session *s;
	struct cc_wmap map;
	struct cc_wsys *sys;
	const char *mode;	/* "inotify", "poll" or "degraded" */
	char *reason;		/* why it polls, or NULL */
	long long since;	/* when the mode began (seconds since the epoch) */
	long long every_ms;	/* the polling interval, when it polls */
	char *root, *state_dir; /* canonical */
	int state_inside;	/* the state dir lies below the root: it goes with it */
	dev_t root_dev;		/* what the config root's path led to when the session opened it */
	ino_t root_ino;
	int lost; /* the config root went: the session's verdicts are the last ones */
	struct cc_notifier *nt;
	struct cc_notifier_stats told; /* the notification counts last published */
	int sigfd;
	int ready_fd;
	/* the pending batch */
	struct cc_map dirty; /* mapped paths reported */
	char **trees;	     /* needed directories reported */
	size_t ntrees, trees_alloc;
	const char *rescan;	     /* why everything must be looked at again, or NULL */
	long long first_ms, last_ms; /* monotonic; first_ms 0 when nothing is pending */
	struct cc_buf events;	     /* event log lines of the batch */
	struct cc_map warned;	     /* warnings printed already */
	unsigned long long batches, rescans;
	int stop;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(struct watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct watch *w, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	w->o->say(line);
	free(line);
}

/* A message that may quote names, made safe for one log line: every run
 * between spaces in the escaped log form. The caller frees. */
static char *log_safe(const char *msg)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t n;

	while (*msg) {
		n = strcspn(msg, " ");
		cc_escape_log(&b, msg, n);
		msg += n;
		for (; *msg == ' '; msg++)
			cc_buf_addc(&b, ' ');
	}
	return cc_buf_detach(&b);
}

/* Warns about msg unless the same words were said already. */
static void warn_once(struct watch *w, const char *msg)
{
	if (cc_map_get(&w->warned, msg))
		return;
	cc_map_put(&w->warned, msg, (void *)1, NULL);
	w->o->warn(msg);
}

/* Backend callback: collects what changed into the pending batch. */
static void on_event(void *arg, enum cc_wsys_event ev, const char *rel)
{
	struct watch *w = arg;
	long long now = now_ms();
	size_t i;

	switch (ev) {
	case CC_WSYS_PATH:
		cc_map_put(&w->dirty, rel, (void *)1, NULL);
		break;
	case CC_WSYS_TREE:
		for (i = 0; i < w->ntrees && strcmp(w->trees[i], rel); i++)
			;
		if (i == w->ntrees) {
			CC_GROW(w->trees, w->trees_alloc, w->ntrees + 1);
			w->trees[w->ntrees++] = cc_strdup(rel);
		}
		break;
	case CC_WSYS_RESCAN:
		w->rescan = rel; /* a backend's reasons are string constants */
		break;
	case CC_WSYS_ACKS:
		if (!w->rescan)
			w->rescan = "acknowledgements changed";
		break;
	case CC_WSYS_ROOT:
		break; /* every batch looks at the root first */
	}
	if (!w->first_ms)
		w->first_ms = now;
	w->last_ms = now;
}

/* When the pending batch is due: quiet for the debounce time, or waiting too long. */
static long long batch_due(const struct watch *w)
{
	long long d = w->o->debounce_ms, most = d * 10 > 1000 ? d * 10 : 1000;
	long long quiet = w->last_ms + d, cap = w->first_ms + most;

	return quiet < cap ? quiet : cap;
}

/* Tells one transition: log line, event log line, notification. */
static void tell(struct watch *w, const char *path, const struct cc_wverdict *a,
		 const struct cc_wverdict *b)
{
	struct cc_buf line = CC_BUF_INIT;
	struct cc_notification n;
	long long t = (long long)time(NULL);

	cc_wlog_line(&line, path, a, b);
	w->o->say(cc_buf_str(&line));
	cc_buf_release(&line);
	cc_wlog_event(&w->events, path, a, b, t, w->mode);
	if (w->nt && cc_wverdict_notify(a, b)) {
		cc_wlog_notification(&n, path, a, b, t);
		cc_notifier_post(w->nt, &n);
		cc_notification_release(&n);
	}
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Whether two verdicts on the same path would be written the same. */
static int same_entry(const struct cc_entry *a, const struct cc_entry *b)
{
	return a->state == b->state && a->flags == b->flags && a->user_date == b->user_date &&
	       a->template_date == b->template_date && a->baseline_date == b->baseline_date &&
	       a->has_user == b->has_user && a->has_template == b->has_template &&
	       a->has_base == b->has_base && a->user_hash == b->user_hash &&
	       a->template_hash == b->template_hash && a->base_hash == b->base_hash &&
	       a->method == b->method && a->merge == b->merge && a->findings == b->findings &&
	       same_str(a->reason, b->reason);
}

/* Gives path its verdict again; returns 1 when what the status says of it changed. */
static int refresh_path(struct watch *w, const char *path)
{
	struct cc_result *res = cc_session_result(w->s);
	const struct cc_entry *e = cc_result_find(res, path);
	struct cc_entry old;
	struct cc_wverdict a, b;
	int had = e != NULL, before, after, differs;

	memset(&old, 0, sizeof(old));
	if (e) {
		old = *e;
		old.path = old.template_path = NULL; /* freed by the refresh */
		old.reason = e->reason ? cc_strdup(e->reason) : NULL;
	}
	cc_wverdict_of(&a, e);
	cc_session_refresh(w->s, path, &before, &after);
	e = cc_result_find(res, path);
	cc_wverdict_of(&b, e);
	differs = had != (e != NULL) || (e && !same_entry(&old, e));
	free(old.reason);
	if (cc_wverdict_changed(&a, &b))
		tell(w, path, &a, &b);
	return differs;
}

static void print_warnings(struct watch *w)
{
	struct cc_result *res = cc_session_result(w->s);
	size_t i, j, out = 0;

	/* a write that keeps failing adds the same warning each time: keep one */
	for (i = 0; i < res->nwarnings; i++) {
		for (j = 0; j < out && strcmp(res->warnings[j], res->warnings[i]); j++)
			;
		if (j < out) {
			free(res->warnings[i]);
			continue;
		}
		res->warnings[out++] = res->warnings[i];
		warn_once(w, res->warnings[i]);
	}
	res->nwarnings = out;
}

static void interval_text(char *buf, size_t n, long long ms)
{
	if (ms % 1000)
		snprintf(buf, n, "%.3g s", (double)ms / 1000);
	else
		snprintf(buf, n, "%lld s", ms / 1000);
}

/* Switches to polling every every_ms because inotify cannot go on (or the
 * root is gone); takes reason. */
static void degrade(struct watch *w, char *reason, long long every_ms, int rescan)
{
	char every[32], *ignored = NULL, *safe;

	if (w->sys)
		w->sys->ops->close(w->sys);
	w->sys = cc_wsys_poll_open(w->root, w->state_dir, every_ms);
	w->sys->ops->sync(w->sys, &w->map, &ignored);
	free(ignored);
	w->mode = "degraded";
	free(w->reason);
	w->reason = reason ? reason : cc_strdup("inotify cannot be used");
	w->since = (long long)time(NULL);
	w->every_ms = every_ms;
	interval_text(every, sizeof(every), every_ms);
	safe = log_safe(w->reason);
	say(w, "watch degraded to polling every %s: %s", every, safe);
	free(safe);
	if (rescan) {
		/* events may have been lost on the way */
		w->rescan = "falling back to polling";
		w->first_ms = w->last_ms = now_ms() - w->o->debounce_ms;
	}
}

/* A verdict kept across a rescan. */
struct kept {
	char *path;
	struct cc_wverdict v;
};

/* Takes the roots of a session just opened: the config root (and what its
 * path leads to now) and the state dir. */
static void adopt_roots(struct watch *w)
{
	struct cc_result *res = cc_session_result(w->s);
	struct stat st;
	size_t n;

	free(w->root);
	free(w->state_dir);
	w->root = cc_strdup(res->config_root);
	w->state_dir = cc_path_canonical(res->state_dir);
	if (!w->state_dir)
		w->state_dir = cc_strdup(res->state_dir);
	n = strlen(w->root);
	w->state_inside = !strncmp(w->state_dir, w->root, n) && w->state_dir[n] == '/';
	w->root_dev = 0;
	w->root_ino = 0;
	if (stat(w->o->cfg->config_root, &st) == 0) {
		w->root_dev = st.st_dev;
		w->root_ino = st.st_ino;
	}
}

enum root_news {
	ROOT_SAME, /* the session's root is where it was */
	ROOT_GONE, /* nothing, or no directory, at the root's path */
	ROOT_NEW,  /* a directory the session and the watches do not hold: back, or replaced */
};

/* Looks at the config root's path (as configured: a symlink to the root may
 * have been pointed elsewhere) against the root the session holds. One stat. */
static enum root_news root_look(const struct watch *w)
{
	struct stat st;

	if (stat(w->o->cfg->config_root, &st) < 0 || !S_ISDIR(st.st_mode))
		return ROOT_GONE;
	if (w->lost || st.st_dev != w->root_dev || st.st_ino != w->root_ino)
		return ROOT_NEW;
	return ROOT_SAME;
}

static void start_backend(struct watch *w);
static void catch_up(struct watch *w, const struct timespec *t0);

/* Reopens the session (templates read again), compares, and re-syncs the
 * watches. With fresh the config root is another directory than the
 * session's: nothing is saved through the old session (its state dir went
 * with its root, or belongs to another tree now), the roots are taken again
 * and the backend is started anew on them. Returns 0, or -1 with a message
 * when no session could be opened: the last verdicts stay (a warning says so
 * unless fresh, whose caller tells). */
static int full_rescan(struct watch *w, const char *why, int fresh)
{
	struct cc_result *res = cc_session_result(w->s);
	struct cc_session *ns;
	struct kept *old;
	struct cc_wverdict a, b, none;
	size_t nold = res->nentries, i = 0, j = 0;
	char *reason = NULL, *msg;
	int c;

	if (!fresh) {
		say(w, "rescanning: %s", why);
		cc_session_save(w->s);
	}
	if (cc_session_open(&ns, w->o->cfg) < 0) {
		if (fresh)
			return -1; /* tried again every tick: said once, by the caller */
		msg = cc_asprintf("cannot rescan, keeping the last verdicts: %s", cc_error_last());
		warn_once(w, msg);
		free(msg);
		return -1;
	}
	if (fresh)
		say(w, "rescanning: %s", why);
	cc_session_unlock(ns);
	old = cc_calloc(nold ? nold : 1, sizeof(*old));
	for (i = 0; i < nold; i++) {
		old[i].path = cc_strdup(res->entries[i].path);
		cc_wverdict_of(&old[i].v, &res->entries[i]);
	}
	cc_session_close(w->s);
	w->s = ns;
	res = cc_session_result(ns);
	cc_wmap_release(&w->map);
	cc_wmap_build(&w->map, ns);
	if (fresh) {
		adopt_roots(w);
		w->lost = 0;
		w->sys->ops->close(w->sys);
		w->sys = NULL;
		start_backend(w);
	} else if (w->sys->ops->sync(w->sys, &w->map, &reason) < 0) {
		degrade(w, reason, w->o->fallback_ms, 0);
	}
	/* both lists are sorted by path: walk them side by side */
	memset(&none, 0, sizeof(none));
	for (i = 0; i < nold || j < res->nentries;) {
		if (i == nold || j == res->nentries)
			c = i == nold ? 1 : -1;
		else
			c = strcmp(old[i].path, res->entries[j].path);
		a = c <= 0 ? old[i].v : none;
		if (c >= 0)
			cc_wverdict_of(&b, &res->entries[j]);
		else
			b = none;
		if (cc_wverdict_changed(&a, &b))
			tell(w, c <= 0 ? old[i].path : res->entries[j].path, &a, &b);
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	for (i = 0; i < nold; i++)
		free(old[i].path);
	free(old);
	w->rescans++;
	return 0;
}

/* The config root is gone, or cannot be opened (reason says which; taken):
 * there is nothing to watch, so its path is looked at every
 * CC_WATCH_ROOT_POLL_MS until a directory is there again. Nothing gets a
 * verdict meanwhile: the last verdicts are compared with the new ones then. */
static void lose_root(struct watch *w, char *reason)
{
	if (w->lost && !strcmp(w->reason, reason)) {
		free(reason);
		return;
	}
	w->lost = 1;
	degrade(w, reason, CC_WATCH_ROOT_POLL_MS, 0);
}

/* The config root went, came back, or another directory took its place. */
static void root_moved(struct watch *w, enum root_news news)
{
	struct timespec t0;

	if (news == ROOT_GONE) {
		lose_root(w, cc_strdup("the config root went away"));
		return;
	}
	clock_gettime(CLOCK_REALTIME, &t0);
	if (full_rescan(w, w->lost ? "the config root came back" : "the config root was replaced",
			1) < 0) {
		lose_root(w, cc_asprintf("the config root cannot be opened: %s", cc_error_last()));
		return;
	}
	catch_up(w, &t0);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void clear_pending(struct watch *w)
{
	size_t i;

	cc_map_release(&w->dirty);
	for (i = 0; i < w->ntrees; i++)
		free(w->trees[i]);
	w->ntrees = 0;
	w->rescan = NULL;
	w->first_ms = w->last_ms = 0;
}

static void iso_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *watcher_json(struct watch *w, const char *mode)
{
	json_t *o = json_object(), *n;
	char when[32];
	int esc;

	iso_time(when, w->since);
	json_object_set_new(o, "mode", json_string(mode));
	json_object_set_new(o, "reason", w->reason ? cc_json_path(w->reason, &esc) : json_null());
	json_object_set_new(o, "since", json_string(when));
	json_object_set_new(o, "pid", json_integer((json_int_t)getpid()));
	if (strcmp(w->mode, "inotify"))
		json_object_set_new(o, "poll_seconds", json_real((double)w->every_ms / 1000));
	json_object_set_new(o, "debounce_ms", json_integer((json_int_t)w->o->debounce_ms));
	json_object_set_new(o, strcmp(w->mode, "inotify") ? "polled_files" : "watched_directories",
			    json_integer((json_int_t)w->sys->ops->watched(w->sys)));
	json_object_set_new(o, "batches", json_integer((json_int_t)w->batches));
	json_object_set_new(o, "rescans", json_integer((json_int_t)w->rescans));
	if (w->nt) {
		/* the snapshot publish() took, so that status.json and the metrics agree */
		n = json_object();
		json_object_set_new(n, "sent", json_integer((json_int_t)w->told.sent));
		json_object_set_new(n, "failed", json_integer((json_int_t)w->told.failed));
		json_object_set_new(n, "summarized", json_integer((json_int_t)w->told.summarized));
		json_object_set_new(o, "notifications", n);
	}
	return o;
}

/* Writes the session memory, the metrics and then status.json, so that a reader who
 * sees a new status.json finds the metrics and the event log at least as new; signals
 * readiness once. */
static void publish(struct watch *w, const char *mode)
{
	struct cc_result *res;
	struct cc_metrics_watch mw;
	json_t *extra = json_object(), *doc;
	char *msg;
	/* while the root is gone its state dir is gone with it, or is another tree's */
	int nowhere = w->lost && w->state_inside;

	if (!w->lost)
		cc_session_save(w->s);
	print_warnings(w);
	res = cc_session_result(w->s);
	if (w->nt)
		cc_notifier_stats(w->nt, &w->told);
	if (w->o->metrics) {
		memset(&mw, 0, sizeof(mw));
		mw.mode = mode;
		if (w->nt) {
			mw.notify = 1;
			mw.sent = w->told.sent;
			mw.failed = w->told.failed;
			mw.summarized = w->told.summarized;
		}
		if (cc_metrics_write(w->o->metrics, res, &mw) < 0)
			warn_once(w, cc_error_last());
	}
	json_object_set_new(extra, "watch", json_string(mode));
	json_object_set_new(extra, "watcher", watcher_json(w, mode));
	doc = cc_status_build(res, extra);
	if (!res->state_refused && !nowhere &&
	    cc_status_save(doc, res->state_fd, res->state_dir) < 0) {
		msg = cc_asprintf("cannot write the status file: %s", cc_error_last());
		warn_once(w, msg);
		free(msg);
	}
	json_decref(doc);
	json_decref(extra);
	if (w->ready_fd >= 0) {
		/* s6 readiness: one newline on the notification fd, then close it */
		if (write(w->ready_fd, "\n", 1) < 0)
			warn_once(w, "cannot signal readiness on the notification fd");
		close(w->ready_fd);
		w->ready_fd = -1;
	}
}

static void flush_events(struct watch *w)
{
	struct cc_result *res = cc_session_result(w->s);
	char *msg;

	if (!w->events.len || res->state_refused || (w->lost && w->state_inside))
		return;
	if (cc_eventlog_append(res->state_fd, res->state_dir, w->events.data, w->events.len,
			       w->o->events_max ? w->o->events_max : CC_EVENTLOG_MAX) < 0) {
		msg = cc_asprintf("cannot write the event log: %s", cc_error_last());
		warn_once(w, msg);
		free(msg);
	}
	cc_buf_reset(&w->events);
}

/* The mapped paths the pending batch names, sorted and unique (borrowed from
 * the batch and the map); returns how many. */
static size_t batch_paths(struct watch *w, char ***out)
{
	char **list = NULL;
	size_t n = 0, alloc = 0, i, kept = 0, lo, hi, it = 0;
	struct cc_map_slot *slot;

	while ((slot = cc_map_next(&w->dirty, &it))) {
		CC_GROW(list, alloc, n + 1);
		list[n++] = slot->key;
	}
	for (i = 0; i < w->ntrees; i++) {
		cc_wmap_paths_under(&w->map, w->trees[i], &lo, &hi);
		for (; lo < hi; lo++) {
			CC_GROW(list, alloc, n + 1);
			list[n++] = w->map.paths[lo];
		}
	}
	if (n)
		qsort(list, n, sizeof(*list), str_cmp);
	for (i = 0; i < n; i++)
		if (!kept || strcmp(list[kept - 1], list[i]))
			list[kept++] = list[i];
	*out = list;
	return kept;
}

static void run_batch(struct watch *w)
{
	/* first: what the batch names may lie in a root that is gone */
	enum root_news news = root_look(w);
	char **list = NULL;
	size_t n = 0, i;
	const char *why = w->rescan;
	int changed = 0;

	if (news != ROOT_SAME) {
		root_moved(w, news);
		changed = 1;
	} else {
		if (!why && (n = batch_paths(w, &list)) > CC_WATCH_RESCAN_OVER)
			why = "many files changed at once";
		if (why) {
			full_rescan(w, why, 0);
			changed = 1;
		} else {
			for (i = 0; i < n; i++)
				changed |= refresh_path(w, list[i]);
		}
	}
	free(list);
	clear_pending(w);
	w->batches++;
	flush_events(w);
	if (changed)
		publish(w, w->mode);
}

/* Marks every mapped path that may have changed between the first scan and
 * the watches: its existence disagrees with the verdicts, or its inode
 * changed since t0 (less a second for coarse timestamps). */
static void catch_up(struct watch *w, const struct timespec *t0)
{
	struct cc_result *res = cc_session_result(w->s);
	long long since = ((long long)t0->tv_sec - 1) * 1000000000LL + t0->tv_nsec, c;
	int fd = open(w->root, O_PATH | O_DIRECTORY | O_CLOEXEC), exists;
	struct stat st;
	size_t i;

	if (fd < 0)
		return;
	for (i = 0; i < w->map.npaths; i++) {
		exists = fstatat(fd, w->map.paths[i], &st, AT_SYMLINK_NOFOLLOW) == 0;
		c = exists ? (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec : 0;
		if (exists != (cc_result_find(res, w->map.paths[i]) != NULL) ||
		    (exists && c >= since))
			on_event(w, CC_WSYS_PATH, w->map.paths[i]);
	}
	close(fd);
}

static void read_signals(struct watch *w)
{
	struct signalfd_siginfo si;

	while (read(w->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			w->rescan = "SIGHUP";
			/* due at once: no debounce for an explicit request */
			w->first_ms = w->last_ms = now_ms() - w->o->debounce_ms - 1;
		} else {
			w->stop = 1;
		}
	}
}

/* Prints what the notifier has to say, and publishes its new counts. */
static void notifier_news(struct watch *w)
{
	struct cc_notifier_stats st;
	char *line;

	while ((line = cc_notifier_report(w->nt))) {
		w->o->warn(line);
		free(line);
	}
	cc_notifier_stats(w->nt, &st);
	if (st.sent != w->told.sent || st.failed != w->told.failed ||
	    st.summarized != w->told.summarized)
		publish(w, w->mode);
}

static void loop(struct watch *w)
{
	struct pollfd fds[3];
	long long now, t, bt;
	int nfds, sysfd, ifd, nfd, r, timeout;
	char *reason;

	while (!w->stop) {
		now = now_ms();
		t = w->first_ms ? batch_due(w) - now : -1;
		if (w->first_ms && t < 0)
			t = 0;
		bt = w->sys->ops->timeout(w->sys, now);
		if (bt >= 0 && (t < 0 || bt < t))
			t = bt;
		timeout = t < 0 ? -1 : t > INT_MAX ? INT_MAX : (int)t;
		nfds = 0;
		fds[nfds].fd = w->sigfd;
		fds[nfds++].events = POLLIN;
		sysfd = w->sys->ops->fd(w->sys);
		ifd = nfd = -1;
		if (sysfd >= 0) {
			ifd = nfds;
			fds[nfds].fd = sysfd;
			fds[nfds++].events = POLLIN;
		}
		if (w->nt) {
			nfd = nfds;
			fds[nfds].fd = cc_notifier_fd(w->nt);
			fds[nfds++].events = POLLIN;
		}
		r = poll(fds, (nfds_t)nfds, timeout);
		if (r < 0 && errno != EINTR) {
			warn_once(w, "cannot wait for events: poll failed");
			break;
		}
		if (r > 0 && fds[0].revents)
			read_signals(w);
		if (w->stop)
			break;
		if (r > 0 && nfd >= 0 && fds[nfd].revents)
			notifier_news(w);
		now = now_ms();
		if ((r > 0 && ifd >= 0 && fds[ifd].revents) ||
		    (sysfd < 0 && w->sys->ops->timeout(w->sys, now) == 0)) {
			reason = NULL;
			if (w->sys->ops->dispatch(w->sys, now, on_event, w, &reason) < 0)
				degrade(w, reason, w->o->fallback_ms, 1);
			/* every tick while the root is gone: it may be back unseen by a
			 * backend opened after it came, or not have opened last time */
			if (w->lost && !w->first_ms && root_look(w) != ROOT_GONE)
				on_event(w, CC_WSYS_ROOT, "the config root is there");
		}
		if (w->first_ms && now_ms() >= batch_due(w))
			run_batch(w);
	}
}

/* Chooses the backend: polling when asked, inotify when it can see the tree. */
static void start_backend(struct watch *w)
{
	char *reason = NULL, every[32], *root = cc_escape_log_str(w->root);

	w->since = (long long)time(NULL);
	free(w->reason);
	w->reason = NULL;
	if (w->o->poll_ms > 0) {
		w->sys = cc_wsys_poll_open(w->root, w->state_dir, w->o->poll_ms);
		w->sys->ops->sync(w->sys, &w->map, &reason);
		free(reason);
		w->mode = "poll";
		w->reason = cc_strdup("polling was asked for (--poll)");
		w->every_ms = w->o->poll_ms;
		interval_text(every, sizeof(every), w->o->poll_ms);
		say(w, "watching %s by polling every %s: %zu files", root, every, w->map.npaths);
		free(root);
		return;
	}
	if (cc_wsys_inotify_open(&w->sys, w->root, w->state_dir, &reason) < 0 ||
	    w->sys->ops->sync(w->sys, &w->map, &reason) < 0) {
		degrade(w, reason, w->o->fallback_ms, 0);
		free(root);
		return;
	}
	w->mode = "inotify";
	say(w, "watching %s with inotify: %zu directories, %zu files, debounce %lld ms", root,
	    w->sys->ops->watched(w->sys), w->map.npaths, w->o->debounce_ms);
	free(root);
}

int cc_watch_run(const struct cc_watch_opts *o)
{
	struct watch w;
	struct timespec t0;
	sigset_t set, old;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.ready_fd = o->ready_fd;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	/* blocked before any thread starts, so that only the signalfd sees them */
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	w.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (w.sigfd < 0) {
		cc_error_errno(errno, "cannot receive signals");
		goto done;
	}
	clock_gettime(CLOCK_REALTIME, &t0);
	if (cc_session_open(&w.s, o->cfg) < 0)
		goto done;
	cc_session_unlock(w.s);
	adopt_roots(&w);
	cc_wmap_build(&w.map, w.s);
	start_backend(&w);
	catch_up(&w, &t0);
	if (o->notify && cc_notifier_start(&w.nt, o->notify) < 0)
		warn_once(&w, cc_error_last());
	publish(&w, w.mode);
	loop(&w);
	publish(&w, "stopped");
	say(&w, "stopped");
	ret = 0;
done:
	cc_notifier_stop(w.nt);
	if (w.ready_fd >= 0)
		close(w.ready_fd);
	if (w.sys)
		w.sys->ops->close(w.sys);
	clear_pending(&w);
	free(w.trees);
	cc_buf_release(&w.events);
	cc_map_release(&w.warned);
	cc_wmap_release(&w.map);
	cc_session_close(w.s);
	free(w.reason);
	free(w.root);
	free(w.state_dir);
	if (w.sigfd >= 0)
		close(w.sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
