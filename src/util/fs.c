/* fs.c - confined lookups, capped reads and atomic writes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"

#define MAX_LINKS 40
#define MAX_COMPONENTS 4096

int cc_root_open(struct cc_root *r, const char *path, const char *what)
{
	memset(r, 0, sizeof(*r));
	r->fd = r->cache_fd = -1;
	r->path = cc_path_canonical(path);
	if (!r->path)
		return cc_error_errno(errno, "cannot open %s '%s'", what, path);
	r->fd = open(r->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;

		free(r->path);
		r->path = NULL;
		return cc_error_errno(e, "cannot open %s '%s'", what, path);
	}
	return 0;
}

static void free_names(struct cc_root *r)
{
	size_t i;

	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	r->names = NULL;
	r->nnames = 0;
}

void cc_root_flush(struct cc_root *r)
{
	if (r->cache_fd >= 0)
		close(r->cache_fd);
	r->cache_fd = -1;
	free(r->cache_dir);
	r->cache_dir = NULL;
	free_names(r);
}

void cc_root_release(struct cc_root *r)
{
	if (!r)
		return;
	cc_root_flush(r);
	if (r->fd >= 0)
		close(r->fd);
	free(r->path);
	memset(r, 0, sizeof(*r));
	r->fd = r->cache_fd = -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the cached directory once, so that the many templates without a
 * user file cost no lookup each. Returns 0, or -1 when it cannot be listed. */
static int list_names(struct cc_root *r)
{
	size_t alloc = 0;
	struct dirent *e;
	DIR *d;
	int fd;

	fd = openat(r->cache_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d))) {
		CC_GROW(r->names, alloc, r->nnames + 1);
		r->names[r->nnames++] = cc_strdup(e->d_name);
	}
	closedir(d);
	qsort(r->names, r->nnames, sizeof(*r->names), name_cmp);
	if (!r->names)
		r->names = cc_calloc(1, sizeof(*r->names));
	return 0;
}

/* Whether the cached directory's listing says name is absent. */
static int listed_absent(struct cc_root *r, const char *name)
{
	if (!r->names && list_names(r) < 0)
		return 0;
	return !bsearch(&name, r->names, r->nnames, sizeof(*r->names), name_cmp);
}

const char *cc_fs_type_name(mode_t m)
{
	if (S_ISDIR(m))
		return "directory";
	if (S_ISFIFO(m))
		return "fifo";
	if (S_ISSOCK(m))
		return "socket";
	if (S_ISCHR(m))
		return "character device";
	if (S_ISBLK(m))
		return "block device";
	if (S_ISLNK(m))
		return "symlink";
	if (S_ISREG(m))
		return "regular file";
	return "special file";
}

static char *reason_errno(const char *what, int e)
{
	char *s = cc_asprintf("%s: %s", what, strerror(e));
	char *p = strchr(s, ':');

	if (p && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z')
		p[2] = (char)(p[2] - 'A' + 'a');
	return s;
}

char *cc_fs_reason(const char *what, int e)
{
	return reason_errno(what, e);
}

/* Reads from an open regular file, refusing anything else or anything too big. */
static enum cc_lookup read_fd(int fd, struct cc_buf *out, char **reason, size_t cap)
{
	struct stat st;
	ssize_t n;
	size_t want;

	if (fstat(fd, &st) < 0) {
		*reason = reason_errno("cannot stat", errno);
		return CC_LOOKUP_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		*reason = cc_asprintf("not a regular file (%s)", cc_fs_type_name(st.st_mode));
		return CC_LOOKUP_ERROR;
	}
	if (st.st_size > (off_t)cap) {
		*reason = cc_asprintf("too large (%lld bytes, limit %zu MiB)",
				      (long long)st.st_size, cap >> 20);
		return CC_LOOKUP_ERROR;
	}
	cc_buf_reset(out);
	/* one byte more than the size: a short read is the end of a regular file */
	want = (size_t)st.st_size + 1;
	for (;;) {
		if (out->len > cap) {
			*reason =
			    cc_asprintf("too large (grew past %zu MiB while read)", cap >> 20);
			return CC_LOOKUP_ERROR;
		}
		cc_buf_reserve(out, want);
		n = read(fd, out->data + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*reason = reason_errno("cannot read", errno);
			return CC_LOOKUP_ERROR;
		}
		out->len += (size_t)n;
		if ((size_t)n < want)
			break;
		want = 65536;
	}
	out->data[out->len] = '\0';
	return CC_LOOKUP_OK;
}

/* Opens the regular file name under dirfd after checking its type without opening it. */
static enum cc_lookup open_leaf(int dirfd, const char *name, struct cc_buf *out, char **reason,
				int *is_link, int trusted)
{
	struct stat st;
	enum cc_lookup res;
	int fd;

	*is_link = 0;
	if (trusted && out)
		goto open;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return CC_LOOKUP_MISSING;
		*reason = reason_errno("cannot stat", errno);
		return CC_LOOKUP_ERROR;
	}
	if (S_ISLNK(st.st_mode)) {
		*is_link = 1;
		return CC_LOOKUP_OK;
	}
	if (!S_ISREG(st.st_mode)) {
		*reason = cc_asprintf("not a regular file (%s)", cc_fs_type_name(st.st_mode));
		return CC_LOOKUP_ERROR;
	}
	if (!out)
		return CC_LOOKUP_OK;
open:
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return CC_LOOKUP_MISSING;
		if (errno == ELOOP) {
			*is_link = 1;
			return CC_LOOKUP_OK;
		}
		*reason = reason_errno("cannot open", errno);
		return CC_LOOKUP_ERROR;
	}
	res = read_fd(fd, out, reason, CC_FS_MAX_SIZE);
	close(fd);
	return res;
}

enum cc_lookup cc_read_fd(int fd, struct cc_buf *out, char **reason)
{
	return read_fd(fd, out, reason, CC_FS_MAX_SIZE);
}

enum cc_lookup cc_read_at(int dirfd, const char *name, struct cc_buf *out, char **reason)
{
	int is_link;
	enum cc_lookup res = open_leaf(dirfd, name, out, reason, &is_link, 0);

	if (res == CC_LOOKUP_OK && is_link) {
		*reason = cc_strdup("not a regular file (symlink)");
		return CC_LOOKUP_ERROR;
	}
	return res;
}

/* The walk state of one confined lookup: where we are and what is left. */
struct walk {
	char **stack; /* physical components from the root to the current dir */
	size_t depth, stack_alloc;
	char **rest; /* components still to resolve, last element first */
	size_t nrest, rest_alloc;
	int fd; /* descriptor of the current dir (owned unless it is the root's) */
};

static void push_rest(struct walk *w, const char *path)
{
	/* split path and push its components in reverse so the first is on top */
	char *copy = cc_strdup(path), *save = NULL, *tok;
	char **parts = NULL;
	size_t n = 0, alloc = 0, i;

	for (tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		CC_GROW(parts, alloc, n + 1);
		parts[n++] = cc_strdup(tok);
	}
	for (i = n; i > 0; i--) {
		CC_GROW(w->rest, w->rest_alloc, w->nrest + 1);
		w->rest[w->nrest++] = parts[i - 1];
	}
	free(parts);
	free(copy);
}

static void walk_release(struct walk *w, struct cc_root *r)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		free(w->stack[i]);
	for (i = 0; i < w->nrest; i++)
		free(w->rest[i]);
	free(w->stack);
	free(w->rest);
	if (w->fd >= 0 && w->fd != r->fd && w->fd != r->cache_fd)
		close(w->fd);
}

/* Re-opens the current directory from the root along the stack (after a ".."). */
static int reopen_stack(struct walk *w, struct cc_root *r)
{
	size_t i;
	int fd = r->fd, next;

	for (i = 0; i < w->depth; i++) {
		next = openat(fd, w->stack[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != r->fd)
			close(fd);
		if (next < 0)
			return -1;
		fd = next;
	}
	if (w->fd >= 0 && w->fd != r->fd && w->fd != r->cache_fd)
		close(w->fd);
	w->fd = fd;
	return 0;
}

static char *stack_join(const struct walk *w)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	for (i = 0; i < w->depth; i++) {
		if (i)
			cc_buf_addc(&b, '/');
		cc_buf_adds(&b, w->stack[i]);
	}
	return cc_buf_detach(&b);
}

/* Replaces the one-entry directory cache with the walk's current directory. */
static void cache_store(struct cc_root *r, struct walk *w, const char *logical)
{
	if (w->fd == r->fd || w->fd == r->cache_fd)
		return;
	cc_root_flush(r);
	r->cache_fd = w->fd;
	r->cache_dir = cc_strdup(logical);
}

/* The quick way for a file directly in the cached directory (or the root):
 * no walk, and a name the listing lacks costs nothing. Returns -1 when the
 * full walk is needed (a symlink, "..", another directory). */
static int lookup_quick(struct cc_root *r, const char *rel, struct cc_buf *out, char **reason,
			enum cc_lookup *res)
{
	const char *slash = strrchr(rel, '/'), *name = slash ? slash + 1 : rel;
	int is_link, dfd;

	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return -1;
	if (!slash) {
		dfd = r->fd;
	} else if (r->cache_dir && strlen(r->cache_dir) == (size_t)(slash - rel) &&
		   !memcmp(r->cache_dir, rel, (size_t)(slash - rel))) {
		dfd = r->cache_fd;
		if (!r->trusted && out && listed_absent(r, name)) {
			*res = CC_LOOKUP_MISSING;
			return 0;
		}
	} else {
		return -1;
	}
	*res = open_leaf(dfd, name, out, reason, &is_link, r->trusted);
	return *res == CC_LOOKUP_OK && is_link ? -1 : 0;
}

/* Splices a symlink's target into the walk; returns 0, or -1 when it leaves the root. */
static int follow_link(struct walk *w, struct cc_root *r, const char *target)
{
	size_t rootlen = strlen(r->path);

	if (target[0] == '/') {
		/* an absolute link may point back into the root by its own path */
		if (strncmp(target, r->path, rootlen) != 0 ||
		    (target[rootlen] != '/' && target[rootlen] != '\0'))
			return -1;
		while (w->depth)
			free(w->stack[--w->depth]);
		if (w->fd != r->fd && w->fd != r->cache_fd)
			close(w->fd);
		w->fd = r->fd;
		push_rest(w, target + rootlen);
		return 0;
	}
	push_rest(w, target);
	return 0;
}

/* Whether the cached directory is still the one its path names: it may have
 * been renamed, or replaced by another directory or a symlink, since. */
static int cache_valid(const struct cc_root *r)
{
	struct stat a, b;

	return fstat(r->cache_fd, &a) == 0 &&
	       fstatat(r->fd, r->cache_dir, &b, AT_SYMLINK_NOFOLLOW) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static enum cc_lookup lookup(struct cc_root *r, const char *rel, struct cc_buf *out, char **reason)
{
	struct walk w;
	enum cc_lookup res = CC_LOOKUP_ERROR;
	const char *slash = strrchr(rel, '/');
	char *dir = slash ? cc_strndup(rel, (size_t)(slash - rel)) : cc_strdup("");
	char *comp = NULL, target[PATH_MAX];
	int links = 0, dir_physical = 1, at_leaf = 0, is_link, next;
	ssize_t n;

	if (lookup_quick(r, rel, out, reason, &res) == 0) {
		free(dir);
		return res;
	}
	memset(&w, 0, sizeof(w));
	w.fd = r->fd;
	if (r->cache_dir && !strcmp(r->cache_dir, dir) && slash && cache_valid(r)) {
		w.fd = r->cache_fd;
		push_rest(&w, r->cache_dir);
		/* the cached dir was reached without links: its stack is its own path */
		while (w.nrest) {
			CC_GROW(w.stack, w.stack_alloc, w.depth + 1);
			w.stack[w.depth++] = w.rest[--w.nrest];
		}
		push_rest(&w, slash + 1);
	} else {
		push_rest(&w, rel);
	}
	while (w.nrest) {
		free(comp);
		comp = w.rest[--w.nrest];
		if (w.depth > MAX_COMPONENTS) {
			*reason = cc_strdup("path too deep");
			goto done;
		}
		if (!strcmp(comp, "..")) {
			if (!w.depth) {
				*reason = cc_strdup("symlink leaves the config root");
				goto done;
			}
			free(w.stack[--w.depth]);
			if (reopen_stack(&w, r) < 0) {
				*reason = reason_errno("cannot open directory", errno);
				goto done;
			}
			dir_physical = 0;
			continue;
		}
		if (w.nrest == 0) {
			at_leaf = 1;
			res = open_leaf(w.fd, comp, out, reason, &is_link, r->trusted);
			if (res != CC_LOOKUP_OK || !is_link)
				goto done;
			/* a leaf symlink is not an answer until its target is read */
			res = CC_LOOKUP_ERROR;
		} else {
			next = openat(w.fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (next >= 0) {
				if (w.fd != r->fd && w.fd != r->cache_fd)
					close(w.fd);
				w.fd = next;
				CC_GROW(w.stack, w.stack_alloc, w.depth + 1);
				w.stack[w.depth++] = comp;
				comp = NULL;
				continue;
			}
			if (errno == ENOENT) {
				res = CC_LOOKUP_MISSING;
				goto done;
			}
			if (errno != ELOOP && errno != ENOTDIR) {
				*reason = reason_errno("cannot open directory", errno);
				goto done;
			}
		}
		/* comp is a symlink, or not a directory where one is needed */
		n = readlinkat(w.fd, comp, target, sizeof(target) - 1);
		if (n < 0) {
			if (errno == EINVAL) {
				char *where = stack_join(&w);

				*reason = cc_asprintf("'%s%s%s' is not a directory", where,
						      *where ? "/" : "", comp);
				free(where);
			} else {
				*reason = reason_errno("cannot read symlink", errno);
			}
			goto done;
		}
		target[n] = '\0';
		if (++links > MAX_LINKS) {
			*reason = cc_strdup("too many levels of symlinks");
			goto done;
		}
		dir_physical = 0;
		if (follow_link(&w, r, target) < 0) {
			*reason = cc_strdup("symlink leaves the config root");
			goto done;
		}
	}
	/* rel named the root itself, or ended in ".." */
	*reason = cc_strdup("not a regular file (directory)");
done:
	if (res != CC_LOOKUP_ERROR && at_leaf && dir_physical && slash && !links)
		cache_store(r, &w, dir);
	free(comp);
	free(dir);
	walk_release(&w, r);
	return res;
}

enum cc_lookup cc_root_read(struct cc_root *r, const char *rel, struct cc_buf *out, char **reason)
{
	*reason = NULL;
	return lookup(r, rel, out, reason);
}

enum cc_lookup cc_root_exists(struct cc_root *r, const char *rel)
{
	char *reason = NULL;
	enum cc_lookup res = lookup(r, rel, NULL, &reason);

	free(reason);
	return res;
}

int cc_dir_open(const char *path, int create, const char *what)
{
	char *p = cc_strdup(path), *last;
	int fd, parent, e;

	/* the folders above the last component are taken as named */
	while (strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	last = strrchr(p, '/');
	if (last == p) {
		parent = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		last++;
	} else if (last) {
		*last++ = '\0';
		if (create && cc_fs_mkdirs(p) < 0) {
			free(p);
			return -1;
		}
		parent = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	} else {
		last = p;
		parent = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (parent < 0) {
		e = errno;
		free(p);
		return cc_error_errno(e, "cannot open %s '%s'", what, path);
	}
	fd = cc_dir_openat(parent, last, create, what, path);
	close(parent);
	free(p);
	return fd;
}

int cc_dir_openat(int dirfd, const char *name, int create, const char *what, const char *path)
{
	int fd, e;

	if (create && mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST)
		return cc_error_errno(errno, "cannot create directory '%s'", path);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP || e == ENOTDIR) {
			struct stat st;

			if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(st.st_mode))
				cc_error_set("%s '%s' is a symlink, which confcheck never follows",
					     what, path);
			else
				cc_error_set("%s '%s' is not a directory", what, path);
			/* ELOOP says a symlink, and nothing else */
			e = e == ELOOP || (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
					   S_ISLNK(st.st_mode))
				? ELOOP
				: ENOTDIR;
		} else {
			cc_error_errno(e, "cannot open %s '%s'", what, path);
		}
		errno = e;
		return -1;
	}
	return fd;
}

/* Whether gid is the group of the user confcheck runs as; root's is 0 alone. */
static int own_group(gid_t gid)
{
	return geteuid() == 0 ? gid == 0 : gid == getegid();
}

/* Whether a user other than root and the one confcheck runs as may write
 * the directory st describes (rename or replace what it holds). A sticky
 * folder (/tmp) lets nobody else touch what is ours; a group-writable one
 * is fine when the group is ours (UMASK=002 volumes). */
static int others_may_write(const struct stat *st)
{
	if (st->st_mode & S_ISVTX)
		return 0;
	return (st->st_mode & S_IWOTH) || ((st->st_mode & S_IWGRP) && !own_group(st->st_gid));
}

int cc_path_trusted(const char *path, const char *what, int last)
{
	char *p = cc_strdup(path), *s;
	struct stat ln, st;
	int ret = 0;

	/* each folder the name goes through, and each link on the way: nobody
	 * but root and the user confcheck runs as may have put it there or be
	 * able to swap it, so checking now holds for the open that follows */
	for (s = p;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (c == '\0' && !last)
			break; /* only the way to it */
		if (lstat(*p ? p : "/", &ln) < 0) {
			*s = c;
			break; /* made by confcheck, under a folder checked already */
		}
		if (S_ISLNK(ln.st_mode) && ln.st_uid != 0 && ln.st_uid != geteuid()) {
			ret = cc_error_set("%s '%s' goes through the symlink '%s' of uid %u", what,
					   path, p, (unsigned)ln.st_uid);
			break;
		}
		if (stat(*p ? p : "/", &st) == 0 && S_ISDIR(st.st_mode) &&
		    ((st.st_uid != 0 && st.st_uid != geteuid()) || others_may_write(&st))) {
			ret = cc_error_set("%s '%s' goes through '%s', which uid %u may change",
					   what, path, *p ? p : "/", (unsigned)st.st_uid);
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return ret;
}

int cc_dir_owned(int fd, const char *what, const char *path)
{
	struct stat st, up;
	int cur, next, depth, ret = 0;

	if (fstat(fd, &st) < 0)
		return cc_error_errno(errno, "cannot stat %s '%s'", what, path);
	if (st.st_uid != geteuid())
		return cc_error_set("%s '%s' belongs to uid %u, not to uid %u that confcheck runs "
				    "as",
				    what, path, (unsigned)st.st_uid, (unsigned)geteuid());
	if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && !own_group(st.st_gid)))
		return cc_error_set("%s '%s' may be written by other users (mode %03o)", what, path,
				    (unsigned)(st.st_mode & 0777));
	/* the folders above it, as they are on disk: whoever may write one of
	 * them can move it away and put something else where it was named */
	cur = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (depth = 0; cur >= 0 && depth < 256; depth++) {
		if (fstat(cur, &up) < 0) {
			ret =
			    cc_error_errno(errno, "cannot stat a folder above %s '%s'", what, path);
			break;
		}
		if ((up.st_uid != 0 && up.st_uid != geteuid()) || others_may_write(&up)) {
			ret = cc_error_set("%s '%s' lies in a folder that another user may change "
					   "(owner uid %u, group %u, mode %04o)",
					   what, path, (unsigned)up.st_uid, (unsigned)up.st_gid,
					   (unsigned)(up.st_mode & 07777));
			break;
		}
		if (up.st_dev == st.st_dev && up.st_ino == st.st_ino)
			break; /* "/" is its own parent */
		st = up;
		next = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		close(cur);
		cur = next;
	}
	if (cur >= 0)
		close(cur);
	return ret;
}

int cc_fs_mkdirs(const char *path)
{
	char *p = cc_strdup(path), *s;
	int ret = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			ret = cc_error_errno(errno, "cannot create directory '%s'", p);
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return ret;
}

static int write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int cc_fs_write_atomic_at(int dirfd, const char *dir, const char *name, const void *data,
			  size_t len)
{
	char *tmp = NULL, *dst = cc_path_join(dir, name);
	unsigned long long r;
	struct timespec ts;
	int fd = -1, ret = -1, e, tries;

	/* a fresh name, created exclusively in this very folder: nothing planted
	 * there is ever opened, and a folder swapped in meanwhile is not written */
	for (tries = 0; fd < 0 && tries < 100; tries++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		r = (unsigned long long)ts.tv_nsec * 2654435761u ^
		    (unsigned long long)getpid() << 20 ^ (unsigned long long)tries;
		free(tmp);
		tmp = cc_asprintf(".%s.%012llx", name, r & 0xffffffffffffULL);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0 || fchmod(fd, 0644) < 0) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlinkat(dirfd, tmp, 0);
		}
		cc_error_errno(e, "cannot write '%s'", dst);
		goto done;
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		cc_error_errno(e, "cannot write '%s'", dst);
		goto done;
	}
	if (close(fd) < 0 || renameat(dirfd, tmp, dirfd, name) < 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		cc_error_errno(e, "cannot write '%s'", dst);
		goto done;
	}
	ret = 0;
done:
	free(tmp);
	free(dst);
	return ret;
}

int cc_fs_write_atomic(const char *dir, const char *name, const void *data, size_t len)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	if (fd < 0)
		return cc_error_errno(errno, "cannot write '%s/%s'", dir, name);
	ret = cc_fs_write_atomic_at(fd, dir, name, data, len);
	close(fd);
	return ret;
}

int cc_fs_read_state_at(struct cc_buf *out, int dirfd, const char *dir, const char *name)
{
	char *reason = NULL, *path;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY), e;
	enum cc_lookup res;

	if (fd < 0) {
		e = errno;
		path = cc_path_join(dir, name);
		cc_error_errno(e, "cannot read '%s'", path);
		free(path);
		errno = e;
		return -1;
	}
	res = read_fd(fd, out, &reason, CC_FS_STATE_MAX_SIZE);
	close(fd);
	if (res != CC_LOOKUP_OK) {
		path = cc_path_join(dir, name);
		cc_error_set("cannot read '%s': %s", path, reason);
		free(path);
		free(reason);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int cc_fs_read_path(struct cc_buf *out, const char *path)
{
	char *reason = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	enum cc_lookup res;

	if (fd < 0)
		return cc_error_errno(errno, "cannot read '%s'", path);
	res = read_fd(fd, out, &reason, CC_FS_STATE_MAX_SIZE);
	close(fd);
	if (res != CC_LOOKUP_OK) {
		cc_error_set("cannot read '%s': %s", path, reason);
		free(reason);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int cc_fs_read_all(struct cc_buf *out, int fd, size_t cap, const char *what)
{
	ssize_t n;

	cc_buf_reset(out);
	for (;;) {
		if (out->len > cap)
			return cc_error_set("%s is larger than %zu MiB", what, cap >> 20);
		cc_buf_reserve(out, 65536);
		n = read(fd, out->data + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cc_error_errno(errno, "cannot read %s", what);
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	return 0;
}

char *cc_path_join(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n && a[n - 1] == '/')
		return cc_asprintf("%s%s", a, b);
	return cc_asprintf("%s/%s", a, b);
}

char *cc_path_canonical(const char *path)
{
	char *p = realpath(path, NULL);

	if (!p)
		return NULL;
	return p;
}
