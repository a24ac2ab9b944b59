/* watchsys.h - how the watcher learns that something changed: its backends.
 *
 * A backend watches what a struct cc_wmap names and tells the loop, through
 * a callback, which mapped paths may have changed. It never reads a user
 * file and never gives a verdict: the loop re-verdicts what it is told.
 *
 *   inotify (watch_inotify.c)  one watch per needed directory (watchmap.h),
 *       never per file, since editors save by renaming a temp file over the
 *       conf. A needed directory that appears is watched first and reported
 *       second, so nothing created in it between the two is missed. Costs
 *       nothing while nothing happens.
 *   poll (watch_poll.c)  every interval, a stat signature (type, size,
 *       mtime, ctime, inode) of every mapped path, following a symlink by
 *       stat only. Used when forced (--poll) or when inotify cannot be used.
 *
 * Both also watch the state dir's acks file, which `confcheck ack` changes
 * while the watcher runs, and tell when the config root itself may have gone,
 * come back or been replaced (CC_WSYS_ROOT): inotify by a watch on the root's
 * parent, for the root's name only (the root's own IN_DELETE_SELF never comes
 * while the session holds a descriptor of it), and by the root's
 * IN_MOVE_SELF; polling by comparing, every interval, what the root's path
 * leads to with the directory it opened. Either way the loop decides what
 * happened, by looking at the path.
 */
#ifndef CC_WATCHSYS_H
#define CC_WATCHSYS_H

#include "watch/watchmap.h"

enum cc_wsys_event {
	CC_WSYS_PATH,	/* rel: this mapped path may have changed */
	CC_WSYS_TREE,	/* rel: a needed directory appeared or went: every mapped path below it */
	CC_WSYS_RESCAN, /* rel: why (a string constant): events were lost */
	CC_WSYS_ACKS,	/* the state dir's acks changed */
	CC_WSYS_ROOT,	/* rel: why (a string constant): the config root went or came back */
};

typedef void (*cc_wsys_fn)(void *arg, enum cc_wsys_event ev, const char *rel);

struct cc_wsys;

/* A backend. Functions returning int give 0, or -1 with *reason (the
 * caller frees) when the backend cannot go on and the loop must fall back
 * to polling. */
struct cc_wsys_ops {
	const char *name; /* "inotify" or "poll" */
	/* Watches what m names (borrowed until the next sync or close): adds
	 * what is missing, drops what is no longer needed. */
	int (*sync)(struct cc_wsys *w, const struct cc_wmap *m, char **reason);
	/* The descriptor to wait on, or -1. */
	int (*fd)(struct cc_wsys *w);
	/* Milliseconds until the backend wants dispatch called without input, or -1. */
	long long (*timeout)(struct cc_wsys *w, long long now_ms);
	/* Handles input on fd, or a timeout that came due; reports through fn. */
	int (*dispatch)(struct cc_wsys *w, long long now_ms, cc_wsys_fn fn, void *arg,
			char **reason);
	/* Counts of what is watched, for the log: directories (or paths) watched. */
	size_t (*watched)(struct cc_wsys *w);
	void (*close)(struct cc_wsys *w);
};

struct cc_wsys {
	const struct cc_wsys_ops *ops;
};

/* Starts inotify on the config root (its canonical path) and the state
 * dir. Returns 0, or -1 with *reason when inotify cannot see this tree
 * (not available, no instances left, a filesystem where it is blind). */
int cc_wsys_inotify_open(struct cc_wsys **out, const char *root, const char *state_dir,
			 char **reason);

/* Starts polling every interval_ms. Cannot fail. */
struct cc_wsys *cc_wsys_poll_open(const char *root, const char *state_dir, long long interval_ms);

/* The name of a filesystem type (statfs f_type) on which inotify does not
 * see changes made by other machines or the host (nfs, fuse, 9p, cifs,
 * ...), or NULL when inotify can be trusted on it. */
const char *cc_wsys_blind_fs(unsigned long f_type);

#endif
