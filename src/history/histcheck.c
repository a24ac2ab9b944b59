/* histcheck.c - a history walked through descriptors before libgit2 sees it. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/histcheck.h"

#define MiB (1024ULL * 1024)
#define CONFIG_MAX 4096
#define SMALL_MAX (1 * MiB)  /* refs, HEAD, packed-refs, logs, description, ... */
#define LOOSE_MAX (16 * MiB) /* one loose object, compressed */
#define IDX_MAX CC_FS_STATE_MAX_SIZE
#define PACK_MAX (2048 * MiB)
#define IDX_HEAD (8 + 256 * 4)
#define IDX_ENTRY (20 + 4 + 4)
#define IDX_TRAILER 40

struct walk {
	const char *path; /* the repository, for messages */
	size_t entries;
};

static const char *const refused[] = {
    "commondir",
    "gitdir",
    "worktrees",
    "config.worktree",
    "objects/info/alternates",
    "objects/info/http-alternates",
    "objects/info/commit-graph",
    "objects/info/commit-graphs",
    "objects/pack/multi-pack-index",
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int cc_histcheck_idx(const unsigned char *d, size_t len, const unsigned char *head,
		     unsigned long long pack_size, const char *name)
{
	uint32_t n, i, prev = 0, big = 0, off;
	size_t names, offs, large;
	unsigned long long lo;

	if (len < IDX_HEAD + IDX_TRAILER || memcmp(d, "\377tOc", 4) || be32(d + 4) != 2)
		return cc_error_set("pack index '%s' is not of version 2", name);
	for (i = 0; i < 256; i++) {
		if (be32(d + 8 + 4 * i) < prev)
			return cc_error_set("pack index '%s' has a fan-out that goes down", name);
		prev = be32(d + 8 + 4 * i);
	}
	n = prev;
	if ((len - IDX_HEAD - IDX_TRAILER) / IDX_ENTRY < n)
		return cc_error_set("pack index '%s' is shorter than its %u objects", name, n);
	names = IDX_HEAD;
	offs = names + (size_t)n * 24;
	large = offs + (size_t)n * 4;
	for (i = 0; i < n; i++) {
		const unsigned char *sha = d + names + (size_t)i * 20;
		uint32_t first = sha[0] ? be32(d + 8 + 4 * (sha[0] - 1u)) : 0;

		if (i && memcmp(sha - 20, sha, 20) >= 0)
			return cc_error_set("pack index '%s' is not sorted", name);
		if (i < first || i >= be32(d + 8 + 4 * sha[0]))
			return cc_error_set("pack index '%s' disagrees with its fan-out", name);
		if (be32(d + offs + (size_t)i * 4) & 0x80000000u)
			big++;
	}
	if (len != large + (size_t)big * 8 + IDX_TRAILER)
		return cc_error_set("pack index '%s' has the wrong size for its objects", name);
	/* version 2 alone: what git and libgit2 write, and all libgit2 reads */
	if (pack_size < 32 || memcmp(head, "PACK", 4) || be32(head + 4) != 2 || be32(head + 8) != n)
		return cc_error_set("pack '%s' does not match its index", name);
	for (i = 0; i < n; i++) {
		off = be32(d + offs + (size_t)i * 4);
		if (off & 0x80000000u) {
			off &= 0x7fffffffu;
			if (off >= big)
				return cc_error_set("pack index '%s' names an offset it lacks",
						    name);
			lo = (unsigned long long)be32(d + large + (size_t)off * 8) << 32 |
			     be32(d + large + (size_t)off * 8 + 4);
		} else {
			lo = off;
		}
		if (lo < 12 || lo >= pack_size - 20)
			return cc_error_set("pack index '%s' points outside its pack", name);
	}
	return 0;
}

static int config_key_ok(const char *k, size_t n, const char *v)
{
	static const char *const keys[] = {"filemode",	 "bare",     "logallrefupdates",
					   "ignorecase", "symlinks", "precomposeunicode"};
	size_t i;

	if (n == strlen("repositoryformatversion") && !strncasecmp(k, "repositoryformatversion", n))
		return !strcmp(v, "0");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (n == strlen(keys[i]) && !strncasecmp(k, keys[i], n))
			return 1;
	return 0;
}

int cc_histcheck_config(const char *data, size_t len)
{
	char *copy, *line, *next, *eq, *v;
	size_t n;
	int ret = 0, core = 0;

	if (memchr(data, '\0', len))
		return cc_error_set("its config holds a NUL byte");
	copy = cc_strndup(data, len);
	for (line = copy; line && *line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (isspace((unsigned char)*line))
			line++;
		n = strlen(line);
		while (n && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (!n || *line == '#' || *line == ';')
			continue;
		if (line[n - 1] == '\\') {
			ret = cc_error_set("its config continues a line");
		} else if (*line == '[') {
			if (strcasecmp(line, "[core]"))
				ret =
				    cc_error_set("its config has a section confcheck never writes");
			core = 1;
		} else {
			eq = strchr(line, '=');
			v = eq ? eq + 1 : (char *)"true";
			n = eq ? (size_t)(eq - line) : strlen(line);
			while (n && isspace((unsigned char)line[n - 1]))
				n--;
			while (isspace((unsigned char)*v))
				v++;
			if (!core)
				ret = cc_error_set("its config has a setting outside a section");
			else if (!config_key_ok(line, n, v))
				ret =
				    cc_error_set("its config has a setting confcheck never writes");
		}
	}
	free(copy);
	return ret;
}

/* Reads a whole file below dirfd with a cap, never following or blocking. */
static int slurp(struct cc_buf *b, int dirfd, const char *name, const char *path)
{
	return cc_fs_read_state_at(b, dirfd, path, name);
}

static int check_idx(struct walk *w, int dirfd, const char *name, const char *rel)
{
	struct cc_buf idx = CC_BUF_INIT;
	char *pack = cc_asprintf("%.*s.pack", (int)(strlen(name) - 4), name);
	unsigned char head[12];
	struct stat st;
	int fd = -1, ret = -1;

	if (cc_fs_read_state_at(&idx, dirfd, w->path, name) < 0)
		goto done;
	fd = openat(dirfd, pack, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = cc_error_set("pack index '%s' has no pack", rel);
		goto done;
	}
	/* a short pack keeps a zero head: refused below as not matching */
	memset(head, 0, sizeof(head));
	if (pread(fd, head, sizeof(head), 0) < 0) {
		ret = cc_error_errno(errno, "cannot read the pack of '%s'", rel);
		goto done;
	}
	ret = cc_histcheck_idx((const unsigned char *)idx.data, idx.len, head,
			       (unsigned long long)st.st_size, rel);
done:
	if (fd >= 0)
		close(fd);
	free(pack);
	cc_buf_release(&idx);
	return ret;
}

/* The cap for a regular file at rel (relative to the repository). */
static unsigned long long cap_of(const char *rel)
{
	if (!strncmp(rel, "objects/pack/", 13))
		return ends_with(rel, ".pack") ? PACK_MAX : IDX_MAX;
	if (!strncmp(rel, "objects/", 8))
		return LOOSE_MAX;
	if (!strcmp(rel, "config"))
		return CONFIG_MAX;
	if (!strncmp(rel, "confcheck-", 10))
		return CC_FS_STATE_MAX_SIZE;
	return SMALL_MAX;
}

static int check_file(struct walk *w, int dirfd, const char *name, const char *rel,
		      const struct stat *st)
{
	struct cc_buf b = CC_BUF_INIT;
	int ret = 0;

	if ((unsigned long long)st->st_size > cap_of(rel))
		return cc_error_set("'%s' is too large (%lld bytes)", rel, (long long)st->st_size);
	if (!strcmp(rel, "config")) {
		ret = slurp(&b, dirfd, name, w->path);
		if (ret == 0)
			ret = cc_histcheck_config(b.data ? b.data : "", b.len);
		cc_buf_release(&b);
	} else if (!strncmp(rel, "objects/pack/", 13) && ends_with(rel, ".idx")) {
		ret = check_idx(w, dirfd, name, rel);
	}
	return ret;
}

static int walk_dir(struct walk *w, int fd, const char *prefix, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	struct stat st;
	char *rel;
	size_t i;
	int sub, ret = 0;

	if (!d) {
		close(fd);
		return cc_error_errno(errno, "cannot list '%s'", *prefix ? prefix : ".");
	}
	while (!ret && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rel = cc_asprintf("%s%s", prefix, e->d_name);
		if (++w->entries > CC_HISTCHECK_ENTRIES)
			ret = cc_error_set("it holds more than %d entries", CC_HISTCHECK_ENTRIES);
		for (i = 0; !ret && i < sizeof(refused) / sizeof(refused[0]); i++)
			if (!strcmp(rel, refused[i]))
				ret = cc_error_set("'%s' is not allowed", rel);
		if (!ret && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			ret = cc_error_errno(errno, "cannot stat '%s'", rel);
		if (ret) {
			/* said above */
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= CC_HISTCHECK_DEPTH) {
				ret = cc_error_set("'%s' is nested too deep", rel);
			} else {
				sub = openat(dirfd(d), e->d_name,
					     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (sub < 0) {
					ret = cc_error_errno(errno, "cannot open '%s'", rel);
				} else {
					char *p = cc_asprintf("%s/", rel);

					ret = walk_dir(w, sub, p, depth + 1);
					free(p);
				}
			}
		} else if (S_ISREG(st.st_mode)) {
			ret = check_file(w, dirfd(d), e->d_name, rel, &st);
		} else {
			ret = cc_error_set("'%s' is a %s", rel, cc_fs_type_name(st.st_mode));
		}
		free(rel);
	}
	closedir(d);
	return ret;
}

int cc_histcheck(int fd, const char *path)
{
	struct walk w = {path, 0};
	int dup_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dup_fd < 0)
		return cc_error_errno(errno, "cannot list '%s'", path);
	return walk_dir(&w, dup_fd, "", 0);
}
