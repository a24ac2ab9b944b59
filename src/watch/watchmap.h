/* watchmap.h - what the watcher cares about: the mapped paths and the
 * directories on the way to them.
 *
 * The watcher gives verdicts only on user paths some template maps to (and
 * on paths of templates recorded in history, the orphans): the "mapped"
 * paths. It therefore watches only the directories that lie on the way to
 * one: every ancestor of every mapped path, the config root included (the
 * "needed" directories). That keeps the number of watches proportional to
 * the directories templates use, not to everything a user keeps in the
 * volume (logs, databases, caches), so 40,000 templates in a handful of
 * folders cost a handful of watches and user data churn wakes nothing up.
 * A needed directory created later is seen by the watch on its parent,
 * which is itself needed. The state dir and `*.sample` paths are never
 * mapped.
 *
 * Invariants: paths and dirs are sorted by strcmp and unique, so everything
 * below a directory D is one contiguous range (the strings with prefix
 * "D/"); the root is the empty string "" and is always in dirs.
 */
#ifndef CC_WATCHMAP_H
#define CC_WATCHMAP_H

#include <stddef.h>

struct cc_session;

struct cc_wmap {
	char **paths; /* mapped user paths, relative to the config root */
	size_t npaths, paths_alloc;
	char **dirs; /* needed directories, "" for the root */
	size_t ndirs, dirs_alloc;
};

#define CC_WMAP_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0, NULL, 0, 0                                                             \
	}

/* Adds a mapped path (copied). Call cc_wmap_finish before any lookup. */
void cc_wmap_add(struct cc_wmap *m, const char *path);
/* Sorts, removes duplicates and derives the needed directories. */
void cc_wmap_finish(struct cc_wmap *m);
/* Builds the map of everything a session gives verdicts on. */
void cc_wmap_build(struct cc_wmap *m, struct cc_session *s);
void cc_wmap_release(struct cc_wmap *m);

/* Whether rel is a mapped path / a needed directory. */
int cc_wmap_has_path(const struct cc_wmap *m, const char *rel);
int cc_wmap_has_dir(const struct cc_wmap *m, const char *rel);

/* The range [*lo, *hi) of m->paths that lie below the directory dir ("" is
 * the root: every path). */
void cc_wmap_paths_under(const struct cc_wmap *m, const char *dir, size_t *lo, size_t *hi);
/* The range [*lo, *hi) of m->dirs that lie below dir, dir itself excluded. */
void cc_wmap_dirs_under(const struct cc_wmap *m, const char *dir, size_t *lo, size_t *hi);

/* Joins a directory (relative, "" for the root) and a name; the caller frees. */
char *cc_wmap_join(const char *dir, const char *name);

#endif
