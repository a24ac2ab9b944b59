/* import.h - bring the template history of a git repository into a history.
 *
 * An image's own repository holds every template version it ever shipped.
 * The import walks the first-parent history of a revision (oldest first)
 * and turns every commit whose mapped template set differs from the one
 * before it into one set of the history (history.h), labelled
 * "NAME@SHORT SUBJECT" and dated with the source commit's time. The
 * source repository is only read.
 *
 * Maps turn repository paths into template paths: `root/defaults/=` takes
 * `root/defaults/nginx/ssl.conf.sample` to `nginx/ssl.conf.sample`. FROM
 * and TO are directory prefixes (a missing trailing '/' is added). The map
 * with the longest FROM covering a path applies; when two paths map to the
 * same template, the map given later wins (as later template roots do).
 * Then the mapping (mapping.h: the `.sample` rule and the lines of the
 * mapping files given) says which template paths are templates and which
 * user file each belongs to; the history records them by that user file's
 * key, as the check does. Paths no map covers are left out, and so are,
 * with a warning, paths with a ".git" component (a template ".git.sample"
 * counts: it is installed as ".git"). No maps at all means the identity
 * map "=". A mapping line with an absolute TEMPLATE names no repository
 * path and is not used.
 *
 * Beside the history the import keeps `confcheck-imports` (importlog.h),
 * the stretches of first-parent history already imported with each list of
 * maps: a later import skips those commits, so importing again reads only
 * what is new. Several repositories can be imported into one history: each
 * records sets of its own paths (baselines need versions, not sets). New
 * objects are written as packs (histpack.h).
 */
#ifndef CC_IMPORT_H
#define CC_IMPORT_H

#include <stddef.h>

#include "util/mapping.h"

struct cc_import_map {
	char *from; /* repository directory prefix: "" or ending in '/' */
	char *to;   /* template directory prefix: "" or ending in '/' */
};

struct cc_import_maps {
	struct cc_import_map *v;
	size_t n, alloc;
};

#define CC_IMPORT_MAPS_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Parses "FROM=TO" and appends it. FROM and TO must be relative paths
 * without ".", ".." or ".git" components; the same FROM twice is an error.
 * Returns 0 or -1 with a message. */
int cc_import_map_add(struct cc_import_maps *m, const char *spec);

/* The template path of a repository path, or NULL when no map covers it.
 * *which receives the index of the map used (0 for the identity map). The
 * caller frees. */
char *cc_import_map_path(const struct cc_import_maps *m, const char *path, size_t *which);

/* A string naming the maps, in order, for the imports file. The caller frees. */
char *cc_import_maps_key(const struct cc_import_maps *m);

void cc_import_maps_release(struct cc_import_maps *m);

struct cc_import_opts {
	const char *repo;  /* the source repository (its work tree or git dir) */
	const char *range; /* "REV" (REV back to the root) or "A..B"; NULL: HEAD */
	const char *out;   /* the history directory, created when missing */
	const char *name;  /* the repository's name in labels; NULL: its directory's */
	const struct cc_import_maps *maps;
	const struct cc_mapping *mapping; /* template paths to user files; NULL: the
					   * `.sample` rule alone */
};

/* What an import did; warnings are owned and freed by the release. */
struct cc_import_stats {
	char *name;	  /* the repository's name as used in labels */
	size_t commits;	  /* commits on the walk */
	size_t known;	  /* of those, imported before and skipped */
	size_t sets;	  /* template sets recorded now */
	size_t versions;  /* template versions new to the history */
	size_t templates; /* templates in the newest commit's set */
	size_t nsets;	  /* sets in the history afterwards */
	char **warnings;  /* templates and .git paths left out, a history moved aside */
	size_t nwarnings, warnings_alloc;
};

/* Runs the import. out must be missing, empty, or a history (it holds
 * `confcheck-index`). Returns 0, or -1 with a message. On failure, what
 * the run created of out is removed again (a missing out and the parents
 * made for it; the contents of an empty one); a history that was there
 * keeps what it had, plus the sets recorded before the failure. */
int cc_import_run(struct cc_import_stats *st, const struct cc_import_opts *o);
void cc_import_stats_release(struct cc_import_stats *st);

#endif
