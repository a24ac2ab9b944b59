/* triage_result.c - build and free the picture that cc_triage_parse returns. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "paste/triage_int.h"

/* Grows an array of elements of size `size` by one; the new element is zeroed. The arrays
 * of a cc_triage keep no capacity: it is 4, then doubles whenever n reaches a power of
 * two. n is at most the number of lines of a paste, so the size cannot overflow. */
static void *grow(void *arr, size_t *n, size_t size)
{
	char *p = arr;

	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0))
		p = cc_realloc(arr, (*n ? *n * 2 : 4) * size);
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

static char *span_dup(const char *base, struct cap c, int path)
{
	return triage_sanitize(base + c.off, c.len, path);
}

static char *span_date(const char *base, struct cap c)
{
	char date[11];

	if (c.len == 0 || triage_date(date, base + c.off, c.len) < 0)
		return NULL;
	return cc_strdup(date);
}

void triage_add_file(struct cc_triage *t, const char *state, size_t slen, const char *base,
		     struct cap path, struct cap old, struct cap new, struct cap detail)
{
	struct cc_triage_file *f;

	t->files = grow(t->files, &t->nfiles, sizeof(*f));
	f = &t->files[t->nfiles - 1];
	f->path = span_dup(base, path, 1);
	f->state = triage_sanitize(state, slen, 0);
	f->old_version = span_date(base, old);
	f->new_version = span_date(base, new);
	f->detail = detail.len ? span_dup(base, detail, 0) : NULL;
}

void triage_add_group(struct cc_triage *t, const char *state, size_t slen, long count,
		      const char *kind, size_t klen)
{
	struct cc_triage_group *g;

	t->groups = grow(t->groups, &t->ngroups, sizeof(*g));
	g = &t->groups[t->ngroups - 1];
	g->state = triage_sanitize(state, slen, 0);
	g->kind = triage_sanitize(kind, klen, 0);
	g->count = count;
}

void triage_add_string(char ***list, size_t *n, const char *s, size_t len)
{
	*list = grow(*list, n, sizeof(char *));
	(*list)[*n - 1] = triage_sanitize(s, len, 0);
}

static void file_release(struct cc_triage_file *f)
{
	free(f->path);
	free(f->state);
	free(f->old_version);
	free(f->new_version);
	free(f->detail);
}

static void strings_release(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void cc_triage_release(struct cc_triage *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nfiles; i++)
		file_release(&t->files[i]);
	free(t->files);
	for (i = 0; i < t->ngroups; i++) {
		free(t->groups[i].state);
		free(t->groups[i].kind);
	}
	free(t->groups);
	strings_release(t->warnings, t->nwarnings);
	strings_release(t->notes, t->nnotes);
	free(t->set_id);
	free(t->tool_version);
	free(t->newest_version);
	memset(t, 0, sizeof(*t));
	t->current = t->customized = t->outdated = t->conflict = -1;
	t->unverified = t->orphaned = t->error = t->unused = -1;
	t->need_look = t->total = -1;
}
