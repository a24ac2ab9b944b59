/* fuzz_tmp.h - a temp dir per fuzz target, and the helpers that fill it.
 *
 * fuzz_tmp_dir() makes the target's dir on its first call and returns the same path on
 * every later one. The dir sits under $TMPDIR, else /dev/shm when it is writable, else
 * /tmp, and at exit it is removed with everything in it: the removal never follows a
 * symlink and stops FUZZ_TMP_MAX_DEPTH levels down. fuzz_tmp_sub() and fuzz_tmp_path()
 * name paths in that dir and need it made first.
 *
 * Every helper abort()s when it cannot do its job, as the targets' own checks do: a temp
 * dir that cannot be built is a broken machine, and libFuzzer stops on it either way.
 * The state is static: each target is one file, built alone, that includes this once.
 */
#ifndef FUZZ_TMP_H
#define FUZZ_TMP_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* the targets nest two levels; past this the removal leaves a dir rather than recurse
 * without end into whatever the code under test built */
#define FUZZ_TMP_MAX_DEPTH 16

static char fuzz_tmp_root[PATH_MAX];

/* Writes dir/name to buf (size bytes) and returns buf. */
static inline char *fuzz_tmp_join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	/* a cut path would name another file */
	if (n < 0 || (size_t)n >= size)
		abort();
	return buf;
}

static inline void fuzz_tmp_clear(int fd, int depth);

/* Removes name in the dir dfd and all below it. */
static inline void fuzz_tmp_remove(int dfd, const char *name, int depth)
{
	/* O_NOFOLLOW: a symlink left in the dir is unlinked, never walked into, so the
	 * removal cannot reach outside it */
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	if (depth > 0)
		fuzz_tmp_clear(fd, depth - 1);
	else
		close(fd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Removes every entry of the dir fd, which it closes. */
static inline void fuzz_tmp_clear(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	if (!d) {
		close(fd);
		return;
	}
	/* each entry goes once readdir has returned it, which leaves the rest to come */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fuzz_tmp_remove(dirfd(d), e->d_name, depth);
	closedir(d);
}

static inline void fuzz_tmp_cleanup(void)
{
	fuzz_tmp_remove(AT_FDCWD, fuzz_tmp_root, FUZZ_TMP_MAX_DEPTH);
}

/* The target's temp dir, "<base>/<target>.XXXXXX": made on the first call, the same
 * static string on every later one (target is then not read). */
static inline const char *fuzz_tmp_dir(const char *target)
{
	const char *base = getenv("TMPDIR");
	int n;

	if (*fuzz_tmp_root)
		return fuzz_tmp_root;
	/* in memory when it can be: the code under test fsyncs what it saves */
	if (!base || !*base)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	n = snprintf(fuzz_tmp_root, sizeof(fuzz_tmp_root), "%s/%s.XXXXXX", base, target);
	/* a cut template would leave mkdtemp no X to fill, or name another dir */
	if (n < 0 || (size_t)n >= sizeof(fuzz_tmp_root) || !mkdtemp(fuzz_tmp_root))
		abort();
	atexit(fuzz_tmp_cleanup);
	return fuzz_tmp_root;
}

/* Writes the path of name in the target's dir to buf (size bytes) and returns buf. It
 * makes nothing: for a file the caller (or the code under test) writes there. */
static inline char *fuzz_tmp_path(char *buf, size_t size, const char *name)
{
	if (!*fuzz_tmp_root)
		abort();
	return fuzz_tmp_join(buf, size, fuzz_tmp_root, name);
}

/* Makes the dir name (mode 0700) in the target's dir and returns its path, a new string
 * the caller owns; the targets keep theirs until exit. */
static inline char *fuzz_tmp_sub(const char *name)
{
	char path[PATH_MAX];
	char *copy;

	fuzz_tmp_path(path, sizeof(path), name);
	if (mkdir(path, 0700) < 0 || !(copy = strdup(path)))
		abort();
	return copy;
}

/* Writes size bytes of data to the file name in dir, created 0600 or truncated. */
static inline void fuzz_put(const char *dir, const char *name, const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	int fd;

	fuzz_tmp_join(path, sizeof(path), dir, name);
	/* O_NOFOLLOW: a symlink in the file's place is refused, never written through */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd) < 0)
		abort();
}

#endif
