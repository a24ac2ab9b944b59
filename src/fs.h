/* fs.h - defensive file access: confined lookups, capped reads, atomic writes.
 *
 * Safety rules (DESIGN §9) live here so that no other module opens a user's
 * file by path: lookups go through directory file descriptors, a symlink is
 * followed only while it stays inside the root, FIFOs, sockets and devices
 * are never opened, and reads stop at a size cap.
 */
#ifndef CC_FS_H
#define CC_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/* Files larger than this are not read: they become `error` entries. */
#define CC_FS_MAX_SIZE (4u * 1024 * 1024)

/* A root directory and a cache of the last directory looked up in it. */
struct cc_root {
	int fd;          /* O_PATH|O_DIRECTORY descriptor of the root */
	char *path;      /* the root's absolute, canonical path */
	char *cache_dir; /* logical directory (relative) whose fd is cache_fd */
	int cache_fd;
};

/* Opens root (a directory). Returns 0, or -1 with a message. */
int cc_root_open(struct cc_root *r, const char *path);
void cc_root_release(struct cc_root *r);
/* Forgets the cached directory: the next lookup walks from the root again.
 * Needed when directories may have been replaced since the last lookup. */
void cc_root_forget(struct cc_root *r);

enum cc_lookup {
	CC_LOOKUP_OK = 0,
	CC_LOOKUP_MISSING = 1, /* the file or one of its directories does not exist */
	CC_LOOKUP_ERROR = 2,   /* *reason says why: not a regular file, leaves the root, ... */
};

/* Reads the regular file rel (relative to the root) into out, following
 * symlinks only while they stay inside the root. On CC_LOOKUP_ERROR *reason
 * is a new string the caller frees. st_out may be NULL. */
enum cc_lookup cc_root_read(struct cc_root *r, const char *rel, struct cc_buf *out, char **reason);

/* Like cc_root_read without reading: tells whether rel exists as anything. */
enum cc_lookup cc_root_exists(struct cc_root *r, const char *rel);

/* Reads a regular file opened by name under dirfd (no symlink following) with the cap. */
enum cc_lookup cc_read_at(int dirfd, const char *name, struct cc_buf *out, char **reason);

/* Owner for everything confcheck creates in its state dir; -1 keeps the caller's. */
void cc_fs_set_owner(uid_t uid, gid_t gid);
/* Applies the owner set above to fd (no-op when none). */
void cc_fs_chown_fd(int fd);
/* Applies the owner to every entry under the directory path, bounded in depth. */
void cc_fs_chown_tree(const char *path);

/* mkdir -p with mode 0755 for the state dir; returns 0 or -1 with a message. */
int cc_fs_mkdirs(const char *path);

/* Writes data to dir/name atomically: temp file, fsync, rename. 0 or -1. */
int cc_fs_write_atomic(const char *dir, const char *name, const void *data, size_t len);

/* Reads a whole small file by path (state files only, never user files). */
int cc_fs_read_path(struct cc_buf *out, const char *path);

/* Joins a and b with one '/'; the caller frees. */
char *cc_path_join(const char *a, const char *b);

/* Makes path absolute and canonical (realpath); the caller frees. NULL on failure. */
char *cc_path_canonical(const char *path);

#endif
