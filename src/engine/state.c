/* state.c - the files memory, merge memo and acks in the state dir. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "engine/state.h"
#include "util/tsv.h"

#define FILES_HEADER "confcheck-files 1"
#define ACKS_HEADER "confcheck-acks 1"

static int opt_hash(const char *s, int *has, cc_hash *h)
{
	*has = strcmp(s, "-") != 0;
	return *has ? cc_hash_parse(h, s) : 0;
}

/* A count or seq as the files state writes it: 0 to 10^9. */
static int to_int(const char *s, int *out)
{
	long long v;

	if (cc_tsv_num(s, 0, 1000000000, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_file_line(struct cc_state *st, char **f, size_t n)
{
	struct cc_filemem m, *p;
	int has_base;

	memset(&m, 0, sizeof(m));
	if (n != 8 || to_int(f[2], &m.first_seen) < 0 ||
	    opt_hash(f[3], &m.has_remembered, &m.remembered) < 0 ||
	    opt_hash(f[4], &m.has_cache, &m.cache_user) < 0 || to_int(f[5], &m.cache_method) < 0 ||
	    m.cache_method > CC_BASE_NEAREST || opt_hash(f[6], &has_base, &m.cache_base) < 0 ||
	    to_int(f[7], &m.cache_nver) < 0)
		return -1;
	if (m.has_cache && m.cache_method != CC_BASE_NONE && !has_base)
		return -1;
	p = cc_malloc(sizeof(*p));
	*p = m;
	p->path = cc_strdup(cc_tsv_unescape(f[1]));
	/* a path said twice is not a file confcheck wrote */
	if (cc_map_get(&st->files, p->path)) {
		free(p->path);
		free(p);
		return -1;
	}
	p->used = 1; /* kept until a check decides otherwise */
	cc_map_put(&st->files, p->path, p, NULL);
	return 0;
}

static int parse_merge_line(struct cc_state *st, char **f, size_t n)
{
	struct cc_mergememo m;

	memset(&m, 0, sizeof(m));
	if (n != 5 || cc_hash_parse(&m.u, f[1]) < 0 || cc_hash_parse(&m.b, f[2]) < 0 ||
	    cc_hash_parse(&m.t, f[3]) < 0 || (strcmp(f[4], "clean") && strcmp(f[4], "conflicts")))
		return -1;
	m.clean = !strcmp(f[4], "clean");
	m.used = 1;
	CC_GROW(st->merges, st->merges_alloc, st->nmerges + 1);
	st->merges[st->nmerges++] = m;
	return 0;
}

static int parse_ack_line(struct cc_state *st, char **f, size_t n)
{
	struct cc_ack a;

	memset(&a, 0, sizeof(a));
	if (n != 5 || cc_hash_parse(&a.u, f[2]) < 0 || cc_hash_parse(&a.t, f[3]) < 0 ||
	    cc_tsv_num(f[4], LLONG_MIN, LLONG_MAX, &a.time) < 0)
		return -1;
	a.path = cc_strdup(cc_tsv_unescape(f[1]));
	CC_GROW(st->acks, st->acks_alloc, st->nacks + 1);
	st->acks[st->nacks++] = a;
	return 0;
}

/* One line of files (file or merge) or of acks (ack); returns 0 or -1. */
static int parse_line(struct cc_state *st, char **f, size_t n, int is_acks)
{
	if (is_acks)
		return strcmp(f[0], "ack") ? -1 : parse_ack_line(st, f, n);
	if (!strcmp(f[0], "file"))
		return parse_file_line(st, f, n);
	return strcmp(f[0], "merge") ? -1 : parse_merge_line(st, f, n);
}

static void clear_files(struct cc_state *st)
{
	size_t i = 0;
	struct cc_map_slot *s;

	while ((s = cc_map_next(&st->files, &i))) {
		struct cc_filemem *m = s->value;

		free(m->path);
		free(m);
	}
	cc_map_release(&st->files);
	st->nmerges = 0;
}

static void clear_acks(struct cc_state *st)
{
	size_t i;

	for (i = 0; i < st->nacks; i++)
		free(st->acks[i].path);
	st->nacks = 0;
}

/* Loads one state file line by line; returns 0, or -1 when it is malformed. */
static int load(struct cc_state *st, const char *name, const char *header, int is_acks)
{
	struct cc_buf b = CC_BUF_INIT;
	struct cc_tsv r;
	char *path = cc_path_join(st->dir, name), *f[8];
	size_t n;
	int ret = -1;

	if (st->fd < 0) {
		ret = 0;
		goto done;
	}
	if (cc_fs_read_state_at(&b, st->fd, st->dir, name) < 0) {
		ret = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
		goto done;
	}
	/* copied before reading, which cuts the buffer up */
	if (!is_acks && b.len)
		st->files_loaded = cc_strndup(b.data, b.len);
	ret = cc_tsv_open(&r, b.data, b.len, header);
	while (ret == 0 && (n = cc_tsv_next(&r, f, 8)) > 0)
		ret = parse_line(st, f, n, is_acks);
	if (ret < 0)
		cc_tsv_fail(&r, path);
done:
	if (ret < 0) {
		if (is_acks) {
			clear_acks(st);
		} else {
			clear_files(st);
			free(st->files_loaded);
			st->files_loaded = NULL;
		}
		free(st->warning);
		st->warning = cc_asprintf("state file '%s' was unreadable; started it again", path);
	}
	free(path);
	cc_buf_release(&b);
	return ret;
}

/* Opens (or makes) the lock file and takes the lock, waiting up to
 * wait_ms: a lock held for longer (a hung or hostile process) must not
 * hold up the init. Returns the descriptor, or -1 with a message. */
static int take_lock(struct cc_state *st, long wait_ms)
{
	char *lock = cc_path_join(st->dir, CC_STATE_LOCK);
	struct timespec nap = {0, 20 * 1000 * 1000};
	struct stat sb;
	long waited = 0;
	int fd, e = 0;

	fd = openat(st->fd, CC_STATE_LOCK,
		    O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
	if (fd >= 0 && (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))) {
		close(fd);
		cc_error_set("cannot lock '%s': not a regular file", lock);
		free(lock);
		errno = EINVAL;
		return -1;
	}
	if (fd < 0) {
		e = errno;
		cc_error_errno(e, "cannot lock '%s'", lock);
		free(lock);
		errno = e;
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		e = errno;
		if ((e != EWOULDBLOCK && e != EINTR) || waited >= wait_ms) {
			close(fd);
			if (e == EWOULDBLOCK && wait_ms > 0)
				cc_error_set("state dir '%s' is locked by another process for more "
					     "than %ld s",
					     st->dir, (wait_ms + 999) / 1000);
			else
				cc_error_errno(e, "cannot lock '%s'", lock);
			free(lock);
			errno = e;
			return -1;
		}
		nanosleep(&nap, NULL);
		waited += 20;
	}
	free(lock);
	return fd;
}

int cc_state_open(struct cc_state *st, int config_fd, const char *dir, int named, int create,
		  long lock_ms)
{
	char *why = NULL;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	st->lock_fd = -1;
	st->dir = cc_strdup(dir);
	st->lock_ms = lock_ms;
	/* opened once, never through a symlink: every later step is relative to it */
	if (named && create && cc_path_trusted(dir, "state dir", 1) < 0) {
		/* read as named, but never made or written through another user's link */
		why = cc_strdup(cc_error_last());
		create = 0;
		ret = -1;
	}
	st->fd = named ? cc_dir_open(dir, create, "state dir")
		       : cc_dir_openat(config_fd, CC_STATE_DEFAULT, create, "state dir", dir);
	if (st->fd < 0) {
		if (create || errno != ENOENT) {
			ret = -1;
			st->refused = errno == ELOOP;
		}
	} else {
		st->ours = cc_dir_owned(st->fd, "state dir", dir) == 0;
		if (create && (!st->ours || (st->lock_fd = take_lock(st, lock_ms)) < 0))
			ret = -1;
	}
	/* loading records its own errors: keep the message of the failure above */
	if (ret < 0 && !why)
		why = cc_strdup(cc_error_last());
	load(st, CC_STATE_FILES, FILES_HEADER, 0);
	/* unreadable acks are started again: written so, under the lock they were
	 * read with, since a check writes no acks and every start would warn again */
	if (load(st, CC_STATE_ACKS, ACKS_HEADER, 1) < 0 && st->lock_fd >= 0)
		cc_state_save_acks(st);
	if (why) {
		cc_error_set("%s", why);
		free(why);
	}
	return ret;
}

void cc_state_unlock(struct cc_state *st)
{
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->lock_fd = -1;
}

int cc_state_lock(struct cc_state *st, int wait)
{
	if (st->lock_fd >= 0)
		return 0;
	if (st->fd < 0)
		return cc_error_set("state dir '%s' is not open", st->dir);
	st->lock_fd = take_lock(st, wait ? st->lock_ms : 0);
	return st->lock_fd < 0 ? -1 : 0;
}

static void add_hash(struct cc_buf *b, int has, cc_hash h)
{
	char hex[CC_HASH_HEXLEN + 1];

	cc_buf_addc(b, '\t');
	if (!has) {
		cc_buf_addc(b, '-');
		return;
	}
	cc_hash_hex(hex, h);
	cc_buf_adds(b, hex);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp((*(struct cc_filemem *const *)a)->path,
		      (*(struct cc_filemem *const *)b)->path);
}

int cc_state_save(struct cc_state *st)
{
	struct cc_buf b = CC_BUF_INIT;
	struct cc_filemem **list = cc_calloc(st->files.len, sizeof(*list));
	struct cc_map_slot *s;
	size_t i = 0, n = 0;
	int ret;

	while ((s = cc_map_next(&st->files, &i)))
		if (((struct cc_filemem *)s->value)->used)
			list[n++] = s->value;
	qsort(list, n, sizeof(*list), path_cmp);
	cc_buf_adds(&b, FILES_HEADER "\n");
	for (i = 0; i < n; i++) {
		cc_buf_adds(&b, "file\t");
		cc_escape_log(&b, list[i]->path, strlen(list[i]->path));
		cc_buf_addf(&b, "\t%d", list[i]->first_seen);
		add_hash(&b, list[i]->has_remembered, list[i]->remembered);
		add_hash(&b, list[i]->has_cache, list[i]->cache_user);
		cc_buf_addf(&b, "\t%d", list[i]->cache_method);
		add_hash(&b, list[i]->has_cache && list[i]->cache_method != CC_BASE_NONE,
			 list[i]->cache_base);
		cc_buf_addf(&b, "\t%d\n", list[i]->cache_nver);
	}
	for (i = 0; i < st->nmerges; i++) {
		if (!st->merges[i].used)
			continue;
		cc_buf_adds(&b, "merge");
		add_hash(&b, 1, st->merges[i].u);
		add_hash(&b, 1, st->merges[i].b);
		add_hash(&b, 1, st->merges[i].t);
		cc_buf_adds(&b, st->merges[i].clean ? "\tclean\n" : "\tconflicts\n");
	}
	/* the everyday check changes nothing here: skip the write and its fsync */
	if (st->files_loaded && !strcmp(st->files_loaded, b.data))
		ret = 0;
	else
		ret = cc_fs_write_atomic_at(st->fd, st->dir, CC_STATE_FILES, b.data, b.len);
	if (ret == 0) {
		free(st->files_loaded);
		st->files_loaded = cc_buf_detach(&b);
	}
	free(list);
	cc_buf_release(&b);
	return ret;
}

int cc_state_save_acks(struct cc_state *st)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t i;
	int ret;

	cc_buf_adds(&b, ACKS_HEADER "\n");
	for (i = 0; i < st->nacks; i++) {
		cc_buf_adds(&b, "ack\t");
		cc_escape_log(&b, st->acks[i].path, strlen(st->acks[i].path));
		add_hash(&b, 1, st->acks[i].u);
		add_hash(&b, 1, st->acks[i].t);
		cc_buf_addf(&b, "\t%lld\n", st->acks[i].time);
	}
	ret = cc_fs_write_atomic_at(st->fd, st->dir, CC_STATE_ACKS, b.data, b.len);
	cc_buf_release(&b);
	return ret;
}

void cc_state_release(struct cc_state *st)
{
	if (!st)
		return;
	clear_files(st);
	clear_acks(st);
	free(st->merges);
	free(st->acks);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	if (st->fd >= 0)
		close(st->fd);
	free(st->dir);
	free(st->warning);
	free(st->files_loaded);
	memset(st, 0, sizeof(*st));
	st->lock_fd = st->fd = -1;
}

void cc_state_unmark(struct cc_state *st)
{
	size_t i = 0;
	struct cc_map_slot *s;

	while ((s = cc_map_next(&st->files, &i)))
		((struct cc_filemem *)s->value)->used = 0;
	for (i = 0; i < st->nmerges; i++)
		st->merges[i].used = 0;
}

struct cc_filemem *cc_state_file(struct cc_state *st, const char *path, int seq)
{
	struct cc_filemem *m = cc_map_get(&st->files, path);

	if (m) {
		m->used = 1;
		return m;
	}
	m = cc_calloc(1, sizeof(*m));
	m->path = cc_strdup(path);
	m->first_seen = seq;
	m->used = 1;
	cc_map_put(&st->files, path, m, NULL);
	return m;
}

int cc_state_merge_get(struct cc_state *st, cc_hash u, cc_hash b, cc_hash t)
{
	size_t i;

	for (i = 0; i < st->nmerges; i++) {
		struct cc_mergememo *m = &st->merges[i];

		if (m->u == u && m->b == b && m->t == t) {
			m->used = 2;
			return m->clean;
		}
	}
	return -1;
}

void cc_state_merge_put(struct cc_state *st, cc_hash u, cc_hash b, cc_hash t, int clean)
{
	struct cc_mergememo m = {u, b, t, clean, 2};

	CC_GROW(st->merges, st->merges_alloc, st->nmerges + 1);
	st->merges[st->nmerges++] = m;
}

struct cc_ack *cc_state_ack_find(struct cc_state *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->nacks; i++)
		if (!strcmp(st->acks[i].path, path))
			return &st->acks[i];
	return NULL;
}

void cc_state_ack_set(struct cc_state *st, const char *path, cc_hash u, cc_hash t)
{
	struct cc_ack *a = cc_state_ack_find(st, path);

	if (!a) {
		CC_GROW(st->acks, st->acks_alloc, st->nacks + 1);
		a = &st->acks[st->nacks++];
		a->path = cc_strdup(path);
	}
	a->u = u;
	a->t = t;
	a->time = (long long)time(NULL);
}

int cc_state_ack_remove(struct cc_state *st, const char *path)
{
	struct cc_ack *a = cc_state_ack_find(st, path);

	if (!a)
		return 0;
	free(a->path);
	*a = st->acks[--st->nacks];
	return 1;
}
