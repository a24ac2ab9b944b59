/* cmd_check.c - `confcheck check`: the verdicts, the notice and the status file. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/header.h"
#include "paste/lsio.h"
#include "output/metrics.h"
#include "output/notice.h"
#include "output/status.h"
#include "util/supervise.h"

enum { CHECK_JSON, CHECK_INIT, CHECK_QUIET, CHECK_FORMAT, CHECK_METRICS };

const struct cc_option cmd_check_opts[] = {
    [CHECK_JSON] = {"json", no_argument, NULL, 0},
    [CHECK_INIT] = {"init", no_argument, NULL, 0},
    [CHECK_QUIET] = {"quiet", no_argument, NULL, 0},
    [CHECK_FORMAT] = {"format", required_argument, .choices = "notice|lsio"},
    [CHECK_METRICS] = {"metrics", required_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* The nginx base image's version table, for what parses it: one row for each
 * listed file whose template moved (outdated, conflict, unverified). */
static int print_lsio(const struct cc_result *res)
{
	struct cc_lsio_row *rows = cc_calloc(res->nentries + 1, sizeof(*rows));
	struct {
		char old_date[11], new_date[11];
	} *dates = cc_calloc(res->nentries + 1, sizeof(*dates));
	size_t i, n = 0;
	int ret;

	for (i = 0; i < res->nentries; i++) {
		const struct cc_entry *e = &res->entries[i];

		if (!cc_entry_listed(e) || (e->state != CC_OUTDATED && e->state != CC_CONFLICT &&
					    e->state != CC_UNVERIFIED))
			continue;
		cc_date_format(dates[n].old_date, e->user_date);
		cc_date_format(dates[n].new_date, e->template_date);
		rows[n].path = e->path;
		rows[n].old_date = dates[n].old_date;
		rows[n].new_date = dates[n].new_date;
		n++;
	}
	ret = cc_lsio_table_write(stdout, rows, n);
	free(rows);
	free(dates);
	return ret;
}

/* How long the init's check may take by default (CONFCHECK_TIMEOUT). */
#define CC_INIT_BUDGET_MS 120000L

/* With --init a finding never stops the container, unless CONFCHECK_STRICT=1. */
static int init_exit(int init, int code)
{
	const char *strict = getenv("CONFCHECK_STRICT");

	if (init && !(strict && !strcmp(strict, "1")))
		return CC_EXIT_OK;
	return code;
}

/* What one check does, in this process or in the init's child. */
struct run {
	struct cc_cli *cli;
	const char *metrics;
	int json, init, quiet, lsio;
};

static int run_check(void *arg)
{
	struct run *r = arg;
	struct cc_result res;
	struct cc_buf notice = CC_BUF_INIT;
	json_t *doc = NULL;
	char *text = NULL;
	int code;
	size_t i;

	/* the init's child: the supervisor stays root, so that the app user can
	 * neither stop it nor kill it, and opens nothing */
	if (r->cli->keep_ids && cc_cli_become_app_user(r->cli->config) < 0)
		return cc_finish_stdout(init_exit(r->init, cc_die_engine()));
	if (cc_check_run(&res, &r->cli->cfg) < 0)
		return cc_finish_stdout(init_exit(r->init, cc_die_engine()));
	/* the metrics first: status.json is the last thing written, as in the watcher */
	if (r->metrics && *r->metrics && cc_metrics_write(r->metrics, &res, NULL) < 0)
		cc_result_warn(&res, cc_asprintf("%s", cc_error_last()));
	doc = cc_status_build(&res, NULL);
	if (!res.state_refused && cc_status_save(doc, res.state_fd, res.state_dir) < 0)
		cc_result_warn(&res,
			       cc_asprintf("cannot write the status file: %s", cc_error_last()));
	for (i = 0; i < res.nwarnings; i++)
		cc_warn(res.warnings[i]);
	if (r->json) {
		text = cc_status_dump(doc);
		fputs(text, stdout);
	} else if (r->lsio && !r->quiet) {
		print_lsio(&res);
	} else if (!r->quiet) {
		cc_notice_build(&notice, &res);
		fputs(cc_buf_str(&notice), stdout);
	}
	code = init_exit(r->init, res.need_look ? CC_EXIT_LOOK : CC_EXIT_OK);
	free(text);
	json_decref(doc);
	cc_buf_release(&notice);
	cc_result_release(&res);
	return cc_finish_stdout(code);
}

static const char *signal_name(int sig)
{
	const char *s = strsignal(sig);

	return s ? s : "unknown signal";
}

/* The init's check, in a child within the time budget: a state dir that
 * crashes it or makes it hang must neither stop the container nor do so
 * again at the next start. After a crash it runs once more with the state
 * history set aside (moved away when it can be written, else not read).
 * This process stays root and opens nothing; each child becomes the app
 * user before it opens anything, and the app user cannot signal root. */
static int run_init(struct run *r, long budget_ms)
{
	struct cc_child child;
	long left = budget_ms;
	char *msg;
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		r->cli->cfg.deadline_ms = left > 0 ? cc_clock_ms() + left * 3 / 4 : 0;
		if (cc_supervise(&child, run_check, r, left) < 0)
			return init_exit(r->init, cc_die_engine());
		if (child.end == CC_CHILD_EXITED)
			return child.code;
		if (child.end == CC_CHILD_TIMEOUT) {
			msg =
			    cc_asprintf("the check did not finish within %ld s (CONFCHECK_TIMEOUT) "
					"and was stopped; no verdicts at this start",
					(budget_ms + 999) / 1000);
			cc_warn(msg);
			free(msg);
			return init_exit(r->init, CC_EXIT_ERROR);
		}
		msg = cc_asprintf("the check was ended by signal %d (%s)%s", child.code,
				  signal_name(child.code),
				  attempt ? "; no verdicts at this start"
					  : "; checking again with the template history set aside");
		cc_warn(msg);
		free(msg);
		r->cli->cfg.set_aside_history = 1;
		if (budget_ms && (left = budget_ms - child.elapsed_ms) <= 0)
			left = 1;
	}
	return init_exit(r->init, CC_EXIT_ERROR);
}

/* It finishes the shared options itself: with --init the supervisor keeps
 * root's ids, and a failure does not stop the container. */
int cmd_check(struct cc_run *cr)
{
	struct run r;
	const char *v;
	long budget = CC_INIT_BUDGET_MS;

	memset(&r, 0, sizeof(r));
	r.cli = &cr->cli;
	r.metrics = cc_cli_value(cr, CHECK_METRICS, getenv("CONFCHECK_METRICS"));
	r.json = cr->opt[CHECK_JSON].n > 0;
	r.init = cr->opt[CHECK_INIT].n > 0;
	r.quiet = cr->opt[CHECK_QUIET].n > 0;
	r.lsio = !strcmp(cc_cli_value(cr, CHECK_FORMAT, "notice"), "lsio");
	cr->cli.keep_ids = r.init;
	if (cc_cli_finish(&cr->cli) < 0)
		return init_exit(r.init, cc_die_engine());
	if ((v = getenv("CONFCHECK_TIMEOUT")) && *v && cc_cli_seconds(v, &budget) < 0)
		return init_exit(r.init, cc_die("CONFCHECK_TIMEOUT wants seconds, not '%s'", v));
	return r.init ? run_init(&r, budget) : run_check(&r);
}
