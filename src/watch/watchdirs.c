/* watchdirs.c - the watch descriptor table of the inotify backend. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "watch/watchdirs.h"

static size_t find_index(const struct cc_wdirs *t, int wd)
{
	size_t lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (t->dirs[mid].wd < wd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct cc_wdir *cc_wdirs_find(const struct cc_wdirs *t, int wd)
{
	size_t i = find_index(t, wd);

	return i < t->n && t->dirs[i].wd == wd ? &t->dirs[i] : NULL;
}

int cc_wdirs_wd(const struct cc_wdirs *t, const char *rel)
{
	return (int)((intptr_t)cc_map_get(&t->by_rel, rel) - 1);
}

static void set_linked(struct cc_wdirs *t, const char *rel, int linked)
{
	int was = cc_map_get(&t->linked, rel) != NULL;

	if (was == linked)
		return;
	cc_map_put(&t->linked, rel, linked ? (void *)1 : NULL, NULL);
	if (linked)
		t->nlinked++;
	else
		t->nlinked--;
}

/* Forgets the entry at i and every directory it stands for. */
static void remove_at(struct cc_wdirs *t, size_t i)
{
	struct cc_wdir *d = &t->dirs[i];
	size_t j;

	for (j = 0; j < d->nrels; j++) {
		cc_map_put(&t->by_rel, d->rels[j], NULL, NULL);
		set_linked(t, d->rels[j], 0);
		free(d->rels[j]);
	}
	free(d->rels);
	memmove(t->dirs + i, t->dirs + i + 1, (t->n - i - 1) * sizeof(*t->dirs));
	t->n--;
}

int cc_wdirs_drop(struct cc_wdirs *t, const char *rel)
{
	int wd = cc_wdirs_wd(t, rel);
	size_t i, j;
	struct cc_wdir *d;

	if (wd < 0)
		return -1;
	i = find_index(t, wd);
	if (i == t->n || t->dirs[i].wd != wd)
		return -1;
	d = &t->dirs[i];
	for (j = 0; j < d->nrels && strcmp(d->rels[j], rel); j++)
		;
	if (j == d->nrels)
		return -1;
	if (d->nrels == 1) {
		remove_at(t, i);
		return wd;
	}
	cc_map_put(&t->by_rel, rel, NULL, NULL);
	set_linked(t, rel, 0);
	free(d->rels[j]);
	d->rels[j] = d->rels[--d->nrels];
	return -1;
}

int cc_wdirs_put(struct cc_wdirs *t, int wd, const char *rel, int linked)
{
	int old = cc_wdirs_wd(t, rel), gone = -1;
	size_t i;
	struct cc_wdir *d;

	if (old != wd) {
		if (old >= 0)
			gone = cc_wdirs_drop(t, rel); /* it resolves elsewhere now */
		i = find_index(t, wd);
		if (i == t->n || t->dirs[i].wd != wd) {
			CC_GROW(t->dirs, t->alloc, t->n + 1);
			memmove(t->dirs + i + 1, t->dirs + i, (t->n - i) * sizeof(*t->dirs));
			t->n++;
			memset(&t->dirs[i], 0, sizeof(t->dirs[i]));
			t->dirs[i].wd = wd;
		}
		d = &t->dirs[i];
		d->rels = cc_realloc(d->rels, (d->nrels + 1) * sizeof(*d->rels));
		d->rels[d->nrels++] = cc_strdup(rel);
		cc_map_put(&t->by_rel, rel, (void *)(intptr_t)(wd + 1), NULL);
	}
	set_linked(t, rel, linked);
	return gone;
}

void cc_wdirs_forget(struct cc_wdirs *t, int wd)
{
	size_t i = find_index(t, wd);

	if (i < t->n && t->dirs[i].wd == wd)
		remove_at(t, i);
}

char **cc_wdirs_list(const struct cc_wdirs *t, const char *dir, size_t *n)
{
	char **out = NULL;
	size_t alloc = 0, i, j, k = dir ? strlen(dir) : 0;
	const char *rel;
	int match;

	*n = 0;
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->dirs[i].nrels; j++) {
			rel = t->dirs[i].rels[j];
			if (!dir)
				match = cc_map_get(&t->linked, rel) != NULL;
			else
				match = !k || !strcmp(rel, dir) ||
					(!strncmp(rel, dir, k) && rel[k] == '/');
			if (match) {
				CC_GROW(out, alloc, *n + 1);
				out[(*n)++] = cc_strdup(rel);
			}
		}
	}
	return out;
}

void cc_wdirs_free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void cc_wdirs_release(struct cc_wdirs *t)
{
	while (t->n)
		remove_at(t, t->n - 1);
	free(t->dirs);
	cc_map_release(&t->by_rel);
	cc_map_release(&t->linked);
	memset(t, 0, sizeof(*t));
}
