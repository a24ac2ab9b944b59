/* scan.h - the template set: every `*.sample` under the template roots.
 *
 * Roots are walked through directory descriptors, without following
 * symlinked directories, to a bounded depth. When several roots hold the
 * same path, the later root wins (an app image overrides its base image).
 * The result is sorted by path and carries each template's raw hash and
 * version date; its id identifies the set (hash.h cc_set_id).
 */
#ifndef CC_SCAN_H
#define CC_SCAN_H

#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/pathrule.h"
#include "engine/tcache.h"

#define CC_SCAN_MAX_DEPTH 64

struct cc_template {
	char *path;	 /* relative to its root, e.g. "nginx/ssl.conf.sample" */
	char *user_path; /* the user file it belongs to (cc_template_user_path) */
	int root;	 /* index into the roots it was found in */
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
};

/* Scans the roots. skip_dev/skip_ino name a directory left out (the state
 * dir), or 0/0. cache (may be NULL) gives the hashes of templates whose stat
 * signature is unchanged, and learns the others. Returns 0, or -1 with a
 * message when a root cannot be opened. Unreadable templates are left out
 * with a warning. */
int cc_tset_scan(struct cc_tset *s, char *const *roots, size_t nroots, dev_t skip_dev,
		 ino_t skip_ino, struct cc_tcache *cache);

/* Reads template i again into out. Returns 0 or -1 with a message. */
int cc_tset_read(struct cc_tset *s, size_t i, struct cc_buf *out);

/* The template for a user path, or NULL. A linear scan: the set is sorted by template
 * path, which is not the order of user paths. */
const struct cc_template *cc_tset_find_user(const struct cc_tset *s, const char *user_path);

void cc_tset_release(struct cc_tset *s);

#endif
