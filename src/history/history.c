/* history.c - template sets as git commits, with the index kept beside them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2/sys/commit.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/git.h"
#include "util/header.h"
#include "history/histcheck.h"
#include "history/histindex.h"
#include "history/histpack.h"
#include "history/history.h"

#define REF "refs/heads/main"
/* commits and trees: a tree of 40,000 templates is about 2 MiB */
#define OBJECT_MAX ((size_t)64 * 1024 * 1024)

static int git_fail(const char *what, const char *dir)
{
	const git_error *e = git_error_last();

	return cc_error_set("%s '%s': %s", what, dir, e && e->message ? e->message : "git error");
}

void cc_version_fill(struct cc_version *v, const char *data, size_t len)
{
	struct cc_header hdr;

	cc_header_parse(&hdr, data, len);
	v->raw = cc_hash_bytes(data, len);
	v->norm = cc_hash_norm(data, len);
	v->nohdr = cc_hash_nohdr(data, len, hdr.start, hdr.end);
	v->date = hdr.date;
}

static void set_warning(struct cc_history *h, char *msg)
{
	free(h->warning);
	h->warning = msg;
}

/* Moves a corrupt or unsafe history out of the way (renamed within its own
 * folder, never through a path looked up again) so a new one can start. */
static void move_aside(struct cc_history *h, const char *why)
{
	long long now = (long long)time(NULL);
	char *name = cc_asprintf("%s.corrupt-%lld", h->name, now);
	int n = 1, moved = 0;

	if (h->repo) {
		git_repository_free(h->repo);
		h->repo = NULL;
	}
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	/* a second corruption within the same second must not meet the first's name */
	while (h->parent_fd >= 0 &&
	       !(moved = renameat(h->parent_fd, h->name, h->parent_fd, name) == 0) &&
	       (errno == ENOTEMPTY || errno == EEXIST) && n < 100) {
		free(name);
		name = cc_asprintf("%s.corrupt-%lld-%d", h->name, now, ++n);
	}
	if (moved)
		set_warning(h,
			    cc_asprintf("template history '%s' is unreadable (%s); moved to "
					"'%.*s%s' and started again from the templates shipped now",
					h->dir, why, (int)(strlen(h->dir) - strlen(h->name)),
					h->dir, name));
	else
		set_warning(h, cc_asprintf("template history '%s' is unreadable (%s) and could not "
					   "be moved aside: %s",
					   h->dir, why, strerror(errno)));
	h->gone = !moved;
	free(h->unsafe);
	h->unsafe = NULL;
	free(name);
	cc_histindex_clear(h);
}

/* The path libgit2 is given: the directory the history was opened as, by its
 * descriptor, so that libgit2 resolves it to where that directory is now,
 * not to whatever the name leads to by then (the state dir's owner check
 * makes sure nobody else can move it from there). Without /proc, the name. */
static const char *git_path(struct cc_history *h)
{
	if (h->fd >= 0) {
		snprintf(h->gpath, sizeof(h->gpath), "/proc/self/fd/%d", h->fd);
		if (access(h->gpath, F_OK) == 0)
			return h->gpath;
	}
	return h->dir;
}

/* Opens the repository with libgit2, after checking what it holds
 * (histcheck.h): libgit2 sees no history that could make it follow a link,
 * block on a FIFO, read an include or crash on a crafted pack index. */
static int open_repo(struct cc_history *h)
{
	if (h->repo)
		return 0;
	if (h->fd < 0)
		return cc_error_set("cannot open template history '%s': no such directory", h->dir);
	if (h->no_git)
		return cc_error_set(
		    "template history '%s' is in a state dir that is not confcheck's "
		    "user's: its git data is not read",
		    h->dir);
	if (cc_histcheck(h->fd, h->dir) < 0) {
		free(h->unsafe);
		h->unsafe = cc_strdup(cc_error_last());
		return cc_error_set("template history '%s' is unsafe to read: %s", h->dir,
				    h->unsafe);
	}
	cc_git_init();
	if (git_repository_open_bare(&h->repo, git_path(h)) < 0) {
		h->repo = NULL;
		return git_fail("cannot open template history", h->dir);
	}
	return 0;
}

/* Whether the object id may be read: its size, from its header, is at most
 * cap. Reading the header inflates no more than the header. */
static int object_fits(git_repository *repo, const git_oid *id, size_t cap)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t len = 0;
	int ok;

	ok = git_repository_odb(&odb, repo) == 0 &&
	     git_odb_read_header(&len, &type, odb, id) == 0 && len <= cap;
	git_odb_free(odb);
	if (!ok && len > cap)
		git_error_set_str(GIT_ERROR_INVALID, "an object is larger than its cap");
	return ok;
}

/* Rebuild support: versions found by path and blob id while walking commits. */
struct rebuild {
	struct cc_history *h;
	struct cc_map seen; /* "path\tblob" -> index + 1 into h->versions */
	int seq;
	const char **paths;
	cc_hash *raws;
	size_t n, paths_alloc, raws_alloc;
	int failed;
};

static int rebuild_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct rebuild *rb = payload;
	struct cc_history *h = rb->h;
	char oid[GIT_OID_HEXSZ + 1];
	char *path, *key;
	size_t idx;
	git_blob *blob = NULL;
	struct cc_version v;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	path = cc_asprintf("%s%s", root, git_tree_entry_name(e));
	git_oid_tostr(oid, sizeof(oid), git_tree_entry_id(e));
	key = cc_asprintf("%s\t%s", path, oid);
	idx = (size_t)cc_map_get(&rb->seen, key);
	if (!idx) {
		if (!object_fits(h->repo, git_tree_entry_id(e), CC_FS_MAX_SIZE) ||
		    git_blob_lookup(&blob, h->repo, git_tree_entry_id(e)) < 0) {
			rb->failed = 1;
			free(key);
			free(path);
			return -1;
		}
		memset(&v, 0, sizeof(v));
		cc_version_fill(&v, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		v.path = cc_strdup(path);
		v.blob = *git_tree_entry_id(e);
		v.first_set = rb->seq;
		CC_GROW(h->versions, h->versions_alloc, h->nversions + 1);
		h->versions[h->nversions++] = v;
		idx = h->nversions;
		cc_map_put(&rb->seen, key, (void *)idx, NULL);
	}
	h->versions[idx - 1].last_set = rb->seq;
	CC_GROW(rb->paths, rb->paths_alloc, rb->n + 1);
	CC_GROW(rb->raws, rb->raws_alloc, rb->n + 1);
	rb->paths[rb->n] = h->versions[idx - 1].path;
	rb->raws[rb->n++] = h->versions[idx - 1].raw;
	free(key);
	free(path);
	return 0;
}

struct pair {
	const char *path;
	cc_hash raw;
};

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->path, ((const struct pair *)b)->path);
}

static cc_hash rebuild_set_id(struct rebuild *rb)
{
	struct pair *p = cc_calloc(rb->n, sizeof(*p));
	const char **paths = cc_calloc(rb->n, sizeof(*paths));
	cc_hash *raws = cc_calloc(rb->n, sizeof(*raws)), id;
	size_t i;

	for (i = 0; i < rb->n; i++) {
		p[i].path = rb->paths[i];
		p[i].raw = rb->raws[i];
	}
	qsort(p, rb->n, sizeof(*p), pair_cmp);
	for (i = 0; i < rb->n; i++) {
		paths[i] = p[i].path;
		raws[i] = p[i].raw;
	}
	id = cc_set_id(paths, raws, rb->n);
	free(p);
	free(paths);
	free(raws);
	return id;
}

/* Rebuilds the sets and versions of h from its commits. Returns 0 or -1. */
static int rebuild(struct cc_history *h)
{
	struct rebuild rb;
	git_revwalk *walk = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	struct cc_set s;
	const char *msg;
	int ret = -1, err;

	memset(&rb, 0, sizeof(rb));
	rb.h = h;
	cc_histindex_clear(h);
	if (git_revwalk_new(&walk, h->repo) < 0)
		goto done;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_revwalk_simplify_first_parent(walk);
	err = git_reference_name_to_id(&oid, h->repo, REF);
	if (err == GIT_ENOTFOUND) {
		ret = 0; /* an empty repository */
		goto done;
	}
	/* a branch whose commit cannot be found is corruption, not emptiness */
	if (err < 0 || git_revwalk_push(walk, &oid) < 0)
		goto done;
	while ((err = git_revwalk_next(&oid, walk)) == 0) {
		if (!object_fits(h->repo, &oid, OBJECT_MAX) ||
		    git_commit_lookup(&c, h->repo, &oid) < 0 ||
		    !object_fits(h->repo, git_commit_tree_id(c), OBJECT_MAX) ||
		    git_commit_tree(&tree, c) < 0)
			goto done;
		rb.seq++;
		rb.n = 0;
		if (git_tree_walk(tree, GIT_TREEWALK_PRE, rebuild_entry, &rb) < 0 || rb.failed)
			goto done;
		memset(&s, 0, sizeof(s));
		s.seq = rb.seq;
		s.commit = oid;
		s.time = (long long)git_commit_time(c);
		s.id = rebuild_set_id(&rb);
		msg = git_commit_summary(c);
		s.label = msg && *msg && strcmp(msg, "template set") ? cc_strdup(msg) : NULL;
		CC_GROW(h->sets, h->sets_alloc, h->nsets + 1);
		h->sets[h->nsets++] = s;
		git_tree_free(tree);
		git_commit_free(c);
		tree = NULL;
		c = NULL;
	}
	ret = err == GIT_ITEROVER ? 0 : -1;
done:
	git_tree_free(tree);
	git_commit_free(c);
	git_revwalk_free(walk);
	cc_map_release(&rb.seen);
	free(rb.paths);
	free(rb.raws);
	if (ret < 0) {
		cc_histindex_clear(h);
		git_fail("cannot read template history", h->dir);
	}
	return ret;
}

/* Loads the index, or rebuilds it from git; see cc_history_open. */
static int load(struct cc_history *h)
{
	int r;

	if (h->fd < 0) {
		if (h->readonly && !h->own)
			return cc_error_set("cannot open template history '%s': no such directory",
					    h->dir);
		return 0;
	}
	r = cc_histindex_load(h);
	if (r == 0)
		return 0;
	if (open_repo(h) == 0 && rebuild(h) == 0) {
		if (!h->readonly && cc_histindex_save(h) < 0)
			set_warning(h, cc_asprintf("%s", cc_error_last()));
		else if (r < 0 || (!h->readonly && h->nsets))
			set_warning(h, cc_asprintf("index of template history '%s' was %s; "
						   "rebuilt it from the history",
						   h->dir, r < 0 ? "unreadable" : "missing"));
		return 0;
	}
	if (h->readonly && !h->own)
		return -1; /* the message names the history already */
	if (h->readonly) {
		/* the state dir's own, but not ours to repair now: read nothing of it */
		set_warning(h, cc_strdup(cc_error_last()));
		cc_histindex_clear(h);
		return 0;
	}
	move_aside(h, h->unsafe ? h->unsafe
		      : r < 0	? "unreadable index and git data"
				: "unreadable git data");
	return 0;
}

/* The folder holding path, opened as named (-1 when it does not exist). */
static int open_parent(const char *path)
{
	char *parent = cc_strdup(path), *slash;
	int fd;

	while (strlen(parent) > 1 && parent[strlen(parent) - 1] == '/')
		parent[strlen(parent) - 1] = '\0';
	slash = strrchr(parent, '/');
	if (slash)
		*(slash == parent ? slash + 1 : slash) = '\0';
	fd = open(slash ? parent : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(parent);
	return fd;
}

int cc_history_open(struct cc_history *h, const char *dir, int readonly)
{
	const char *slash;
	size_t n = strlen(dir);
	int e;

	memset(h, 0, sizeof(*h));
	h->fd = h->parent_fd = -1;
	h->dir = cc_strdup(dir);
	h->readonly = readonly;
	/* a history named on purpose may be reached through links, as named */
	while (n > 1 && dir[n - 1] == '/')
		n--;
	h->name = cc_strndup(dir, n);
	slash = strrchr(h->name, '/');
	if (slash)
		memmove(h->name, slash + 1, strlen(slash + 1) + 1);
	h->parent_fd = open_parent(dir);
	h->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->fd < 0 && errno != ENOENT) {
		e = errno;
		return cc_error_errno(e, "cannot open template history '%s'", dir);
	}
	return load(h);
}

int cc_history_open_at(struct cc_history *h, int parent_fd, const char *name, const char *dir,
		       unsigned flags)
{
	int readonly = !!(flags & CC_HIST_READONLY), set_aside = !!(flags & CC_HIST_SET_ASIDE);
	struct stat st;

	memset(h, 0, sizeof(*h));
	h->no_git = !!(flags & CC_HIST_NO_GIT);
	h->dir = cc_strdup(dir);
	h->name = cc_strdup(name);
	h->readonly = readonly;
	h->own = 1;
	h->fd = -1;
	h->parent_fd = parent_fd >= 0 ? fcntl(parent_fd, F_DUPFD_CLOEXEC, 0) : -1;
	if (set_aside && h->parent_fd >= 0 &&
	    fstatat(h->parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!readonly) {
			move_aside(h, "a check crashed while it was read");
			return 0;
		}
		set_warning(h, cc_asprintf("template history '%s' is not read: a check crashed "
					   "while it was read",
					   dir));
		close(h->parent_fd);
		h->parent_fd = -1;
		return 0;
	}
	h->fd = parent_fd >= 0
		    ? openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
		    : -1;
	if (h->fd < 0 && parent_fd >= 0 && errno != ENOENT &&
	    fstatat(parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		/* a symlink or a file where the history belongs: never followed */
		const char *what = S_ISLNK(st.st_mode) ? "a symlink" : "not a directory";

		if (readonly) {
			set_warning(h, cc_asprintf("template history '%s' is %s; it is not read",
						   dir, what));
			return 0;
		}
		move_aside(h, what);
		return 0;
	}
	return load(h);
}

void cc_history_release(struct cc_history *h)
{
	if (!h)
		return;
	cc_histindex_clear(h);
	free(h->sets);
	free(h->versions);
	git_repository_free(h->repo);
	if (h->fd >= 0)
		close(h->fd);
	if (h->parent_fd >= 0)
		close(h->parent_fd);
	free(h->dir);
	free(h->name);
	free(h->unsafe);
	free(h->warning);
	memset(h, 0, sizeof(*h));
	h->fd = h->parent_fd = -1;
}

const struct cc_set *cc_history_find_set(const struct cc_history *h, cc_hash id)
{
	size_t i;

	for (i = h->nsets; i > 0; i--)
		if (h->sets[i - 1].id == id)
			return &h->sets[i - 1];
	return NULL;
}

const struct cc_set *cc_history_set_by_seq(const struct cc_history *h, int seq)
{
	size_t i;

	/* seqs are 1, 2, ... in order: the set is usually where its seq says */
	if (seq >= 1 && (size_t)seq <= h->nsets && h->sets[seq - 1].seq == seq)
		return &h->sets[seq - 1];
	for (i = 0; i < h->nsets; i++)
		if (h->sets[i].seq == seq)
			return &h->sets[i];
	return NULL;
}

struct cc_version *cc_history_find_version(struct cc_history *h, const char *path, cc_hash raw)
{
	size_t i;

	for (i = 0; i < h->nversions; i++)
		if (h->versions[i].raw == raw && !strcmp(h->versions[i].path, path))
			return &h->versions[i];
	return NULL;
}

/* Opens the repository for writing, creating it or starting it again when corrupt. */
static int writable_repo(struct cc_history *h)
{
	git_repository_init_options opts;
	git_reference *ref = NULL;
	git_commit *head = NULL;
	int ok;

	if (h->readonly)
		return cc_error_set("template history '%s' is read-only", h->dir);
	if (h->gone)
		return cc_error_set("template history '%s' could not be moved aside", h->dir);
	if (!h->repo && h->fd >= 0 && open_repo(h) < 0)
		move_aside(h, h->unsafe ? h->unsafe : "not a git repository");
	if (h->repo && h->nsets) {
		/* the index names a head commit: it must still be readable */
		ok = object_fits(h->repo, &h->sets[h->nsets - 1].commit, OBJECT_MAX) &&
		     git_commit_lookup(&head, h->repo, &h->sets[h->nsets - 1].commit) == 0;
		git_commit_free(head);
		if (!ok)
			move_aside(h, "missing commits");
	} else if (h->repo && git_reference_lookup(&ref, h->repo, REF) == 0) {
		git_reference_free(ref);
	}
	if (h->repo)
		return 0;
	if (h->gone)
		return cc_error_set("template history '%s' could not be moved aside", h->dir);
	cc_git_init();
	if (h->fd < 0) {
		if (h->parent_fd < 0 && !h->own) {
			/* named on purpose (an import's --out): its folders are made */
			h->fd = cc_dir_open(h->dir, 1, "template history");
			if (h->fd < 0)
				return -1;
			h->parent_fd = open_parent(h->dir);
		} else if (h->parent_fd < 0) {
			return cc_error_set("cannot create template history '%s'", h->dir);
		} else {
			h->fd = cc_dir_openat(h->parent_fd, h->name, 1, "template history", h->dir);
		}
		if (h->fd < 0)
			return -1;
	}
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE;
	opts.initial_head = "main";
	if (git_repository_init_ext(&h->repo, git_path(h), &opts) < 0) {
		h->repo = NULL;
		return git_fail("cannot create template history", h->dir);
	}
	return 0;
}

static int add_version(struct cc_history *h, struct cc_map *known, const char *path, cc_hash raw,
		       const git_oid *blob, const char *data, size_t len, int seq)
{
	char hex[CC_HASH_HEXLEN + 1];
	char *key;
	size_t idx;
	struct cc_version v;

	cc_hash_hex(hex, raw);
	key = cc_asprintf("%s\t%s", path, hex);
	idx = (size_t)cc_map_get(known, key);
	if (!idx) {
		memset(&v, 0, sizeof(v));
		cc_version_fill(&v, data, len);
		v.path = cc_strdup(path);
		v.blob = *blob;
		v.first_set = seq;
		CC_GROW(h->versions, h->versions_alloc, h->nversions + 1);
		h->versions[h->nversions++] = v;
		idx = h->nversions;
		cc_map_put(known, key, (void *)idx, NULL);
	}
	h->versions[idx - 1].last_set = seq;
	free(key);
	return 0;
}

/* Builds the set's tree in pw, writing the blobs of versions not yet recorded. */
static int record_tree(struct cc_history *h, struct cc_packwriter *pw, git_oid *tree_id, int seq,
		       const struct cc_record_file *files, size_t nfiles, cc_record_read_fn read,
		       void *ctx)
{
	struct cc_map known = CC_MAP_INIT;
	struct cc_buf data = CC_BUF_INIT;
	char hex[CC_HASH_HEXLEN + 1], *key;
	git_index *idx = NULL;
	git_index_entry e;
	git_odb *odb = NULL;
	git_oid blob;
	size_t i, v;
	int ret = -1;

	for (i = 0; i < h->nversions; i++) {
		cc_hash_hex(hex, h->versions[i].raw);
		key = cc_asprintf("%s\t%s", h->versions[i].path, hex);
		cc_map_put(&known, key, (void *)(i + 1), NULL);
		free(key);
	}
	if (git_index_new(&idx) < 0 || git_repository_odb(&odb, h->repo) < 0)
		goto git_error;
	for (i = 0; i < nfiles; i++) {
		cc_hash_hex(hex, files[i].raw);
		key = cc_asprintf("%s\t%s", files[i].path, hex);
		v = (size_t)cc_map_get(&known, key);
		free(key);
		if (v && git_odb_exists(odb, &h->versions[v - 1].blob)) {
			blob = h->versions[v - 1].blob; /* recorded before: no need to read it */
		} else {
			if (read(ctx, i, &data) < 0)
				goto done;
			if (git_odb_write(&blob, pw->odb, data.data ? data.data : "", data.len,
					  GIT_OBJECT_BLOB) < 0)
				goto git_error;
			CC_GROW(pw->blobs, pw->blobs_alloc, pw->nblobs + 1);
			pw->blobs[pw->nblobs++] = blob;
		}
		memset(&e, 0, sizeof(e));
		e.mode = GIT_FILEMODE_BLOB;
		e.path = files[i].path;
		e.id = blob;
		if (git_index_add(idx, &e) < 0)
			goto git_error;
		add_version(h, &known, files[i].path, files[i].raw, &blob, data.data, data.len,
			    seq);
	}
	if (git_index_write_tree_to(tree_id, idx, pw->repo) < 0)
		goto git_error;
	ret = 0;
	goto done;
git_error:
	git_fail("cannot record templates in history", h->dir);
done:
	git_index_free(idx);
	git_odb_free(odb);
	cc_buf_release(&data);
	cc_map_release(&known);
	return ret;
}

int cc_history_record(struct cc_history *h, int *out_seq, cc_hash set_id,
		      const struct cc_record_file *files, size_t nfiles, cc_record_read_fn read,
		      void *ctx, const char *label, long long commit_time)
{
	const struct cc_set *found = cc_history_find_set(h, set_id);
	struct cc_packwriter pw;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tree_id, commit_id;
	const git_oid *parents[1];
	char hex[CC_HASH_HEXLEN + 1], *msg = NULL;
	long long when = commit_time ? commit_time : (long long)time(NULL);
	size_t nversions;
	struct cc_set s;
	int ret = -1, seq;

	if (found && (!h->allow_repeat || found == &h->sets[h->nsets - 1])) {
		*out_seq = found->seq;
		return 0;
	}
	if (writable_repo(h) < 0)
		return -1;
	memset(&pw, 0, sizeof(pw));
	nversions = h->nversions;
	seq = h->nsets ? h->sets[h->nsets - 1].seq + 1 : 1;
	if (cc_packwriter_open(&pw, h->batched ? h->repo : NULL) < 0)
		goto git_error;
	if (record_tree(h, &pw, &tree_id, seq, files, nfiles, read, ctx) < 0)
		goto done;
	if (h->nsets)
		parents[0] = &h->sets[h->nsets - 1].commit;
	cc_hash_hex(hex, set_id);
	msg =
	    cc_asprintf("%s\n\nConfcheck-Set: %s\n", label && *label ? label : "template set", hex);
	if (git_signature_new(&sig, "confcheck", "confcheck@localhost", when, 0) < 0 ||
	    git_commit_create_from_ids(&commit_id, pw.repo, NULL, sig, sig, NULL, msg, &tree_id,
				       h->nsets ? 1 : 0, parents) < 0 ||
	    (pw.mempack && cc_packwriter_flush(&pw, h->repo, &tree_id, &commit_id) < 0) ||
	    git_reference_create(&ref, h->repo, REF, &commit_id, 1, "confcheck: record set") < 0)
		goto git_error;
	memset(&s, 0, sizeof(s));
	s.seq = seq;
	s.id = set_id;
	s.commit = commit_id;
	s.time = when;
	s.label = label && *label ? cc_strdup(label) : NULL;
	CC_GROW(h->sets, h->sets_alloc, h->nsets + 1);
	h->sets[h->nsets++] = s;
	*out_seq = seq;
	ret = h->defer_index ? 0 : cc_histindex_save(h);
	goto done;
git_error:
	git_fail("cannot record templates in history", h->dir);
done:
	if (ret < 0) {
		/* forget versions of a set that was not recorded */
		while (h->nversions > nversions)
			free(h->versions[--h->nversions].path);
	}
	free(msg);
	git_reference_free(ref);
	git_signature_free(sig);
	cc_packwriter_close(&pw);
	return ret;
}

/* The index names a version whose git data is gone: the history is damaged,
 * which the everyday check, mostly reading the index, may never notice.
 * Without the index, the next check reads the commits, finds the damage and
 * starts the history again (move_aside). Dropping it is safe whoever else
 * has the history open: at worst an intact one is read from git once. */
static void forget_index(struct cc_history *h)
{
	struct stat st;

	/* only the index this history was read from: one written meanwhile by a
	 * check that started the history again describes data that is there */
	if (h->fd < 0 || (fstatat(h->fd, CC_HISTINDEX_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			  ((unsigned long long)st.st_dev != h->index_dev ||
			   (unsigned long long)st.st_ino != h->index_ino)))
		return;
	if (unlinkat(h->fd, CC_HISTINDEX_NAME, 0) == 0 || errno == ENOENT)
		cc_error_set("%s; the history is damaged: the next check starts it again from the "
			     "templates shipped now",
			     cc_error_last());
}

int cc_history_read_blob(struct cc_history *h, const git_oid *blob, struct cc_buf *out)
{
	git_blob *b = NULL;

	if (open_repo(h) < 0) {
		if (h->own)
			forget_index(h);
		return -1;
	}
	if (!object_fits(h->repo, blob, CC_FS_MAX_SIZE) || git_blob_lookup(&b, h->repo, blob) < 0) {
		git_fail("cannot read a template version from history", h->dir);
		if (h->own)
			forget_index(h);
		return -1;
	}
	cc_buf_reset(out);
	cc_buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return 0;
}

void cc_histories_index(struct cc_histories *hs)
{
	size_t i, j, k;

	cc_histories_release(hs);
	for (i = 0; i < hs->n; i++) {
		struct cc_history *h = &hs->list[i];

		for (j = 0; j < h->nversions; j++) {
			struct cc_version *v = &h->versions[j];
			struct cc_vlist *l = cc_map_get(&hs->by_path, v->path);

			v->origin = (int)i;
			if (!l) {
				l = cc_calloc(1, sizeof(*l));
				cc_map_put(&hs->by_path, v->path, l, NULL);
			}
			for (k = 0; k < l->n && l->v[k]->raw != v->raw; k++)
				;
			if (k < l->n) {
				/* the state dir's own record comes first and wins, unless a
				 * shipped history knows it too: then it is a version the
				 * image shipped before, whenever confcheck first saw it */
				if (l->v[k]->origin == 0 && i > 0)
					l->v[k] = v;
				continue;
			}
			CC_GROW(l->v, l->alloc, l->n + 1);
			l->v[l->n++] = v;
		}
	}
}

void cc_histories_release(struct cc_histories *hs)
{
	size_t i;

	if (!hs)
		return;
	for (i = 0; i < hs->by_path.cap; i++) {
		struct cc_vlist *l = hs->by_path.slots[i].key ? hs->by_path.slots[i].value : NULL;

		if (l) {
			free(l->v);
			free(l);
		}
	}
	cc_map_release(&hs->by_path);
}

const struct cc_vlist *cc_histories_versions(const struct cc_histories *hs, const char *path)
{
	return cc_map_get(&hs->by_path, path);
}

int cc_histories_read(struct cc_histories *hs, const struct cc_version *v, struct cc_buf *out)
{
	return cc_history_read_blob(&hs->list[v->origin], &v->blob, out);
}

int cc_histories_version_day(const struct cc_histories *hs, const struct cc_version *v)
{
	const struct cc_set *s = cc_history_set_by_seq(&hs->list[v->origin], v->first_set);
	time_t t;
	struct tm tm;

	if (!s || s->time <= 0)
		return 0;
	t = (time_t)s->time;
	if (!gmtime_r(&t, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

const struct cc_version *cc_vlist_find(const struct cc_vlist *vl, cc_hash raw)
{
	size_t i;

	for (i = 0; vl && i < vl->n; i++)
		if (vl->v[i]->raw == raw)
			return vl->v[i];
	return NULL;
}
