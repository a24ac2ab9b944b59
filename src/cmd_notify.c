/* cmd_notify.c - `confcheck notify --test`: one test message, to check the settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "notifier.h"
#include "notify.h"

static const char usage[] = "--test [--url URL] [--format json|ntfy|gotify|discord|slack]";

int cmd_notify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"test", no_argument, NULL, 't'},
		{"url", required_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	struct cc_notify_config cfg;
	struct cc_notification msg;
	struct cc_payload p;
	struct cc_notify_result r;
	char *safe = NULL;
	int c, test = 0, code = CC_EXIT_ERROR, on;

	memset(&cfg, 0, sizeof(cfg));
	memset(&msg, 0, sizeof(msg));
	memset(&p, 0, sizeof(p));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			test = 1;
		else if (c == 'u')
			setenv("CONFCHECK_NOTIFY_URL", optarg, 1);
		else if (c == 'f')
			setenv("CONFCHECK_NOTIFY_FORMAT", optarg, 1);
		else
			return cc_usage("notify", usage);
	}
	if (!test || optind != argc)
		return cc_usage("notify", usage);
	on = cc_notify_config_env(&cfg);
	if (on < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (!on) {
		code = cc_die("notifications are off: set CONFCHECK_NOTIFY_URL (or give --url)");
		goto done;
	}
	msg.kind = CC_NOTIFY_TEST;
	msg.time = (long long)time(NULL);
	cc_payload_build(&p, &cfg, &msg);
	safe = cc_notify_url_safe(cfg.url);
	if (cc_notify_send(&cfg, &p, &r) < 0) {
		code = cc_die("test notification to %s (%s) failed: %s", safe,
			      cc_notify_format_name(cfg.format), r.error);
		goto done;
	}
	printf("[confcheck] test notification sent to %s (%s): HTTP %ld\n", safe,
	       cc_notify_format_name(cfg.format), r.http);
	code = CC_EXIT_OK;
done:
	free(safe);
	cc_payload_release(&p);
	cc_notification_release(&msg);
	cc_notify_config_release(&cfg);
	return code;
}
