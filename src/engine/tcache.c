/* tcache.c - the template stat cache, a sorted file met in order. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/fs.h"
#include "engine/tcache.h"
#include "util/tsv.h"

#define HEADER "confcheck-templates 1"

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int same(const struct cc_tcache_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == (long long)st->st_size &&
	       e->mtime == ns(&st->st_mtim) && e->ctime == ns(&st->st_ctim);
}

/* Fills e from the fields of one line; returns 0 or -1. */
static int parse_line(struct cc_tcache_entry *e, char **f, size_t n)
{
	unsigned long long dev, ino;
	long long date, findings;

	/* dev and ino are written unsigned: an inode number at or above 2^63
	 * (overlayfs xino, some FUSE and NFS mounts) must read back */
	if (n != 9 || cc_tsv_unum(f[1], &dev) < 0 || cc_tsv_unum(f[2], &ino) < 0 ||
	    cc_tsv_num(f[3], LLONG_MIN, LLONG_MAX, &e->size) < 0 ||
	    cc_tsv_num(f[4], LLONG_MIN, LLONG_MAX, &e->mtime) < 0 ||
	    cc_tsv_num(f[5], LLONG_MIN, LLONG_MAX, &e->ctime) < 0 ||
	    cc_hash_parse(&e->raw, f[6]) < 0 || cc_tsv_num(f[7], 0, INT_MAX, &date) < 0 ||
	    cc_tsv_num(f[8], 0, INT_MAX, &findings) < 0)
		return -1;
	e->path = cc_tsv_unescape(f[0]);
	e->dev = (dev_t)dev;
	e->ino = (ino_t)ino;
	e->date = (int)date;
	e->findings = (int)findings;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cc_tcache_entry *)a)->path,
		      ((const struct cc_tcache_entry *)b)->path);
}

void cc_tcache_load(struct cc_tcache *c, int dirfd, const char *dir)
{
	struct cc_tsv r;
	char *f[9];
	size_t alloc = 0, i, n;

	memset(c, 0, sizeof(*c));
	if (dirfd < 0 || cc_fs_read_state_at(&c->file, dirfd, dir, CC_STATE_TCACHE) < 0 ||
	    cc_tsv_open(&r, c->file.data, c->file.len, HEADER) < 0)
		return;
	while ((n = cc_tsv_next(&r, f, 9)) > 0) {
		CC_GROW(c->old, alloc, c->nold + 1);
		memset(&c->old[c->nold], 0, sizeof(*c->old));
		if (parse_line(&c->old[c->nold++], f, n) < 0) {
			c->nold = 0; /* a cache is read whole or not at all */
			return;
		}
	}
	for (i = 1; i < c->nold; i++)
		if (strcmp(c->old[i - 1].path, c->old[i].path) > 0)
			break;
	if (i < c->nold)
		qsort(c->old, c->nold, sizeof(*c->old), entry_cmp);
}

int cc_tcache_save(struct cc_tcache *c, int dirfd, const char *dir)
{
	struct cc_buf b = CC_BUF_INIT;
	char hex[CC_HASH_HEXLEN + 1];
	size_t i;
	int ret;

	if (c->nnow != c->nold)
		c->dirty = 1;
	if (!c->dirty)
		return 0;
	if (c->nnow)
		qsort(c->now, c->nnow, sizeof(*c->now), entry_cmp);
	cc_buf_adds(&b, HEADER "\n");
	for (i = 0; i < c->nnow; i++) {
		const struct cc_tcache_entry *e = &c->now[i];

		cc_escape_log(&b, e->path, strlen(e->path));
		cc_hash_hex(hex, e->raw);
		cc_buf_addf(&b, "\t%llu\t%llu\t%lld\t%lld\t%lld\t%s\t%d\t%d\n",
			    (unsigned long long)e->dev, (unsigned long long)e->ino, e->size,
			    e->mtime, e->ctime, hex, e->date, e->findings);
	}
	ret = cc_fs_write_atomic_at(dirfd, dir, CC_STATE_TCACHE, b.data, b.len);
	if (ret == 0)
		c->dirty = 0;
	cc_buf_release(&b);
	return ret;
}

void cc_tcache_release(struct cc_tcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nnow; i++)
		if (c->now[i].owned)
			free(c->now[i].path);
	free(c->now);
	free(c->old);
	cc_buf_release(&c->file);
	memset(c, 0, sizeof(*c));
}

/* The loaded entry for path: scanning on from the cursor, as a sorted scan asks. */
static struct cc_tcache_entry *find_old(struct cc_tcache *c, const char *path)
{
	struct cc_tcache_entry key = {.path = (char *)path};
	size_t i = c->cursor;
	int cmp = 1;

	while (i < c->nold && (cmp = strcmp(c->old[i].path, path)) < 0)
		i++;
	if (i < c->nold && cmp == 0) {
		c->cursor = i + 1;
		return &c->old[i];
	}
	if (i < c->nold) {
		c->cursor = i;
		return NULL;
	}
	/* asked out of order: fall back to a binary search */
	return c->nold ? bsearch(&key, c->old, c->nold, sizeof(*c->old), entry_cmp) : NULL;
}

const struct cc_tcache_entry *cc_tcache_get(struct cc_tcache *c, const char *path,
					    const struct stat *st)
{
	struct cc_tcache_entry *e = find_old(c, path);

	if (!e || !same(e, st))
		return NULL;
	CC_GROW(c->now, c->now_alloc, c->nnow + 1);
	c->now[c->nnow++] = *e;
	return e;
}

void cc_tcache_put(struct cc_tcache *c, const char *path, const struct stat *st, cc_hash raw,
		   int date, int findings)
{
	struct cc_tcache_entry *e;

	CC_GROW(c->now, c->now_alloc, c->nnow + 1);
	e = &c->now[c->nnow++];
	memset(e, 0, sizeof(*e));
	e->path = cc_strdup(path);
	e->owned = 1;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = (long long)st->st_size;
	e->mtime = ns(&st->st_mtim);
	e->ctime = ns(&st->st_ctim);
	e->raw = raw;
	e->date = date;
	e->findings = findings;
	c->dirty = 1;
}
