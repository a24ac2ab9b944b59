/* xchg.c - the racer of tests/0190-root-attacks.t, compiled by the test.
 *
 * Usage: xchg DIR NAME1 NAME2 SECONDS
 *
 * Swaps NAME1 and NAME2 in DIR with renameat2(RENAME_EXCHANGE) as fast as it
 * can, until SECONDS have passed or SIGTERM comes, then leaves both names
 * where they were before it started (an even number of swaps). A swap that
 * fails (a name missing for a moment) is tried again. Prints the number of
 * swaps done.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec now, end;
	unsigned long n = 0;
	int dfd, tries;

	if (argc != 5) {
		fprintf(stderr, "usage: xchg DIR NAME1 NAME2 SECONDS\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	dfd = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		perror(argv[1]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atol(argv[4]);
	while (!stop) {
		if (renameat2(dfd, argv[2], dfd, argv[3], RENAME_EXCHANGE) == 0)
			n++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
	}
	/* an odd count left the names swapped: swap them back */
	for (tries = 0; n % 2 && tries < 1000; tries++)
		if (renameat2(dfd, argv[2], dfd, argv[3], RENAME_EXCHANGE) == 0)
			n++;
	printf("%lu\n", n);
	return n % 2;
}
