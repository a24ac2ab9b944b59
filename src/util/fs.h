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

#include "util/buf.h"

/* Files larger than this are not read: they become `error` entries. */
#define CC_FS_MAX_SIZE ((size_t)4 * 1024 * 1024)
/* confcheck's own state files: refused unread above this, so that a hostile
 * state dir cannot cost memory. At 40,000 templates the largest of them,
 * the history index, is 6.4 MB, and status.json would be about 16 MB if
 * every template had a user file. */
#define CC_FS_STATE_MAX_SIZE ((size_t)64 * 1024 * 1024)

/* A root directory and a cache of the last directory looked up in it. */
struct cc_root {
	int fd;		 /* O_PATH|O_DIRECTORY descriptor of the root */
	char *path;	 /* the root's absolute, canonical path */
	char *cache_dir; /* logical directory (relative) whose fd is cache_fd */
	int cache_fd;
	int trusted;  /* image content: files are opened before their type is checked */
	char **names; /* sorted entries of the cached directory, or NULL */
	size_t nnames;
};

/* Opens root (a directory); what names it in messages ("config root").
 * Returns 0, or -1 with a message. A root opened
 * this way is untrusted (the user's volume): a file's type is checked before
 * it is opened, so that a FIFO or device is never opened. Template roots may
 * set trusted afterwards to save that lookup: they are still opened
 * non-blocking and refused when not regular. */
int cc_root_open(struct cc_root *r, const char *path, const char *what);
void cc_root_release(struct cc_root *r);
/* Forgets the cached directory and its listing. Lookups trust both until
 * then: a caller that looks again after the tree may have changed (the
 * watcher) flushes first. Reads through a cached descriptor never follow a
 * symlink put in the directory's place, so a stale cache cannot leave the root. */
void cc_root_flush(struct cc_root *r);

enum cc_lookup {
	CC_LOOKUP_OK = 0,
	CC_LOOKUP_MISSING = 1, /* the file or one of its directories does not exist */
	CC_LOOKUP_ERROR = 2,   /* *reason says why: not a regular file, leaves the root, ... */
};

/* Reads the regular file rel (relative to the root) into out, following
 * symlinks only while they stay inside the root. On CC_LOOKUP_ERROR *reason
 * is a new string the caller frees. */
enum cc_lookup cc_root_read(struct cc_root *r, const char *rel, struct cc_buf *out, char **reason);

/* Like cc_root_read without reading: tells whether rel exists as anything. */
enum cc_lookup cc_root_exists(struct cc_root *r, const char *rel);

/* "WHAT: the reason errno e gives", lower-cased as in every reason (a new string). */
char *cc_fs_reason(const char *what, int e);

/* Reads the file open at fd, refusing anything but a regular file, with the cap. */
enum cc_lookup cc_read_fd(int fd, struct cc_buf *out, char **reason);

/* Reads a regular file opened by name under dirfd (no symlink following) with the cap. */
enum cc_lookup cc_read_at(int dirfd, const char *name, struct cc_buf *out, char **reason);

/* What a file of mode m is, in words ("fifo", "symlink", "directory", ...). */
const char *cc_fs_type_name(mode_t m);

/* Opens the directory path for confcheck's own files (the state dir, a
 * history, a metrics folder) and returns its descriptor, or -1 with a
 * message. The folders above the last component are taken as named (with
 * create, made when missing); the last component is never followed: a
 * symlink there is refused. With create it is made (0755) when missing. */
int cc_dir_open(const char *path, int create, const char *what);
/* Likewise for name under dirfd; path names it in messages. errno is ELOOP
 * when name is a symlink. */
int cc_dir_openat(int dirfd, const char *name, int create, const char *what, const char *path);
/* 0 when the open directory fd belongs to the user confcheck runs as, no
 * other user may write it, and no other user may write any folder above it
 * (each belongs to root or to that user; sticky folders, and folders
 * writable by the user's own group, are fine): only then is anything
 * written there, since nobody else can move it away and put something in
 * its place. Else -1 with a message saying why. */
int cc_dir_owned(int fd, const char *what, const char *path);

/* 0 when nobody but root and the user confcheck runs as can change where
 * the name path leads: every folder on the way belongs to one of them and
 * no other user may write it (as for cc_dir_owned), and every symlink on
 * the way belongs to one of them. A folder or file named on purpose (a
 * --state, a metrics file) is only then created or written: a link that
 * the app user planted in its own volume is never followed. With last, the
 * last component is checked too when it exists. Else -1 with a message. */
int cc_path_trusted(const char *path, const char *what, int last);

/* mkdir -p with mode 0755, following symlinks (for folders named on
 * purpose); returns 0 or -1 with a message. */
int cc_fs_mkdirs(const char *path);

/* Writes data to name in the directory dirfd atomically: a temp file
 * created exclusively there, fsync, renameat. dir names it in messages.
 * The last component is replaced, never followed. 0 or -1. */
int cc_fs_write_atomic_at(int dirfd, const char *dir, const char *name, const void *data,
			  size_t len);
/* The same for a directory named by path (opened once, following links). */
int cc_fs_write_atomic(const char *dir, const char *name, const void *data, size_t len);

/* Reads the state file name under dirfd (never following a symlink, never
 * opening a FIFO or device) with the CC_FS_STATE_MAX_SIZE cap, checked
 * before reading. Returns 0, or -1 with a message and errno (ENOENT when
 * the file does not exist). */
int cc_fs_read_state_at(struct cc_buf *out, int dirfd, const char *dir, const char *name);
/* Likewise by path, the last component not followed. */
int cc_fs_read_path(struct cc_buf *out, const char *path);

/* Reads everything from fd (a pipe or a file) into out, up to cap bytes.
 * Returns 0, or -1 with a message naming what (when over cap or unreadable). */
int cc_fs_read_all(struct cc_buf *out, int fd, size_t cap, const char *what);

/* Joins a and b with one '/'; the caller frees. */
char *cc_path_join(const char *a, const char *b);

/* Makes path absolute and canonical (realpath); the caller frees. NULL on failure. */
char *cc_path_canonical(const char *path);

#endif
