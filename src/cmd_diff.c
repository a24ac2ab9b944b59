/* cmd_diff.c - `confcheck diff FILE [--upstream|--mine]`: a unified diff through libgit2. */
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "commands.h"
#include "error.h"
#include "target.h"

static const char usage[] = "FILE [--upstream|--mine] [--templates DIR]... [--config DIR] "
			    "[--state DIR]";

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
	int c, mode = 0, code = CC_EXIT_ERROR, r, colour = cc_use_colour(stdout);

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
	if (cc_cli_finish(&cli) < 0 || cc_cli_context_open(&ctx, &cli.cfg, 0) < 0 ||
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
		r = cc_diff_print(stdout, colour, tg.state == CC_CURRENT ? &tg.tmpl : &tg.base,
				  "baseline/", &tg.tmpl, "template/", tg.t->path, tg.t->path);
	else if (mode == 'm')
		r = cc_diff_print(stdout, colour, tg.state == CC_CURRENT ? &tg.tmpl : &tg.base,
				  "baseline/", &tg.user, "yours/", tg.t->path, tg.path);
	else
		r = cc_diff_print(stdout, colour, &tg.user, "yours/", &tg.tmpl, "template/", tg.path,
				  tg.t->path);
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
