/* guard.h - reading an image's file that lies in a folder another user may change.
 *
 * A mapping file may name a template outside the template roots, in the
 * app's own folder (/app/www), which the image often gives to the app user.
 * That user may swap the file for a symlink or a hard link to a file only
 * root may read; root must then read nothing that user could not read
 * already. So such a file is read only when it is reached without following
 * any symlink, is a regular file with one link, and belongs to the user who
 * owns its folder (not root): a file that user could have written anyway.
 */
#ifndef CC_GUARD_H
#define CC_GUARD_H

#include "util/buf.h"
#include "util/fs.h"

/* Opens the folder at the absolute path for reading without following a
 * symlink in any of its components. Returns a descriptor, or -1 with errno
 * (ELOOP or ENOTDIR when a component is a symlink). */
int cc_guard_open_dir(const char *path);

/* Reads the file at the absolute path under the rules above, with the
 * CC_FS_MAX_SIZE cap. On CC_LOOKUP_ERROR *reason is a new string the
 * caller frees. */
enum cc_lookup cc_guard_read(const char *path, struct cc_buf *out, char **reason);

#endif
