/* watchmap.c - the mapped paths and the directories on the way to them. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "engine/check.h"
#include "watch/watchmap.h"

static void push(char ***list, size_t *n, size_t *alloc, char *s)
{
	CC_GROW(*list, *alloc, *n + 1);
	(*list)[(*n)++] = s;
}

void cc_wmap_add(struct cc_wmap *m, const char *path)
{
	push(&m->paths, &m->npaths, &m->paths_alloc, cc_strdup(path));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a list and frees the duplicates. */
static void sort_unique(char **list, size_t *n)
{
	size_t i, out = 0;

	if (!*n)
		return;
	qsort(list, *n, sizeof(*list), str_cmp);
	for (i = 1; i < *n; i++) {
		if (!strcmp(list[i], list[out]))
			free(list[i]);
		else
			list[++out] = list[i];
	}
	*n = out + 1;
}

void cc_wmap_finish(struct cc_wmap *m)
{
	size_t i;
	char *slash;

	sort_unique(m->paths, &m->npaths);
	for (i = 0; i < m->ndirs; i++)
		free(m->dirs[i]);
	m->ndirs = 0;
	push(&m->dirs, &m->ndirs, &m->dirs_alloc, cc_strdup(""));
	for (i = 0; i < m->npaths; i++) {
		/* every ancestor: "a/b/c" gives "a/b" and "a" */
		const char *base = m->paths[i];

		for (slash = strrchr(base, '/'); slash; slash = strrchr(base, '/')) {
			char *dir = cc_strndup(base, (size_t)(slash - base));

			push(&m->dirs, &m->ndirs, &m->dirs_alloc, dir);
			base = dir;
		}
	}
	sort_unique(m->dirs, &m->ndirs);
}

static void add_cb(void *arg, const char *path)
{
	cc_wmap_add(arg, path);
}

void cc_wmap_build(struct cc_wmap *m, struct cc_session *s)
{
	cc_session_foreach_path(s, add_cb, m);
	cc_wmap_finish(m);
}

void cc_wmap_release(struct cc_wmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->npaths; i++)
		free(m->paths[i]);
	for (i = 0; i < m->ndirs; i++)
		free(m->dirs[i]);
	free(m->paths);
	free(m->dirs);
	memset(m, 0, sizeof(*m));
}

/* The first index whose string is >= key. */
static size_t lower_bound(char *const *list, size_t n, const char *key)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(list[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int has(char *const *list, size_t n, const char *key)
{
	size_t i = lower_bound(list, n, key);

	return i < n && !strcmp(list[i], key);
}

int cc_wmap_has_path(const struct cc_wmap *m, const char *rel)
{
	return has(m->paths, m->npaths, rel);
}

int cc_wmap_has_dir(const struct cc_wmap *m, const char *rel)
{
	return has(m->dirs, m->ndirs, rel);
}

static void under(char *const *list, size_t n, const char *dir, size_t *lo, size_t *hi)
{
	char *prefix;
	size_t len, i;

	if (!*dir) {
		*lo = 0;
		*hi = n;
		return;
	}
	prefix = cc_asprintf("%s/", dir);
	len = strlen(prefix);
	i = *lo = lower_bound(list, n, prefix);
	while (i < n && !strncmp(list[i], prefix, len))
		i++;
	*hi = i;
	free(prefix);
}

void cc_wmap_paths_under(const struct cc_wmap *m, const char *dir, size_t *lo, size_t *hi)
{
	under(m->paths, m->npaths, dir, lo, hi);
}

void cc_wmap_dirs_under(const struct cc_wmap *m, const char *dir, size_t *lo, size_t *hi)
{
	under(m->dirs, m->ndirs, dir, lo, hi);
	if (!*dir && *lo < *hi && !*m->dirs[*lo])
		(*lo)++; /* the root itself */
}

char *cc_wmap_join(const char *dir, const char *name)
{
	return *dir ? cc_asprintf("%s/%s", dir, name) : cc_strdup(name);
}
