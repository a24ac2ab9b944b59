/* histdata.h - what an open history holds: its sets, its versions, its files.
 *
 * The layers of a history share these structs and nothing more: history.c
 * opens a history and records sets into it (history.h), histindex.c loads
 * and saves its sets and versions as text (histindex.h). Both include this
 * header, and neither of the lower ones includes history.h.
 */
#ifndef CC_HISTDATA_H
#define CC_HISTDATA_H

#include <git2.h>
#include <stddef.h>

#include "util/hash.h"

struct cc_set {
	int seq;    /* 1, 2, ... in the order this history recorded them */
	cc_hash id; /* XXH3 of the sorted (path, raw hash) list */
	git_oid commit;
	long long time; /* when it was recorded (seconds since the epoch) */
	char *label;	/* CONFCHECK_IMAGE or the imported commit, may be NULL */
};

struct cc_version {
	char *path; /* template path, e.g. "nginx/ssl.conf.sample" */
	cc_hash raw, norm, nohdr;
	int date; /* YYYYMMDD from the version header, 0 when none */
	git_oid blob;
	int first_set; /* seq of the first and the last set holding it */
	int last_set;
	int origin; /* index of the history in a cc_histories */
};

struct cc_history {
	char *dir;	      /* the bare repository, for libgit2 and messages */
	char *name;	      /* its last component, in parent_fd */
	int fd;		      /* the repository, opened once; -1 while it does not exist */
	int parent_fd;	      /* the folder holding it, to create or move it aside; -1 if unknown */
	char *unsafe;	      /* why cc_histcheck refused it (libgit2 never opened it), or NULL */
	char gpath[32];	      /* /proc/self/fd/N of fd, for libgit2 */
	int no_git;	      /* CC_HIST_NO_GIT: libgit2 never opens it */
	int gone;	      /* found corrupt but could not be moved aside: never written */
	int readonly;	      /* shipped histories are never written */
	int own;	      /* the state dir's history: its index may be dropped even
			       * when opened read-only, so that damage found is repaired */
	int allow_repeat;     /* record a set again when it is not the newest (an import
			       * keeps the order in which a source went back to an old set) */
	int defer_index;      /* records leave the index to the caller (cc_histindex_save),
			       * who removes it first so that a crash leaves it to be rebuilt */
	int batched;	      /* records write into repo's object store, where the caller
			       * gathers objects in memory and packs them (an import); else
			       * each record writes its new objects as one pack itself */
	git_repository *repo; /* opened on first need */
	struct cc_set *sets;
	size_t nsets, sets_alloc;
	struct cc_version *versions;
	size_t nversions, versions_alloc;
	char *warning; /* what was rebuilt or skipped, for the caller to print and free */
	unsigned long long index_dev, index_ino; /* the index file loaded, 0 when none */
};

#endif
