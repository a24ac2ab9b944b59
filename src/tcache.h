/* tcache.h - what the templates hashed to, keyed by their stat signature.
 *
 * Templates are image content: they change only with a new image, and a new
 * image brings new files (another inode, size, mtime or ctime). Remembering
 * each template's hash by that signature lets the everyday check hash only
 * the user's files, as DESIGN §10 asks. Kept in $STATE/templates:
 *
 *   confcheck-templates 1
 *   path <TAB> dev <TAB> ino <TAB> size <TAB> mtime-ns <TAB> ctime-ns <TAB> raw <TAB> date <TAB> findings
 *
 * A missing or unreadable cache is simply empty.
 */
#ifndef CC_TCACHE_H
#define CC_TCACHE_H

#include <sys/stat.h>

#include "hash.h"
#include "map.h"

#define CC_STATE_TCACHE "templates"

struct cc_tcache_entry {
	dev_t dev;
	ino_t ino;
	long long size, mtime, ctime;
	cc_hash raw;
	int date;
	int findings;
	int used; /* seen by this scan: kept when saving */
};

struct cc_tcache {
	struct cc_map map; /* template path -> struct cc_tcache_entry * */
	int dirty;
};

/* Loads dir/templates; a missing or malformed file leaves the cache empty. */
void cc_tcache_load(struct cc_tcache *c, const char *dir);
/* Writes dir/templates atomically when something changed. 0 or -1 with a message. */
int cc_tcache_save(struct cc_tcache *c, const char *dir);
void cc_tcache_release(struct cc_tcache *c);

/* The cached entry of path when its signature still matches st, else NULL. */
struct cc_tcache_entry *cc_tcache_get(struct cc_tcache *c, const char *path,
				      const struct stat *st);
/* Records what path (with signature st) hashed to. */
void cc_tcache_put(struct cc_tcache *c, const char *path, const struct stat *st, cc_hash raw,
		   int date, int findings);

#endif
