/* runstat - run a command once and report its wall time and peak resident set size.
 *
 * usage: runstat [-o FILE] [-t SECONDS] -- COMMAND [ARG]...
 *
 * Writes one line, "WALL_SECONDS MAXRSS_KIB STATUS", appended to FILE (stderr without -o):
 *   WALL_SECONDS  from just before fork to the moment the child is reaped (CLOCK_MONOTONIC);
 *   MAXRSS_KIB    ru_maxrss from wait4: the largest resident set of the child or of any
 *                 descendant it waited for (the largest one process reached, not a sum);
 *   STATUS        the exit code, 128+N for death by signal N, or "timeout" when -t expired
 *                 and the child's process group was killed.
 * The command inherits stdin, stdout and stderr, and runs in its own process group.
 * Exit status: 0 when the line was written, 2 on a usage or system error.
 *
 * It exists because GNU time is not everywhere, and a shell's `time` reports no memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static volatile sig_atomic_t stop_signal;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void usage(void)
{
	fputs("usage: runstat [-o FILE] [-t SECONDS] -- COMMAND [ARG]...\n", stderr);
	exit(2);
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	unsigned timeout = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+o:t:")) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 't': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v > 86400)
				usage();
			timeout = (unsigned)v;
			break;
		}
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: these must interrupt wait4 */
	if (sigaction(SIGALRM, &sa, NULL) != 0) {
		perror("runstat: sigaction");
		return 2;
	}
	/* the child has its own process group, so a Ctrl-C reaches it only through us */
	sa.sa_handler = on_stop;
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0) {
		perror("runstat: sigaction");
		return 2;
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "runstat: cannot run '%s': %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	/* set it from both sides, so a timeout can never kill the wrong group */
	setpgid(pid, pid);
	if (timeout > 0)
		alarm(timeout);

	int status;
	struct rusage ru;
	int killed = 0;
	int forwarded = 0;
	for (;;) {
		if (stop_signal != 0 && !forwarded) {
			kill(-pid, stop_signal);
			forwarded = 1;
		}
		if (timed_out && !killed) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
		}
		pid_t r = wait4(pid, &status, 0, &ru);
		if (r == pid)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		perror("runstat: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	alarm(0);
	if (stop_signal != 0) {
		/* interrupted: no measurement; die the way our caller expects */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
		return 128 + stop_signal;
	}

	char st[32];
	if (killed)
		snprintf(st, sizeof st, "timeout");
	else if (WIFEXITED(status))
		snprintf(st, sizeof st, "%d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(st, sizeof st, "%d", 128 + WTERMSIG(status));
	else
		snprintf(st, sizeof st, "unknown");

	FILE *f = stderr;
	if (out != NULL && (f = fopen(out, "a")) == NULL) {
		fprintf(stderr, "runstat: cannot open '%s': %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(f, "%.6f %ld %s\n", elapsed(&t0, &t1), ru.ru_maxrss, st);
	if (fflush(f) != 0 || ferror(f) || (f != stderr && fclose(f) != 0)) {
		fprintf(stderr, "runstat: cannot write '%s'\n", out != NULL ? out : "stderr");
		return 2;
	}
	return 0;
}
