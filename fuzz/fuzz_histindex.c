/* fuzz_histindex.c - libFuzzer target: the index of a template history
 * (`confcheck-index`), as cc_histindex_load reads it from the state dir's history,
 * which a hostile user may write.
 *
 * An index either loads whole (a set or a version per line after the header) or
 * leaves the history empty. What loads is indexed by path as a check does, found
 * again by seq and by (path, raw), and saved to a second dir, from which it loads
 * back the same.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_tmp.h"
#include "history/histindex.h"
#include "history/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *in_dir, *out_dir;

/* A history as history.c fills it for the state dir's own, with no repository opened. */
static void history_at(struct cc_history *h, const char *dir)
{
	memset(h, 0, sizeof(*h));
	h->dir = strdup(dir);
	h->name = strdup(strrchr(dir, '/') + 1);
	h->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	h->parent_fd = -1;
	h->own = 1;
	if (!h->dir || !h->name || h->fd < 0)
		abort();
}

/* A label is written as "-" when it is missing or empty, and "-" reads back as none. */
static int same_label(const char *a, const char *b)
{
	if (!a || !*a || !strcmp(a, "-"))
		return !b;
	return b && !strcmp(a, b);
}

/* Whether every version path can be written: "-" stands for none, which a version
 * never has (template paths end in ".sample"); such an index is refused on reading. */
static int writable(const struct cc_history *h)
{
	size_t i;

	for (i = 0; i < h->nversions; i++)
		if (!*h->versions[i].path || !strcmp(h->versions[i].path, "-"))
			return 0;
	return 1;
}

/* The lookups a check makes on a loaded history. */
static void check_lookups(struct cc_history *h)
{
	struct cc_histories hs;
	const struct cc_vlist *l;
	const struct cc_set *s;
	size_t i, k;

	memset(&hs, 0, sizeof(hs));
	hs.list = h;
	hs.n = 1;
	cc_histories_index(&hs);
	for (i = 0; i < h->nsets; i++) {
		s = cc_history_set_by_seq(h, h->sets[i].seq);
		if (!s || s->seq != h->sets[i].seq)
			abort();
		if (!cc_history_find_set(h, h->sets[i].id))
			abort();
	}
	for (i = 0; i < h->nversions; i++) {
		const struct cc_version *v = &h->versions[i], *f;

		f = cc_history_find_version(h, v->path, v->raw);
		if (!f || f->raw != v->raw || strcmp(f->path, v->path))
			abort();
		/* every path lists each of its raw hashes once, this one among them */
		l = cc_histories_versions(&hs, v->path);
		if (!l)
			abort();
		for (k = 0; k < l->n && l->v[k]->raw != v->raw; k++)
			if (strcmp(l->v[k]->path, v->path) || l->v[k]->origin != 0)
				abort();
		if (k == l->n)
			abort();
	}
	cc_histories_release(&hs);
}

static void check_round_trip(struct cc_history *h)
{
	struct cc_history back;
	size_t i;
	int fd = h->fd;
	char *dir = h->dir;

	history_at(&back, out_dir);
	h->fd = back.fd;
	h->dir = back.dir;
	if (cc_histindex_save(h) < 0)
		abort();
	h->fd = fd;
	h->dir = dir;
	if (cc_histindex_load(&back) != 0)
		abort();
	if (back.nsets != h->nsets || back.nversions != h->nversions)
		abort();
	for (i = 0; i < h->nsets; i++) {
		const struct cc_set *a = &h->sets[i], *b = &back.sets[i];

		if (a->seq != b->seq || a->id != b->id || !git_oid_equal(&a->commit, &b->commit) ||
		    a->time != b->time || !same_label(a->label, b->label))
			abort();
	}
	for (i = 0; i < h->nversions; i++) {
		const struct cc_version *a = &h->versions[i], *b = &back.versions[i];

		if (strcmp(a->path, b->path) || a->raw != b->raw || a->norm != b->norm ||
		    a->nohdr != b->nohdr || a->date != b->date ||
		    !git_oid_equal(&a->blob, &b->blob) || a->first_set != b->first_set ||
		    a->last_set != b->last_set)
			abort();
	}
	cc_history_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_history h;
	size_t i, lines = 0;
	int r;

	if (!in_dir) {
		fuzz_tmp_dir("fuzz_histindex");
		in_dir = fuzz_tmp_sub("in");
		out_dir = fuzz_tmp_sub("out");
	}
	history_at(&h, in_dir);
	fuzz_put(in_dir, CC_HISTINDEX_NAME, data, size);
	r = cc_histindex_load(&h);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	/* the index is there: it loads whole or not at all, and says which file it read */
	if (r == 1 || !h.index_ino)
		abort();
	if (r < 0 && (h.nsets || h.nversions))
		abort();
	if (r == 0) {
		if (!lines || h.nsets + h.nversions != lines - 1)
			abort();
		check_lookups(&h);
		if (writable(&h))
			check_round_trip(&h);
	}
	cc_history_release(&h);
	return 0;
}
