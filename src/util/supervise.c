/* supervise.c - the work in a child, the parent waiting with a deadline. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/supervise.h"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cc_supervise(struct cc_child *out, int (*fn)(void *arg), void *arg, long budget_ms)
{
	struct sigaction dfl, was;
	sigset_t chld, old;
	struct timespec wait;
	long start = now_ms(), left;
	int status = 0, e;
	pid_t pid, got;

	out->end = CC_CHILD_EXITED;
	out->code = 0;
	fflush(stdout);
	fflush(stderr);
	/* SIGCHLD is taken with sigtimedwait: blocked before the child can end */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	/* an inherited SIG_IGN would have the kernel reap the child unseen */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &dfl, &was);
	pid = fork();
	if (pid < 0) {
		e = errno;
		sigaction(SIGCHLD, &was, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return cc_error_errno(e, "cannot start the check");
	}
	if (pid == 0) {
		sigaction(SIGCHLD, &was, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		exit(fn(arg));
	}
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR) {
			e = errno;
			sigaction(SIGCHLD, &was, NULL);
			sigprocmask(SIG_SETMASK, &old, NULL);
			return cc_error_errno(e, "cannot wait for the check");
		}
		left = budget_ms ? budget_ms - (now_ms() - start) : 1000;
		if (left <= 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			out->end = CC_CHILD_TIMEOUT;
			break;
		}
		/* a signal missed between waitpid and here is caught by the next round */
		wait.tv_sec = 0;
		wait.tv_nsec = (left > 100 ? 100 : left) * 1000000L;
		sigtimedwait(&chld, NULL, &wait);
	}
	sigaction(SIGCHLD, &was, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (out->end != CC_CHILD_TIMEOUT) {
		out->end = WIFSIGNALED(status) ? CC_CHILD_SIGNALED : CC_CHILD_EXITED;
		out->code = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
	}
	out->elapsed_ms = now_ms() - start;
	return 0;
}
