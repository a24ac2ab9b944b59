/* cmd_notify.c - `confcheck notify --test`: one test message, to check the settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "watch/notifier.h"
#include "watch/notify.h"

enum { NOTIFY_TEST, NOTIFY_URL, NOTIFY_FORMAT };

const struct cc_option cmd_notify_opts[] = {
    [NOTIFY_TEST] = {"test", no_argument, .required = 1},
    [NOTIFY_URL] = {"url", required_argument, NULL, 0},
    [NOTIFY_FORMAT] = {"format", required_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

int cmd_notify(struct cc_run *run)
{
	struct cc_notify_config cfg;
	struct cc_notification msg;
	struct cc_payload p;
	struct cc_notify_result r;
	char *safe = NULL;
	int code = CC_EXIT_ERROR, on;

	memset(&cfg, 0, sizeof(cfg));
	memset(&msg, 0, sizeof(msg));
	memset(&p, 0, sizeof(p));
	/* the options stand for the settings in the environment */
	if (run->opt[NOTIFY_URL].n)
		setenv("CONFCHECK_NOTIFY_URL", cc_cli_value(run, NOTIFY_URL, NULL), 1);
	if (run->opt[NOTIFY_FORMAT].n)
		setenv("CONFCHECK_NOTIFY_FORMAT", cc_cli_value(run, NOTIFY_FORMAT, NULL), 1);
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
