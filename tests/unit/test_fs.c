/* test_fs.c - confined lookups in a config root, capped reads, atomic writes. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "fixture.h"
#include "util/fs.h"
#include "tap.h"

static struct cc_root root;

/* Looks rel up in the root: the result, the contents read and the reason. */
struct got {
	enum cc_lookup res;
	char data[256];
	char reason[256];
};

static struct got look(const char *rel)
{
	struct cc_buf b = CC_BUF_INIT;
	struct got g;
	char *reason = NULL;

	memset(&g, 0, sizeof(g));
	g.res = cc_root_read(&root, rel, &b, &reason);
	if (g.res == CC_LOOKUP_OK)
		snprintf(g.data, sizeof(g.data), "%s", cc_buf_str(&b));
	if (reason)
		snprintf(g.reason, sizeof(g.reason), "%s", reason);
	free(reason);
	cc_buf_release(&b);
	return g;
}

/* ok() that the lookup of rel read want. */
static void reads(const char *rel, const char *want, const char *name)
{
	struct got g = look(rel);

	if (!ok(g.res == CC_LOOKUP_OK && !strcmp(g.data, want), "%s", name))
		printf("#   res %d, data '%s', reason '%s'\n", g.res, g.data, g.reason);
}

/* ok() that the lookup of rel failed with a reason that starts with want. */
static void fails(const char *rel, const char *want, const char *name)
{
	struct got g = look(rel);

	if (!ok(g.res == CC_LOOKUP_ERROR && !strncmp(g.reason, want, strlen(want)), "%s", name))
		printf("#   res %d, reason '%s', want '%s...'\n", g.res, g.reason, want);
}

static void missing(const char *rel, const char *name)
{
	struct got g = look(rel);

	if (!ok(g.res == CC_LOOKUP_MISSING, "%s", name))
		printf("#   res %d, reason '%s'\n", g.res, g.reason);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "Bail out! a lookup hung (a FIFO was opened?)\n";

	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(98);
	_exit(98);
}

static void build_tree(void)
{
	struct sockaddr_un sa;
	int fd, cwd;

	fx_mkdir("root/sub/deeper");
	fx_mkdir("root/d1/sub");
	fx_mkdir("root/d2");
	fx_mkdir("rootother");
	fx_write("root/file.conf", "regular\n");
	fx_write("root/sub/inner.conf", "inner\n");
	fx_write("root/sub/deeper/deep.conf", "deep\n");
	fx_write("root/d1/x", "d1x\n");
	fx_write("root/d1/y", "d1y\n");
	fx_write("root/d1/sub/x", "d1subx\n");
	fx_write("root/d2/x", "d2x\n");
	fx_write("outside.conf", "outside\n");
	fx_write("rootother/f.conf", "sibling\n");

	fx_symlink("file.conf", "root/rel-link.conf");
	fx_symlink("../file.conf", "root/sub/up-link.conf");
	fx_symlink("deeper/../inner.conf", "root/sub/dotdot-inside.conf");
	fx_symlink(fx_path("root/sub/inner.conf"), "root/abs-link.conf");
	fx_symlink("rel-link.conf", "root/link-to-link.conf");
	fx_symlink("sub", "root/dirlink");
	fx_symlink(fx_path("root/sub"), "root/absdirlink");
	fx_symlink("../d2/x", "root/d1/lnk");

	fx_symlink("/etc/passwd", "root/passwd.conf");
	fx_symlink("../outside.conf", "root/out.conf");
	fx_symlink("../../outside.conf", "root/sub/out2.conf");
	fx_symlink("sub/../../outside.conf", "root/out3.conf");
	fx_symlink(fx_path("rootother/f.conf"), "root/sibling.conf");
	fx_symlink(fx_path("outside.conf"), "root/abs-out.conf");
	fx_symlink("/etc", "root/etcdir");
	fx_symlink("..", "root/parent");

	fx_symlink("loop-b.conf", "root/loop-a.conf");
	fx_symlink("loop-a.conf", "root/loop-b.conf");
	fx_symlink("self.conf", "root/self.conf");
	fx_symlink("loopdir/x", "root/loopdir");

	fx_mkdir("root/dir.conf");
	if (mkfifo(fx_path("root/fifo.conf"), 0644) < 0)
		fx_bail("mkfifo", fx_path("root/fifo.conf"));
	fx_symlink("fifo.conf", "root/fifo-link.conf");

	/* bound by a relative name: a socket path is limited to 108 bytes */
	cwd = open(".", O_RDONLY | O_DIRECTORY);
	if (cwd < 0 || chdir(fx_path("root")) < 0)
		fx_bail("change into", fx_path("root"));
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "sock.conf");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fx_bail("bind a socket at", fx_path("root/sock.conf"));
	close(fd);
	if (fchdir(cwd) < 0)
		fx_bail("change back from", fx_path("root"));
	close(cwd);

	fd = open(fx_path("root/huge.conf"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)1 << 30) < 0)
		fx_bail("make a sparse file", fx_path("root/huge.conf"));
	close(fd);
	fd = open(fx_path("root/at-cap.conf"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, CC_FS_MAX_SIZE) < 0)
		fx_bail("make a sparse file", fx_path("root/at-cap.conf"));
	close(fd);
	fd = open(fx_path("root/over-cap.conf"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, CC_FS_MAX_SIZE + 1) < 0)
		fx_bail("make a sparse file", fx_path("root/over-cap.conf"));
	close(fd);
}

static void test_inside(void)
{
	reads("file.conf", "regular\n", "a regular file is read");
	reads("sub/inner.conf", "inner\n", "a file in a subdirectory is read");
	reads("sub/deeper/deep.conf", "deep\n", "a file two levels down is read");
	reads("rel-link.conf", "regular\n", "a relative symlink inside the root is followed");
	reads("sub/up-link.conf", "regular\n",
	      "a symlink through '..' that stays inside is followed");
	reads("sub/dotdot-inside.conf", "inner\n", "a symlink down and back up is followed");
	reads("abs-link.conf", "inner\n", "an absolute symlink into the root is followed");
	reads("link-to-link.conf", "regular\n", "a symlink to a symlink inside is followed");
	reads("dirlink/inner.conf", "inner\n", "a symlinked directory inside the root is followed");
	reads("absdirlink/deeper/deep.conf", "deep\n",
	      "an absolute symlinked directory into the root is followed");
	reads("sub/../file.conf", "regular\n", "'..' inside the root is fine");
	ok(cc_root_exists(&root, "sub/inner.conf") == CC_LOOKUP_OK, "exists: a file");
	ok(cc_root_exists(&root, "nope.conf") == CC_LOOKUP_MISSING, "exists: a missing file");
}

static void test_outside(void)
{
	fails("passwd.conf", "symlink leaves the config root",
	      "a symlink to /etc/passwd is refused");
	fails("out.conf", "symlink leaves the config root", "a symlink via '..' out of the root");
	fails("sub/out2.conf", "symlink leaves the config root",
	      "a symlink via '../..' from a subdirectory");
	fails("out3.conf", "symlink leaves the config root",
	      "a symlink that dips into the root first and leaves after");
	fails("abs-out.conf", "symlink leaves the config root",
	      "an absolute symlink out of the root");
	fails("sibling.conf", "symlink leaves the config root",
	      "an absolute symlink to a sibling that shares the root's name as prefix");
	fails("etcdir/passwd", "symlink leaves the config root",
	      "a symlinked directory out of the root");
	fails("parent/outside.conf", "symlink leaves the config root",
	      "a symlink to the root's parent directory");
}

static void test_special(void)
{
	struct got g;

	fails("loop-a.conf", "too many levels of symlinks", "a symlink loop of two");
	fails("self.conf", "too many levels of symlinks", "a symlink to itself");
	fails("loopdir/file", "too many levels of symlinks", "a directory symlink into itself");

	signal(SIGALRM, on_alarm);
	alarm(10);
	fails("fifo.conf", "not a regular file (fifo)", "a FIFO is refused, without hanging");
	fails("fifo-link.conf", "not a regular file (fifo)", "a symlink to a FIFO is refused too");
	alarm(0);
	fails("sock.conf", "not a regular file (socket)", "a socket is refused");
	if (mknod(fx_path("root/null.conf"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
		alarm(10);
		fails("null.conf", "not a regular file (character device)",
		      "a character device is refused");
		alarm(0);
	} else {
		ok(1, "# SKIP mknod not permitted here");
	}
	fails("dir.conf", "not a regular file (directory)", "a directory is refused");
	fails("dirlink", "not a regular file (directory)", "a symlink to a directory is refused");
	missing("nope.conf", "a missing file is MISSING");
	missing("nodir/nope.conf", "a missing directory is MISSING");
	missing("sub/nodir/deeper/nope.conf", "a missing directory deeper down is MISSING");
	g = look("file.conf/x.conf");
	ok(g.res == CC_LOOKUP_ERROR && strstr(g.reason, "'file.conf' is not a directory"),
	   "a file where a directory is needed is an error that names it");
	if (g.res != CC_LOOKUP_ERROR)
		printf("#   res %d, reason '%s'\n", g.res, g.reason);
	g = look("sub/inner.conf/x.conf");
	ok(g.res == CC_LOOKUP_ERROR && strstr(g.reason, "'sub/inner.conf' is not a directory"),
	   "... with its path from the root");

	fails("huge.conf", "too large", "a 1 GiB sparse file is too large, not read");
	g = look("at-cap.conf");
	ok(g.res == CC_LOOKUP_OK, "a file of exactly the size cap is read");
	fails("over-cap.conf", "too large", "one byte over the cap is too large");

	if (geteuid() != 0) {
		fx_write("root/secret.conf", "secret\n");
		chmod(fx_path("root/secret.conf"), 0);
		fails("secret.conf", "cannot open: permission denied", "an unreadable file");
	} else {
		ok(1, "# SKIP root reads every file (the shell tests cover this with setpriv)");
	}
}

/* The one-entry directory cache must never answer for another directory. */
static void test_cache(void)
{
	reads("d1/x", "d1x\n", "cache: d1/x");
	reads("d1/y", "d1y\n", "cache: d1/y, the same directory");
	reads("d1/sub/x", "d1subx\n", "cache: d1/sub/x, a directory below it");
	reads("d1/x", "d1x\n", "cache: back to d1/x");
	reads("d2/x", "d2x\n", "cache: d2/x, leaving d1 for a sibling");
	reads("d1/x", "d1x\n", "cache: d1/x again");
	reads("d1/lnk", "d2x\n", "cache: d1/lnk, a link from d1 to ../d2/x");
	reads("d1/y", "d1y\n", "cache: d1/y after the link");
	missing("x", "cache: a name at the top is not looked for in d1");
	reads("file.conf", "regular\n", "cache: file.conf at the top");
	reads("d1/x", "d1x\n", "cache: d1/x after the top");
	missing("d1/none", "cache: a missing file in d1");
	reads("d1/y", "d1y\n", "cache: d1/y after a miss");

	/* the directory is swapped for another one under the same name: the cache
	 * holds until the caller says the tree changed (cc_root_flush), as the
	 * watcher does before it looks again */
	reads("d2/x", "d2x\n", "cache: d2/x, cached");
	if (rename(fx_path("root/d2"), fx_path("root/d2.old")) < 0)
		fx_bail("rename", fx_path("root/d2"));
	fx_mkdir("root/d2");
	fx_write("root/d2/x", "new d2x\n");
	cc_root_flush(&root);
	reads("d2/x", "new d2x\n", "cache: a directory replaced under the same name is read anew");
	if (rename(fx_path("root/d2"), fx_path("root/d2.new")) < 0)
		fx_bail("rename", fx_path("root/d2"));
	fx_symlink("/etc", "root/d2");
	cc_root_flush(&root);
	fails("d2/x", "symlink leaves the config root",
	      "cache: a directory replaced by a symlink out of the root is refused");
}

static void test_read_at(void)
{
	struct cc_buf b = CC_BUF_INIT;
	char *reason = NULL;
	int dfd = open(fx_path("root"), O_RDONLY | O_DIRECTORY);

	ok(cc_read_at(dfd, "file.conf", &b, &reason) == CC_LOOKUP_OK &&
	       !strcmp(cc_buf_str(&b), "regular\n"),
	   "read_at: a regular file");
	ok(cc_read_at(dfd, "rel-link.conf", &b, &reason) == CC_LOOKUP_ERROR && reason &&
	       !strcmp(reason, "not a regular file (symlink)"),
	   "read_at: a symlink is not followed");
	free(reason);
	reason = NULL;
	ok(cc_read_at(dfd, "nope", &b, &reason) == CC_LOOKUP_MISSING, "read_at: missing");
	close(dfd);
	cc_buf_release(&b);
}

/* The names in a directory, sorted and joined by spaces. */
static char *listing(const char *dir)
{
	struct dirent **list;
	struct cc_buf b = CC_BUF_INIT;
	int n = scandir(dir, &list, NULL, alphasort), i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
			if (b.len)
				cc_buf_addc(&b, ' ');
			cc_buf_adds(&b, list[i]->d_name);
		}
		free(list[i]);
	}
	free(list);
	return cc_buf_detach(&b);
}

static void test_write(void)
{
	struct cc_buf b = CC_BUF_INIT;
	char *names;

	fx_mkdir("state");
	ok(cc_fs_write_atomic(fx_path("state"), "status.json", "{}\n", 3) == 0,
	   "write_atomic: writes");
	ok(cc_fs_read_path(&b, fx_path("state/status.json")) == 0 &&
	       !strcmp(cc_buf_str(&b), "{}\n"),
	   "write_atomic: the contents are there");
	ok(cc_fs_write_atomic(fx_path("state"), "status.json", "{\"a\":1}\n", 8) == 0 &&
	       cc_fs_read_path(&b, fx_path("state/status.json")) == 0 &&
	       !strcmp(cc_buf_str(&b), "{\"a\":1}\n"),
	   "write_atomic: replaces an older file");
	ok(cc_fs_write_atomic(fx_path("state"), "empty", "", 0) == 0,
	   "write_atomic: an empty file");
	names = listing(fx_path("state"));
	is_str(names, "empty status.json", "write_atomic: no temp file is left");
	free(names);

	fx_mkdir("state/isdir");
	ok(cc_fs_write_atomic(fx_path("state"), "isdir", "x", 1) < 0 &&
	       strstr(cc_error_last(), "isdir"),
	   "write_atomic: onto a directory fails with a message naming it");
	names = listing(fx_path("state"));
	is_str(names, "empty isdir status.json",
	       "write_atomic: a failed write leaves no temp file");
	free(names);
	ok(cc_fs_write_atomic(fx_path("nodir"), "x", "x", 1) < 0 &&
	       strstr(cc_error_last(), "nodir"),
	   "write_atomic: into a missing directory fails with a message naming it");

	ok(cc_fs_mkdirs(fx_path("made/a/b/c")) == 0, "mkdirs: makes every level");
	ok(cc_fs_mkdirs(fx_path("made/a/b/c")) == 0, "mkdirs: an existing path is fine");
	ok(cc_fs_mkdirs(fx_path("root/file.conf/x")) < 0 && strstr(cc_error_last(), "file.conf"),
	   "mkdirs: through a file fails with a message");
	cc_buf_release(&b);
}

static void test_paths(void)
{
	char *s;

	s = cc_path_join("/config", "nginx/ssl.conf");
	is_str(s, "/config/nginx/ssl.conf", "path_join with one '/'");
	free(s);
	s = cc_path_join("/config/", "x");
	is_str(s, "/config/x", "path_join does not double a '/'");
	free(s);
	s = cc_path_canonical(fx_path("root/sub/../dirlink"));
	is_str(s, fx_path("root/sub"), "path_canonical resolves '..' and symlinks");
	free(s);
	ok(cc_path_canonical(fx_path("nope/x")) == NULL, "path_canonical: NULL for a missing path");
}

int main(void)
{
	build_tree();
	if (cc_root_open(&root, fx_path("root"), "config root") < 0) {
		printf("Bail out! %s\n", cc_error_last());
		return 1;
	}
	is_str(root.path, fx_path("root"), "the root's canonical path");
	test_inside();
	test_outside();
	test_special();
	test_cache();
	test_read_at();
	test_write();
	test_paths();
	cc_root_release(&root);
	ok(cc_root_open(&root, fx_path("nope"), "config root") < 0 &&
	       strstr(cc_error_last(), "nope"),
	   "opening a missing root fails with a message naming it");
	ok(cc_root_open(&root, fx_path("outside.conf"), "config root") < 0, "a file is not a root");
	return done_testing();
}
