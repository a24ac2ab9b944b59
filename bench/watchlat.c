/* watchlat.c - the time from a save to the watcher's next status.json, for bench/watch.sh.
 *
 * usage: watchlat -n SAVES -s STATE_DIR [-t TIMEOUT_MS] FILE...
 *
 * Saves the files in turn the way editors do (a temp file beside the conf,
 * renamed over it; the content is the original plus a line that makes
 * every save distinct), and after each save waits, with inotify on the
 * state dir, until status.json is renamed into place. Prints one latency a
 * line in microseconds, or "timeout"; restores the files at the end.
 * Exit status: 0, 1 when a save timed out, 2 on a usage or system error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* Writes data (and an optional extra line) to path through a renamed temp file. */
static int save(const char *path, const char *data, size_t len, const char *extra)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.watchlat~", path);
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	fwrite(data, 1, len, f);
	if (extra)
		fputs(extra, f);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

/* Waits until status.json is renamed into the watched dir; returns 0, or -1 on timeout. */
static int wait_status(int fd, int timeout_ms)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	long long end = now_us() + (long long)timeout_ms * 1000;
	struct pollfd p = {fd, POLLIN, 0};
	const struct inotify_event *ev;
	ssize_t n;
	size_t off;

	for (;;) {
		long long left = (end - now_us()) / 1000;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		n = read(fd, buf, sizeof(buf));
		for (off = 0; n > 0 && off < (size_t)n; off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			if ((ev->mask & IN_MOVED_TO) && ev->len && !strcmp(ev->name, "status.json"))
				return 0;
		}
	}
}

int main(int argc, char **argv)
{
	const char *state = NULL;
	long saves = 0, timeout = 10000, i;
	char **orig, extra[64], *end;
	size_t *lens;
	int c, fd, nfiles, k, failed = 0;
	long long t0;

	while ((c = getopt(argc, argv, "n:s:t:")) != -1) {
		if (c == 'n')
			saves = strtol(optarg, &end, 10);
		else if (c == 's')
			state = optarg;
		else if (c == 't')
			timeout = strtol(optarg, &end, 10);
		else
			goto usage;
	}
	nfiles = argc - optind;
	if (!state || saves <= 0 || timeout <= 0 || nfiles <= 0)
		goto usage;
	orig = calloc((size_t)nfiles, sizeof(*orig));
	lens = calloc((size_t)nfiles, sizeof(*lens));
	for (k = 0; k < nfiles; k++) {
		orig[k] = slurp(argv[optind + k], &lens[k]);
		if (!orig[k]) {
			fprintf(stderr, "watchlat: cannot read '%s'\n", argv[optind + k]);
			return 2;
		}
	}
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0 || inotify_add_watch(fd, state, IN_MOVED_TO | IN_ONLYDIR) < 0) {
		fprintf(stderr, "watchlat: cannot watch '%s': %s\n", state, strerror(errno));
		return 2;
	}
	for (i = 0; i < saves; i++) {
		k = (int)(i % nfiles);
		snprintf(extra, sizeof(extra), "# watchlat save %ld\n", i);
		t0 = now_us();
		if (save(argv[optind + k], orig[k], lens[k], extra) < 0) {
			fprintf(stderr, "watchlat: cannot save '%s': %s\n", argv[optind + k],
				strerror(errno));
			return 2;
		}
		if (wait_status(fd, (int)timeout) < 0) {
			puts("timeout");
			failed = 1;
			continue;
		}
		printf("%lld\n", now_us() - t0);
	}
	for (k = 0; k < nfiles; k++)
		save(argv[optind + k], orig[k], lens[k], NULL);
	return failed;
usage:
	fprintf(stderr, "usage: watchlat -n SAVES -s STATE_DIR [-t TIMEOUT_MS] FILE...\n");
	return 2;
}
