/* importlog.h - the stretches of source history an import has read.
 *
 * `confcheck-imports` beside a history lists, for each list of maps, the
 * stretches of first-parent history already imported:
 *
 *   confcheck-imports 1
 *   seg <TAB> maps <TAB> oldest commit <TAB> newest commit <TAB> name
 *
 * Maps and names are in the escaped log form (escape.h). A stretch is
 * contiguous first-parent history from its newest commit down to its
 * oldest, so a later walk that meets its newest commit knows every commit
 * below it, down to its oldest. Commit ids are the source's: a clone of the
 * same repository under another name is the same history.
 */
#ifndef CC_IMPORTLOG_H
#define CC_IMPORTLOG_H

#include <git2.h>
#include <stddef.h>

#define CC_IMPORTLOG_NAME "confcheck-imports"

struct cc_importlog_seg {
	char *key; /* the maps (cc_import_maps_key) */
	git_oid oldest, newest;
	char *name; /* the repository's name, for people reading the file */
};

struct cc_importlog {
	struct cc_importlog_seg *v;
	size_t n, alloc;
};

/* Loads the log of the history at dir. Returns 0 (also when there is none)
 * or -1 when it is unreadable or malformed; log is then empty, and the
 * message names the first malformed line. */
int cc_importlog_load(struct cc_importlog *log, const char *dir);

/* Writes the log atomically. Returns 0 or -1 with a message. */
int cc_importlog_save(const struct cc_importlog *log, const char *dir);

/* Sets known[i] for every commit of chain (first-parent, oldest first) that
 * an earlier import with the same key covered. */
void cc_importlog_mark(const struct cc_importlog *log, const char *key, const git_oid *chain,
		       size_t n, char *known);

/* Records that chain (n > 0) has been imported with key: one stretch for the
 * whole chain replaces those it covers, and extends the one it continues. */
void cc_importlog_update(struct cc_importlog *log, const char *key, const char *name,
			 const git_oid *chain, size_t n);

void cc_importlog_release(struct cc_importlog *log);

#endif
