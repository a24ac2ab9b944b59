/* cmd_check.c - `confcheck check`: the verdicts, the notice and the status file. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "commands.h"
#include "error.h"
#include "header.h"
#include "lsio.h"
#include "metrics.h"
#include "notice.h"
#include "status.h"

static const char usage[] = "[--templates DIR]... [--config DIR] [--state DIR] [--history DIR]... "
			    "[--json] [--init] [--quiet] [--format notice|lsio] [--metrics FILE]";

/* The nginx base image's version table, for what parses it: one row for each
 * listed file whose template moved (outdated, conflict, unverified). */
static int print_lsio(const struct cc_result *res)
{
	struct cc_lsio_row *rows = calloc(res->nentries + 1, sizeof(*rows));
	char (*dates)[2][11] = calloc(res->nentries + 1, sizeof(*dates));
	size_t i, n = 0;
	int ret = -1;

	if (!rows || !dates)
		goto done;
	for (i = 0; i < res->nentries; i++) {
		const struct cc_entry *e = &res->entries[i];

		if (!cc_entry_listed(e) || (e->state != CC_OUTDATED && e->state != CC_CONFLICT &&
					    e->state != CC_UNVERIFIED))
			continue;
		cc_date_format(dates[n][0], e->user_date);
		cc_date_format(dates[n][1], e->template_date);
		rows[n].path = e->path;
		rows[n].old_date = dates[n][0];
		rows[n].new_date = dates[n][1];
		n++;
	}
	ret = cc_lsio_table_write(stdout, rows, n);
done:
	free(rows);
	free(dates);
	return ret;
}

/* With --init a finding never stops the container, unless CONFCHECK_STRICT=1. */
static int init_exit(int init, int code)
{
	const char *strict = getenv("CONFCHECK_STRICT");

	if (init && !(strict && !strcmp(strict, "1")))
		return CC_EXIT_OK;
	return code;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		CC_COMMON_OPTIONS,
		{"json", no_argument, NULL, 'j'},
		{"init", no_argument, NULL, 'i'},
		{"quiet", no_argument, NULL, 'q'},
		{"format", required_argument, NULL, 'f'},
		{"metrics", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	struct cc_cli cli;
	struct cc_result res;
	struct cc_buf notice = CC_BUF_INIT;
	json_t *doc = NULL;
	char *text = NULL;
	const char *metrics = getenv("CONFCHECK_METRICS");
	int c, json = 0, init = 0, quiet = 0, lsio = 0, code = CC_EXIT_ERROR;
	size_t i;

	memset(&cli, 0, sizeof(cli));
	memset(&res, 0, sizeof(res));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cc_cli_option(&cli, c, optarg))
			continue;
		if (c == 'j')
			json = 1;
		else if (c == 'i')
			init = 1;
		else if (c == 'q')
			quiet = 1;
		else if (c == 'f' && (!strcmp(optarg, "lsio") || !strcmp(optarg, "notice")))
			lsio = !strcmp(optarg, "lsio");
		else if (c == 'm')
			metrics = optarg;
		else
			goto usage;
	}
	if (optind != argc)
		goto usage;
	if (cc_cli_finish(&cli) < 0) {
		code = init_exit(init, cc_die_engine());
		goto done;
	}
	cc_cli_owner_from_env();
	if (cc_check_run(&res, &cli.cfg) < 0) {
		code = init_exit(init, cc_die_engine());
		goto done;
	}
	/* the metrics first: status.json is the last thing written, as in the watcher */
	if (metrics && *metrics && cc_metrics_write(metrics, &res, NULL) < 0)
		cc_result_warn(&res, cc_asprintf("%s", cc_error_last()));
	doc = cc_status_build(&res, NULL);
	if (!res.state_refused && cc_status_save(doc, res.state_dir) < 0)
		cc_result_warn(&res, cc_asprintf("cannot write the status file: %s",
						 cc_error_last()));
	for (i = 0; i < res.nwarnings; i++)
		cc_warn(res.warnings[i]);
	if (json) {
		text = cc_status_dump(doc);
		fputs(text, stdout);
	} else if (lsio && !quiet) {
		print_lsio(&res);
	} else if (!quiet) {
		cc_notice_build(&notice, &res);
		fputs(cc_buf_str(&notice), stdout);
	}
	code = init_exit(init, res.need_look ? CC_EXIT_LOOK : CC_EXIT_OK);
	goto done;
usage:
	code = cc_usage("check", usage);
done:
	free(text);
	json_decref(doc);
	cc_buf_release(&notice);
	cc_result_release(&res);
	cc_cli_release(&cli);
	return code;
}
