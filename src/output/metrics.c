/* metrics.c - the Prometheus text file. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"
#include "output/metrics.h"
#include "util/version.h"

static const char *const modes[] = {"inotify", "poll", "degraded", "stopped"};

static void head(struct cc_buf *out, const char *name, const char *type, const char *help)
{
	cc_buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void cc_metrics_build(struct cc_buf *out, const struct cc_result *res,
		      const struct cc_metrics_watch *w)
{
	char hex[CC_HASH_HEXLEN + 1];
	size_t i;

	head(out, "confcheck_files", "gauge", "User config files by verdict.");
	for (i = 0; i < CC_NVERDICTS; i++)
		cc_buf_addf(out, "confcheck_files{state=\"%s\"} %zu\n",
			    cc_verdict_name((enum cc_verdict)i), res->counts[i]);
	head(out, "confcheck_unused_templates", "gauge", "Shipped templates with no user file.");
	cc_buf_addf(out, "confcheck_unused_templates %zu\n", res->unused);
	head(out, "confcheck_need_look", "gauge", "User config files that need a look.");
	cc_buf_addf(out, "confcheck_need_look %zu\n", res->need_look);
	head(out, "confcheck_last_check_timestamp_seconds", "gauge",
	     "When the verdicts were last given, in seconds since the epoch.");
	cc_buf_addf(out, "confcheck_last_check_timestamp_seconds %lld\n", res->generated_at);
	cc_hash_hex(hex, res->set_id);
	head(out, "confcheck_info", "gauge", "The confcheck version and the template set.");
	cc_buf_addf(out, "confcheck_info{version=\"%s\",template_set=\"%.8s\"} 1\n", CC_VERSION,
		    hex);
	if (!w)
		return;
	head(out, "confcheck_watch_mode", "gauge",
	     "How the watcher sees changes: 1 for the mode in use.");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		cc_buf_addf(out, "confcheck_watch_mode{mode=\"%s\"} %d\n", modes[i],
			    w->mode && !strcmp(w->mode, modes[i]));
	if (!w->notify)
		return;
	head(out, "confcheck_notifications_total", "counter",
	     "Notifications sent, given up after every retry, and folded into a summary.");
	cc_buf_addf(out, "confcheck_notifications_total{result=\"sent\"} %llu\n", w->sent);
	cc_buf_addf(out, "confcheck_notifications_total{result=\"failed\"} %llu\n", w->failed);
	cc_buf_addf(out, "confcheck_notifications_total{result=\"summarized\"} %llu\n",
		    w->summarized);
}

int cc_metrics_write(const char *path, const struct cc_result *res,
		     const struct cc_metrics_watch *w)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? cc_strndup(path, (size_t)(slash - path)) : cc_strdup(".");
	const char *name = slash ? slash + 1 : path;
	int ret;

	if (!*name) {
		free(dir);
		return cc_error_set("metrics file '%s' names a directory", path);
	}
	if (!*dir) {
		free(dir);
		dir = cc_strdup("/");
	}
	cc_metrics_build(&b, res, w);
	ret = cc_path_trusted(dir, "metrics folder", 1) < 0
		  ? -1
		  : cc_fs_write_atomic(dir, name, b.data, b.len);
	cc_buf_release(&b);
	free(dir);
	return ret;
}
