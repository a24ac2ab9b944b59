/* cmd_merge.c - `confcheck merge FILE`: a 3-way merge proposal on stdout, never written. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "engine/merge.h"
#include "engine/target.h"

int cmd_merge(struct cc_run *run)
{
	const struct cc_target *tg = &run->tg;
	struct cc_buf out = CC_BUF_INIT;
	char bdate[11], tdate[11], *blabel = NULL, *tlabel = NULL;
	int code = CC_EXIT_ERROR, clean;

	if (tg->state == CC_CURRENT) {
		fwrite(tg->user.data, 1, tg->user.len, stdout);
		code = CC_EXIT_OK;
		goto done;
	}
	if (!tg->base_v) {
		code = cc_die("cannot merge '%s': its baseline is unknown (no recorded template "
			      "version matches it); compare by hand with 'confcheck diff %s'",
			      tg->path, tg->path);
		goto done;
	}
	cc_date_format(bdate, tg->base_v->date);
	cc_date_format(tdate, tg->t->date);
	blabel = cc_asprintf("baseline %s", bdate);
	tlabel = cc_asprintf("template %s", tdate);
	clean = cc_merge3(&out, tg->base.data, tg->base.len, tg->user.data, tg->user.len,
			  tg->tmpl.data, tg->tmpl.len, blabel, "yours", tlabel);
	if (clean < 0) {
		code = cc_die_engine();
		goto done;
	}
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	if (!clean)
		cc_say("'%s' has conflicting changes: resolve the <<<<<<< markers before using the "
		       "result",
		       tg->path);
	code = clean ? CC_EXIT_OK : CC_EXIT_LOOK;
done:
	free(blabel);
	free(tlabel);
	cc_buf_release(&out);
	return code;
}
