/* test_histcheck.c - what a history may hold before libgit2 reads it.
 *
 * A real history is recorded through cc_history_record (so it holds what
 * confcheck writes: a pack, its index, refs, a config), then each thing a
 * hostile app user could plant is planted in a copy, and cc_histcheck must
 * refuse it with a message that names it, while the untouched one passes.
 */
#include <git2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "fixture.h"
#include "history/histcheck.h"
#include "history/history.h"
#include "tap.h"

static const char *const paths[] = {"a.conf.sample", "b.conf.sample"};
static const char *const bodies[] = {"## Version 2024/01/01\na on;\n", "b on;\n"};

static int read_body(void *ctx, size_t i, struct cc_buf *out)
{
	(void)ctx;
	cc_buf_reset(out);
	cc_buf_adds(out, bodies[i]);
	return 0;
}

/* Records one set in a new history at rel; returns its absolute path. */
static char *make_history(const char *rel)
{
	struct cc_record_file files[2];
	struct cc_history h;
	cc_hash raws[2];
	char *dir = cc_strdup(fx_path("%s", rel));
	int seq, i;

	for (i = 0; i < 2; i++) {
		raws[i] = cc_hash_bytes(bodies[i], strlen(bodies[i]));
		files[i].path = paths[i];
		files[i].raw = raws[i];
	}
	if (cc_history_open(&h, dir, 0) < 0 ||
	    cc_history_record(&h, &seq, cc_set_id(paths, raws, 2), files, 2, read_body, NULL, NULL,
			      0) < 0) {
		printf("Bail out! cannot record a history: %s\n", cc_error_last());
		exit(99);
	}
	cc_history_release(&h);
	return dir;
}

/* cc_histcheck on dir: 0, or -1 with the message in *msg (static). */
static int check(const char *dir, const char **msg)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		fx_bail("open", dir);
	r = cc_histcheck(fd, dir);
	close(fd);
	*msg = cc_error_last();
	return r;
}

/* ok() that dir is refused with a message holding want. */
static void refused(const char *dir, const char *want, const char *name)
{
	const char *msg;
	int r = check(dir, &msg);

	if (!ok(r < 0 && strstr(msg, want), "%s", name))
		printf("#   got %d '%s', want '%s'\n", r, r < 0 ? msg : "", want);
}

/* A fresh copy of the good history, to plant one thing in. */
static char *copy_of(const char *good, const char *rel)
{
	char *dst = cc_strdup(fx_path("%s", rel));
	char *cmd = cc_asprintf("rm -rf '%s' && cp -a '%s' '%s'", dst, good, dst);

	if (system(cmd) != 0)
		fx_bail("copy", good);
	free(cmd);
	return dst;
}

static char *find_pack(const char *dir, const char *ext)
{
	char *cmd = cc_asprintf("ls '%s'/objects/pack/*%s", dir, ext), line[4096];
	FILE *p = popen(cmd, "r");
	char *got = NULL;

	if (p && fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		got = cc_strdup(line);
	}
	if (p)
		pclose(p);
	free(cmd);
	if (!got)
		fx_bail("find a pack in", dir);
	return got;
}

/* Reads a whole file into b. */
static void slurp(struct cc_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		fx_bail("read", path);
	cc_buf_reset(b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cc_buf_add(b, chunk, n);
	fclose(f);
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fx_bail("write", path);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Rewrites the pack index of dir with fn applied to its bytes. */
static void mangle_idx(const char *dir, void (*fn)(struct cc_buf *b))
{
	char *idx = find_pack(dir, ".idx");
	struct cc_buf b = CC_BUF_INIT;

	slurp(&b, idx);
	fn(&b);
	chmod(idx, 0644);
	spit(idx, b.data, b.len);
	cc_buf_release(&b);
	free(idx);
}

static void idx_truncate(struct cc_buf *b)
{
	b->len -= 30;
}

static void idx_fanout_down(struct cc_buf *b)
{
	put32((unsigned char *)b->data + 8 + 4 * 200, 0xffffff);
}

static void idx_offset_out(struct cc_buf *b)
{
	uint32_t n = 0;
	unsigned char *d = (unsigned char *)b->data;

	n = (uint32_t)d[8 + 4 * 255] << 24 | (uint32_t)d[8 + 4 * 255 + 1] << 16 |
	    (uint32_t)d[8 + 4 * 255 + 2] << 8 | d[8 + 4 * 255 + 3];
	put32(d + 8 + 1024 + (size_t)n * 24, 0x7ffffff0u);
}

static void idx_version1(struct cc_buf *b)
{
	memset(b->data, 0, 8);
}

static void test_idx(const char *good)
{
	char *d;

	d = copy_of(good, "idx1");
	mangle_idx(d, idx_truncate);
	refused(d, "pack index", "a truncated pack index is refused");
	free(d);
	d = copy_of(good, "idx2");
	mangle_idx(d, idx_fanout_down);
	refused(d, "fan-out", "a pack index whose fan-out goes down is refused");
	free(d);
	d = copy_of(good, "idx3");
	mangle_idx(d, idx_offset_out);
	refused(d, "points outside its pack", "a pack index pointing past its pack is refused");
	free(d);
	d = copy_of(good, "idx4");
	mangle_idx(d, idx_version1);
	refused(d, "not of version 2", "a pack index of another version is refused");
	free(d);
	d = copy_of(good, "idx5");
	{
		char *pack = find_pack(d, ".pack");

		if (truncate(pack, 0) < 0)
			fx_bail("truncate", pack);
		free(pack);
	}
	refused(d, "does not match its index", "an emptied pack is refused");
	free(d);
}

static void test_config(void)
{
	static const char *const good[] = {
	    "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n",
	    "# a comment\n[CORE]\n  bare=true\n  logallrefupdates = false\n",
	    "",
	};
	static const struct {
		const char *text, *why;
	} bad[] = {
	    {"[core]\n\tbare = true\n[include]\n\tpath = /etc/passwd\n", "an [include]"},
	    {"[includeIf \"gitdir:/\"]\n\tpath = x\n", "an [includeIf]"},
	    {"[core]\n\trepositoryformatversion = 1\n", "repositoryformatversion 1"},
	    {"[core]\n\tsshcommand = touch /tmp/x\n", "another core key"},
	    {"[core]\n\tbare = \\\ntrue\n", "a continued line"},
	    {"[extensions]\n\tworktreeconfig = true\n", "extensions"},
	    {"[remote \"x\"]\n\turl = /x\n", "a remote"},
	    {"filemode = true\n", "a key before any section"},
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(cc_histcheck_config(good[i], strlen(good[i])) == 0,
		   "config %zu that a bare repo has: passes", i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(cc_histcheck_config(bad[i].text, strlen(bad[i].text)) < 0,
		   "a config with %s: refused", bad[i].why);
	ok(cc_histcheck_config("[core]\0[include]", 16) < 0, "a config with a NUL byte: refused");
}

/* Each thing a hostile app user could plant, as a shell step on "$1", a
 * fresh copy of the good history, and what the refusal must name. */
static const struct {
	const char *rel, *plant, *want, *name;
} plants[] = {
    {"link-ref", "rm \"$1/refs/heads/main\" && ln -s /etc/passwd \"$1/refs/heads/main\"",
     "'refs/heads/main' is a symlink", "a symlinked ref is refused, by name"},
    {"link-pack", "rm -rf \"$1/objects/pack\" && ln -s /tmp \"$1/objects/pack\"",
     "'objects/pack' is a symlink", "a symlinked objects/pack is refused"},
    {"fifo", "mkfifo \"$1/packed-refs\"", "'packed-refs' is a fifo",
     "a FIFO at packed-refs is refused without opening it"},
    {"alternates", "mkdir -p \"$1/objects/info\" && echo / >\"$1/objects/info/alternates\"",
     "'objects/info/alternates' is not allowed", "alternates are refused"},
    {"commondir", "echo / >\"$1/commondir\"", "'commondir' is not allowed",
     "a commondir is refused"},
    {"include", "echo [include] >\"$1/config\" && echo path = /x >>\"$1/config\"", "config",
     "a config with an include is refused"},
    {"big-config", "truncate -s 1M \"$1/config\"", "'config' is too large",
     "a config past its cap is refused unread"},
    {"deep", "mkdir -p \"$1/refs/a/b/c/d/e/f/g/h/i\"", "nested too deep",
     "a tree nested too deep is refused"},
};

int main(void)
{
	char *good, *d, *cmd;
	const char *msg;
	size_t i;

	git_libgit2_init();
	good = make_history("good");
	ok(check(good, &msg) == 0, "a history as confcheck writes it passes");
	if (check(good, &msg) < 0)
		printf("#   %s\n", msg);
	for (i = 0; i < sizeof(plants) / sizeof(plants[0]); i++) {
		d = copy_of(good, plants[i].rel);
		cmd = cc_asprintf("sh -c '%s' sh '%s'", plants[i].plant, d);
		if (system(cmd) != 0)
			fx_bail("plant in", d);
		refused(d, plants[i].want, plants[i].name);
		free(cmd);
		free(d);
	}
	test_idx(good);
	test_config();
	free(good);
	git_libgit2_shutdown();
	return done_testing();
}
