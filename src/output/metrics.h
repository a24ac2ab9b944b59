/* metrics.h - Prometheus text-format gauges, for node_exporter's textfile collector.
 *
 * `check --metrics FILE` and `watch --metrics FILE` (or CONFCHECK_METRICS)
 * write FILE atomically (temp file in the same directory, then rename), so
 * the collector never reads half a file; the temp name starts with a dot
 * and does not end in .prom, so the collector skips it. Gauges:
 *
 *   confcheck_files{state="..."}              user files per verdict
 *   confcheck_unused_templates                templates with no user file
 *   confcheck_need_look                       files that need a look
 *   confcheck_last_check_timestamp_seconds    when the verdicts were given
 *   confcheck_info{version="...",template_set="..."} 1
 *   confcheck_watch_mode{mode="..."}          1 for the watcher's mode (watch only)
 *   confcheck_notifications_total{result="sent|failed|summarized"} (watch, with a URL)
 */
#ifndef CC_METRICS_H
#define CC_METRICS_H

#include "util/buf.h"
#include "engine/check.h"

/* What only the watcher knows; NULL for a check. */
struct cc_metrics_watch {
	const char *mode; /* "inotify", "poll", "degraded" or "stopped" */
	int notify;	  /* notifications are configured: the counters below mean something */
	unsigned long long sent, failed, summarized;
};

/* Appends the text of every gauge to out. */
void cc_metrics_build(struct cc_buf *out, const struct cc_result *res,
		      const struct cc_metrics_watch *w);

/* Writes the gauges to path atomically. Returns 0 or -1 with a message. */
int cc_metrics_write(const char *path, const struct cc_result *res,
		     const struct cc_metrics_watch *w);

#endif
