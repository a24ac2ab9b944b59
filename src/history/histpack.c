/* histpack.c - write a history's objects as packs. */
#include <dirent.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/git.h"
#include "history/histpack.h"

static int git_fail(const char *what, const char *path)
{
	const git_error *e = git_error_last();

	return cc_error_set("%s '%s': %s", what, path, e && e->message ? e->message : "git error");
}

int cc_histpack_begin(git_odb_backend **out, git_repository *repo)
{
	git_odb *odb = NULL;
	int ret = 0;

	if (git_mempack_new(out) < 0)
		return git_fail("cannot write template history", git_repository_path(repo));
	if (git_repository_odb(&odb, repo) < 0 || git_odb_add_backend(odb, *out, 999) < 0) {
		ret = git_fail("cannot write template history", git_repository_path(repo));
		(*out)->free(*out);
		*out = NULL;
	}
	git_odb_free(odb);
	return ret;
}

int cc_histpack_flush(git_repository *repo, git_odb_backend *mempack, const git_oid *base)
{
	git_revwalk *walk = NULL;
	git_packbuilder *pb = NULL;
	int ret = -1;

	/* git_mempack_dump would pack whole trees again, every blob of every set:
	 * the objects new since base are what the store holds */
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push_ref(walk, "refs/heads/main") < 0 ||
	    (base && git_revwalk_hide(walk, base) < 0) || git_packbuilder_new(&pb, repo) < 0 ||
	    git_packbuilder_insert_walk(pb, walk) < 0 ||
	    git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0) {
		git_fail("cannot write template history", git_repository_path(repo));
		goto done;
	}
	git_mempack_reset(mempack);
	ret = 0;
done:
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	return ret;
}

/* An odb holding the objects of one pack index alone. */
static int pack_odb(git_odb **out, const char *idx)
{
	git_odb_backend *be = NULL;

	*out = NULL;
	if (git_odb_new(out) < 0 || git_odb_backend_one_pack(&be, idx) < 0 ||
	    git_odb_add_backend(*out, be, 1) < 0) {
		git_odb_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int in_pack_cb(const git_oid *id, void *payload)
{
	return git_odb_exists(payload, id) ? 0 : 1;
}

/* Removes the loose objects and the older packs that the new pack holds. */
static void prune(const char *dir, const char *name, git_odb *pack)
{
	char *objects = cc_path_join(dir, "objects"), *sub, *path, hex[GIT_OID_HEXSZ + 1];
	char *packs = cc_path_join(objects, "pack"), *base;
	DIR *d, *s;
	struct dirent *e, *f;
	git_odb *old;
	git_oid oid;
	size_t n;

	if ((d = opendir(objects))) {
		while ((e = readdir(d))) {
			if (strlen(e->d_name) != 2 || !strchr("0123456789abcdef", e->d_name[0]) ||
			    !strchr("0123456789abcdef", e->d_name[1]))
				continue;
			sub = cc_path_join(objects, e->d_name);
			if ((s = opendir(sub))) {
				while ((f = readdir(s))) {
					if (strlen(f->d_name) != GIT_OID_HEXSZ - 2)
						continue;
					snprintf(hex, sizeof(hex), "%.2s%.38s", e->d_name,
						 f->d_name);
					if (git_oid_fromstr(&oid, hex) < 0 ||
					    !git_odb_exists(pack, &oid))
						continue;
					path = cc_path_join(sub, f->d_name);
					unlink(path);
					free(path);
				}
				closedir(s);
			}
			rmdir(sub); /* fails, harmlessly, when something is left */
			free(sub);
		}
		closedir(d);
	}
	if ((d = opendir(packs))) {
		while ((e = readdir(d))) {
			n = strlen(e->d_name);
			if (n < 4 || strcmp(e->d_name + n - 4, ".idx") ||
			    strncmp(e->d_name, "pack-", 5) ||
			    !strncmp(e->d_name + 5, name, strlen(name)))
				continue;
			path = cc_path_join(packs, e->d_name);
			if (pack_odb(&old, path) == 0 &&
			    git_odb_foreach(old, in_pack_cb, pack) == 0) {
				git_odb_free(old);
				old = NULL;
				base = cc_strndup(path, strlen(path) - 4);
				free(path);
				path = cc_asprintf("%s.pack", base);
				unlink(path);
				free(path);
				path = cc_asprintf("%s.rev", base);
				unlink(path);
				free(path);
				path = cc_asprintf("%s.idx", base);
				unlink(path);
				free(base);
			}
			git_odb_free(old);
			free(path);
		}
		closedir(d);
	}
	free(packs);
	free(objects);
}

int cc_histpack_count(const char *dir)
{
	char *packs = cc_asprintf("%s/objects/pack", dir);
	DIR *d = opendir(packs);
	struct dirent *e;
	size_t n;
	int count = 0;

	while (d && (e = readdir(d))) {
		n = strlen(e->d_name);
		count += n > 5 && !strcmp(e->d_name + n - 5, ".pack");
	}
	if (d)
		closedir(d);
	free(packs);
	return count;
}

int cc_histpack_all(const char *dir)
{
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_packbuilder *pb = NULL;
	git_odb *pack = NULL;
	char *idx = NULL;

	cc_git_init();
	int ret = -1;

	if (git_repository_open_bare(&repo, dir) < 0 || git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push_ref(walk, "refs/heads/main") < 0 ||
	    git_packbuilder_new(&pb, repo) < 0 || git_packbuilder_insert_walk(pb, walk) < 0 ||
	    git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0) {
		git_fail("cannot pack template history", dir);
		goto done;
	}
	idx = cc_asprintf("%sobjects/pack/pack-%s.idx", git_repository_path(repo),
			  git_packbuilder_name(pb));
	if (pack_odb(&pack, idx) < 0) {
		git_fail("cannot pack template history", dir);
		goto done;
	}
	prune(git_repository_path(repo), git_packbuilder_name(pb), pack);
	ret = 0;
done:
	free(idx);
	git_odb_free(pack);
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	git_repository_free(repo);
	return ret;
}

int cc_packwriter_open(struct cc_packwriter *pw, git_repository *batch)
{
	memset(pw, 0, sizeof(*pw));
	if (batch) {
		pw->repo = batch;
		return git_repository_odb(&pw->odb, batch);
	}
	if (git_odb_new(&pw->odb) < 0 || git_mempack_new(&pw->mempack) < 0)
		return -1;
	if (git_odb_add_backend(pw->odb, pw->mempack, 1) < 0) {
		pw->mempack->free(pw->mempack);
		pw->mempack = NULL;
		return -1;
	}
	return git_repository_wrap_odb(&pw->repo, pw->odb);
}

static int pack_subtree(const char *root, const git_tree_entry *e, void *payload)
{
	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	return git_packbuilder_insert(payload, git_tree_entry_id(e), NULL);
}

/* Adds the new objects to pb one by one: git_mempack_dump would walk the
 * commit into blobs recorded earlier, which live only on disk. */
static int pack_objects(struct cc_packwriter *pw, git_packbuilder *pb, const git_oid *tree_id,
			const git_oid *commit_id)
{
	git_tree *tree = NULL;
	size_t i;
	int ret = -1;

	for (i = 0; i < pw->nblobs; i++)
		if (git_packbuilder_insert(pb, &pw->blobs[i], NULL) < 0)
			goto done;
	if (git_tree_lookup(&tree, pw->repo, tree_id) < 0 ||
	    git_packbuilder_insert(pb, tree_id, NULL) < 0 ||
	    git_tree_walk(tree, GIT_TREEWALK_PRE, pack_subtree, pb) < 0 ||
	    git_packbuilder_insert(pb, commit_id, NULL) < 0)
		goto done;
	ret = 0;
done:
	git_tree_free(tree);
	return ret;
}

int cc_packwriter_flush(struct cc_packwriter *pw, git_repository *dst, const git_oid *tree_id,
			const git_oid *commit_id)
{
	git_buf pack = GIT_BUF_INIT;
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	int ret = -1;

	memset(&stats, 0, sizeof(stats));
	if (git_packbuilder_new(&pb, pw->repo) < 0)
		goto done;
	git_packbuilder_set_threads(pb, 0); /* delta search on every core */
	if (pack_objects(pw, pb, tree_id, commit_id) < 0 ||
	    git_packbuilder_write_buf(&pack, pb) < 0 || git_repository_odb(&odb, dst) < 0 ||
	    git_odb_write_pack(&wp, odb, NULL, NULL) < 0)
		goto done;
	if (wp->append(wp, pack.ptr, pack.size, &stats) < 0 || wp->commit(wp, &stats) < 0)
		goto done;
	ret = 0;
done:
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_packbuilder_free(pb);
	git_buf_dispose(&pack);
	return ret;
}

void cc_packwriter_close(struct cc_packwriter *pw)
{
	if (pw->mempack)
		git_repository_free(pw->repo);
	git_odb_free(pw->odb); /* frees the mempack backend with it */
	free(pw->blobs);
	memset(pw, 0, sizeof(*pw));
}
