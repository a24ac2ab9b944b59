/* scan.c - walk the template roots and hash every template. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/header.h"
#include "engine/scan.h"

/* A template found by the walk, before the roots are merged. */
struct found {
	char *path;
	int root;
	struct stat st; /* its signature, all zero when it could not be taken */
};

struct walk_frame {
	DIR *dir;
	char *prefix; /* "" or "a/b/" */
};

static void warn(struct cc_tset *s, char *msg)
{
	CC_GROW(s->warnings, s->warnings_alloc, s->nwarnings + 1);
	s->warnings[s->nwarnings++] = msg;
}

static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : x->root - y->root;
}

/* Walks one root, appending every *.sample path to *list. */
static void walk_root(struct cc_tset *s, int root, struct found **list, size_t *n, size_t *alloc,
		      dev_t skip_dev, ino_t skip_ino)
{
	struct walk_frame *stack = NULL;
	size_t depth = 0, stack_alloc = 0;
	struct dirent *e;
	struct stat st;
	int fd, deep_warned = 0;

	fd = openat(s->roots[root].fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	CC_GROW(stack, stack_alloc, 1);
	stack[0].dir = fdopendir(fd);
	stack[0].prefix = cc_strdup("");
	if (!stack[0].dir) {
		close(fd);
		free(stack[0].prefix);
		free(stack);
		return;
	}
	depth = 1;
	while (depth) {
		struct walk_frame *f = &stack[depth - 1];

		e = readdir(f->dir);
		if (!e) {
			closedir(f->dir);
			free(f->prefix);
			depth--;
			continue;
		}
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_REG || e->d_type == DT_LNK) {
			st.st_mode = S_IFREG; /* symlinked templates are followed when read */
		} else if (fstatat(dirfd(f->dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			continue;
		} else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
			/* a FIFO or device is never opened, but a template named so is news */
			if (cc_is_sample(e->d_name))
				warn(s, cc_asprintf("cannot read template '%s%s' in '%s': not a "
						    "regular file (%s)",
						    f->prefix, e->d_name, s->roots[root].path,
						    S_ISFIFO(st.st_mode)   ? "fifo"
						    : S_ISSOCK(st.st_mode) ? "socket"
									   : "device"));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (st.st_dev == skip_dev && st.st_ino == skip_ino)
				continue;
			if (depth >= CC_SCAN_MAX_DEPTH) {
				if (!deep_warned++)
					warn(s,
					     cc_asprintf("template tree under '%s' is deeper than "
							 "%d levels; the rest is not read",
							 s->roots[root].path, CC_SCAN_MAX_DEPTH));
				continue;
			}
			fd = openat(dirfd(f->dir), e->d_name,
				    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				continue;
			CC_GROW(stack, stack_alloc, depth + 1);
			f = &stack[depth - 1];
			stack[depth].dir = fdopendir(fd);
			if (!stack[depth].dir) {
				close(fd);
				continue;
			}
			stack[depth].prefix = cc_asprintf("%s%s/", f->prefix, e->d_name);
			depth++;
			continue;
		}
		if (!cc_is_sample(e->d_name))
			continue;
		CC_GROW(*list, *alloc, *n + 1);
		(*list)[*n].path = cc_asprintf("%s%s", f->prefix, e->d_name);
		(*list)[*n].root = root;
		if (fstatat(dirfd(f->dir), e->d_name, &(*list)[*n].st, 0) < 0)
			memset(&(*list)[*n].st, 0, sizeof(st));
		(*n)++;
	}
	free(stack);
}

/* Reads and hashes template t, unless the cache knows it; returns 0, or -1 after a warning. */
static int hash_template(struct cc_tset *s, struct cc_template *t, struct cc_buf *b,
			 const struct stat *st, struct cc_tcache *cache)
{
	struct cc_header hdr;
	const struct cc_tcache_entry *known =
	    cache && st->st_ino ? cc_tcache_get(cache, t->path, st) : NULL;
	char *reason = NULL;
	enum cc_lookup r;

	if (known) {
		t->raw = known->raw;
		t->date = known->date;
		t->findings = known->findings;
		return 0;
	}
	r = cc_root_read(&s->roots[t->root], t->path, b, &reason);

	if (r != CC_LOOKUP_OK) {
		warn(s, cc_asprintf("cannot read template '%s' in '%s': %s", t->path,
				    s->roots[t->root].path, reason ? reason : "it vanished"));
		free(reason);
		return -1;
	}
	t->raw = cc_hash_bytes(b->data, b->len);
	cc_header_parse(&hdr, b->data, b->len);
	t->date = hdr.date;
	t->findings = hdr.findings;
	if (cache && st->st_ino)
		cc_tcache_put(cache, t->path, st, t->raw, t->date, t->findings);
	return 0;
}

int cc_tset_scan(struct cc_tset *s, char *const *roots, size_t nroots, dev_t skip_dev,
		 ino_t skip_ino, struct cc_tcache *cache)
{
	struct found *list = NULL;
	size_t n = 0, alloc = 0, i;
	struct cc_buf b = CC_BUF_INIT;
	const char **paths;
	cc_hash *raws;

	memset(s, 0, sizeof(*s));
	s->roots = cc_calloc(nroots, sizeof(*s->roots));
	for (i = 0; i < nroots; i++) {
		if (cc_root_open(&s->roots[i], roots[i], "template root") < 0) {
			s->nroots = i;
			return -1;
		}
	}
	s->nroots = nroots;
	for (i = 0; i < nroots; i++)
		s->roots[i].trusted = 1;
	for (i = 0; i < nroots; i++)
		walk_root(s, (int)i, &list, &n, &alloc, skip_dev, skip_ino);
	if (n)
		qsort(list, n, sizeof(*list), found_cmp);
	for (i = 0; i < n; i++) {
		struct cc_template t;

		/* later roots override earlier ones: keep the last of equal paths */
		if (i + 1 < n && !strcmp(list[i].path, list[i + 1].path)) {
			free(list[i].path);
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.path = list[i].path;
		t.root = list[i].root;
		t.user_path = cc_template_user_path(t.path);
		if (!t.user_path || hash_template(s, &t, &b, &list[i].st, cache) < 0) {
			free(t.path);
			free(t.user_path);
			continue;
		}
		if (t.date > s->newest)
			s->newest = t.date;
		CC_GROW(s->t, s->alloc, s->n + 1);
		s->t[s->n++] = t;
	}
	paths = cc_calloc(s->n, sizeof(*paths));
	raws = cc_calloc(s->n, sizeof(*raws));
	for (i = 0; i < s->n; i++) {
		paths[i] = s->t[i].path;
		raws[i] = s->t[i].raw;
	}
	s->id = cc_set_id(paths, raws, s->n);
	free(paths);
	free(raws);
	free(list);
	cc_buf_release(&b);
	return 0;
}

int cc_tset_read(struct cc_tset *s, size_t i, struct cc_buf *out)
{
	char *reason = NULL;
	struct cc_template *t = &s->t[i];
	enum cc_lookup r = cc_root_read(&s->roots[t->root], t->path, out, &reason);

	if (r == CC_LOOKUP_OK && cc_hash_bytes(out->data, out->len) == t->raw)
		return 0;
	cc_error_set("template '%s' changed or vanished while read%s%s", t->path,
		     reason ? ": " : "", reason ? reason : "");
	free(reason);
	return -1;
}

const struct cc_template *cc_tset_find_user(const struct cc_tset *s, const char *user_path)
{
	size_t i;

	/* the set is sorted by template path, which is not user-path order
	 * ("a-b.sample" < "a.sample" but "a" < "a-b"): a plain scan is right */
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->t[i].user_path, user_path))
			return &s->t[i];
	return NULL;
}

void cc_tset_release(struct cc_tset *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->t[i].path);
		free(s->t[i].user_path);
	}
	for (i = 0; i < s->nroots; i++)
		cc_root_release(&s->roots[i]);
	for (i = 0; i < s->nwarnings; i++)
		free(s->warnings[i]);
	free(s->t);
	free(s->roots);
	free(s->warnings);
	memset(s, 0, sizeof(*s));
}
