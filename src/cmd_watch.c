/* cmd_watch.c - `confcheck watch`: the resident watcher (an s6 longrun). */
#include <errno.h>
#include <git2.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "commands.h"
#include "error.h"
#include "git.h"
#include "history.h"
#include "notify.h"
#include "watch.h"

static const char usage[] = "[--poll SECONDS] [--debounce MS] [--metrics FILE] [--ready-fd N] "
			    "[--templates DIR]... [--config DIR] [--state DIR] [--history DIR]...";

enum {
	OPT_POLL = CC_OPT_COMMON_END,
	OPT_DEBOUNCE,
	OPT_METRICS,
	OPT_READY_FD,
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

int cmd_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		CC_COMMON_OPTIONS,
		{"poll", required_argument, NULL, OPT_POLL},
		{"debounce", required_argument, NULL, OPT_DEBOUNCE},
		{"metrics", required_argument, NULL, OPT_METRICS},
		{"ready-fd", required_argument, NULL, OPT_READY_FD},
		{NULL, 0, NULL, 0},
	};
	struct cc_cli cli;
	struct cc_watch_opts wo;
	struct cc_notify_config nc;
	const char *v, *poll = env("CONFCHECK_WATCH_POLL"),
		       *debounce = env("CONFCHECK_WATCH_DEBOUNCE");
	char *msg;
	long n;
	int c, code = CC_EXIT_ERROR, on;

	memset(&cli, 0, sizeof(cli));
	memset(&wo, 0, sizeof(wo));
	memset(&nc, 0, sizeof(nc));
	wo.ready_fd = -1;
	wo.metrics = env("CONFCHECK_METRICS");
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cc_cli_option(&cli, c, optarg))
			continue;
		if (c == OPT_POLL)
			poll = optarg;
		else if (c == OPT_DEBOUNCE)
			debounce = optarg;
		else if (c == OPT_METRICS)
			wo.metrics = optarg;
		else if (c == OPT_READY_FD && (n = parse_long(optarg, 0, 1 << 20)) >= 0)
			wo.ready_fd = (int)n;
		else
			goto usage;
	}
	if (optind != argc)
		goto usage;
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
	if (cc_cli_finish(&cli) < 0) {
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
	wo.cfg = &cli.cfg;
	wo.notify = on > 0 ? &nc : NULL;
	wo.say = say_line;
	wo.warn = cc_warn;
	code = cc_watch_run(&wo) < 0 ? cc_die_engine() : CC_EXIT_OK;
	goto done;
usage:
	code = cc_usage("watch", usage);
done:
	cc_notify_config_release(&nc);
	cc_cli_release(&cli);
	return code;
}
