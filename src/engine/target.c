/* target.c - resolve and read one user file with its template and baseline. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "engine/scan.h"
#include "engine/target.h"

char *cc_target_user_path(const char *config_root, const char *arg)
{
	char *root = cc_path_canonical(config_root), *rel = NULL, *dir, *canon, *slash;
	size_t n;

	if (!root) {
		cc_error_errno(errno, "cannot open config root '%s'", config_root);
		return NULL;
	}
	n = strlen(root);
	if (arg[0] != '/') {
		rel = cc_strdup(arg);
	} else if (!strncmp(arg, root, n) && arg[n] == '/') {
		rel = cc_strdup(arg + n + 1);
	} else {
		/* an absolute path through a symlink to the root: compare its directory */
		dir = cc_strdup(arg);
		slash = strrchr(dir, '/');
		*slash = '\0';
		canon = cc_path_canonical(*dir ? dir : "/");
		if (canon && !strncmp(canon, root, n) && (canon[n] == '/' || canon[n] == '\0'))
			rel = canon[n] ? cc_asprintf("%s/%s", canon + n + 1, slash + 1)
				       : cc_strdup(slash + 1);
		free(canon);
		free(dir);
	}
	if (!rel || !*rel || !strcmp(rel, "..") || !strncmp(rel, "../", 3) || strstr(rel, "/../") ||
	    (strlen(rel) >= 3 && !strcmp(rel + strlen(rel) - 3, "/.."))) {
		cc_error_set("'%s' is not inside the config root '%s'", arg, root);
		free(rel);
		rel = NULL;
	}
	while (rel && !strncmp(rel, "./", 2))
		memmove(rel, rel + 2, strlen(rel + 2) + 1);
	free(root);
	return rel;
}

int cc_target_open(struct cc_target *tg, struct cc_context *ctx, const char *arg)
{
	const struct cc_vlist *vl;
	struct cc_filemem mem, *known;
	char *reason = NULL, *tpath;
	enum cc_lookup l;

	memset(tg, 0, sizeof(*tg));
	tg->path = cc_target_user_path(ctx->config.path, arg);
	if (!tg->path)
		return -1;
	l = cc_root_read(&ctx->config, tg->path, &tg->user, &reason);
	if (l == CC_LOOKUP_MISSING)
		return cc_error_set("'%s' does not exist in the config root '%s'", tg->path,
				    ctx->config.path);
	if (l == CC_LOOKUP_ERROR) {
		cc_error_set("cannot read '%s': %s", tg->path, reason);
		free(reason);
		return -1;
	}
	tg->t = cc_tset_find_user(&ctx->tset, tg->path);
	if (!tg->t) {
		tpath = cc_user_template_path(tg->path);
		if (cc_map_get(&ctx->tset.not_users, tg->path))
			cc_error_set("'%s' is not yours: a map says the image keeps it", tg->path);
		else if (cc_histories_versions(&ctx->hs, tpath))
			cc_error_set("'%s' has no template any more: the image dropped it",
				     tg->path);
		else
			cc_error_set("'%s' has no template: no '%s' under the template roots, "
				     "and no map line names it",
				     tg->path, tpath);
		free(tpath);
		return -1;
	}
	if (cc_tset_read(&ctx->tset, (size_t)(tg->t - ctx->tset.t), &tg->tmpl) < 0)
		return -1;
	tg->u.data = tg->user.data ? tg->user.data : "";
	tg->u.len = tg->user.len;
	tg->u.raw = cc_hash_bytes(tg->u.data, tg->u.len);
	cc_header_parse(&tg->u.hdr, tg->u.data, tg->u.len);
	/* infer on a copy: looking at a file never changes what is remembered */
	known = cc_map_get(&ctx->state.files, tg->path);
	memset(&mem, 0, sizeof(mem));
	if (known)
		mem = *known;
	else
		mem.first_seen =
		    ctx->hist[0].nsets ? ctx->hist[0].sets[ctx->hist[0].nsets - 1].seq + 1 : 1;
	mem.path = NULL;
	vl = cc_histories_versions(&ctx->hs, tg->t->key);
	tg->base_v = cc_baseline_infer(&ctx->hs, vl, &tg->u, &mem, &tg->method);
	tg->state = cc_verdict_decide(tg->u.raw, tg->t->raw, tg->base_v != NULL,
				      tg->base_v ? tg->base_v->raw : 0);
	if (tg->state == CC_CURRENT)
		return 0;
	if (tg->base_v && cc_histories_read(&ctx->hs, tg->base_v, &tg->base) < 0)
		return -1;
	return 0;
}

void cc_target_release(struct cc_target *tg)
{
	if (!tg)
		return;
	free(tg->path);
	cc_buf_release(&tg->user);
	cc_buf_release(&tg->tmpl);
	cc_buf_release(&tg->base);
	memset(tg, 0, sizeof(*tg));
}
