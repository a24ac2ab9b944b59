/* cmd_diff.c - `confcheck diff FILE [--upstream|--mine]`: a unified diff through libgit2. */
#include "cmd/cli.h"
#include "engine/diff.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "engine/target.h"

enum { DIFF_UPSTREAM, DIFF_MINE };

const struct cc_option cmd_diff_opts[] = {
    [DIFF_UPSTREAM] = {"upstream", no_argument, NULL, 0},
    [DIFF_MINE] = {"mine", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* One side at a time: --upstream and --mine together are a usage error. */
int cmd_diff_validate(struct cc_run *r)
{
	return r->opt[DIFF_UPSTREAM].n && r->opt[DIFF_MINE].n ? -1 : 0;
}

int cmd_diff(struct cc_run *run)
{
	struct cc_target *tg = &run->tg;
	int r, colour = cc_use_colour(stdout);
	int mode = run->opt[DIFF_UPSTREAM].n ? 'u' : run->opt[DIFF_MINE].n ? 'm' : 0;

	if (mode && !tg->base_v && tg->state != CC_CURRENT)
		return cc_die("the baseline of '%s' is unknown (no recorded template version "
			      "matches it): 'confcheck diff %s' compares it with the template",
			      tg->path, tg->path);
	if (mode == 'u')
		r = cc_diff_print(stdout, colour, tg->state == CC_CURRENT ? &tg->tmpl : &tg->base,
				  "baseline/", &tg->tmpl, "template/", tg->t->path, tg->t->path);
	else if (mode == 'm')
		r = cc_diff_print(stdout, colour, tg->state == CC_CURRENT ? &tg->tmpl : &tg->base,
				  "baseline/", &tg->user, "yours/", tg->t->path, tg->path);
	else
		r = cc_diff_print(stdout, colour, &tg->user, "yours/", &tg->tmpl, "template/",
				  tg->path, tg->t->path);
	return r < 0 ? cc_die_engine() : r ? CC_EXIT_LOOK : CC_EXIT_OK;
}
