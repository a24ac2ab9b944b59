/* tcache.h - what the templates hashed to, keyed by their stat signature.
 *
 * Templates are image content: they change only with a new image, and a new
 * image brings new files (another inode, size, mtime or ctime). Remembering
 * each template's hash by that signature lets the everyday check hash only
 * the user's files, as DESIGN §10 asks. Kept in $STATE/templates, sorted by
 * path so that a scan (also sorted by path) meets its entries in order:
 *
 *   confcheck-templates 1
 *   path <TAB> dev <TAB> ino <TAB> size <TAB> mtime-ns <TAB> ctime-ns <TAB> raw <TAB> date <TAB>
 * findings
 *
 * A missing or unreadable cache is simply empty.
 */
#ifndef CC_TCACHE_H
#define CC_TCACHE_H

#include <stddef.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/hash.h"

#define CC_STATE_TCACHE "templates"

struct cc_tcache_entry {
	char *path; /* points into the loaded file, or owned when added */
	dev_t dev;
	ino_t ino;
	long long size, mtime, ctime;
	cc_hash raw;
	int date;
	int findings;
	int owned; /* path was allocated by cc_tcache_put */
};

struct cc_tcache {
	struct cc_buf file;	     /* the file as loaded; entries point into it */
	struct cc_tcache_entry *old; /* loaded entries, sorted by path */
	size_t nold, cursor;	     /* cursor: where the in-order search resumes */
	struct cc_tcache_entry *now; /* what this scan saw, in the order it asked */
	size_t nnow, now_alloc;
	int dirty;
};

/* Loads dir/templates; a missing or malformed file leaves the cache empty. */
void cc_tcache_load(struct cc_tcache *c, int dirfd, const char *dir);
/* Writes what this scan saw to dir/templates atomically, when it differs
 * from what was loaded. Returns 0 or -1 with a message. */
int cc_tcache_save(struct cc_tcache *c, int dirfd, const char *dir);
void cc_tcache_release(struct cc_tcache *c);

/* Looks path up (fastest when asked in sorted order) and records what the
 * scan saw. Returns the entry when its signature still matches st, else NULL. */
const struct cc_tcache_entry *cc_tcache_get(struct cc_tcache *c, const char *path,
					    const struct stat *st);
/* Records what path (with signature st) hashed to. */
void cc_tcache_put(struct cc_tcache *c, const char *path, const struct stat *st, cc_hash raw,
		   int date, int findings);

#endif
