/* cmd_diff.c - `confcheck diff FILE [--upstream|--mine]`: a unified diff through libgit2. */
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "error.h"
#include "history.h"
#include "target.h"

static const char usage[] = "FILE [--upstream|--mine] [--templates DIR]... [--config DIR] "
			    "[--state DIR]";

struct printer {
	int colour;
};

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		      const git_diff_line *line, void *payload)
{
	const struct printer *p = payload;
	const char *on = "";

	(void)delta;
	(void)hunk;
	if (p->colour) {
		switch (line->origin) {
		case GIT_DIFF_LINE_ADDITION:
			on = "\033[32m";
			break;
		case GIT_DIFF_LINE_DELETION:
			on = "\033[31m";
			break;
		case GIT_DIFF_LINE_FILE_HDR:
			on = "\033[1m";
			break;
		case GIT_DIFF_LINE_HUNK_HDR:
			on = "\033[36m";
			break;
		default:
			break;
		}
	}
	fputs(on, stdout);
	if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		putchar(line->origin);
	fwrite(line->content, 1, line->content_len, stdout);
	if (*on)
		fputs("\033[m", stdout);
	return 0;
}

/* Prints the diff of old -> new; returns 1 when they differ, 0 when equal, -1 on error. */
static int show(const struct cc_buf *old, const char *old_prefix, const struct cc_buf *new,
		const char *new_prefix, const char *old_path, const char *new_path)
{
	git_diff_options opts;
	git_patch *patch = NULL;
	struct printer p = {cc_use_colour(stdout)};
	int ret;

	cc_git_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.old_prefix = old_prefix;
	opts.new_prefix = new_prefix;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(&patch, old->data ? old->data : "", old->len, old_path,
				   new->data ? new->data : "", new->len, new_path, &opts) < 0) {
		const git_error *e = git_error_last();

		return cc_error_set("cannot diff: %s", e && e->message ? e->message : "git error");
	}
	ret = git_patch_num_hunks(patch) > 0;
	git_patch_print(patch, print_line, &p);
	git_patch_free(patch);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		CC_COMMON_OPTIONS,
		{"upstream", no_argument, NULL, 'u'},
		{"mine", no_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	struct cc_cli cli;
	struct cc_context ctx;
	struct cc_target tg;
	int c, mode = 0, code = CC_EXIT_ERROR, r;

	memset(&cli, 0, sizeof(cli));
	memset(&ctx, 0, sizeof(ctx));
	memset(&tg, 0, sizeof(tg));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cc_cli_option(&cli, c, optarg))
			continue;
		if ((c != 'u' && c != 'm') || (mode && mode != c))
			goto usage;
		mode = c;
	}
	if (optind != argc - 1)
		goto usage;
	if (cc_cli_finish(&cli) < 0 || cc_context_open(&ctx, &cli.cfg, 0) < 0 ||
	    cc_target_open(&tg, &ctx, argv[optind]) < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (mode && !tg.base_v && tg.state != CC_CURRENT) {
		code = cc_die("the baseline of '%s' is unknown (no recorded template version "
			      "matches it): 'confcheck diff %s' compares it with the template",
			      tg.path, tg.path);
		goto done;
	}
	if (mode == 'u')
		r = show(tg.state == CC_CURRENT ? &tg.tmpl : &tg.base, "baseline/", &tg.tmpl,
			 "template/", tg.t->path, tg.t->path);
	else if (mode == 'm')
		r = show(tg.state == CC_CURRENT ? &tg.tmpl : &tg.base, "baseline/", &tg.user,
			 "yours/", tg.t->path, tg.path);
	else
		r = show(&tg.user, "yours/", &tg.tmpl, "template/", tg.path, tg.t->path);
	code = r < 0 ? cc_die_engine() : r ? CC_EXIT_LOOK : CC_EXIT_OK;
	goto done;
usage:
	code = cc_usage("diff", usage);
done:
	cc_target_release(&tg);
	cc_context_release(&ctx);
	cc_cli_release(&cli);
	return code;
}
