/* check.c - the check: the engine's orchestration of scan, history and verdicts. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "engine/check.h"
#include "util/error.h"
#include "util/fs.h"
#include "engine/merge.h"

/* What a check works with; the watcher keeps one open between events. */
struct cc_session {
	const struct cc_config *cfg;
	struct cc_result storage;
	struct cc_result *res;
	struct cc_context ctx;
	int writable; /* the state dir can be written */
	int seq;      /* the state history's seq of the current set */
	char *skip;   /* the state dir relative to the config root, with '/', or NULL */
	struct cc_buf ubuf;
	struct cc_map by_user; /* user path -> index + 1 of its shipped template */
	int merge_warned;      /* a version could not be read to try a merge: said once */
};

void cc_result_warn(struct cc_result *res, char *msg)
{
	CC_GROW(res->warnings, res->warnings_alloc, res->nwarnings + 1);
	res->warnings[res->nwarnings++] = msg;
}

static void ctx_warn(struct cc_context *ctx, char *msg)
{
	CC_GROW(ctx->warnings, ctx->warnings_alloc, ctx->nwarnings + 1);
	ctx->warnings[ctx->nwarnings++] = msg;
}

static void ctx_take(struct cc_context *ctx, char **msg)
{
	if (*msg) {
		ctx_warn(ctx, *msg);
		*msg = NULL;
	}
}

/* The context's warnings so far become the result's, in their order. */
static void take_warnings(struct cc_result *res, struct cc_context *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nwarnings; i++)
		cc_result_warn(res, ctx->warnings[i]);
	ctx->nwarnings = 0;
}

int cc_entry_listed(const struct cc_entry *e)
{
	return cc_verdict_needs_look(e->state) &&
	       !(e->flags & (CC_FLAG_COSMETIC | CC_FLAG_ACKNOWLEDGED));
}

long cc_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *cc_config_state_dir(const struct cc_config *cfg)
{
	if (cfg->state_dir && *cfg->state_dir)
		return cc_strdup(cfg->state_dir);
	return cc_path_join(cfg->config_root, ".confcheck");
}

int cc_config_state_open(const struct cc_config *cfg)
{
	char *dir = cc_config_state_dir(cfg);
	int fd, root;

	if (cfg->state_dir && *cfg->state_dir) {
		fd = cc_dir_open(dir, 0, "state dir");
	} else {
		root = open(cfg->config_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		fd = root < 0
			 ? cc_error_errno(errno, "cannot open config root '%s'", cfg->config_root)
			 : cc_dir_openat(root, CC_STATE_DEFAULT, 0, "state dir", dir);
		if (root >= 0)
			close(root);
	}
	if (fd < 0 && errno == ENOENT)
		cc_error_set("no status yet in '%s': run 'confcheck check' first", dir);
	free(dir);
	return fd;
}

static struct cc_entry *new_entry(struct cc_result *res, const char *path, const char *tpath)
{
	struct cc_entry *e;

	CC_GROW(res->entries, res->entries_alloc, res->nentries + 1);
	e = &res->entries[res->nentries++];
	memset(e, 0, sizeof(*e));
	e->path = cc_strdup(path);
	e->template_path = cc_strdup(tpath);
	e->merge = -1;
	return e;
}

static int read_template(void *ctx, size_t i, struct cc_buf *out)
{
	return cc_tset_read(ctx, i, out);
}

/* Records the shipped set in the state history unless it is there already. */
static void record_set(struct cc_session *r)
{
	struct cc_history *h = &r->ctx.hist[0];
	const struct cc_set *s = cc_history_find_set(h, r->ctx.tset.id);
	struct cc_record_file *files;
	size_t i;

	if (s) {
		r->seq = s->seq;
		return;
	}
	r->seq = h->nsets ? h->sets[h->nsets - 1].seq + 1 : 1;
	if (!r->writable)
		return;
	files = cc_calloc(r->ctx.tset.n, sizeof(*files));
	for (i = 0; i < r->ctx.tset.n; i++) {
		files[i].path = r->ctx.tset.t[i].key;
		files[i].raw = r->ctx.tset.t[i].raw;
	}
	if (cc_history_record(h, &r->seq, r->ctx.tset.id, files, r->ctx.tset.n, read_template,
			      &r->ctx.tset, r->cfg->label, 0) < 0)
		cc_result_warn(r->res,
			       cc_asprintf("cannot record the template set: %s", cc_error_last()));
	if (h->warning) {
		cc_result_warn(r->res, h->warning);
		h->warning = NULL;
	}
	free(files);
}

/* The norm and nohdr hashes of the shipped template t, from history or from disk. */
static int template_views(struct cc_session *r, const struct cc_template *t,
			  const struct cc_vlist *vl, cc_hash *norm, cc_hash *nohdr)
{
	const struct cc_version *known = cc_vlist_find(vl, t->raw);
	struct cc_version v;
	struct cc_buf b = CC_BUF_INIT;

	if (known) {
		*norm = known->norm;
		*nohdr = known->nohdr;
		return 0;
	}
	if (cc_tset_read(&r->ctx.tset, (size_t)(t - r->ctx.tset.t), &b) < 0) {
		cc_buf_release(&b);
		return -1;
	}
	cc_version_fill(&v, b.data, b.len);
	*norm = v.norm;
	*nohdr = v.nohdr;
	cc_buf_release(&b);
	return 0;
}

static void set_flags(struct cc_session *r, struct cc_entry *e, const struct cc_template *t,
		      const struct cc_vlist *vl, const struct cc_userfile *u)
{
	struct cc_ack *a = cc_state_ack_find(&r->ctx.state, e->path);
	cc_hash tnorm, tnohdr;

	if (a && a->u == u->raw && a->t == t->raw)
		e->flags |= CC_FLAG_ACKNOWLEDGED;
	if (u->raw == t->raw || template_views(r, t, vl, &tnorm, &tnohdr) < 0)
		return;
	if (cc_hash_norm(u->data, u->len) == tnorm)
		e->flags |= CC_FLAG_COSMETIC;
	if (cc_hash_nohdr(u->data, u->len, u->hdr.start, u->hdr.end) == tnohdr)
		e->flags |= CC_FLAG_HEADER_ONLY | CC_FLAG_COSMETIC;
}

/* Whether the 3-way merge of a conflict is clean, remembered by content. */
static void merge_check(struct cc_session *r, struct cc_entry *e, const struct cc_template *t,
			const struct cc_version *base, const struct cc_userfile *u)
{
	struct cc_buf b = CC_BUF_INIT, tb = CC_BUF_INIT;
	int clean = cc_state_merge_get(&r->ctx.state, u->raw, base->raw, t->raw);

	if (clean < 0) {
		if (cc_histories_read(&r->ctx.hs, base, &b) < 0) {
			/* a damaged history says so here, once, with what happens next */
			if (!r->merge_warned)
				cc_result_warn(r->res,
					       cc_asprintf("cannot tell whether conflicts merge "
							   "cleanly: %s",
							   cc_error_last()));
			r->merge_warned = 1;
		} else if (cc_tset_read(&r->ctx.tset, (size_t)(t - r->ctx.tset.t), &tb) == 0) {
			clean = cc_merge_is_clean(b.data, b.len, u->data, u->len, tb.data, tb.len);
			if (clean >= 0)
				cc_state_merge_put(&r->ctx.state, u->raw, base->raw, t->raw, clean);
		}
	}
	e->merge = clean;
	cc_buf_release(&b);
	cc_buf_release(&tb);
}

/* The date of a version with no version header: when its history first
 * holds it (a file a map names rarely has a header). */
static int version_day(const struct cc_session *r, const struct cc_version *v, int date)
{
	return date || !v ? date : cc_histories_version_day(&r->ctx.hs, v);
}

/* Dates for an entry whose files have no version header, from the history. */
static void headerless_dates(const struct cc_session *r, struct cc_entry *e,
			     const struct cc_vlist *vl)
{
	e->template_date = version_day(r, cc_vlist_find(vl, e->template_hash), e->template_date);
	if (e->has_base)
		e->baseline_date =
		    version_day(r, cc_vlist_find(vl, e->base_hash), e->baseline_date);
	if (!e->user_date && e->has_base && e->user_hash == e->base_hash)
		e->user_date = e->baseline_date;
}

/* The newest template date when no template has a version header: the day
 * the newest of them was first recorded. */
static int newest_day(const struct cc_session *r)
{
	const struct cc_template *t;
	size_t i;
	int newest = 0, d;

	for (i = 0; i < r->ctx.tset.n; i++) {
		t = &r->ctx.tset.t[i];
		d = version_day(r, cc_vlist_find(cc_histories_versions(&r->ctx.hs, t->key), t->raw),
				0);
		if (d > newest)
			newest = d;
	}
	return newest;
}

/* Gives the verdict on the user file of template t, read into r->ubuf. */
static void judge(struct cc_session *r, struct cc_entry *e, const struct cc_template *t)
{
	const struct cc_vlist *vl = cc_histories_versions(&r->ctx.hs, t->key);
	struct cc_filemem *mem = cc_state_file(&r->ctx.state, t->user_path, r->seq);
	const struct cc_version *base;
	struct cc_userfile u;

	u.data = r->ubuf.data;
	u.len = r->ubuf.len;
	u.raw = cc_hash_bytes(u.data, u.len);
	cc_header_parse(&u.hdr, u.data, u.len);
	base = cc_baseline_infer(&r->ctx.hs, vl, &u, mem, &e->method);
	e->has_user = e->has_template = 1;
	e->user_hash = u.raw;
	e->user_date = u.hdr.date;
	e->findings = u.hdr.findings;
	e->template_hash = t->raw;
	e->template_date = t->date;
	if (base) {
		e->has_base = 1;
		e->base_hash = base->raw;
		e->baseline_date = base->date;
	}
	e->state = cc_verdict_decide(u.raw, t->raw, e->has_base, e->base_hash);
	if (e->state == CC_CURRENT) {
		/* converged: whatever it started from, its baseline is now T */
		mem->has_remembered = 1;
		mem->remembered = t->raw;
		e->has_base = 1;
		e->base_hash = t->raw;
		e->baseline_date = t->date;
	}
	headerless_dates(r, e, vl);
	set_flags(r, e, t, vl, &u);
	if (e->state == CC_CONFLICT)
		merge_check(r, e, t, base, &u);
}

/* Whether a user path lies inside the state dir (never a verdict). */
static int in_state_dir(const struct cc_session *r, const char *path)
{
	return r->skip && !strncmp(path, r->skip, strlen(r->skip));
}

static void check_template(struct cc_session *r, const struct cc_template *t)
{
	struct cc_entry *e;
	char *reason = NULL;
	enum cc_lookup l;

	if (in_state_dir(r, t->user_path))
		return;
	l = cc_root_read(&r->ctx.config, t->user_path, &r->ubuf, &reason);
	if (l == CC_LOOKUP_MISSING) {
		r->res->unused++;
		return;
	}
	e = new_entry(r->res, t->user_path, t->path);
	if (l == CC_LOOKUP_ERROR) {
		e->state = CC_ERROR;
		e->reason = reason;
		e->has_template = 1;
		e->template_hash = t->raw;
		e->template_date = t->date;
		cc_state_file(&r->ctx.state, t->user_path, r->seq);
		return;
	}
	judge(r, e, t);
}

/* The user path of a history key whose template is not shipped any more,
 * or NULL when it is no verdict. */
static char *orphan_user(const struct cc_session *r, const char *key)
{
	char *user = cc_template_user_path(key);

	if (user && (cc_map_get(&r->by_user, user) || cc_map_get(&r->ctx.tset.not_users, user) ||
		     in_state_dir(r, user))) {
		free(user);
		return NULL;
	}
	return user;
}

/* The user file of a template recorded once but not shipped any more. */
static void check_orphan(struct cc_session *r, const char *key, const struct cc_vlist *vl)
{
	struct cc_entry *e;
	struct cc_header hdr;
	char *user, *reason = NULL;
	enum cc_lookup l;

	user = orphan_user(r, key);
	if (!user)
		return;
	l = cc_root_read(&r->ctx.config, user, &r->ubuf, &reason);
	if (l != CC_LOOKUP_MISSING) {
		e = new_entry(r->res, user, key);
		e->template_date = vl->v[vl->n - 1]->date;
		e->state = l == CC_LOOKUP_OK ? CC_ORPHANED : CC_ERROR;
		e->reason = reason;
		if (l == CC_LOOKUP_OK) {
			cc_header_parse(&hdr, r->ubuf.data, r->ubuf.len);
			e->has_user = 1;
			e->user_hash = cc_hash_bytes(r->ubuf.data, r->ubuf.len);
			e->user_date = hdr.date;
		}
		cc_state_file(&r->ctx.state, user, r->seq);
	}
	free(user);
}

static void check_orphans(struct cc_session *r)
{
	struct cc_map_slot *slot;
	size_t i = 0;

	while ((slot = cc_map_next(&r->ctx.hs.by_path, &i)))
		check_orphan(r, slot->key, slot->value);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cc_entry *)a)->path, ((const struct cc_entry *)b)->path);
}

void cc_result_summarise(struct cc_result *res)
{
	size_t i;

	memset(res->counts, 0, sizeof(res->counts));
	res->need_look = 0;
	if (res->nentries)
		qsort(res->entries, res->nentries, sizeof(*res->entries), entry_cmp);
	for (i = 0; i < res->nentries; i++) {
		res->counts[res->entries[i].state]++;
		if (cc_entry_listed(&res->entries[i]))
			res->need_look++;
	}
}

/* The state dir relative to the config root ("a/b/"), when it lies inside it. */
static char *state_rel(const char *config_root, const char *state_dir)
{
	char *canon = cc_path_canonical(state_dir), *rel = NULL;
	size_t n = strlen(config_root);

	if (canon && !strncmp(canon, config_root, n) && canon[n] == '/')
		rel = cc_asprintf("%s/", canon + n + 1);
	free(canon);
	return rel;
}

/* Opens the histories; the state history is list[0]. */
static void open_histories(struct cc_context *ctx, const struct cc_config *cfg, int writable)
{
	char *dir = cc_path_join(ctx->state_dir, CC_STATE_HISTORY);
	unsigned flags =
	    (writable ? 0 : CC_HIST_READONLY) | (cfg->set_aside_history ? CC_HIST_SET_ASIDE : 0);
	size_t i, n = 1;

	/* a state dir that is not ours is read by confcheck's own parsers, but
	 * never handed to libgit2, which looks paths up again as it goes */
	if (ctx->state.fd >= 0 && !ctx->state.ours)
		flags |= CC_HIST_NO_GIT;
	ctx->hist = cc_calloc(cfg->nhistories + 1, sizeof(*ctx->hist));
	if (cc_history_open_at(&ctx->hist[0], ctx->state.fd, CC_STATE_HISTORY, dir, flags) < 0) {
		cc_history_release(&ctx->hist[0]);
		ctx->hist[0].dir = cc_strdup(dir);
		ctx->hist[0].readonly = 1;
	}
	/* its index may be dropped when its git data is found damaged: not by a
	 * command that only looks */
	ctx->hist[0].own = !cfg->no_write && ctx->state.fd >= 0;
	ctx_take(ctx, &ctx->hist[0].warning);
	for (i = 0; i < cfg->nhistories; i++) {
		if (cc_history_open(&ctx->hist[n], cfg->histories[i], 1) < 0) {
			ctx_warn(ctx, cc_asprintf("%s", cc_error_last()));
			cc_history_release(&ctx->hist[n]);
			continue;
		}
		ctx_take(ctx, &ctx->hist[n].warning);
		n++;
	}
	ctx->hs.list = ctx->hist;
	ctx->hs.n = n;
	free(dir);
}

/* Opens the config root, the state dir and the template set. */
/* must_lock: a command that must write (ack) cannot go on without the lock; a check goes
 * on read-only, with a warning. */
static int open_roots(struct cc_context *ctx, const struct cc_config *cfg, int lock, int must_lock,
		      int *writable)
{
	struct cc_tcache cache;
	struct stat st;
	dev_t dev = 0;
	ino_t ino = 0;
	size_t i;
	int ret, named = cfg->state_dir && *cfg->state_dir;

	cc_context_init(ctx);
	ctx->state_dir = cc_config_state_dir(cfg);
	if (cc_root_open(&ctx->config, cfg->config_root, "config root") < 0)
		return -1;
	*writable = cc_state_open(&ctx->state, ctx->config.fd, ctx->state_dir, named, lock,
				  cfg->lock_ms > 0 ? cfg->lock_ms : CC_STATE_LOCK_MS) == 0 &&
		    lock;
	if (lock && !*writable) {
		if (must_lock)
			return -1;
		if (ctx->state.refused) {
			ctx_warn(ctx, cc_asprintf("%s: nothing is read or written there",
						  cc_error_last()));
			ctx->state_refused = 1;
		} else {
			ctx_warn(ctx, cc_asprintf("state dir not writable, nothing is "
						  "remembered: %s",
						  cc_error_last()));
			/* a state dir that is not ours gets no status either */
			ctx->state_refused = ctx->state.fd >= 0 && !ctx->state.ours;
		}
	}
	ctx_take(ctx, &ctx->state.warning);
	if (ctx->state.fd >= 0 && fstat(ctx->state.fd, &st) == 0) {
		dev = st.st_dev;
		ino = st.st_ino;
	}
	cc_tcache_load(&cache, ctx->state.fd, ctx->state_dir);
	ret = cc_tset_scan(&ctx->tset, cfg->template_roots, cfg->ntemplate_roots, cfg->maps,
			   cfg->nmaps, dev, ino, &cache);
	if (ret == 0 && *writable && cc_tcache_save(&cache, ctx->state.fd, ctx->state_dir) < 0)
		ctx_warn(ctx, cc_asprintf("%s", cc_error_last()));
	cc_tcache_release(&cache);
	for (i = 0; ret == 0 && i < ctx->tset.mapping.nw; i++)
		ctx_warn(ctx, cc_mapwarning_text(&ctx->tset.mapping.w[i]));
	for (i = 0; ret == 0 && i < ctx->tset.nwarnings; i++)
		ctx_take(ctx, &ctx->tset.warnings[i]);
	return ret;
}

int cc_context_open(struct cc_context *ctx, const struct cc_config *cfg, int lock)
{
	int writable;

	if (open_roots(ctx, cfg, lock, lock, &writable) < 0)
		return -1;
	if (lock && !writable)
		return -1;
	open_histories(ctx, cfg, 0);
	cc_histories_index(&ctx->hs);
	return 0;
}

void cc_context_init(struct cc_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->config.fd = ctx->config.cache_fd = -1;
	ctx->state.lock_fd = ctx->state.fd = -1;
}

void cc_context_release(struct cc_context *ctx)
{
	size_t i;

	if (!ctx)
		return;
	cc_histories_release(&ctx->hs);
	for (i = 0; ctx->hist && i < ctx->hs.n; i++)
		cc_history_release(&ctx->hist[i]);
	free(ctx->hist);
	cc_tset_release(&ctx->tset);
	cc_root_release(&ctx->config);
	cc_state_release(&ctx->state);
	free(ctx->state_dir);
	for (i = 0; i < ctx->nwarnings; i++)
		free(ctx->warnings[i]);
	free(ctx->warnings);
	cc_context_init(ctx);
}

/* The state history is empty or started again (it was corrupt): the sets
 * files were first seen with are gone, and seqs count anew. Left as they
 * were, old sightings would let nearest-content inference match a file to
 * the templates shipped now; every file counts as first seen now instead. */
static void forget_sightings(struct cc_session *r)
{
	struct cc_map_slot *slot;
	size_t i = 0;

	while ((slot = cc_map_next(&r->ctx.state.files, &i))) {
		struct cc_filemem *m = slot->value;

		m->first_seen = r->seq;
		m->has_cache = 0;
	}
}

int cc_session_open(struct cc_session **out, const struct cc_config *cfg)
{
	struct cc_session *r = cc_calloc(1, sizeof(*r));
	struct cc_result *res = &r->storage;
	git_oid first;
	size_t i, had_sets;

	*out = NULL;
	memset(&first, 0, sizeof(first));
	r->cfg = cfg;
	r->res = res;
	res->generated_at = (long long)time(NULL);
	if (open_roots(&r->ctx, cfg, !cfg->no_write, 0, &r->writable) < 0) {
		cc_session_close(r);
		return -1;
	}
	take_warnings(res, &r->ctx);
	res->state_refused = r->ctx.state_refused;
	res->config_root = cc_strdup(r->ctx.config.path);
	res->state_dir = cc_strdup(r->ctx.state_dir);
	res->state_fd = r->ctx.state.fd >= 0 ? fcntl(r->ctx.state.fd, F_DUPFD_CLOEXEC, 0) : -1;
	res->template_roots = cc_calloc(r->ctx.tset.nroots, sizeof(char *));
	for (i = 0; i < r->ctx.tset.nroots; i++)
		res->template_roots[i] = cc_strdup(r->ctx.tset.roots[i].path);
	res->ntemplate_roots = r->ctx.tset.nroots;
	res->set_id = r->ctx.tset.id;
	res->newest = r->ctx.tset.newest;
	res->label = cfg->label ? cc_strdup(cfg->label) : NULL;
	r->skip = state_rel(res->config_root, r->ctx.state_dir);
	for (i = 0; i < r->ctx.tset.n; i++)
		cc_map_put(&r->by_user, r->ctx.tset.t[i].user_path, (void *)(i + 1), NULL);
	open_histories(&r->ctx, cfg, r->writable);
	take_warnings(res, &r->ctx);
	had_sets = r->ctx.hist[0].nsets;
	if (had_sets)
		first = r->ctx.hist[0].sets[0].commit;
	record_set(r);
	if (!had_sets || !r->ctx.hist[0].nsets ||
	    !git_oid_equal(&first, &r->ctx.hist[0].sets[0].commit))
		forget_sightings(r);
	cc_histories_index(&r->ctx.hs);
	if (!res->newest)
		res->newest = newest_day(r);
	cc_state_unmark(&r->ctx.state);
	for (i = 0; i < r->ctx.tset.n; i++) {
		/* the init's time budget: what is judged by then is what it says */
		if (cfg->deadline_ms && !(i & 63) && cc_clock_ms() > cfg->deadline_ms) {
			cc_result_warn(res, cc_asprintf("the time budget ran out after %zu of %zu "
							"templates: the rest were not checked",
							i, r->ctx.tset.n));
			r->writable = 0; /* what was not judged must not be forgotten */
			break;
		}
		check_template(r, &r->ctx.tset.t[i]);
	}
	if (i == r->ctx.tset.n)
		check_orphans(r);
	cc_result_summarise(res);
	cc_session_save(r);
	*out = r;
	return 0;
}

struct cc_result *cc_session_result(struct cc_session *s)
{
	return s->res;
}

void cc_session_save(struct cc_session *s)
{
	int relock = s->writable && s->ctx.state.lock_fd < 0;

	if (!s->writable || (relock && cc_state_lock(&s->ctx.state, 0) < 0))
		return;
	if (cc_state_save(&s->ctx.state) < 0)
		cc_result_warn(s->res, cc_asprintf("%s", cc_error_last()));
	if (relock)
		cc_state_unlock(&s->ctx.state);
}

void cc_session_unlock(struct cc_session *s)
{
	cc_state_unlock(&s->ctx.state);
}

void cc_session_foreach_path(struct cc_session *s, void (*fn)(void *arg, const char *path),
			     void *arg)
{
	struct cc_map_slot *slot;
	const char *p;
	char *user;
	size_t i;

	for (i = 0; i < s->ctx.tset.n; i++) {
		p = s->ctx.tset.t[i].user_path;
		if (!in_state_dir(s, p))
			fn(arg, p);
	}
	i = 0;
	while ((slot = cc_map_next(&s->ctx.hs.by_path, &i))) {
		user = orphan_user(s, slot->key);
		if (user)
			fn(arg, user);
		free(user);
	}
}

struct cc_entry *cc_result_find(const struct cc_result *res, const char *path)
{
	size_t lo = 0, hi = res->nentries, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(res->entries[mid].path, path);
		if (!c)
			return &res->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void entry_free(struct cc_entry *e)
{
	free(e->path);
	free(e->template_path);
	free(e->reason);
}

int cc_session_refresh(struct cc_session *s, const char *path, int *before, int *after)
{
	struct cc_result *res = s->res;
	struct cc_entry *e = cc_result_find(res, path), *now;
	size_t t = (size_t)cc_map_get(&s->by_user, path);
	char *key = cc_user_template_path(path);
	const struct cc_vlist *vl = cc_histories_versions(&s->ctx.hs, key);
	int old_flags = e ? e->flags : 0, changed;

	*before = e ? (int)e->state : -1;
	cc_root_flush(&s->ctx.config); /* the tree changed since it was listed */
	if (!t && !vl) {
		free(key);
		*after = *before;
		return 0; /* not a file any template maps to */
	}
	if (e) {
		entry_free(e);
		*e = res->entries[--res->nentries];
	} else if (t) {
		res->unused--; /* it was counted as an unused template */
	}
	res->generated_at = (long long)time(NULL);
	if (t)
		check_template(s, &s->ctx.tset.t[t - 1]);
	else
		check_orphan(s, key, vl);
	cc_result_summarise(res);
	now = cc_result_find(res, path);
	*after = now ? (int)now->state : -1;
	changed = *after != *before || (now && now->flags != old_flags);
	free(key);
	return changed;
}

void cc_session_close(struct cc_session *s)
{
	if (!s)
		return;
	free(s->skip);
	cc_buf_release(&s->ubuf);
	cc_map_release(&s->by_user);
	cc_context_release(&s->ctx);
	cc_result_release(&s->storage);
	free(s);
}

int cc_check_run(struct cc_result *res, const struct cc_config *cfg)
{
	struct cc_session *s;

	memset(res, 0, sizeof(*res));
	if (cc_session_open(&s, cfg) < 0)
		return -1;
	*res = s->storage;
	memset(&s->storage, 0, sizeof(s->storage));
	cc_session_close(s);
	return 0;
}

void cc_result_release(struct cc_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nentries; i++)
		entry_free(&res->entries[i]);
	for (i = 0; i < res->ntemplate_roots; i++)
		free(res->template_roots[i]);
	for (i = 0; i < res->nwarnings; i++)
		free(res->warnings[i]);
	/* a result that was never filled in has no state dir (and fd 0 is not its) */
	if (res->state_dir && res->state_fd >= 0)
		close(res->state_fd);
	free(res->entries);
	free(res->template_roots);
	free(res->warnings);
	free(res->config_root);
	free(res->state_dir);
	free(res->label);
	memset(res, 0, sizeof(*res));
}
