/* watch_inotify.c - the inotify backend: one watch per needed directory.
 *
 * A needed directory is watched where it resolves to: a symlink on the way
 * (one that stays inside the config root, as the check requires) leads the
 * watch to its target, and one watch then stands for every needed directory
 * that resolves to the same place (watchdirs.h keeps that table). A symlink
 * that is replaced, or a target that goes away, is resolved again.
 *
 * The root's parent is watched too, for entries of the root's name only: the
 * session holds a descriptor of the root, which keeps the kernel from ever
 * sending IN_DELETE_SELF for it, so its parent is the one that can tell of
 * `rm -rf` (or of a directory moved in to take its place). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util/alloc.h"
#include "engine/scan.h"
#include "watch/watchdirs.h"
#include "watch/watchsys.h"

/* Not IN_MODIFY: a save always ends in a close or a rename, and leaving it
 * out keeps a chatty log file next to a conf from waking the loop per write. */
#define DIR_MASK                                                                                   \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB |        \
	 IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)
/* IN_MASK_ADD: the state dir may be the root's parent (watchlib's "a state dir
 * that holds the config root"), and the kernel then gives both one watch */
#define STATE_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_ONLYDIR | IN_MASK_ADD)
#define PARENT_MASK                                                                                \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |     \
	 IN_ONLYDIR | IN_MASK_ADD)
#define READS_PER_DISPATCH 64

struct isys {
	struct cc_wsys base;
	int fd;
	char *root;
	char *real_root; /* the root with every symlink resolved */
	char *state_dir;
	char *state_rel;  /* the state dir relative to the root, or NULL */
	int state_inside; /* the state dir lies below the root */
	int err;	  /* errno of the last directory that could not be watched */
	int state_wd;
	char *parent;	       /* the root's parent directory, or NULL for "/" */
	const char *root_name; /* the root's last component, in root */
	int parent_wd;
	const struct cc_wmap *map;
	struct cc_wdirs t; /* which watch stands for which needed directories */
};

static const struct {
	unsigned long magic;
	const char *name;
} blind[] = {
    {0x6969, "nfs"},	   {0x65735546, "fuse"},   {0x01021997, "9p"},	 {0xff534d42, "cifs"},
    {0xfe534d42, "smb2"},  {0x517b, "smb"},	   {0x00c36400, "ceph"}, {0x5346414f, "afs"},
    {0x6b414653, "afs"},   {0x73757245, "coda"},   {0x564c, "ncp"},	 {0x01161970, "gfs2"},
    {0x7461636f, "ocfs2"}, {0x0bd00bd0, "lustre"}, {0x47504653, "gpfs"},
};

const char *cc_wsys_blind_fs(unsigned long f_type)
{
	size_t i;

	for (i = 0; i < sizeof(blind) / sizeof(blind[0]); i++)
		if (blind[i].magic == (f_type & 0xffffffffUL))
			return blind[i].name;
	return NULL;
}

/* The filesystem of path, or NULL when inotify can be trusted there.
 * CONFCHECK_TEST_FSTYPE (a number) stands in for statfs in the tests. */
static const char *blind_at(const char *path)
{
	const char *test = getenv("CONFCHECK_TEST_FSTYPE");
	struct statfs sf;

	if (test && *test)
		return cc_wsys_blind_fs(strtoul(test, NULL, 0));
	if (statfs(path, &sf) < 0)
		return NULL;
	return cc_wsys_blind_fs((unsigned long)sf.f_type);
}

static char *abs_path(struct isys *s, const char *rel)
{
	return *rel ? cc_asprintf("%s/%s", s->root, rel) : cc_strdup(s->root);
}

/* Stops watching for rel; the kernel's watch goes with the last directory it stands for. */
static void drop_rel(struct isys *s, const char *rel)
{
	int wd = cc_wdirs_drop(&s->t, rel);

	if (wd >= 0)
		inotify_rm_watch(s->fd, wd);
}

/* Whether path lies at or below dir (both canonical). */
static int is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0' || !strcmp(dir, "/"));
}

/* Watches one directory: 0 watched, 1 skipped (not there, not a directory,
 * not readable: its parent's watch reports when that changes), -1 degrade. */
static int add_watch(struct isys *s, const char *rel, char **reason)
{
	char *path = abs_path(s, rel), *real;
	const char *fs = blind_at(path);
	int wd, gone;

	if (fs) {
		*reason = *rel ? cc_asprintf("'%s' is on %s, where inotify misses changes made "
					     "elsewhere",
					     rel, fs)
			       : cc_asprintf("the config root is on %s, where inotify misses "
					     "changes made elsewhere",
					     fs);
		free(path);
		return -1;
	}
	/* where it resolves to: a symlink out of the root, or into the state dir
	 * (when that lies inside the root), is not ours to watch (the check gives
	 * its confs an error) */
	real = realpath(path, NULL);
	s->err = real ? ENOENT : errno; /* ENOENT: not where the root leads now */
	free(path);
	if (!real || !is_under(real, s->real_root) ||
	    (s->state_inside && is_under(real, s->state_dir))) {
		free(real);
		drop_rel(s, rel);
		return 1;
	}
	wd = inotify_add_watch(s->fd, real, DIR_MASK);
	if (wd < 0) {
		s->err = errno;
		free(real);
		if (errno == ENOSPC) {
			*reason = cc_strdup("the inotify watch limit is reached "
					    "(fs.inotify.max_user_watches)");
			return -1;
		}
		drop_rel(s, rel);
		return 1;
	}
	path = *rel ? cc_asprintf("%s/%s", s->real_root, rel) : cc_strdup(s->real_root);
	gone = cc_wdirs_put(&s->t, wd, rel, strcmp(real, path) != 0);
	if (gone >= 0)
		inotify_rm_watch(s->fd, gone);
	free(path);
	free(real);
	return 0;
}

static int watched(struct isys *s, const char *rel)
{
	return cc_wdirs_wd(&s->t, rel) >= 0;
}

/* Makes the watches of dir and of every needed directory below it agree with
 * what they resolve to now, parents first: a directory that is not there (or
 * whose parent is not watched) is not watched. */
static int watch_tree(struct isys *s, const char *dir, char **reason)
{
	size_t lo, hi, i;
	char *parent, *slash;
	int r = add_watch(s, dir, reason);

	if (r < 0)
		return -1;
	cc_wmap_dirs_under(s->map, dir, &lo, &hi);
	for (i = lo; i < hi; i++) {
		slash = strrchr(s->map->dirs[i], '/');
		parent = slash ? cc_strndup(s->map->dirs[i], (size_t)(slash - s->map->dirs[i]))
			       : cc_strdup("");
		if (watched(s, parent)) {
			r = add_watch(s, s->map->dirs[i], reason);
		} else {
			drop_rel(s, s->map->dirs[i]);
			r = 1;
		}
		free(parent);
		if (r < 0)
			return -1;
	}
	return 0;
}

static void drop_rels(struct isys *s, char **rels, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		drop_rel(s, rels[i]);
	cc_wdirs_free_list(rels, n);
}

/* Drops the watches of dir and everything below it (moved out or deleted). */
static void unwatch_tree(struct isys *s, const char *dir)
{
	size_t n;
	char **rels = cc_wdirs_list(&s->t, dir, &n);

	drop_rels(s, rels, n);
}

static int isys_sync(struct cc_wsys *w, const struct cc_wmap *m, char **reason)
{
	struct isys *s = (struct isys *)w;
	size_t n, i;
	char **all;

	s->map = m;
	all = cc_wdirs_list(&s->t, "", &n);
	for (i = 0; i < n; i++)
		if (!cc_wmap_has_dir(m, all[i]))
			drop_rel(s, all[i]);
	cc_wdirs_free_list(all, n);
	if (watch_tree(s, "", reason) < 0)
		return -1;
	if (!watched(s, "")) {
		*reason = cc_asprintf("cannot watch the config root: %s", strerror(s->err));
		return -1;
	}
	if (s->state_wd < 0)
		s->state_wd = inotify_add_watch(s->fd, s->state_dir, STATE_MASK);
	if (s->state_wd < 0 && errno == ENOSPC) {
		*reason = cc_strdup("the inotify watch limit is reached "
				    "(fs.inotify.max_user_watches)");
		return -1;
	}
	/* not fatal when it cannot be had: the loop also looks at the root's path
	 * after every batch, and an `rm -rf` of a root with anything in it sends some */
	if (s->parent_wd < 0 && s->parent)
		s->parent_wd = inotify_add_watch(s->fd, s->parent, PARENT_MASK);
	return 0;
}

static int isys_fd(struct cc_wsys *w)
{
	return ((struct isys *)w)->fd;
}

static long long isys_timeout(struct cc_wsys *w, long long now_ms)
{
	(void)w;
	(void)now_ms;
	return -1;
}

/* One event on a watched directory, for one of the needed directories it stands for. */
static int handle_child(struct isys *s, const struct inotify_event *ev, const char *rel,
			cc_wsys_fn fn, void *arg, char **reason)
{
	char *child = cc_wmap_join(rel, ev->name);
	int ret = 0;

	if (s->state_rel && !strcmp(child, s->state_rel))
		goto done;
	if (cc_wmap_has_path(s->map, child))
		fn(arg, CC_WSYS_PATH, child);
	if (cc_wmap_has_dir(s->map, child)) {
		/* watch first, then report: what is created after the watch sends events */
		if (ev->mask & (IN_DELETE | IN_MOVED_FROM))
			unwatch_tree(s, child);
		else if (watch_tree(s, child, reason) < 0)
			ret = -1;
		fn(arg, CC_WSYS_TREE, child);
	}
done:
	free(child);
	return ret;
}

/* The directory itself went (deleted, moved, unmounted): each needed directory
 * it stood for is resolved again and its confs looked at. Its parent tells of a
 * plain move or deletion too, but not one reached through a symlink. */
static int handle_self(struct isys *s, char **rels, size_t n, cc_wsys_fn fn, void *arg,
		       char **reason)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		if (!*rels[i]) {
			fn(arg, CC_WSYS_ROOT, "the config root went away");
			continue;
		}
		unwatch_tree(s, rels[i]);
		if (ret == 0 && watch_tree(s, rels[i], reason) < 0)
			ret = -1;
		fn(arg, CC_WSYS_TREE, rels[i]);
	}
	return ret;
}

/* Something other than a needed directory was made, removed or renamed: it may
 * be a link or a directory on the way to where a symlinked needed directory
 * leads. Each of those is resolved again, and its confs looked at when it
 * leads elsewhere now. */
static int relink(struct isys *s, cc_wsys_fn fn, void *arg, char **reason)
{
	size_t n, i;
	char **rels = cc_wdirs_list(&s->t, NULL, &n);
	int before, ret = 0;

	for (i = 0; i < n; i++) {
		before = cc_wdirs_wd(&s->t, rels[i]);
		if (before < 0)
			continue; /* went with one resolved before it */
		if (ret == 0 && watch_tree(s, rels[i], reason) < 0)
			ret = -1;
		if (cc_wdirs_wd(&s->t, rels[i]) != before)
			fn(arg, CC_WSYS_TREE, rels[i]);
	}
	cc_wdirs_free_list(rels, n);
	return ret;
}

static int handle(struct isys *s, const struct inotify_event *ev, cc_wsys_fn fn, void *arg,
		  char **reason)
{
	const struct cc_wdir *d;
	char **rels;
	size_t n, i;
	int ret = 0;

	if (ev->mask & IN_Q_OVERFLOW) {
		fn(arg, CC_WSYS_RESCAN, "the event queue overflowed");
		return 0;
	}
	if (ev->wd == s->parent_wd) {
		if (ev->mask & IN_IGNORED)
			s->parent_wd = -1;
		else if ((ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) ||
			 (ev->len && !strcmp(ev->name, s->root_name)))
			fn(arg, CC_WSYS_ROOT, "the config root's entry changed");
		if (ev->wd != s->state_wd)
			return 0;
	}
	if (ev->wd == s->state_wd) {
		if (ev->mask & IN_IGNORED)
			s->state_wd = -1;
		else if (ev->len && !strcmp(ev->name, "acks"))
			fn(arg, CC_WSYS_ACKS, "acks");
		return 0;
	}
	d = cc_wdirs_find(&s->t, ev->wd);
	if (!d)
		return 0; /* a watch dropped already */
	if (ev->len && cc_is_sample(ev->name))
		return 0;
	/* handling may change the table: work on a copy of the names */
	n = d->nrels;
	rels = cc_calloc(n, sizeof(*rels));
	for (i = 0; i < n; i++)
		rels[i] = cc_strdup(d->rels[i]);
	if (ev->mask & IN_IGNORED) {
		cc_wdirs_forget(&s->t, ev->wd);
		ret = handle_self(s, rels, n, fn, arg, reason);
	} else if (!ev->len) {
		if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
			ret = handle_self(s, rels, n, fn, arg, reason);
		else if (ev->mask & IN_ATTRIB)
			/* its mode changed: reached through a symlink, its parent
			 * (which would say so) may not be watched */
			for (i = 0; i < n; i++)
				fn(arg, CC_WSYS_TREE, rels[i]);
	} else {
		for (i = 0; i < n && ret == 0; i++)
			ret = handle_child(s, ev, rels[i], fn, arg, reason);
		if (ret == 0 && s->t.nlinked &&
		    (ev->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)))
			ret = relink(s, fn, arg, reason);
	}
	cc_wdirs_free_list(rels, n);
	return ret;
}

static int isys_dispatch(struct cc_wsys *w, long long now_ms, cc_wsys_fn fn, void *arg,
			 char **reason)
{
	struct isys *s = (struct isys *)w;
	char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	size_t off;
	int reads;

	(void)now_ms;
	for (reads = 0; reads < READS_PER_DISPATCH; reads++) {
		n = read(s->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0) {
			*reason = cc_asprintf("cannot read inotify events: %s",
					      n < 0 ? strerror(errno) : "end of file");
			return -1;
		}
		for (off = 0; off < (size_t)n; off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			if (handle(s, ev, fn, arg, reason) < 0)
				return -1;
		}
	}
	return 0;
}

static size_t isys_watched(struct cc_wsys *w)
{
	return ((struct isys *)w)->t.n;
}

static void isys_close(struct cc_wsys *w)
{
	struct isys *s = (struct isys *)w;

	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	cc_wdirs_release(&s->t);
	free(s->root);
	free(s->real_root);
	free(s->state_dir);
	free(s->state_rel);
	free(s->parent);
	free(s);
}

static const struct cc_wsys_ops inotify_ops = {
    "inotify", isys_sync, isys_fd, isys_timeout, isys_dispatch, isys_watched, isys_close,
};

int cc_wsys_inotify_open(struct cc_wsys **out, const char *root, const char *state_dir,
			 char **reason)
{
	struct isys *s;
	const char *fs, *slash;
	size_t n = strlen(root);

	*out = NULL;
	fs = blind_at(root);
	if (fs) {
		*reason = cc_asprintf("the config root is on %s, where inotify misses changes made "
				      "elsewhere",
				      fs);
		return -1;
	}
	s = cc_calloc(1, sizeof(*s));
	s->base.ops = &inotify_ops;
	s->state_wd = s->parent_wd = -1;
	s->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->fd < 0) {
		if (errno == EMFILE)
			*reason = cc_strdup("no inotify instance left "
					    "(fs.inotify.max_user_instances)");
		else
			*reason = cc_asprintf("cannot start inotify: %s", strerror(errno));
		isys_close(&s->base);
		return -1;
	}
	s->root = cc_strdup(root);
	slash = strrchr(s->root, '/');
	s->root_name = slash ? slash + 1 : s->root;
	if (slash && slash[1])
		s->parent = slash == s->root ? cc_strdup("/")
					     : cc_strndup(s->root, (size_t)(slash - s->root));
	s->real_root = realpath(root, NULL);
	if (!s->real_root)
		s->real_root = cc_strdup(root);
	s->state_dir = cc_strdup(state_dir);
	s->state_inside =
	    is_under(s->state_dir, s->real_root) && strcmp(s->state_dir, s->real_root);
	if (!strncmp(state_dir, root, n) && state_dir[n] == '/')
		s->state_rel = cc_strdup(state_dir + n + 1);
	*out = &s->base;
	return 0;
}
