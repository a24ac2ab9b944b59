/* import.c - walk a repository's first-parent history into a template history. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/git.h"
#include "history/histindex.h"
#include "history/histpack.h"
#include "history/history.h"
#include "history/import.h"
#include "history/importlog.h"
#include "util/mapping.h"

static int git_fail(const char *what, const char *path)
{
	const git_error *e = git_error_last();

	return cc_error_set("%s '%s': %s", what, path, e && e->message ? e->message : "git error");
}

/* Creates an empty history whose HEAD names the branch the sets go to, so
 * that `git -C DIR log` shows them. */
static int init_history(const char *dir)
{
	git_repository_init_options opts;
	git_repository *r = NULL;
	int ret = 0;

	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&r, dir, &opts) < 0)
		ret = git_fail("cannot create template history", dir);
	git_repository_free(r);
	return ret;
}

struct entry {
	char *path; /* its history key (mapping.h) */
	git_oid blob;
	size_t map;
	size_t line; /* the map line that made it a template, 0 for the .sample rule */
};

/* The mapped template set of one commit. fp holds, per map, the tree its
 * FROM names (zero when missing): equal fingerprints mean equal sets. */
struct snap {
	struct entry *e;
	size_t n, alloc;
	git_oid *fp;
	int valid;
};

struct blobinfo {
	cc_hash raw;
	int too_large;
};

/* New objects are kept in memory and written as one pack every so many
 * template entries (bounding memory): far cheaper than a file per object. */
#define FLUSH_ENTRIES 200000
/* More packs than this are packed into one at the end of an import. */
#define MAX_PACKS 8

struct importer {
	const struct cc_import_opts *o;
	struct cc_import_stats *st;
	git_repository *src;
	size_t nmaps; /* at least 1: no maps is the identity map */
	struct cc_history h;
	git_odb_backend *mempack; /* owned by the history's odb */
	size_t pending;		  /* template entries recorded since the last flush */
	git_oid base;		  /* the branch's commit at the last flush */
	int has_base;
	struct cc_map blobs; /* blob hex -> index + 1 into info */
	struct blobinfo *info;
	size_t ninfo, info_alloc;
	struct cc_map dotgit; /* .git paths warned about */
	/* what this run made of out, removed on failure: made_name in the
	 * directory made_fd, or (made_name NULL) every entry of made_fd */
	int made_fd;
	char *made_name;
};

static void warn(struct cc_import_stats *st, char *msg)
{
	CC_GROW(st->warnings, st->warnings_alloc, st->nwarnings + 1);
	st->warnings[st->nwarnings++] = msg;
}

static void snap_clear(struct snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i].path);
	s->n = 0;
	s->valid = 0;
}

static void snap_release(struct snap *s)
{
	snap_clear(s);
	free(s->e);
	free(s->fp);
	memset(s, 0, sizeof(*s));
}

static const char *map_from(const struct importer *im, size_t k)
{
	return im->o->maps && im->o->maps->n ? im->o->maps->v[k].from : "";
}

/* Fills s->fp for tree. Returns 0 or -1 with a message. */
static int snap_fingerprint(struct importer *im, struct snap *s, git_tree *tree)
{
	git_tree_entry *te = NULL;
	const char *from;
	char *dir;
	size_t k;
	int err;

	for (k = 0; k < im->nmaps; k++) {
		from = map_from(im, k);
		memset(&s->fp[k], 0, sizeof(s->fp[k]));
		if (!*from) {
			git_oid_cpy(&s->fp[k], git_tree_id(tree));
			continue;
		}
		dir = cc_strndup(from, strlen(from) - 1);
		err = git_tree_entry_bypath(&te, tree, dir);
		free(dir);
		if (err == GIT_ENOTFOUND)
			continue;
		if (err < 0)
			return git_fail("cannot read repository", im->o->repo);
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
			git_oid_cpy(&s->fp[k], git_tree_entry_id(te));
		git_tree_entry_free(te);
	}
	return 0;
}

struct walkctx {
	struct importer *im;
	struct snap *s;
	size_t map;
	const char *from;
};

/* Whether a tree entry is a .git path: ".git", or a template installed as one. */
static int is_dotgit_entry(const char *name)
{
	char *user = cc_template_user_path(name);
	int r = cc_is_dotgit(user ? user : name, strlen(user ? user : name));

	free(user);
	return r;
}

/* What names the way paths were mapped, for the imports file: the maps,
 * then the mapping file's lines. */
static char *import_key(const struct cc_import_opts *o)
{
	struct cc_buf b = CC_BUF_INIT;
	char *maps = cc_import_maps_key(o->maps);
	size_t i;

	cc_buf_adds(&b, maps);
	free(maps);
	for (i = 0; o->mapping && i < o->mapping->n; i++) {
		const struct cc_mapline *l = &o->mapping->l[i];

		cc_buf_addf(&b, "\nline %s%s %s", l->dir, l->name, l->user ? l->user : "-");
	}
	return cc_buf_detach(&b);
}

/* Whether a file name may be a template: a .sample, or a name a map line gives. */
static int maybe_template(const struct cc_mapping *m, const char *name)
{
	size_t i;

	if (cc_is_sample(name))
		return 1;
	for (i = 0; m && i < m->n; i++)
		if (m->l[i].dir[0] != '/' && cc_mapline_matches(&m->l[i], name))
			return 1;
	return 0;
}

/* The history key of the template path tpath (mapping.h), or NULL when it
 * is no template of the user's; *line receives the deciding map line. */
static char *template_key(const struct cc_mapping *m, const char *tpath, size_t *line)
{
	static const struct cc_mapping none;
	char *user, *key = NULL;

	if (cc_mapping_user(m ? m : &none, 0, tpath, &user, line) == CC_MAPPED_USER)
		key = cc_user_template_path(user);
	free(user);
	return key;
}

static int walk_entry(const char *root, const git_tree_entry *te, void *payload)
{
	struct walkctx *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(te);
	const char *name = git_tree_entry_name(te);
	char *repo_path, *tpath, *key;
	size_t which, line;

	/* a .git path would plant git data in the user's volume: never descended,
	 * said once per path */
	if (is_dotgit_entry(name)) {
		repo_path = cc_asprintf("%s%s%s", w->from, root, name);
		if (!cc_map_get(&w->im->dotgit, repo_path)) {
			cc_map_put(&w->im->dotgit, repo_path, (void *)1, NULL);
			warn(w->im->st,
			     cc_asprintf("path '%s' has a '.git' component; left out", repo_path));
		}
		free(repo_path);
		return 1;
	}
	/* regular files only: trees are descended, links and submodules left out */
	if ((mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) ||
	    !maybe_template(w->im->o->mapping, name))
		return 0;
	repo_path = cc_asprintf("%s%s%s", w->from, root, name);
	tpath = cc_import_map_path(w->im->o->maps, repo_path, &which);
	free(repo_path);
	if (!tpath || which != w->map) {
		free(tpath);
		return 0;
	}
	key = template_key(w->im->o->mapping, tpath, &line);
	free(tpath);
	if (!key)
		return 0;
	CC_GROW(w->s->e, w->s->alloc, w->s->n + 1);
	w->s->e[w->s->n].path = key;
	git_oid_cpy(&w->s->e[w->s->n].blob, git_tree_entry_id(te));
	w->s->e[w->s->n].line = line;
	w->s->e[w->s->n++].map = w->map;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->map != y->map)
		return (x->map > y->map) - (x->map < y->map);
	return (x->line > y->line) - (x->line < y->line);
}

/* Reads the mapped templates of tree into s (s->fp must be filled). */
static int snap_walk(struct importer *im, struct snap *s, git_tree *tree)
{
	struct walkctx w;
	git_tree *sub = NULL;
	size_t k, i, j;
	int err;

	w.im = im;
	w.s = s;
	for (k = 0; k < im->nmaps; k++) {
		if (git_oid_is_zero(&s->fp[k]))
			continue;
		w.map = k;
		w.from = map_from(im, k);
		if (*w.from && git_tree_lookup(&sub, im->src, &s->fp[k]) < 0)
			return git_fail("cannot read repository", im->o->repo);
		err = git_tree_walk(*w.from ? sub : tree, GIT_TREEWALK_PRE, walk_entry, &w);
		git_tree_free(sub);
		sub = NULL;
		if (err < 0)
			return git_fail("cannot read repository", im->o->repo);
	}
	/* two paths mapped to one template: the map given later wins */
	if (s->n)
		qsort(s->e, s->n, sizeof(*s->e), entry_cmp);
	for (i = j = 0; i < s->n; i++) {
		if (i + 1 < s->n && !strcmp(s->e[i].path, s->e[i + 1].path)) {
			free(s->e[i].path);
			continue;
		}
		s->e[j++] = s->e[i];
	}
	s->n = j;
	s->valid = 1;
	return 0;
}

/* Builds the whole snapshot of a commit. */
static int snap_build(struct importer *im, struct snap *s, const git_oid *commit)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int ret = -1;

	snap_clear(s);
	if (git_commit_lookup(&c, im->src, commit) < 0 || git_commit_tree(&tree, c) < 0) {
		git_fail("cannot read repository", im->o->repo);
		goto done;
	}
	if (snap_fingerprint(im, s, tree) == 0 && snap_walk(im, s, tree) == 0)
		ret = 0;
done:
	git_tree_free(tree);
	git_commit_free(c);
	return ret;
}

static int same_fp(const struct importer *im, const struct snap *a, const struct snap *b)
{
	size_t k;

	for (k = 0; k < im->nmaps; k++)
		if (!git_oid_equal(&a->fp[k], &b->fp[k]))
			return 0;
	return 1;
}

static int same_entries(const struct snap *a, const struct snap *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->e[i].path, b->e[i].path) ||
		    !git_oid_equal(&a->e[i].blob, &b->e[i].blob))
			return 0;
	return 1;
}

static void swap_snaps(struct snap *a, struct snap *b)
{
	struct snap t = *a;

	*a = *b;
	*b = t;
}

static void remember_blob(struct importer *im, const git_oid *blob, cc_hash raw, int too_large)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), blob);
	CC_GROW(im->info, im->info_alloc, im->ninfo + 1);
	im->info[im->ninfo].raw = raw;
	im->info[im->ninfo++].too_large = too_large;
	cc_map_put(&im->blobs, hex, (void *)im->ninfo, NULL);
}

/* The raw hash of a blob, read once per distinct blob. */
static const struct blobinfo *blob_info(struct importer *im, const struct entry *e)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_blob *b = NULL;
	size_t idx;
	git_object_size_t size;

	git_oid_tostr(hex, sizeof(hex), &e->blob);
	idx = (size_t)cc_map_get(&im->blobs, hex);
	if (idx)
		return &im->info[idx - 1];
	if (git_blob_lookup(&b, im->src, &e->blob) < 0) {
		git_fail("cannot read repository", im->o->repo);
		return NULL;
	}
	size = git_blob_rawsize(b);
	if (size > CC_FS_MAX_SIZE) {
		warn(im->st, cc_asprintf("template '%s' (blob %.7s) is larger than %zu bytes; "
					 "left out",
					 e->path, hex, CC_FS_MAX_SIZE));
		remember_blob(im, &e->blob, 0, 1);
	} else {
		remember_blob(im, &e->blob, cc_hash_bytes(git_blob_rawcontent(b), (size_t)size), 0);
	}
	git_blob_free(b);
	return &im->info[im->ninfo - 1];
}

struct readctx {
	struct importer *im;
	const struct entry **e;
};

static int read_entry(void *ctx, size_t i, struct cc_buf *out)
{
	struct readctx *r = ctx;
	git_blob *b = NULL;

	if (git_blob_lookup(&b, r->im->src, &r->e[i]->blob) < 0)
		return git_fail("cannot read repository", r->im->o->repo);
	cc_buf_reset(out);
	cc_buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return 0;
}

/* Whether the set is in the history already at or after time: imported
 * before, or the newest set anyway. */
static int already_recorded(const struct cc_history *h, cc_hash id, long long time)
{
	size_t i;

	if (h->nsets && h->sets[h->nsets - 1].id == id)
		return 1;
	for (i = 0; i < h->nsets; i++)
		if (h->sets[i].id == id && h->sets[i].time >= time)
			return 1;
	return 0;
}

/* Opens the history's repository with the in-memory object store in front. */
static int start_batch(struct importer *im)
{
	if (access(im->o->out, F_OK) < 0 && init_history(im->o->out) < 0)
		return -1;
	if (!im->h.repo && git_repository_open_bare(&im->h.repo, im->o->out) < 0) {
		im->h.repo = NULL;
		return git_fail("cannot open template history", im->o->out);
	}
	im->has_base = git_reference_name_to_id(&im->base, im->h.repo, "refs/heads/main") == 0;
	im->h.batched = 1;
	return cc_histpack_begin(&im->mempack, im->h.repo);
}

/* Writes the objects held in memory. */
static int flush(struct importer *im)
{
	if (!im->mempack || !im->pending)
		return 0;
	im->pending = 0;
	if (cc_histpack_flush(im->h.repo, im->mempack, im->has_base ? &im->base : NULL) < 0)
		return -1;
	im->has_base = git_reference_name_to_id(&im->base, im->h.repo, "refs/heads/main") == 0;
	return 0;
}

static int record(struct importer *im, const struct snap *s, const git_oid *commit)
{
	const struct entry **kept = cc_calloc(s->n ? s->n : 1, sizeof(*kept));
	struct cc_record_file *files = cc_calloc(s->n ? s->n : 1, sizeof(*files));
	const char **paths = cc_calloc(s->n ? s->n : 1, sizeof(*paths));
	cc_hash *raws = cc_calloc(s->n ? s->n : 1, sizeof(*raws)), id;
	const struct blobinfo *bi;
	struct readctx rc;
	git_commit *c = NULL;
	char hex[GIT_OID_HEXSZ + 1], *label = NULL, *index = NULL;
	const char *subject;
	size_t i, n = 0, nsets = im->h.nsets, nversions = im->h.nversions;
	long long time;
	int ret = -1, seq;

	for (i = 0; i < s->n; i++) {
		if (!(bi = blob_info(im, &s->e[i])))
			goto done;
		if (bi->too_large)
			continue;
		kept[n] = &s->e[i];
		files[n].path = paths[n] = s->e[i].path;
		files[n].raw = raws[n] = bi->raw;
		n++;
	}
	id = cc_set_id(paths, raws, n);
	if (git_commit_lookup(&c, im->src, commit) < 0) {
		git_fail("cannot read repository", im->o->repo);
		goto done;
	}
	time = (long long)git_commit_time(c);
	if (already_recorded(&im->h, id, time)) {
		ret = 0;
		goto done;
	}
	if (!im->h.defer_index) {
		/* the index is written once at the end; until then git is the truth */
		if (start_batch(im) < 0)
			goto done;
		im->h.defer_index = 1;
		index = cc_path_join(im->o->out, CC_HISTINDEX_NAME);
		if (unlink(index) < 0 && errno != ENOENT) {
			cc_error_errno(errno, "cannot write '%s'", index);
			goto done;
		}
	}
	git_oid_tostr(hex, sizeof(hex), commit);
	subject = git_commit_summary(c);
	label = subject && *subject ? cc_asprintf("%s@%.7s %s", im->st->name, hex, subject)
				    : cc_asprintf("%s@%.7s", im->st->name, hex);
	rc.im = im;
	rc.e = kept;
	ret = cc_history_record(&im->h, &seq, id, files, n, read_entry, &rc, label, time);
	if (im->h.warning) {
		/* the history was unreadable and started again: the objects held in
		 * memory went with it, and so did what earlier imports recorded */
		warn(im->st, im->h.warning);
		im->h.warning = NULL;
		im->mempack = NULL;
		im->pending = 0;
		ret = cc_error_set("template history '%s' was started again; run the import "
				   "again to fill it",
				   im->o->out);
	}
	im->st->sets += im->h.nsets - nsets;
	im->st->versions += im->h.nversions - nversions;
	im->pending += n + 1;
	if (ret == 0 && im->pending >= FLUSH_ENTRIES)
		ret = flush(im);
done:
	free(index);
	free(label);
	git_commit_free(c);
	free(kept);
	free(files);
	free(paths);
	free(raws);
	return ret;
}

static int peel_commit(git_oid *out, git_object *obj, const char *range)
{
	git_object *c = NULL;

	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0)
		return cc_error_set("'%s' does not name a commit", range);
	git_oid_cpy(out, git_object_id(c));
	git_object_free(c);
	return 0;
}

/* The first-parent chain of range, oldest first. */
static int collect_chain(struct importer *im, git_oid **chain, size_t *n)
{
	const char *range = im->o->range ? im->o->range : "HEAD";
	git_revspec spec;
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t alloc = 0;
	int ret = -1, err;

	memset(&spec, 0, sizeof(spec));
	*chain = NULL;
	*n = 0;
	if (git_revparse(&spec, im->src, range) < 0) {
		git_fail("cannot resolve revision", range);
		goto done;
	}
	if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
		cc_error_set("'%s': symmetric ranges (A...B) are not supported; use A..B", range);
		goto done;
	}
	if (git_revwalk_new(&walk, im->src) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_simplify_first_parent(walk) < 0) {
		git_fail("cannot walk repository", im->o->repo);
		goto done;
	}
	if (spec.flags & GIT_REVSPEC_RANGE) {
		if (peel_commit(&oid, spec.to, range) < 0 || git_revwalk_push(walk, &oid) < 0 ||
		    peel_commit(&oid, spec.from, range) < 0 || git_revwalk_hide(walk, &oid) < 0)
			goto done;
	} else if (peel_commit(&oid, spec.from, range) < 0 || git_revwalk_push(walk, &oid) < 0) {
		goto done;
	}
	while ((err = git_revwalk_next(&oid, walk)) == 0) {
		CC_GROW(*chain, alloc, *n + 1);
		git_oid_cpy(&(*chain)[(*n)++], &oid);
	}
	if (err != GIT_ITEROVER) {
		git_fail("cannot walk repository", im->o->repo);
		goto done;
	}
	ret = 0;
done:
	git_object_free(spec.from);
	git_object_free(spec.to);
	git_revwalk_free(walk);
	return ret;
}

/* The name of a repository for labels: its work tree's directory name. */
static char *repo_name(git_repository *repo)
{
	const char *p = git_repository_workdir(repo);
	char *dir = cc_strdup(p ? p : git_repository_path(repo)), *base, *name;
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (!p && !strcmp(base, ".git") && base > dir + 1) {
		base[-1] = '\0';
		base = strrchr(dir, '/');
		base = base ? base + 1 : dir;
	}
	n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".git"))
		base[n - 4] = '\0';
	name = cc_strdup(*base ? base : "repo");
	free(dir);
	return name;
}

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* The history directory must be new, empty or a history, and outside the source. */
/* Whether path, or the nearest of its parents that exists, lies inside dir. */
static int inside(const char *path, const char *dir)
{
	char *p = cc_strdup(path), *canon = NULL, *slash;
	size_t n = strlen(dir);
	int in;

	while (!(canon = cc_path_canonical(p)) && (slash = strrchr(p, '/')) && slash > p)
		*slash = '\0';
	if (!canon)
		canon = cc_path_canonical(p[0] == '/' ? "/" : ".");
	in = canon && !strncmp(canon, dir, n) && (canon[n] == '/' || !canon[n]);
	free(canon);
	free(p);
	return in;
}

/* Deep enough for a history and the parents made for it. */
#define MAX_REMOVE_DEPTH 64

static int clear_dir(int fd, int depth);

/* Removes name in the directory dfd, and all below it, never following a
 * symlink. Returns 0 (also when it is gone) or -1 with errno. */
static int remove_tree(int dfd, const char *name, int depth)
{
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dfd, name, 0);
	if (depth <= 0) {
		errno = ELOOP;
		return -1;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || clear_dir(fd, depth - 1) < 0)
		return -1;
	return unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Removes every entry of the directory fd, which it closes. */
static int clear_dir(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	int ret = 0, err;

	if (!d) {
		close(fd);
		return -1;
	}
	while (ret == 0 && (errno = 0, e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			ret = remove_tree(fd, e->d_name, depth);
	err = errno; /* remove_tree's, or readdir's (0 at the end) */
	closedir(d);
	errno = err;
	return ret < 0 || err ? -1 : 0;
}

/* Notes the outermost missing directory of out, the one creating it makes
 * (init_history makes the parents too), with a descriptor of its parent. */
static int note_made(struct importer *im, const char *out)
{
	char *p = cc_strdup(out), *slash, *name = p;
	const char *dir = ".";
	size_t n = strlen(p);
	struct stat st;
	int ret = 0;

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	if (lstat(p, &st) == 0 || errno != ENOENT)
		goto done; /* a dangling symlink, say: not ours to remove */
	while ((slash = strrchr(p, '/')) && slash > p) {
		*slash = '\0';
		if (lstat(p, &st) == 0 || errno != ENOENT) {
			*slash = '/';
			break;
		}
	}
	if ((slash = strrchr(p, '/'))) {
		*slash = '\0';
		dir = slash > p ? p : "/";
		name = slash + 1;
	}
	im->made_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (im->made_fd < 0)
		ret = cc_error_errno(errno, "cannot use '%s'", out);
	else
		im->made_name = cc_strdup(name);
done:
	free(p);
	return ret;
}

/* After a failure: removes what this run made of out (note_made). */
static void undo_made(struct importer *im)
{
	int ret;

	if (im->made_fd < 0)
		return;
	if (im->made_name)
		ret = remove_tree(im->made_fd, im->made_name, MAX_REMOVE_DEPTH);
	else
		ret = clear_dir(dup(im->made_fd), MAX_REMOVE_DEPTH);
	if (ret < 0)
		warn(im->st, cc_asprintf("cannot remove what the failed import wrote to '%s': %s",
					 im->o->out, strerror(errno)));
}

static int prepare_out(struct importer *im)
{
	const char *out = im->o->out;
	struct stat st;
	char *gitdir = cc_path_canonical(git_repository_path(im->src)), *index, *imports;
	int ret = 0;

	if (gitdir && inside(out, gitdir))
		ret = cc_error_set("refusing to write a template history into the repository "
				   "'%s'",
				   gitdir);
	free(gitdir);
	if (ret < 0)
		return ret;
	if (stat(out, &st) < 0) {
		if (errno != ENOENT)
			return cc_error_errno(errno, "cannot use '%s'", out);
		return note_made(im, out) < 0 ? -1 : init_history(out);
	}
	if (!S_ISDIR(st.st_mode))
		return cc_error_set("cannot use '%s' as a template history: not a directory", out);
	index = cc_path_join(out, CC_HISTINDEX_NAME);
	imports = cc_path_join(out, CC_IMPORTLOG_NAME);
	if (access(index, F_OK) && access(imports, F_OK)) {
		if (!dir_is_empty(out))
			ret =
			    cc_error_set("'%s' is neither empty nor a template history (it has no "
					 "%s); refusing to write into it",
					 out, CC_HISTINDEX_NAME);
		else if ((im->made_fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			ret = cc_error_errno(errno, "cannot use '%s'", out);
		else
			ret = init_history(out);
	}
	free(index);
	free(imports);
	return ret;
}

int cc_import_run(struct cc_import_stats *st, const struct cc_import_opts *o)
{
	struct importer im;
	struct cc_importlog segs;
	struct snap prev, cur;
	git_oid *chain = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char *known = NULL, *key = import_key(o);
	size_t i, n = 0;

	cc_git_init();
	int ret = -1;

	memset(st, 0, sizeof(*st));
	memset(&im, 0, sizeof(im));
	memset(&segs, 0, sizeof(segs));
	memset(&prev, 0, sizeof(prev));
	memset(&cur, 0, sizeof(cur));
	im.o = o;
	im.st = st;
	im.made_fd = -1;
	im.nmaps = o->maps && o->maps->n ? o->maps->n : 1;
	prev.fp = cc_calloc(im.nmaps, sizeof(*prev.fp));
	cur.fp = cc_calloc(im.nmaps, sizeof(*cur.fp));
	if (git_repository_open_ext(&im.src, o->repo, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		im.src = NULL;
		git_fail("cannot open repository", o->repo);
		goto done;
	}
	st->name = o->name && *o->name ? cc_strdup(o->name) : repo_name(im.src);
	/* libgit2 1.5 walks no shallow history: the oldest commit's parent is
	 * missing (and the failing walk leaks) */
	if (git_repository_is_shallow(im.src) == 1) {
		cc_error_set(
		    "repository '%s' is a shallow clone: fetch its whole history (git fetch "
		    "--unshallow, or fetch-depth: 0 in actions/checkout)",
		    o->repo);
		goto done;
	}
	if (collect_chain(&im, &chain, &n) < 0)
		goto done;
	if (prepare_out(&im) < 0)
		goto done;
	if (cc_history_open(&im.h, o->out, 0) < 0)
		goto done;
	im.h.allow_repeat = 1;
	if (im.h.warning) {
		warn(st, im.h.warning);
		im.h.warning = NULL;
	}
	/* the same bytes are the same git blob in both repositories */
	for (i = 0; i < im.h.nversions; i++)
		remember_blob(&im, &im.h.versions[i].blob, im.h.versions[i].raw, 0);
	if (cc_importlog_load(&segs, o->out) < 0)
		warn(st, cc_asprintf("'%s' in '%s' is unreadable; every commit is read again",
				     CC_IMPORTLOG_NAME, o->out));
	st->commits = n;
	known = cc_calloc(n ? n : 1, 1);
	cc_importlog_mark(&segs, key, chain, n, known);
	for (i = 0; i < n; i++) {
		if (known[i]) {
			st->known++;
			prev.valid = 0;
			continue;
		}
		if (!prev.valid && i > 0 && snap_build(&im, &prev, &chain[i - 1]) < 0)
			goto done;
		snap_clear(&cur);
		if (git_commit_lookup(&c, im.src, &chain[i]) < 0 || git_commit_tree(&tree, c) < 0) {
			git_fail("cannot read repository", o->repo);
			goto done;
		}
		if (snap_fingerprint(&im, &cur, tree) < 0)
			goto done;
		if (prev.valid && same_fp(&im, &prev, &cur))
			goto next; /* no mapped tree changed */
		if (snap_walk(&im, &cur, tree) < 0)
			goto done;
		if (!prev.valid || !same_entries(&prev, &cur)) {
			if (record(&im, &cur, &chain[i]) < 0)
				goto done;
		}
		swap_snaps(&prev, &cur);
	next:
		git_tree_free(tree);
		git_commit_free(c);
		tree = NULL;
		c = NULL;
	}
	if (n && !prev.valid && snap_build(&im, &prev, &chain[n - 1]) < 0)
		goto done;
	st->templates = prev.n;
	st->nsets = im.h.nsets;
	if (flush(&im) < 0)
		goto done;
	if (im.h.defer_index) {
		im.h.defer_index = 0;
		if (cc_histindex_save(&im.h) < 0)
			goto done;
	}
	if (st->sets) {
		cc_history_release(&im.h);
		if (cc_histpack_count(o->out) > MAX_PACKS && cc_histpack_all(o->out) < 0)
			goto done;
	}
	if (n && st->known < n) {
		cc_importlog_update(&segs, key, st->name, chain, n);
		if (cc_importlog_save(&segs, o->out) < 0)
			goto done;
	}
	ret = 0;
done:
	if (ret < 0 && im.h.defer_index && im.made_fd < 0) {
		/* keep what was recorded: its objects on disk, then the index */
		char *err = cc_strdup(cc_error_last());

		if (flush(&im) == 0 && cc_histindex_save(&im.h) < 0)
			warn(st, cc_asprintf("%s", cc_error_last()));
		cc_error_set("%s", err);
		free(err);
	}
	git_tree_free(tree);
	git_commit_free(c);
	snap_release(&prev);
	snap_release(&cur);
	cc_importlog_release(&segs);
	cc_history_release(&im.h);
	if (ret < 0)
		undo_made(&im);
	if (im.made_fd >= 0)
		close(im.made_fd);
	free(im.made_name);
	cc_map_release(&im.blobs);
	cc_map_release(&im.dotgit);
	free(im.info);
	git_repository_free(im.src);
	free(chain);
	free(known);
	free(key);
	return ret;
}

void cc_import_stats_release(struct cc_import_stats *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->nwarnings; i++)
		free(st->warnings[i]);
	free(st->warnings);
	free(st->name);
	memset(st, 0, sizeof(*st));
}
