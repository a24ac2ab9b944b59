/* target.h - one user file and its three versions, for diff, merge and ack.
 *
 * Resolves a FILE argument inside the config root, reads the user's file
 * (through the same confined lookup as the check), the shipped template
 * and, when it can be found, the baseline.
 */
#ifndef CC_TARGET_H
#define CC_TARGET_H

#include "util/buf.h"
#include "engine/check.h"
#include "engine/verdict.h"

struct cc_target {
	char *path;		     /* user path relative to the config root */
	const struct cc_template *t; /* the shipped template */
	struct cc_buf user, tmpl, base;
	struct cc_userfile u;		 /* views into user */
	const struct cc_version *base_v; /* NULL when the baseline is unknown */
	int method;			 /* enum cc_method */
	enum cc_verdict state;		 /* the verdict, as the check would give it */
};

/* Resolves a FILE argument (relative, or absolute through the config root or a symlink to
 * it) to a path relative to the config root. The caller frees. Returns NULL with a
 * message when it lies outside. */
char *cc_target_user_path(const char *config_root, const char *arg);

/* Opens the target named by arg in ctx. Returns 0, or -1 with a message:
 * outside the config root, no such file, not a regular file, no template. */
int cc_target_open(struct cc_target *tg, struct cc_context *ctx, const char *arg);
void cc_target_release(struct cc_target *tg);

#endif
