/* watch.h - the resident watcher's loop (DESIGN §8).
 *
 * One poll(2) over three descriptors: a signalfd (SIGTERM, SIGINT, SIGHUP),
 * the backend's (inotify; none when polling) and the notifier's report
 * pipe. Its timeout is the pending debounce deadline or the next poll
 * tick, and -1 otherwise: with inotify and nothing pending, the process
 * sleeps in the kernel and costs no wakeup at all.
 *
 * A batch gathers what the backend reported until the tree has been quiet
 * for the debounce time (at most ten times that, and a second or more,
 * after the batch's first event, so that a writer that never stops still
 * gets verdicts). Then only the reported paths are given verdicts again
 * (cc_session_refresh); a batch of more than CC_WATCH_RESCAN_OVER paths, an
 * overflowed event queue, a change of acks or SIGHUP reopens the session
 * instead (templates read again too) and compares old and new verdicts.
 * Transitions are told (watchlog.h), and the metrics written, before
 * status.json is, so that a reader of the status finds the log, the event
 * log and the metrics at least as new.
 *
 * Degrading: when inotify cannot be used (no instance left, the watch limit
 * reached, a filesystem where it is blind) the loop polls every
 * fallback_ms, rescans once (events may have been lost), and the status
 * says "watch": "degraded" with the reason. --poll chooses polling from
 * the start ("watch": "poll").
 *
 * The config root itself going (rm -rf, or moved away) is noticed by the
 * backend (watchsys.h) and by a look at the root's path before every batch.
 * While it is gone there is nothing to watch: the status says "degraded",
 * "the config root went away", keeps the last verdicts, and the path is
 * looked at every CC_WATCH_ROOT_POLL_MS (a state dir inside the root went
 * with it: nothing is written then). A directory at that path again, or a
 * root replaced at once (a rename over it, rm -rf and mkdir in one go), gets
 * a new session, watches started anew and a rescan that tells each change
 * from the last verdicts.
 *
 * Status: every write carries "watch" (inotify, poll, degraded; "stopped"
 * after a clean stop) and "watcher" (mode, reason, since, pid, poll
 * interval, debounce, directories or files watched, batches, rescans, and
 * notification counters, published again as each notification is sent or
 * given up).
 */
#ifndef CC_WATCH_H
#define CC_WATCH_H

#include <stddef.h>

#include "engine/check.h"
#include "watch/notify.h"

#define CC_WATCH_DEBOUNCE_MS 200
#define CC_WATCH_FALLBACK_MS 10000
#define CC_WATCH_RESCAN_OVER 128
#define CC_WATCH_ROOT_POLL_MS 1000

struct cc_watch_opts {
	const struct cc_config *cfg;
	long long poll_ms;     /* > 0: poll at this interval instead of using inotify */
	long long fallback_ms; /* the polling interval when inotify cannot be used */
	long long debounce_ms;
	const char *metrics; /* the metrics file, or NULL */
	int ready_fd;	     /* written "\n" and closed after the first status, or -1 */
	size_t events_max;   /* the event log's size cap */
	const struct cc_notify_config *notify; /* NULL: no notifications */
	/* Where lines go: say prints a log line (no prefix, no newline) on
	 * stdout, warn a warning on stderr. */
	void (*say)(const char *line);
	void (*warn)(const char *msg);
};

/* Runs until SIGTERM or SIGINT. Returns 0 after a clean stop, or -1 with a
 * message when it could not start (no config root, no templates). The
 * caller has become the app user already (cc_cli_finish). */
int cc_watch_run(const struct cc_watch_opts *o);

#endif
