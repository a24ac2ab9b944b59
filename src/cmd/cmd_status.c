/* cmd_status.c - `confcheck status`: the last verdicts, without rescanning. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/header.h"
#include "output/notice.h"
#include "output/status.h"

enum { STATUS_JSON, STATUS_ALL };

const struct cc_option cmd_status_opts[] = {
    [STATUS_JSON] = {"json", no_argument, NULL, 0},
    [STATUS_ALL] = {"all", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

static const char *colour_of(enum cc_verdict state)
{
	static const char *const colours[CC_NVERDICTS] = {
	    [CC_CURRENT] = "\033[32m",	[CC_CUSTOMIZED] = "\033[36m", [CC_OUTDATED] = "\033[33m",
	    [CC_CONFLICT] = "\033[31m", [CC_UNVERIFIED] = "\033[35m", [CC_ORPHANED] = "\033[34m",
	    [CC_ERROR] = "\033[1;31m",
	};

	return colours[state];
}

static void flags_text(struct cc_buf *b, int flags)
{
	int f;

	for (f = 1; f <= CC_FLAG_ACKNOWLEDGED; f <<= 1)
		if (flags & f)
			cc_buf_addf(b, "%s%s", b->len ? "," : " [", cc_flag_name(f));
	if (b->len)
		cc_buf_addc(b, ']');
}

/* The notice's lines as a table: the entries it lists (all of them with
 * --all) and, without --all, the groups it counts them in. */
static void print_table(const struct cc_result *res, int all)
{
	struct cc_notice_group groups[CC_NOTICE_MAX_GROUPS];
	size_t i, wpath = 4, n = 0, ngroups = all ? 0 : cc_notice_groups(groups, res);
	int colour = cc_use_colour(stdout);
	struct cc_buf flags = CC_BUF_INIT, next = CC_BUF_INIT;
	char *path, base[11], tpl[11];

	for (i = 0; i < res->nentries; i++) {
		if (!all && !cc_entry_listed(&res->entries[i]))
			continue;
		path = cc_escape_log_str(res->entries[i].path);
		if (strlen(path) > wpath)
			wpath = strlen(path);
		free(path);
		n++;
	}
	if (wpath > 60)
		wpath = 60;
	if (n || ngroups)
		printf("%s%-10s  %-*s  %-10s    %-10s  %s%s\n", colour ? "\033[1m" : "", "STATE",
		       (int)wpath, "PATH", "BASELINE", "TEMPLATE", "NEXT", colour ? "\033[m" : "");
	for (i = 0; i < res->nentries; i++) {
		const struct cc_entry *e = &res->entries[i];

		if (!all && !cc_entry_listed(e))
			continue;
		path = cc_escape_log_str(e->path);
		cc_date_format(base, e->baseline_date);
		cc_date_format(tpl, e->template_date);
		cc_buf_reset(&next);
		cc_notice_advice(&next, e);
		cc_buf_reset(&flags);
		flags_text(&flags, e->flags);
		printf("%s%-10s%s  %-*s  %-10s -> %-10s  %s%s\n", colour ? colour_of(e->state) : "",
		       cc_verdict_name(e->state), colour ? "\033[m" : "", (int)wpath, path, base,
		       tpl, cc_buf_str(&next), cc_buf_str(&flags));
		free(path);
	}
	for (i = 0; i < ngroups; i++)
		printf("%s%-10s%s  %zu %s\n", colour ? colour_of(groups[i].state) : "",
		       cc_verdict_name(groups[i].state), colour ? "\033[m" : "", groups[i].n,
		       groups[i].what);
	cc_buf_release(&flags);
	cc_buf_release(&next);
}

static void print_summary(const struct cc_result *res, json_t *doc)
{
	json_t *watcher = json_object_get(doc, "watcher");
	const char *watch = json_string_value(json_object_get(doc, "watch")),
		   *reason = json_string_value(json_object_get(watcher, "reason"));
	struct cc_buf b = CC_BUF_INIT;
	char newest[11], when[CC_STATUS_TIME_LEN];

	cc_date_format(newest, res->newest);
	cc_status_time(when, res->generated_at);
	cc_buf_addf(&b, "%zu of %zu configs need a look; templates up to %s; checked %s\nsummary",
		    res->need_look, res->nentries, newest, when);
	cc_notice_counts(&b, res);
	cc_buf_addc(&b, '\n');
	if (watch) {
		cc_buf_adds(&b, "watch: ");
		cc_notice_text(&b, watch);
		if (reason) {
			cc_buf_adds(&b, " - ");
			cc_notice_text(&b, reason);
		}
		cc_buf_addc(&b, '\n');
	}
	fputs(cc_buf_str(&b), stdout);
	cc_buf_release(&b);
}

int cmd_status(struct cc_run *r)
{
	const struct cc_cli *cli = &r->cli;
	struct cc_result res;
	json_t *doc = NULL;
	char *dir = NULL, *text;
	int json = r->opt[STATUS_JSON].n > 0, all = r->opt[STATUS_ALL].n > 0, code = CC_EXIT_ERROR,
	    fd = -1;

	memset(&res, 0, sizeof(res));
	res.state_fd = -1;
	dir = cc_config_state_dir(&cli->cfg);
	fd = cc_config_state_open(&cli->cfg);
	if (fd < 0 || cc_status_load(&res, &doc, fd, dir) < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (json) {
		text = cc_status_dump(doc);
		fputs(text, stdout);
		free(text);
	} else {
		print_table(&res, all);
		print_summary(&res, doc);
	}
	code = res.need_look ? CC_EXIT_LOOK : CC_EXIT_OK;
done:
	cc_result_release(&res);
	json_decref(doc);
	if (fd >= 0)
		close(fd);
	free(dir);
	return code;
}
