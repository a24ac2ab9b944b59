/* guard.h - reading an image's file outside the template roots.
 *
 * A mapping file may name a template by its absolute path, often in the
 * app's own folder (/app/www), which the image gives to the app user. That
 * user may swap the file, or a folder on the way, for a symlink or a hard
 * link to a file only root may read; root must then read nothing that user
 * could not read already. So the path is walked one component at a time
 * from "/", each folder checked as it is entered:
 * - while every folder on the way is root's or confcheck's own and no other
 *   user may write it, nor a group but confcheck's own (for root, none),
 *   symlinks are followed (they are the image's);
 * - a folder with an ACL (or whose ACL cannot be read) counts as one others
 *   may write; in a sticky folder that others may write (/tmp) a folder is
 *   only as safe as its owner, and a file or symlink is nobody's (anyone
 *   may have moved one there);
 * - from the first folder that another user may change on, no symlink is
 *   followed, every folder after it must be that same user's, and the file
 *   must be a regular file with one link that belongs to that user, not
 *   root: a file that user could have written anyway.
 * A FIFO or device is never waited on: its type is checked before it is
 * opened (non-blocking), and again on what was opened.
 */
#ifndef CC_GUARD_H
#define CC_GUARD_H

#include <sys/stat.h>

#include "util/buf.h"
#include "util/fs.h"

/* Opens the regular file at the absolute path under the rules above and
 * fills *st. Returns its descriptor, or -1: with *reason NULL when the file
 * or a folder on the way does not exist (errno ENOENT) or the path names a
 * folder (EISDIR), else with *reason (a new string). */
int cc_guard_open(const char *path, struct stat *st, char **reason);

/* Opens the folder at the absolute path under the same rules, for listing.
 * Returns its descriptor, or -1 with *reason as for cc_guard_open. */
int cc_guard_open_dir(const char *path, char **reason);

/* Reads the file at the absolute path under the rules, with the
 * CC_FS_MAX_SIZE cap. On CC_LOOKUP_ERROR *reason is a new string. */
enum cc_lookup cc_guard_read(const char *path, struct cc_buf *out, char **reason);

#endif
