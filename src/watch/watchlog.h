/* watchlog.h - what the watcher says about a transition.
 *
 * A transition is a user file whose state or flags changed, or that
 * appeared or went. Each is told once, three ways:
 *   the log line   `[confcheck] PATH: OLD -> NEW` on stdout (PATH escaped;
 *                  OLD and NEW are state names, `missing` when there is no
 *                  entry, flags in parentheses: `outdated (cosmetic)`);
 *   the event log  one JSON object a line in $STATE/events.ndjson, which
 *                  becomes events.ndjson.1 when it would pass its size cap;
 *   a notification when NEW needs a look (cc_entry_listed) and OLD was not
 *                  already the same state needing a look.
 * Nothing here reads a file or gives a verdict.
 */
#ifndef CC_WATCHLOG_H
#define CC_WATCHLOG_H

#include <stddef.h>

#include "util/buf.h"
#include "engine/check.h"
#include "watch/notify.h"

#define CC_EVENTLOG_NAME "events.ndjson"
#define CC_EVENTLOG_MAX (1024 * 1024)

/* A verdict as the watcher compares it; exists 0 means no entry. */
struct cc_wverdict {
	int exists;
	int state;
	int flags;
	int user_date, template_date;
};

/* Fills v from e (NULL: no entry). */
void cc_wverdict_of(struct cc_wverdict *v, const struct cc_entry *e);
/* Whether a -> b is a transition: existence, state or flags changed. */
int cc_wverdict_changed(const struct cc_wverdict *a, const struct cc_wverdict *b);
/* Whether a -> b deserves a notification. */
int cc_wverdict_notify(const struct cc_wverdict *a, const struct cc_wverdict *b);

/* Appends "PATH: OLD -> NEW" (no prefix, no newline). */
void cc_wlog_line(struct cc_buf *out, const char *path, const struct cc_wverdict *a,
		  const struct cc_wverdict *b);
/* Appends the event log line, newline included. */
void cc_wlog_event(struct cc_buf *out, const char *path, const struct cc_wverdict *a,
		   const struct cc_wverdict *b, long long time, const char *mode);
/* Fills a transition notification (owned strings). */
void cc_wlog_notification(struct cc_notification *n, const char *path, const struct cc_wverdict *a,
			  const struct cc_wverdict *b, long long time);

/* Appends text to dir/events.ndjson; when the file would pass max bytes it
 * first becomes events.ndjson.1 (replacing the previous one). Returns 0 or
 * -1 with a message. */
int cc_eventlog_append(int dirfd, const char *dir, const char *text, size_t len, size_t max);

#endif
