/* cmd_ack.c - `confcheck ack FILE`: accept a customisation until either side changes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/escape.h"
#include "output/status.h"
#include "engine/target.h"

enum { ACK_UNDO, ACK_LIST };

const struct cc_option cmd_ack_opts[] = {
    [ACK_UNDO] = {"undo", no_argument, NULL, 0},
    [ACK_LIST] = {"list", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* One mode, given once: --list takes no FILE, and only reads the state. */
int cmd_ack_validate(struct cc_run *r)
{
	int listing = r->opt[ACK_LIST].n > 0;

	if (r->opt[ACK_UNDO].n + r->opt[ACK_LIST].n > 1 || r->nargs != (listing ? 0 : 1))
		return -1;
	r->lock = !listing;
	return 0;
}

/* Prints every ack and whether it still holds for the files as they are. */
static int list(struct cc_context *ctx)
{
	struct cc_target tg;
	char when[32], *esc;
	size_t i;
	time_t t;
	const char *now;

	for (i = 0; i < ctx->state.nacks; i++) {
		const struct cc_ack *a = &ctx->state.acks[i];

		if (cc_target_open(&tg, ctx, a->path) < 0)
			now = "stale: the file or its template is gone";
		else if (tg.u.raw == a->u && tg.t->raw == a->t)
			now = "in force";
		else
			now = tg.t->raw != a->t ? "stale: the template changed since"
						: "stale: your file changed since";
		cc_target_release(&tg);
		t = (time_t)a->time;
		strftime(when, sizeof(when), "%Y-%m-%d", gmtime(&t));
		esc = cc_escape_log_str(a->path);
		printf("%s  acknowledged %s  %s\n", esc, when, now);
		free(esc);
	}
	return CC_EXIT_OK;
}

static int undo(struct cc_context *ctx, const char *arg)
{
	char *path = cc_target_user_path(ctx->config.path, arg);
	struct cc_ack a;
	int code;

	if (!path)
		return cc_die_engine();
	if (!cc_state_ack_find(&ctx->state, path)) {
		code = cc_die("'%s' is not acknowledged", path);
		goto done;
	}
	a = *cc_state_ack_find(&ctx->state, path);
	cc_state_ack_remove(&ctx->state, path);
	if (cc_state_save_acks(&ctx->state) < 0 ||
	    cc_status_set_ack(ctx->state.fd, ctx->state_dir, path, a.u, a.t, 0) < 0) {
		code = cc_die_engine();
		goto done;
	}
	printf("'%s' is no longer acknowledged\n", path);
	code = CC_EXIT_OK;
done:
	free(path);
	return code;
}

static int ack(struct cc_context *ctx, const char *arg)
{
	struct cc_target tg;
	int code;

	if (cc_target_open(&tg, ctx, arg) < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (tg.state == CC_CURRENT) {
		code = cc_die("nothing to acknowledge: '%s' is the same as its template", tg.path);
		goto done;
	}
	cc_state_ack_set(&ctx->state, tg.path, tg.u.raw, tg.t->raw);
	if (cc_state_save_acks(&ctx->state) < 0 ||
	    cc_status_set_ack(ctx->state.fd, ctx->state_dir, tg.path, tg.u.raw, tg.t->raw, 1) < 0) {
		code = cc_die_engine();
		goto done;
	}
	printf("acknowledged '%s' (%s) until the template or your file changes\n", tg.path,
	       cc_verdict_name(tg.state));
	code = CC_EXIT_OK;
done:
	cc_target_release(&tg);
	return code;
}

int cmd_ack(struct cc_run *r)
{
	if (r->opt[ACK_LIST].n)
		return list(&r->ctx);
	return r->opt[ACK_UNDO].n ? undo(&r->ctx, r->args[0]) : ack(&r->ctx, r->args[0]);
}
