/* scan.h - the template set: every template under the template roots.
 *
 * A template is what the mapping (mapping.h) gives a user file: a `*.sample`
 * under the default rule, or a file a map line names, in a root or
 * elsewhere in the image. Roots are walked through directory descriptors,
 * without following symlinked directories, to a bounded depth. When
 * several templates belong to one user file, the later root wins (an app
 * image overrides its base image), and within a root the map line over
 * the `.sample` rule. The result is sorted by history key and carries each
 * template's raw hash and version date; its id identifies the set
 * (hash.h cc_set_id over the keys).
 */
#ifndef CC_SCAN_H
#define CC_SCAN_H

#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/map.h"
#include "util/mapping.h"
#include "engine/tcache.h"

#define CC_SCAN_MAX_DEPTH 64

struct cc_template {
	char *path;	 /* relative to its root, e.g. "nginx/ssl.conf.sample", or
			  * absolute for a file a map names outside the roots */
	char *user_path; /* the user file it belongs to */
	char *key;	 /* its name in the history (cc_user_template_path of user_path) */
	int root;	 /* the root it was found in, or whose map named it when absolute */
	cc_hash raw;
	int date;     /* YYYYMMDD from its version header, or 0 */
	int findings; /* header findings (header.h CC_HDR_*) */
};

struct cc_tset {
	struct cc_template *t;
	size_t n, alloc;
	struct cc_root *roots;
	size_t nroots;
	cc_hash id;
	int newest;	 /* the newest version date in the set, or 0 */
	char **warnings; /* templates that could not be read, trees too deep */
	size_t nwarnings, warnings_alloc;
	struct cc_mapping mapping; /* every map in force */
	struct cc_map not_users;   /* user paths a map says are not the user's: the
				    * `.sample` rule's user path of a template mapped to `-` */
};

/* Scans the roots, with each root's own map (CC_MAP_FILE at its top) and
 * then the maps named (paths, read as named; they apply to every root).
 * skip_dev/skip_ino name a directory left out (the state dir), or 0/0.
 * cache (may be NULL) gives the hashes of templates whose stat signature is
 * unchanged, and learns the others. Returns 0, or -1 with a message when a
 * root cannot be opened. Unreadable templates are warnings; unreadable
 * maps and map lines skipped are s->mapping's warnings. */
int cc_tset_scan(struct cc_tset *s, char *const *roots, size_t nroots, char *const *maps,
		 size_t nmaps, dev_t skip_dev, ino_t skip_ino, struct cc_tcache *cache);

/* Reads template i again into out. Returns 0 or -1 with a message. */
int cc_tset_read(struct cc_tset *s, size_t i, struct cc_buf *out);

/* The template for a user path, or NULL. A linear scan: the set is sorted by key,
 * which is not the order of user paths. */
const struct cc_template *cc_tset_find_user(const struct cc_tset *s, const char *user_path);

void cc_tset_release(struct cc_tset *s);

#endif
