#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/guard.h"

int cc_guard_open_dir(const char *path)
{
	char *p = cc_strdup(path), *save = NULL, *comp;
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), next, e;

	for (comp = strtok_r(p, "/", &save); fd >= 0 && comp; comp = strtok_r(NULL, "/", &save)) {
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			close(fd);
			fd = -1;
			errno = EINVAL;
			break;
		}
		next = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		close(fd);
		fd = next;
		errno = e;
	}
	free(p);
	if (fd < 0)
		return -1;
	next = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	e = errno;
	close(fd);
	errno = e;
	return next;
}

/* Why the file st (in the folder dir) is not read, or NULL. */
static const char *refusal(const struct stat *st, const struct stat *dir)
{
	if (S_ISLNK(st->st_mode))
		return "a symlink in a folder another user may change";
	if (!S_ISREG(st->st_mode))
		return cc_fs_type_name(st->st_mode);
	if (st->st_nlink != 1)
		return "a file with more than one link in a folder another user may change";
	if (st->st_uid != dir->st_uid || st->st_uid == 0)
		return "not owned by the owner of its folder, which another user may change";
	return NULL;
}

enum cc_lookup cc_guard_read(const char *path, struct cc_buf *out, char **reason)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path, *why;
	char *dir =
	    slash && slash != path ? cc_strndup(path, (size_t)(slash - path)) : cc_strdup("/");
	struct stat dst, lst, st;
	enum cc_lookup res = CC_LOOKUP_ERROR;
	int dfd = cc_guard_open_dir(dir), fd = -1;

	free(dir);
	if (dfd < 0) {
		if (errno == ENOENT)
			return CC_LOOKUP_MISSING;
		*reason = errno == ELOOP || errno == ENOTDIR
			      ? cc_strdup("its folder is reached through a symlink")
			      : cc_asprintf("cannot open its folder: %s", strerror(errno));
		return CC_LOOKUP_ERROR;
	}
	if (fstat(dfd, &dst) < 0 || fstatat(dfd, name, &lst, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			res = CC_LOOKUP_MISSING;
		else
			*reason = cc_asprintf("cannot stat: %s", strerror(errno));
		goto done;
	}
	/* the type first, so that a FIFO or device is never opened */
	if ((why = refusal(&lst, &dst))) {
		*reason = S_ISREG(lst.st_mode) || S_ISLNK(lst.st_mode)
			      ? cc_strdup(why)
			      : cc_asprintf("not a regular file (%s)", why);
		goto done;
	}
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*reason = cc_asprintf("cannot open: %s", strerror(errno));
		goto done;
	}
	/* the rules again on what was opened: it may have been swapped since */
	if (st.st_dev != lst.st_dev || st.st_ino != lst.st_ino || (why = refusal(&st, &dst))) {
		*reason = cc_strdup("it changed while read");
		goto done;
	}
	res = cc_read_fd(fd, out, reason);
done:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return res;
}
