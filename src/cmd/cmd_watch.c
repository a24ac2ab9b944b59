/* cmd_watch.c - `confcheck watch`: the resident watcher (an s6 longrun). */
#include <errno.h>
#include <git2.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "history/git.h"
#include "history/history.h"
#include "watch/notify.h"
#include "watch/watch.h"

enum { WATCH_POLL, WATCH_DEBOUNCE, WATCH_METRICS, WATCH_READY_FD };

const struct cc_option cmd_watch_opts[] = {
    [WATCH_POLL] = {"poll", required_argument, NULL, 0},
    [WATCH_DEBOUNCE] = {"debounce", required_argument, NULL, 0},
    [WATCH_METRICS] = {"metrics", required_argument, NULL, 0},
    [WATCH_READY_FD] = {"ready-fd", required_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* Seconds (fractions allowed) as milliseconds; -1 when not a sane interval. */
static long long parse_seconds(const char *s)
{
	long ms;

	return cc_cli_seconds(s, &ms) == 0 && ms >= 10 ? ms : -1;
}

static long parse_long(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void say_line(const char *line)
{
	printf("[confcheck] %s\n", line);
}

/* Every --ready-fd given must be a descriptor's number. */
int cmd_watch_validate(struct cc_run *r)
{
	size_t i;

	for (i = 0; i < r->opt[WATCH_READY_FD].n; i++)
		if (parse_long(r->opt[WATCH_READY_FD].v[i], 0, 1 << 20) < 0)
			return -1;
	return 0;
}

/* It finishes the shared options itself, once the watcher's own are known good. */
int cmd_watch(struct cc_run *r)
{
	struct cc_watch_opts wo;
	struct cc_notify_config nc;
	const char *v, *poll = cc_cli_value(r, WATCH_POLL, env("CONFCHECK_WATCH_POLL")),
		       *debounce = cc_cli_value(r, WATCH_DEBOUNCE, env("CONFCHECK_WATCH_DEBOUNCE"));
	char *msg;
	long n;
	int code = CC_EXIT_ERROR, on;

	memset(&wo, 0, sizeof(wo));
	memset(&nc, 0, sizeof(nc));
	wo.ready_fd = -1;
	wo.metrics = cc_cli_value(r, WATCH_METRICS, env("CONFCHECK_METRICS"));
	if ((v = cc_cli_value(r, WATCH_READY_FD, NULL)))
		wo.ready_fd = (int)parse_long(v, 0, 1 << 20);
	if (poll && (wo.poll_ms = parse_seconds(poll)) < 0) {
		code = cc_die("--poll wants seconds from 0.01 to 86400, not '%s'", poll);
		goto done;
	}
	wo.fallback_ms = CC_WATCH_FALLBACK_MS;
	if ((v = env("CONFCHECK_WATCH_FALLBACK")) && (wo.fallback_ms = parse_seconds(v)) < 0) {
		code = cc_die("CONFCHECK_WATCH_FALLBACK wants seconds, not '%s'", v);
		goto done;
	}
	wo.debounce_ms = CC_WATCH_DEBOUNCE_MS;
	if (debounce && (wo.debounce_ms = parse_long(debounce, 0, 60000)) < 0) {
		code = cc_die("--debounce wants milliseconds from 0 to 60000, not '%s'", debounce);
		goto done;
	}
	if ((v = env("CONFCHECK_EVENTS_MAX")) && (n = parse_long(v, 256, 1L << 30)) > 0)
		wo.events_max = (size_t)n;
	if (wo.ready_fd >= 0 && fcntl(wo.ready_fd, F_GETFD) < 0) {
		code = cc_die("--ready-fd %d is not an open descriptor", wo.ready_fd);
		goto done;
	}
	if (wo.metrics && !*wo.metrics)
		wo.metrics = NULL;
	if (cc_cli_finish(&r->cli) < 0) {
		code = cc_die_engine();
		goto done;
	}
	on = cc_notify_config_env(&nc);
	if (on < 0) {
		msg = cc_asprintf("notifications are off: %s", cc_error_last());
		cc_warn(msg);
		free(msg);
	}
	/* git reads no config outside the history (cc_git_init) */
	cc_git_init();
	/* s6 reads the log through a pipe: a line must not wait for a full buffer */
	setvbuf(stdout, NULL, _IOLBF, 0);
	wo.cfg = &r->cli.cfg;
	wo.notify = on > 0 ? &nc : NULL;
	wo.say = say_line;
	wo.warn = cc_warn;
	code = cc_watch_run(&wo) < 0 ? cc_die_engine() : CC_EXIT_OK;
done:
	cc_notify_config_release(&nc);
	return code;
}
