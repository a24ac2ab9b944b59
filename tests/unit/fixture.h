/* fixture.h - a temp dir per unit test, and small file helpers to fill it.
 *
 * fx_dir() makes the test's own directory on first use and removes it at
 * exit. The helpers abort the test (exit 99, a TAP bail out) when the
 * fixture cannot be built: that is a broken machine, not a failed test.
 */
#ifndef CC_FIXTURE_H
#define CC_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

static char fx_root[4096];

static inline int fx_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static inline void fx_cleanup(void)
{
	if (fx_root[0])
		nftw(fx_root, fx_rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static inline void fx_bail(const char *what, const char *path)
{
	printf("Bail out! cannot %s '%s': %s\n", what, path, strerror(errno));
	exit(99);
}

/* The test's temp dir (absolute, canonical). */
static inline const char *fx_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char templ[4096];
	char *canon;

	if (fx_root[0])
		return fx_root;
	snprintf(templ, sizeof(templ), "%s/confcheck-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(templ))
		fx_bail("create", templ);
	canon = realpath(templ, NULL);
	if (!canon)
		fx_bail("resolve", templ);
	snprintf(fx_root, sizeof(fx_root), "%s", canon);
	free(canon);
	atexit(fx_cleanup);
	return fx_root;
}

/* A path under the temp dir, in one of a few rotating static buffers. */
static inline const char *fx_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline const char *fx_path(const char *fmt, ...)
{
	static char bufs[8][8192];
	static int next;
	char rel[2048];
	char *out = bufs[next++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(out, sizeof(bufs[0]), "%s/%s", fx_dir(), rel);
	return out;
}

/* mkdir -p of a path under the temp dir. */
static inline void fx_mkdir(const char *rel)
{
	char path[8192], *s;

	snprintf(path, sizeof(path), "%s/%s", fx_dir(), rel);
	for (s = path + strlen(fx_dir()) + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fx_bail("mkdir", path);
		*s = c;
		if (!c)
			break;
	}
}

/* Writes len bytes to a file under the temp dir (its directory must exist). */
static inline void fx_write_n(const char *rel, const char *data, size_t len)
{
	const char *path = fx_path("%s", rel);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fx_bail("write", path);
}

static inline void fx_write(const char *rel, const char *data)
{
	fx_write_n(rel, data, strlen(data));
}

static inline void fx_symlink(const char *target, const char *rel)
{
	const char *path = fx_path("%s", rel);

	if (symlink(target, path) < 0)
		fx_bail("symlink", path);
}

/* A template file of a test set: its path and contents. */
struct tfile {
	const char *path;
	const char *data;
};

/* A cc_record_read_fn over an array of struct tfile. */
static inline int read_tfile(void *ctx, size_t i, struct cc_buf *out)
{
	const struct tfile *f = ctx;

	cc_buf_reset(out);
	cc_buf_adds(out, f[i].data);
	return 0;
}

#endif
