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
#include "util/guard.h"
#include "util/header.h"
#include "engine/scan.h"

/* A template found by the walk, before the roots are merged. */
struct found {
	char *path;
	char *user;	/* the user file it maps to */
	int root;	/* the root whose precedence it has (for an absolute template, the
			 * root whose map named it) */
	size_t line;	/* the map line that decided it (index + 1), 0 for the .sample rule */
	struct stat st; /* its signature, all zero when it could not be taken */
};

struct found_list {
	struct found *v;
	size_t n, alloc;
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

/* By user path, then precedence: the last of equal user paths wins. */
static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int c = strcmp(x->user, y->user);

	if (c)
		return c;
	if (x->root != y->root)
		return x->root - y->root;
	return (x->line > y->line) - (x->line < y->line);
}

static int template_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cc_template *)a)->key, ((const struct cc_template *)b)->key);
}

/* Whether a file named name in the folder prefix of root may be a template:
 * a .sample, or a name a map line of that root gives. */
static int candidate(const struct cc_tset *s, int root, const char *prefix, const char *name)
{
	size_t i;

	if (!*prefix && !strcmp(name, CC_MAP_FILE))
		return 0;
	if (cc_is_sample(name))
		return 1;
	for (i = 0; i < s->mapping.n; i++) {
		const struct cc_mapline *l = &s->mapping.l[i];

		if ((l->scope == root || l->scope == -1) && cc_mapline_in(l, prefix) &&
		    cc_mapline_matches(l, name))
			return 1;
	}
	return 0;
}

/* Gives the template path its user file by the maps; keeps it in list when
 * it is the user's. Takes path. */
static void found_add(struct cc_tset *s, struct found_list *list, char *path, int root,
		      const struct stat *st)
{
	struct found *f;
	char *user;
	size_t line;

	switch (cc_mapping_user(&s->mapping, root, path, &user, &line)) {
	case CC_MAPPED_USER:
		CC_GROW(list->v, list->alloc, list->n + 1);
		f = &list->v[list->n++];
		f->path = path;
		f->user = user;
		f->root = root;
		f->line = line;
		if (st)
			f->st = *st;
		else
			memset(&f->st, 0, sizeof(f->st));
		return;
	case CC_MAPPED_NOT_USERS:
		/* the user file it would belong to without the '-' lines is no
		 * verdict either, even when an older set recorded it */
		while (cc_mapping_user_before(&s->mapping, line - 1, root, path, &user, &line) ==
		       CC_MAPPED_NOT_USERS)
			;
		if (user)
			cc_map_put(&s->not_users, user, (void *)1, NULL);
		free(user);
		break;
	case CC_MAPPED_NONE:
		break;
	}
	free(path);
}

/* Walks one root, adding every template to list. */
static void walk_root(struct cc_tset *s, int root, struct found_list *list, dev_t skip_dev,
		      ino_t skip_ino)
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
			if (candidate(s, root, f->prefix, e->d_name))
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
		if (!candidate(s, root, f->prefix, e->d_name))
			continue;
		found_add(s, list, cc_asprintf("%s%s", f->prefix, e->d_name), root,
			  fstatat(dirfd(f->dir), e->d_name, &st, 0) < 0 ? NULL : &st);
	}
	free(stack);
}

/* Adds the template at the absolute path, opened by the rules of guard.h
 * for its signature, unless it is missing or a folder. Takes path. */
static void add_absolute(struct cc_tset *s, struct found_list *list, int root, char *path)
{
	char *reason = NULL;
	struct stat st;
	int fd = cc_guard_open(path, &st, &reason);

	if (fd < 0) {
		/* a FIFO or device is never opened, but a template named so is news */
		if (reason)
			warn(s, cc_asprintf("cannot read template '%s': %s", path, reason));
		free(reason);
		free(path);
		return;
	}
	close(fd);
	found_add(s, list, path, root, &st);
}

/* Adds the files that the absolute TEMPLATE of line l names. */
static void walk_absolute(struct cc_tset *s, const struct cc_mapline *l, struct found_list *list)
{
	int root = l->scope >= 0 ? l->scope : (int)s->nroots - 1, fd;
	char *reason = NULL;
	struct dirent *e;
	DIR *d;

	if (!strchr(l->name, '*')) {
		add_absolute(s, list, root, cc_asprintf("%s%s", l->dir, l->name));
		return;
	}
	if ((fd = cc_guard_open_dir(l->dir, &reason)) < 0) {
		if (reason)
			warn(s, cc_asprintf("cannot read templates '%s%s': %s", l->dir, l->name,
					    reason));
		free(reason);
		return;
	}
	if (!(d = fdopendir(fd))) {
		close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (cc_mapline_matches(l, e->d_name))
			add_absolute(s, list, root, cc_asprintf("%s%s", l->dir, e->d_name));
	closedir(d);
}

/* Reads template t into b: from its root, or by guard.h when absolute;
 * *reason as for cc_root_read. */
static enum cc_lookup read_template(struct cc_tset *s, const struct cc_template *t,
				    struct cc_buf *b, char **reason)
{
	if (t->path[0] == '/')
		return cc_guard_read(t->path, b, reason);
	return cc_root_read(&s->roots[t->root], t->path, b, reason);
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
	r = read_template(s, t, b, &reason);
	if (r != CC_LOOKUP_OK) {
		const char *why = reason ? reason : "it vanished";

		/* an absolute template is named by its path alone */
		warn(s, t->path[0] == '/'
			    ? cc_asprintf("cannot read template '%s': %s", t->path, why)
			    : cc_asprintf("cannot read template '%s' in '%s': %s", t->path,
					  s->roots[t->root].path, why));
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

/* Reads the map file named on purpose (following links, as named) into b.
 * Returns 0, or -1 with *reason (a new string). */
static int read_named_map(const char *path, struct cc_buf *b, char **reason)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), ret = -1;

	if (fd < 0) {
		*reason = cc_strdup(strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0)
		st.st_mode = 0;
	if (!S_ISREG(st.st_mode))
		*reason = cc_asprintf("not a regular file (%s)", cc_fs_type_name(st.st_mode));
	else if ((size_t)st.st_size > CC_MAP_MAX_SIZE)
		*reason = cc_strdup("larger than 1 MiB");
	else if (cc_fs_read_all(b, fd, CC_MAP_MAX_SIZE, path) < 0)
		*reason = cc_strdup(cc_error_last());
	else
		ret = 0;
	close(fd);
	return ret;
}

/* Reads every root's own map, then the maps named, into s->mapping. */
static void read_maps(struct cc_tset *s, char *const *maps, size_t nmaps, struct cc_buf *b)
{
	struct cc_mapping *m = &s->mapping;
	enum cc_lookup r;
	char *reason = NULL, *name;
	size_t i;

	for (i = 0; i < s->nroots; i++) {
		name = cc_path_join(s->roots[i].path, CC_MAP_FILE);
		b->len = 0;
		r = cc_root_read(&s->roots[i], CC_MAP_FILE, b, &reason);
		if (r == CC_LOOKUP_ERROR)
			cc_mapping_warn(m, name, 0, reason);
		else if (r == CC_LOOKUP_OK && b->len > CC_MAP_MAX_SIZE)
			cc_mapping_warn(m, name, 0, "larger than 1 MiB");
		else if (r == CC_LOOKUP_OK)
			cc_mapping_parse(m, b->data, b->len, name, (int)i);
		free(reason);
		reason = NULL;
		free(name);
	}
	for (i = 0; i < nmaps; i++) {
		b->len = 0;
		if (read_named_map(maps[i], b, &reason) < 0)
			cc_mapping_warn(m, maps[i], 0, reason);
		else
			cc_mapping_parse(m, b->data, b->len, maps[i], -1);
		free(reason);
		reason = NULL;
	}
}

int cc_tset_scan(struct cc_tset *s, char *const *roots, size_t nroots, char *const *maps,
		 size_t nmaps, dev_t skip_dev, ino_t skip_ino, struct cc_tcache *cache)
{
	struct found_list list = {NULL, 0, 0};
	size_t i;
	struct cc_buf b = CC_BUF_INIT;
	const char **keys;
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
	read_maps(s, maps, nmaps, &b);
	for (i = 0; i < nroots; i++)
		walk_root(s, (int)i, &list, skip_dev, skip_ino);
	for (i = 0; i < s->mapping.n; i++)
		if (s->mapping.l[i].dir[0] == '/')
			walk_absolute(s, &s->mapping.l[i], &list);
	if (list.n)
		qsort(list.v, list.n, sizeof(*list.v), found_cmp);
	for (i = 0; i < list.n; i++) {
		struct found *f = &list.v[i];
		struct cc_template t;

		/* later roots override earlier ones: keep the last of equal user
		 * paths (two absolute lines may name one file: the same entry) */
		if (i + 1 < list.n && !strcmp(f->user, list.v[i + 1].user)) {
			free(f->path);
			free(f->user);
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.path = f->path;
		t.root = f->root;
		t.user_path = f->user;
		t.key = cc_user_template_path(f->user);
		if (hash_template(s, &t, &b, &f->st, cache) < 0) {
			free(t.path);
			free(t.user_path);
			free(t.key);
			continue;
		}
		if (t.date > s->newest)
			s->newest = t.date;
		CC_GROW(s->t, s->alloc, s->n + 1);
		s->t[s->n++] = t;
	}
	if (s->n)
		qsort(s->t, s->n, sizeof(*s->t), template_cmp);
	keys = cc_calloc(s->n, sizeof(*keys));
	raws = cc_calloc(s->n, sizeof(*raws));
	for (i = 0; i < s->n; i++) {
		keys[i] = s->t[i].key;
		raws[i] = s->t[i].raw;
	}
	s->id = cc_set_id(keys, raws, s->n);
	free(keys);
	free(raws);
	free(list.v);
	cc_buf_release(&b);
	return 0;
}

int cc_tset_read(struct cc_tset *s, size_t i, struct cc_buf *out)
{
	char *reason = NULL;
	struct cc_template *t = &s->t[i];
	enum cc_lookup r = read_template(s, t, out, &reason);

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

	/* the set is sorted by key, which is not user-path order
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
		free(s->t[i].key);
	}
	for (i = 0; i < s->nroots; i++)
		cc_root_release(&s->roots[i]);
	cc_mapping_release(&s->mapping);
	cc_map_release(&s->not_users);
	for (i = 0; i < s->nwarnings; i++)
		free(s->warnings[i]);
	free(s->t);
	free(s->roots);
	free(s->warnings);
	memset(s, 0, sizeof(*s));
}
