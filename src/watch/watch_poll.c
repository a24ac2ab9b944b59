/* watch_poll.c - the polling backend: a stat signature of every mapped path, every interval.
 *
 * Paths are looked at through the root it opened; the root's path is looked at
 * too, so that a root deleted and made again, or replaced by a rename, is told
 * (CC_WSYS_ROOT) rather than polled as a tree where nothing ever changes. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "engine/state.h"
#include "watch/watchsys.h"

/* What a stat says about a file, enough to notice any save. */
struct sig {
	int exists;
	mode_t mode;
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns, ctime_ns;
	/* a symlink's target, by stat only (the engine decides whether it may be followed) */
	int target_exists;
	ino_t target_ino;
	off_t target_size;
	long long target_mtime_ns, target_ctime_ns;
};

struct psys {
	struct cc_wsys base;
	int root_fd;
	char *root;
	struct sig root_sig; /* where root led when last looked at: exists, dev, ino */
	char *acks;
	const struct cc_wmap *map;
	struct sig *sigs; /* one per map->paths entry */
	struct sig acks_sig;
	long long interval_ms, next_ms;
};

static long long ns(struct timespec ts)
{
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void take(struct sig *g, int dirfd, const char *path)
{
	struct stat st;

	memset(g, 0, sizeof(*g));
	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	g->exists = 1;
	g->mode = st.st_mode;
	g->dev = st.st_dev;
	g->ino = st.st_ino;
	g->size = st.st_size;
	g->mtime_ns = ns(st.st_mtim);
	g->ctime_ns = ns(st.st_ctim);
	if (S_ISLNK(st.st_mode) && fstatat(dirfd, path, &st, 0) == 0) {
		g->target_exists = 1;
		g->target_ino = st.st_ino;
		g->target_size = st.st_size;
		g->target_mtime_ns = ns(st.st_mtim);
		g->target_ctime_ns = ns(st.st_ctim);
	}
}

/* Where the root's path leads: a directory's device and inode, or nothing. */
static void take_root(struct sig *g, const char *root)
{
	struct stat st;

	memset(g, 0, sizeof(*g));
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	g->exists = 1;
	g->dev = st.st_dev;
	g->ino = st.st_ino;
}

static int psys_sync(struct cc_wsys *w, const struct cc_wmap *m, char **reason)
{
	struct psys *s = (struct psys *)w;
	size_t i;

	(void)reason;
	s->map = m;
	free(s->sigs);
	s->sigs = cc_calloc(m->npaths ? m->npaths : 1, sizeof(*s->sigs));
	for (i = 0; i < m->npaths; i++)
		take(&s->sigs[i], s->root_fd, m->paths[i]);
	take(&s->acks_sig, AT_FDCWD, s->acks);
	s->next_ms = now_ms() + s->interval_ms;
	return 0;
}

static int psys_fd(struct cc_wsys *w)
{
	(void)w;
	return -1;
}

static long long psys_timeout(struct cc_wsys *w, long long now)
{
	struct psys *s = (struct psys *)w;

	return s->next_ms > now ? s->next_ms - now : 0;
}

static int psys_dispatch(struct cc_wsys *w, long long now, cc_wsys_fn fn, void *arg, char **reason)
{
	struct psys *s = (struct psys *)w;
	struct sig g;
	size_t i;

	(void)reason;
	if (now < s->next_ms)
		return 0;
	take_root(&g, s->root);
	if (memcmp(&g, &s->root_sig, sizeof(g))) {
		memcpy(&s->root_sig, &g, sizeof(g));
		fn(arg, CC_WSYS_ROOT, "the config root changed");
	}
	for (i = 0; s->root_fd >= 0 && i < s->map->npaths; i++) {
		take(&g, s->root_fd, s->map->paths[i]);
		if (memcmp(&g, &s->sigs[i], sizeof(g))) {
			memcpy(&s->sigs[i], &g, sizeof(g));
			fn(arg, CC_WSYS_PATH, s->map->paths[i]);
		}
	}
	take(&g, AT_FDCWD, s->acks);
	if (memcmp(&g, &s->acks_sig, sizeof(g))) {
		memcpy(&s->acks_sig, &g, sizeof(g));
		fn(arg, CC_WSYS_ACKS, "acks");
	}
	/* the next tick counts from the end of this one, so a slow disk cannot pile them up */
	s->next_ms = now_ms() + s->interval_ms;
	return 0;
}

static size_t psys_watched(struct cc_wsys *w)
{
	return ((struct psys *)w)->map ? ((struct psys *)w)->map->npaths : 0;
}

static void psys_close(struct cc_wsys *w)
{
	struct psys *s = (struct psys *)w;

	if (!s)
		return;
	if (s->root_fd >= 0)
		close(s->root_fd);
	free(s->sigs);
	free(s->acks);
	free(s->root);
	free(s);
}

static const struct cc_wsys_ops poll_ops = {
    "poll", psys_sync, psys_fd, psys_timeout, psys_dispatch, psys_watched, psys_close,
};

struct cc_wsys *cc_wsys_poll_open(const char *root, const char *state_dir, long long interval_ms)
{
	struct psys *s = cc_calloc(1, sizeof(*s));
	struct stat st;

	s->base.ops = &poll_ops;
	/* a root that cannot be opened makes every path look missing, as the engine sees it too */
	s->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	s->root = cc_strdup(root);
	if (s->root_fd >= 0 && fstat(s->root_fd, &st) == 0) {
		s->root_sig.exists = 1;
		s->root_sig.dev = st.st_dev;
		s->root_sig.ino = st.st_ino;
	}
	s->acks = cc_asprintf("%s/%s", state_dir, CC_STATE_ACKS);
	s->interval_ms = interval_ms > 0 ? interval_ms : 1000;
	return &s->base;
}
