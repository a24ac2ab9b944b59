/* supervise.h - run a piece of work in a child process, within a time budget.
 *
 * The init must finish whatever the state dir holds: a crafted history may
 * crash libgit2, a hostile process may hold the lock, a syscall may hang.
 * cc_supervise runs the work in a child, so that whatever happens to it the
 * parent is left to say so, to try again (without the state history) and
 * to let the container start.
 */
#ifndef CC_SUPERVISE_H
#define CC_SUPERVISE_H

enum cc_child_end {
	CC_CHILD_EXITED,   /* code is the exit status */
	CC_CHILD_SIGNALED, /* code is the signal that ended it (a crash, the OOM killer) */
	CC_CHILD_TIMEOUT,  /* the budget ran out: it was killed */
};

struct cc_child {
	enum cc_child_end end;
	int code;
	long elapsed_ms;
};

/* Runs fn(arg) in a child process whose exit status is fn's return value
 * (stdout is flushed first, in parent and child). Waits at most budget_ms
 * (0: no limit), then kills it with SIGKILL. Returns 0 with *out filled,
 * or -1 with a message when no child could be started. */
int cc_supervise(struct cc_child *out, int (*fn)(void *arg), void *arg, long budget_ms);

#endif
