#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/guard.h"

#define GUARD_MAX_LINKS 40
/* no single user controls the way: nothing past it is read */
#define NOBODY ((uid_t)-1)

/* A walk from "/": the folder reached, and whether a folder on the way may
 * be changed by another user (from then on, nothing is followed), and who
 * that user is. */
struct gwalk {
	int fd;		 /* descriptor of the folder reached */
	struct stat dir; /* that folder */
	int guarded;
	uid_t controller; /* when guarded: the one user who may change the way, or NOBODY */
	char *rest;	  /* the path being walked, components split by '/' */
	size_t pos;	  /* where in rest the walk is */
	int links;
};

/* Whether users besides the owner may replace what the folder holds. */
static int shared_write(const struct stat *st)
{
	return (st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX);
}

/* Whether the folder is sticky and others may add to it (/tmp). */
static int sticky_shared(const struct stat *st)
{
	return (st->st_mode & (S_IWGRP | S_IWOTH)) && (st->st_mode & S_ISVTX);
}

/* Whether the folder open at fd may have an access ACL, which may let users
 * write it whom its mode does not show: when it cannot be told, it may. */
static int has_acl(int fd)
{
	char proc[64];

	if (fgetxattr(fd, "system.posix_acl_access", NULL, 0) >= 0)
		return 1;
	if (errno == EBADF) { /* an O_PATH descriptor: ask through its /proc name */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (getxattr(proc, "system.posix_acl_access", NULL, 0) >= 0)
			return 1;
	}
	return errno != ENODATA && errno != ENOTSUP;
}

/* Whether what the folder st holds is root's or confcheck's alone to
 * change: its owner is one of them, and no other user may write it, nor a
 * group but confcheck's own (for root none: an image may run its app user
 * in group 0). A sticky folder is safe itself, its entries as their owners
 * (look). */
static int dir_safe(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return 0;
	if (!shared_write(st))
		return 1;
	return !(st->st_mode & S_IWOTH) && geteuid() != 0 && st->st_gid == getegid();
}

/* Opens the folder name under dirfd without following a symlink: readable
 * when it may be (to look at its ACL), else for the walk alone. */
static int open_dir(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == EACCES)
		fd = openat(dirfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd;
}

/* Makes the walk guarded by the user uid (NOBODY for more than one). */
static void guard_by(struct gwalk *w, uid_t uid)
{
	if (!w->guarded) {
		w->guarded = 1;
		w->controller = uid == 0 ? NOBODY : uid;
	} else if (uid != w->controller) {
		w->controller = NOBODY;
	}
}

static int enter(struct gwalk *w, int fd)
{
	int acl;

	if (fstat(fd, &w->dir) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if (w->fd >= 0)
		close(w->fd);
	w->fd = fd;
	acl = has_acl(fd);
	if (w->guarded || !dir_safe(&w->dir) || acl)
		guard_by(w, shared_write(&w->dir) || acl ? NOBODY : w->dir.st_uid);
	return 0;
}

/* Looks at the entry st of the folder reached before it is used. In a
 * sticky folder that others may write (/tmp), a folder is only as safe as
 * its owner (only its owner may move it there), and a file or symlink is
 * nobody's: anyone may have moved or linked one there from a folder of
 * theirs, whoever owns it. */
static void look(struct gwalk *w, const struct stat *st)
{
	if (!sticky_shared(&w->dir))
		return;
	if (!S_ISDIR(st->st_mode))
		guard_by(w, NOBODY);
	else if (st->st_uid != 0 && st->st_uid != geteuid())
		guard_by(w, st->st_uid);
}

static int restart(struct gwalk *w)
{
	int fd = open_dir(AT_FDCWD, "/");

	return fd < 0 ? -1 : enter(w, fd);
}

/* Takes the next component off w->rest into *comp (a new string); 0 when none is left. */
static int next_comp(struct gwalk *w, char **comp)
{
	const char *p = w->rest + w->pos;
	size_t n;

	p += strspn(p, "/");
	if (!*p)
		return 0;
	n = strcspn(p, "/");
	*comp = cc_strndup(p, n);
	w->pos = (size_t)(p + n - w->rest);
	return 1;
}

/* Whether w->rest holds another component. */
static int more(const struct gwalk *w)
{
	const char *p = w->rest + w->pos;

	return p[strspn(p, "/")] != '\0';
}

/* Follows the symlink comp of the folder reached (the file itself when
 * leaf). Returns 0, or -1 with *reason. */
static int follow(struct gwalk *w, const char *comp, int leaf, char **reason)
{
	char target[4096], *rest;
	ssize_t n;

	if (w->guarded && leaf) {
		*reason = cc_strdup("a symlink in a folder another user may change");
		return -1;
	}
	if (w->guarded) {
		*reason = cc_asprintf("its folder is reached through the symlink '%s', in a folder "
				      "another user may change",
				      comp);
		return -1;
	}
	if (++w->links > GUARD_MAX_LINKS) {
		*reason = cc_strdup("too many levels of symlinks");
		return -1;
	}
	n = readlinkat(w->fd, comp, target, sizeof(target) - 1);
	if (n <= 0) {
		*reason = cc_fs_reason("cannot read a symlink on the way", errno);
		return -1;
	}
	target[n] = '\0';
	rest = cc_asprintf("%s/%s", target, w->rest + w->pos);
	free(w->rest);
	w->rest = rest;
	w->pos = 0;
	if (target[0] == '/' && restart(w) < 0) {
		*reason = cc_fs_reason("cannot open '/'", errno);
		return -1;
	}
	return 0;
}

/* Walks w->rest to its last component, which is left in *leaf (a new
 * string; NULL when the path names "/"). Returns 0, 1 when something on the
 * way does not exist, or -1 with *reason. */
static int walk_to_leaf(struct gwalk *w, char **leaf, char **reason)
{
	char *comp = NULL;
	struct stat st;
	int fd, e;

	*leaf = NULL;
	while (next_comp(w, &comp)) {
		if (!strcmp(comp, ".")) {
			/* nothing to walk */
		} else if (!strcmp(comp, "..")) {
			/* a map's path has none; an image's link may: up the
			 * folders as they are on disk */
			fd = open_dir(w->fd, "..");
			if (fd < 0 || enter(w, fd) < 0)
				goto fail_errno;
		} else if (!more(w)) {
			*leaf = comp;
			return 0;
		} else if (fstatat(w->fd, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			goto fail_errno;
		} else if (look(w, &st), S_ISLNK(st.st_mode)) {
			if (follow(w, comp, 0, reason) < 0)
				goto fail;
		} else if (!S_ISDIR(st.st_mode)) {
			*reason = cc_asprintf("'%s' is not a directory on the way", comp);
			goto fail;
		} else {
			fd = open_dir(w->fd, comp);
			if (fd < 0 || enter(w, fd) < 0)
				goto fail_errno;
		}
		free(comp);
		comp = NULL;
	}
	return 0;
fail_errno:
	if (errno == ENOENT) {
		free(comp);
		return 1;
	}
	e = errno;
	if (e == ELOOP || e == ENOTDIR) {
		/* swapped for a symlink or a file since it was looked at */
		*reason = cc_asprintf("'%s' changed while it was walked", comp);
	} else {
		char *what = cc_asprintf("cannot open '%s'", comp);

		*reason = cc_fs_reason(what, e);
		free(what);
	}
fail:
	free(comp);
	return -1;
}

/* Why the file st, in the folder w reached, is not read, or NULL. */
static const char *refusal(const struct gwalk *w, const struct stat *st)
{
	if (!w->guarded)
		return NULL;
	if (st->st_nlink != 1)
		return "a file with more than one link in a folder another user may change";
	if (w->controller == NOBODY || st->st_uid != w->controller)
		return "not owned by the one user who may change the folders on its way";
	return NULL;
}

/* Walks path; with want_dir opens the folder it names, else the regular
 * file. Returns the descriptor, or -1 as cc_guard_open does. */
static int guard_walk(const char *path, int want_dir, struct stat *out, char **reason)
{
	struct gwalk w = {-1, {0}, 0, NOBODY, NULL, 0, 0};
	struct stat st, opened;
	char *leaf = NULL;
	const char *why;
	int fd = -1, r;

	*reason = NULL;
	w.rest = cc_strdup(path);
	if (path[0] != '/') {
		*reason = cc_strdup("not an absolute path");
		goto done;
	}
	if (restart(&w) < 0) {
		*reason = cc_fs_reason("cannot open '/'", errno);
		goto done;
	}
	for (;;) {
		if ((r = walk_to_leaf(&w, &leaf, reason)) != 0)
			goto done;
		if (!leaf) {
			/* the path named "/" or ended in "..": the folder reached */
			if (want_dir)
				fd = openat(w.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			else
				errno = EISDIR;
			goto done;
		}
		if (fstatat(w.fd, leaf, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT)
				*reason = cc_fs_reason("cannot stat", errno);
			goto done;
		}
		look(&w, &st);
		if (!S_ISLNK(st.st_mode))
			break;
		if (follow(&w, leaf, 1, reason) < 0)
			goto done;
		free(leaf);
		leaf = NULL;
	}
	if (want_dir) {
		if (!S_ISDIR(st.st_mode)) {
			*reason = cc_asprintf("not a directory (%s)", cc_fs_type_name(st.st_mode));
			goto done;
		}
		/* a listing needs no rule: each file in it is opened in turn */
		fd = openat(w.fd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			*reason = cc_fs_reason("cannot open", errno);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto done;
	}
	/* the type first, so that a FIFO or device is never opened */
	if (!S_ISREG(st.st_mode)) {
		*reason = cc_asprintf("not a regular file (%s)", cc_fs_type_name(st.st_mode));
		goto done;
	}
	if ((why = refusal(&w, &st))) {
		*reason = cc_strdup(why);
		goto done;
	}
	fd = openat(w.fd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*reason = cc_fs_reason("cannot open", errno);
		goto done;
	}
	/* the rules again on what was opened: it may have been swapped since */
	if (fstat(fd, &opened) < 0 || opened.st_dev != st.st_dev || opened.st_ino != st.st_ino ||
	    !S_ISREG(opened.st_mode) || refusal(&w, &opened)) {
		*reason = cc_strdup("it changed while it was opened");
		close(fd);
		fd = -1;
		goto done;
	}
	if (out)
		*out = opened;
done:
	r = errno; /* for the caller, when nothing was opened */
	free(leaf);
	free(w.rest);
	if (w.fd >= 0)
		close(w.fd);
	errno = r;
	return fd;
}

int cc_guard_open(const char *path, struct stat *st, char **reason)
{
	return guard_walk(path, 0, st, reason);
}

int cc_guard_open_dir(const char *path, char **reason)
{
	return guard_walk(path, 1, NULL, reason);
}

enum cc_lookup cc_guard_read(const char *path, struct cc_buf *out, char **reason)
{
	int fd = cc_guard_open(path, NULL, reason);
	enum cc_lookup res;

	if (fd < 0 && !*reason && errno == EISDIR)
		*reason = cc_strdup("not a regular file (directory)");
	if (fd < 0)
		return *reason ? CC_LOOKUP_ERROR : CC_LOOKUP_MISSING;
	res = cc_read_fd(fd, out, reason);
	close(fd);
	return res;
}
