/* watchdirs.h - which inotify watch stands for which needed directories.
 *
 * The inotify backend watches each needed directory (watchmap.h) where it
 * resolves to. Mostly one watch descriptor stands for one needed directory,
 * but symlinks inside the config root can lead several to one place, and the
 * kernel then gives one descriptor for all of them. This table keeps both
 * directions, and which needed directories are reached through a symlink:
 * those must be resolved again when a link on their way may have changed.
 *
 * Invariants: entries are sorted by wd and each stands for at least one
 * directory; a directory is listed under at most one wd, and by_rel maps it
 * to that wd + 1; linked holds a non-NULL value exactly for the listed
 * directories reached through a symlink, and nlinked counts them. The table
 * never calls the kernel: a change that leaves a wd standing for nothing
 * returns it, and the caller removes the watch.
 */
#ifndef CC_WATCHDIRS_H
#define CC_WATCHDIRS_H

#include <stddef.h>

#include "util/map.h"

struct cc_wdir {
	int wd;
	char **rels; /* the needed directories it stands for, "" for the root */
	size_t nrels;
};

struct cc_wdirs {
	struct cc_wdir *dirs; /* sorted by wd */
	size_t n, alloc;
	struct cc_map by_rel; /* rel -> wd + 1, NULL when not listed */
	struct cc_map linked; /* rel -> non-NULL while reached through a symlink */
	size_t nlinked;
};

#define CC_WDIRS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, CC_MAP_INIT, CC_MAP_INIT, 0                                            \
	}

void cc_wdirs_release(struct cc_wdirs *t);

/* Records that wd stands for rel, reached through a symlink when linked. Returns
 * the wd rel stood for before when nothing else stands for it now (the caller
 * removes that watch), or -1. */
int cc_wdirs_put(struct cc_wdirs *t, int wd, const char *rel, int linked);
/* Forgets rel. Returns its wd when nothing else stands for it now, or -1. */
int cc_wdirs_drop(struct cc_wdirs *t, const char *rel);
/* Forgets wd and every directory it stands for (the kernel dropped the watch). */
void cc_wdirs_forget(struct cc_wdirs *t, int wd);

/* The entry of wd, or NULL; valid until the next change. */
const struct cc_wdir *cc_wdirs_find(const struct cc_wdirs *t, int wd);
/* The wd that stands for rel, or -1. */
int cc_wdirs_wd(const struct cc_wdirs *t, const char *rel);
/* Copies of the listed directories at or below dir ("" for all of them), or of
 * those reached through a symlink (dir NULL). The caller frees them with
 * cc_wdirs_free_list. */
char **cc_wdirs_list(const struct cc_wdirs *t, const char *dir, size_t *n);
void cc_wdirs_free_list(char **list, size_t n);

#endif
