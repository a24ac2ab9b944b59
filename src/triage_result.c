/* triage_result.c - build and free the picture that cc_triage_parse returns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "triage_int.h"

/* Grows an array of elements of size `size` by one; the new element is zeroed. */
static void *grow(void *arr, size_t *n, size_t size)
{
	char *p;

	if (*n >= ((size_t)-1) / 2 / size) {
		errno = ENOMEM;
		return NULL;
	}
	/* the capacity is 4, then doubles whenever n reaches a power of two */
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n ? *n * 2 : 4;

		p = realloc(arr, cap * size);
		if (!p) {
			errno = ENOMEM;
			return NULL;
		}
	} else {
		p = arr;
	}
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

static char *span_dup(const char *base, struct cap c, int path)
{
	return triage_sanitize(base + c.off, c.len, path);
}

static int span_date(char **out, const char *base, struct cap c)
{
	char date[11];

	*out = NULL;
	if (c.len == 0 || triage_date(date, base + c.off, c.len) < 0)
		return 0;
	*out = malloc(sizeof(date));
	if (*out)
		memcpy(*out, date, sizeof(date));
	if (!*out) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void file_release(struct cc_triage_file *f)
{
	free(f->path);
	free(f->state);
	free(f->old_version);
	free(f->new_version);
	free(f->detail);
}

int triage_add_file(struct cc_triage *t, const char *state, size_t slen, const char *base,
		    struct cap path, struct cap old, struct cap new, struct cap detail)
{
	struct cc_triage_file f = {0};
	void *p;
	int ret = -1;

	f.path = span_dup(base, path, 1);
	f.state = triage_sanitize(state, slen, 0);
	if (!f.path || !f.state || span_date(&f.old_version, base, old) < 0 ||
	    span_date(&f.new_version, base, new) < 0)
		goto done;
	if (detail.len && !(f.detail = span_dup(base, detail, 0)))
		goto done;
	p = grow(t->files, &t->nfiles, sizeof(f));
	if (!p)
		goto done;
	t->files = p;
	t->files[t->nfiles - 1] = f;
	memset(&f, 0, sizeof(f));
	ret = 0;
done:
	file_release(&f);
	return ret;
}

int triage_add_group(struct cc_triage *t, const char *state, size_t slen, long count,
		     const char *kind, size_t klen)
{
	struct cc_triage_group g = {0};
	void *p;
	int ret = -1;

	g.state = triage_sanitize(state, slen, 0);
	g.kind = triage_sanitize(kind, klen, 0);
	g.count = count;
	if (!g.state || !g.kind)
		goto done;
	p = grow(t->groups, &t->ngroups, sizeof(g));
	if (!p)
		goto done;
	t->groups = p;
	t->groups[t->ngroups - 1] = g;
	memset(&g, 0, sizeof(g));
	ret = 0;
done:
	free(g.state);
	free(g.kind);
	return ret;
}

int triage_add_string(char ***list, size_t *n, const char *s, size_t len)
{
	char *v = triage_sanitize(s, len, 0);
	void *p;

	if (!v)
		return -1;
	p = grow(*list, n, sizeof(char *));
	if (!p) {
		free(v);
		return -1;
	}
	*list = p;
	(*list)[*n - 1] = v;
	return 0;
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
