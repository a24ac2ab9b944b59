/* histpack.h - the objects of a history kept in packs, not one file per object.
 *
 * A history written one set at a time by libgit2 gets a file for every new
 * object, and a shipped history should be a few files. While an import
 * records many sets, new objects are held in memory and written as one
 * pack now and then; afterwards the packs can be packed into one.
 */
#ifndef CC_HISTPACK_H
#define CC_HISTPACK_H

#include <git2.h>

/* Puts an in-memory object store in front of repo's: objects written to repo
 * are held in memory until cc_histpack_flush. *out is owned by repo's odb.
 * Returns 0 or -1 with a message. */
int cc_histpack_begin(git_odb_backend **out, git_repository *repo);

/* Writes the objects held in memory as one pack and empties the store. They
 * are found from the history's branch: what the commit base (the branch's
 * commit when the store was last emptied, NULL for none) reaches is on disk
 * already and left out. Returns 0 or -1 with a message. */
int cc_histpack_flush(git_repository *repo, git_odb_backend *mempack, const git_oid *base);

/* The number of packs in the history at dir. */
int cc_histpack_count(const char *dir);

/* Packs every object reachable from the history's branch into one pack and
 * removes the loose objects and older packs it holds. Returns 0 or -1 with
 * a message. */
int cc_histpack_all(const char *dir);

/* A set's new objects, gathered in memory and written as one pack: thousands
 * of loose object files would cost a first start seconds of file creation.
 * With a batch repository (an import that gathers many sets itself, see
 * cc_histpack_begin) the objects go straight into that repository instead. */
struct cc_packwriter {
	git_odb *odb;
	git_odb_backend *mempack; /* NULL when batched: then odb and repo are the batch's */
	git_repository *repo;	  /* a repository over the in-memory odb only, or the batch */
	git_oid *blobs;		  /* the blobs written, which the pack must hold */
	size_t nblobs, blobs_alloc;
};

/* Opens pw; batch may be NULL. Returns 0, or -1 with libgit2's error. */
int cc_packwriter_open(struct cc_packwriter *pw, git_repository *batch);
/* Writes the blobs, the trees under tree_id and the commit into dst's object
 * store as one pack (not batched only). Returns 0 or -1. */
int cc_packwriter_flush(struct cc_packwriter *pw, git_repository *dst, const git_oid *tree_id,
			const git_oid *commit_id);
void cc_packwriter_close(struct cc_packwriter *pw);

#endif
