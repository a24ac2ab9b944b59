/* test_watchsys.c - the backends tell the loop what changed: inotify and polling on a temp tree. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "watch/watchsys.h"

static char got[4096];

/* Records each distinct event once (the loop merges repeats the same way). */
static void record(void *arg, enum cc_wsys_event ev, const char *rel)
{
	static const char *const names[] = {"path", "tree", "rescan", "acks", "root"};
	char one[600], padded[4100];

	(void)arg;
	snprintf(one, sizeof(one), "%s:%s", names[ev], rel);
	snprintf(padded, sizeof(padded), " %s ", got);
	if (strstr(padded, one) && strstr(padded, one)[-1] == ' ' &&
	    strstr(padded, one)[strlen(one)] == ' ')
		return;
	snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", *got ? " " : "", one);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for inotify input (at most a second) and dispatches everything queued. */
static void drain(struct cc_wsys *w)
{
	struct pollfd p = {w->ops->fd(w), POLLIN, 0};
	char *reason = NULL;

	got[0] = '\0';
	while (poll(&p, 1, *got ? 50 : 1000) > 0) {
		if (w->ops->dispatch(w, now_ms(), record, NULL, &reason) < 0)
			break;
	}
	free(reason);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Runs a shell command built from a literal format. */
#define RUN(...)                                                                                   \
	do {                                                                                       \
		char cmd_[1024];                                                                   \
		snprintf(cmd_, sizeof(cmd_), __VA_ARGS__);                                         \
		if (system(cmd_) != 0)                                                             \
			printf("# command failed: %s\n", cmd_);                                    \
	} while (0)

static void test_blind(void)
{
	is_str(cc_wsys_blind_fs(0x6969), "nfs", "nfs is blind");
	is_str(cc_wsys_blind_fs(0x65735546), "fuse", "fuse (and virtiofs) is blind");
	is_str(cc_wsys_blind_fs(0x01021997), "9p", "9p is blind");
	is_str(cc_wsys_blind_fs(0xff534d42), "cifs", "cifs is blind");
	is_str(cc_wsys_blind_fs(0xef53), NULL, "ext4 is not");
	is_str(cc_wsys_blind_fs(0x794c7630), NULL, "overlayfs is not");
	is_str(cc_wsys_blind_fs(0x01021994), NULL, "tmpfs is not");
}

static void test_inotify(const char *root, const char *state, struct cc_wmap *m)
{
	struct cc_wsys *w = NULL;
	char *reason = NULL;

	ok(cc_wsys_inotify_open(&w, root, state, &reason) == 0, "inotify starts");
	if (!w) {
		printf("# %s\n", reason);
		free(reason);
		return;
	}
	ok(w->ops->sync(w, m, &reason) == 0, "it watches the map");
	is_int(w->ops->watched(w), 2, "the root and nginx: site-confs does not exist yet");
	is_int(w->ops->timeout(w, now_ms()), -1, "it never asks for a timer");

	put(root, "nginx/nginx.conf", "a\n");
	drain(w);
	is_str(got, "path:nginx/nginx.conf", "a write to a mapped file is one path event");

	put(root, "nginx/unrelated.txt", "a\n");
	put(root, "nginx/nginx.conf.sample", "a\n");
	drain(w);
	is_str(got, "", "unmapped files and .sample files tell nothing");

	put(root, "nginx/.nginx.conf.tmp", "b\n");
	RUN("mv %s/nginx/.nginx.conf.tmp %s/nginx/nginx.conf", root, root);
	drain(w);
	is_str(got, "path:nginx/nginx.conf", "a rename over a mapped file is a path event");

	RUN("mkdir -p %s/nginx/site-confs && echo x > %s/nginx/site-confs/default.conf", root,
	    root);
	drain(w);
	ok(strstr(got, "tree:nginx/site-confs") != NULL, "a new needed directory is a tree event");
	is_int(w->ops->watched(w), 3, "and is watched");

	RUN("echo y > %s/nginx/site-confs/default.conf", root);
	drain(w);
	is_str(got, "path:nginx/site-confs/default.conf", "files in it are seen from then on");

	RUN("mv %s/nginx %s/nginx.away", root, root);
	drain(w);
	is_str(got, "tree:nginx", "a needed directory moved out is one tree event");
	is_int(w->ops->watched(w), 1, "its watches go with it, subdirectories too");

	RUN("echo z > %s/nginx.away/nginx.conf", root);
	drain(w);
	is_str(got, "", "what happens to it outside is not reported under its old name");

	RUN("mv %s/nginx.away %s/nginx", root, root);
	drain(w);
	is_str(got, "tree:nginx", "moved back in, a tree event");
	is_int(w->ops->watched(w), 3, "and every needed directory in it is watched again");

	put(state, "acks", "x\n");
	put(state, "status.json", "{}\n");
	drain(w);
	is_str(got, "acks:acks", "the state dir tells only about acks");

	w->ops->close(w);
}

static void test_poll(const char *root, const char *state, struct cc_wmap *m)
{
	struct cc_wsys *w = cc_wsys_poll_open(root, state, 50);
	char *reason = NULL;
	long long t;

	ok(w->ops->sync(w, m, &reason) == 0, "polling starts");
	is_int(w->ops->fd(w), -1, "it has no descriptor");
	t = w->ops->timeout(w, now_ms());
	ok(t >= 0 && t <= 50, "it asks to be called within its interval");
	got[0] = '\0';
	w->ops->dispatch(w, now_ms() + 100, record, NULL, &reason);
	is_str(got, "", "nothing changed, nothing told");
	RUN("echo changed-size > %s/nginx/nginx.conf && rm -r %s/nginx/site-confs", root, root);
	usleep(60000);
	got[0] = '\0';
	w->ops->dispatch(w, now_ms(), record, NULL, &reason);
	is_str(got, "path:nginx/nginx.conf path:nginx/site-confs/default.conf",
	       "a changed and a removed file are told at the next tick");
	got[0] = '\0';
	w->ops->dispatch(w, now_ms(), record, NULL, &reason);
	is_str(got, "", "not before the tick after");
	w->ops->close(w);
}

/* The root deleted and made again, then replaced by a rename, while a descriptor
 * of it is held (as the session holds one): its parent's watch tells. */
static void test_inotify_root(const char *top, struct cc_wmap *m)
{
	struct cc_wsys *w = NULL;
	char root[128], state[128], *reason = NULL;
	int fd;

	/* the state dir is the root's parent: the kernel gives both one watch */
	snprintf(root, sizeof(root), "%s/config", top);
	snprintf(state, sizeof(state), "%s", top);
	RUN("mkdir -p %s/nginx", root);
	ok(cc_wsys_inotify_open(&w, root, state, &reason) == 0 && w->ops->sync(w, m, &reason) == 0,
	   "inotify watches a root whose parent is the state dir");
	if (!w) {
		free(reason);
		return;
	}
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	RUN("rm -rf %s", root);
	drain(w);
	ok(strstr(got, "root:") != NULL, "the root deleted while held open is a root event");
	RUN("mkdir %s", root);
	drain(w);
	ok(strstr(got, "root:") != NULL, "made again, another");
	put(state, "acks", "y\n");
	drain(w);
	put(state, "acks", "z\n"); /* written over: a close, not a create */
	drain(w);
	is_str(got, "acks:acks", "the state dir, its parent, still tells about acks");
	RUN("mkdir %s/next && mv %s %s/old && mv %s/next %s", top, root, top, top, root);
	drain(w);
	ok(strstr(got, "root:") != NULL, "a root replaced by a rename is a root event");
	RUN("mkdir %s/other", top);
	drain(w);
	is_str(got, "", "other entries of the parent tell nothing");
	if (fd >= 0)
		close(fd);
	w->ops->close(w);
}

static void test_poll_root(const char *top, struct cc_wmap *m)
{
	char root[128], state[128], *reason = NULL;
	struct cc_wsys *w;

	snprintf(root, sizeof(root), "%s/polled", top);
	snprintf(state, sizeof(state), "%s/state", top);
	RUN("mkdir -p %s/nginx", root);
	w = cc_wsys_poll_open(root, state, 50);
	w->ops->sync(w, m, &reason);
	RUN("rm -rf %s && mkdir -p %s/nginx && echo x > %s/nginx/nginx.conf", root, root, root);
	got[0] = '\0';
	w->ops->dispatch(w, now_ms() + 100, record, NULL, &reason);
	ok(strstr(got, "root:") != NULL, "polling: a root made again is a root event");
	ok(strstr(got, "path:") == NULL, "and not a path in the old one");
	got[0] = '\0';
	w->ops->dispatch(w, now_ms() + 200, record, NULL, &reason);
	is_str(got, "", "told once");
	w->ops->close(w);
}

int main(void)
{
	char root[] = "/tmp/cc-watchsys.XXXXXX", state[600], cmd[700];
	struct cc_wmap m = CC_WMAP_INIT;

	test_blind();
	if (!mkdtemp(root))
		return 1;
	snprintf(state, sizeof(state), "%s/.confcheck", root);
	mkdir(state, 0755);
	snprintf(cmd, sizeof(cmd), "%s/nginx", root);
	mkdir(cmd, 0755);
	cc_wmap_add(&m, "nginx/nginx.conf");
	cc_wmap_add(&m, "nginx/site-confs/default.conf");
	cc_wmap_finish(&m);
	test_inotify(root, state, &m);
	test_poll(root, state, &m);
	test_inotify_root(root, &m);
	test_poll_root(root, &m);
	cc_wmap_release(&m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", root);
	return done_testing();
}
