/* fuzz_tcache.c - libFuzzer target: the template stat cache ($STATE/templates), as
 * cc_tcache_load reads it from a state dir that a hostile user may write.
 *
 * A cache either loads whole (one entry per line after the header, sorted by path) or
 * is empty. Every loaded entry is found again by its path and signature, in order, the
 * way a scan asks; what the scan saw is saved to a second dir and loads back the same.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_tmp.h"
#include "engine/tcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *in_dir, *out_dir;

static int open_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		abort();
	return fd;
}

/* The stat signature an entry stands for. */
static void signature(struct stat *st, const struct cc_tcache_entry *e)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = e->dev;
	st->st_ino = e->ino;
	st->st_size = (off_t)e->size;
	st->st_mtim.tv_sec = (time_t)(e->mtime / 1000000000LL);
	st->st_mtim.tv_nsec = (long)(e->mtime % 1000000000LL);
	st->st_ctim.tv_sec = (time_t)(e->ctime / 1000000000LL);
	st->st_ctim.tv_nsec = (long)(e->ctime % 1000000000LL);
}

static int same_entry(const struct cc_tcache_entry *a, const struct cc_tcache_entry *b)
{
	return !strcmp(a->path, b->path) && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime == b->mtime && a->ctime == b->ctime &&
	       a->raw == b->raw && a->date == b->date && a->findings == b->findings;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_tcache c, back;
	struct stat st;
	size_t i, lines = 0;
	int in, out;
	const struct cc_tcache_entry *e;

	if (!in_dir) {
		fuzz_tmp_dir("fuzz_tcache");
		in_dir = fuzz_tmp_sub("in");
		out_dir = fuzz_tmp_sub("out");
	}
	fuzz_put(in_dir, CC_STATE_TCACHE, data, size);
	in = open_dir(in_dir);
	cc_tcache_load(&c, in, in_dir);
	close(in);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	/* all or nothing: a cache is never half-read */
	if (c.nold && c.nold != lines - 1)
		abort();
	for (i = 1; i < c.nold; i++)
		if (strcmp(c.old[i - 1].path, c.old[i].path) > 0)
			abort();
	/* a scan in sorted order meets every entry where it is, duplicates one after another */
	for (i = 0; i < c.nold; i++) {
		signature(&st, &c.old[i]);
		e = cc_tcache_get(&c, c.old[i].path, &st);
		if (!e || strcmp(e->path, c.old[i].path) || !same_entry(e, &c.old[i]))
			abort();
	}
	if (c.nnow != c.nold)
		abort();
	/* what the scan saw, written out, is what the next run reads */
	c.dirty = 1;
	out = open_dir(out_dir);
	if (cc_tcache_save(&c, out, out_dir) < 0)
		abort();
	cc_tcache_load(&back, out, out_dir);
	close(out);
	if (back.nold != c.nold)
		abort();
	for (i = 0; i < c.nold; i++)
		if (!same_entry(&back.old[i], &c.now[i]))
			abort();
	cc_tcache_release(&back);
	cc_tcache_release(&c);
	return 0;
}
