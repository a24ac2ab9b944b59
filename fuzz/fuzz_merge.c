/* fuzz_merge.c - libFuzzer target: the 3-way merge of baseline, user file and template.
 *
 * The input is baseline NUL yours NUL template (a missing part is empty; the template
 * keeps any later NUL). The merge never fails and cc_merge_is_clean agrees with it.
 * Unless a side is binary to libgit2: a conflict is marked, and a side that changed
 * nothing gives the other side back; three identical sides merge cleanly to
 * themselves, as do two identical changes.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "engine/merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct part {
	const char *s;
	size_t n;
};

/* The next part of the input, up to a NUL (the last part takes the rest). */
static struct part next_part(const char **p, const char *end, int last)
{
	struct part r = {*p, (size_t)(end - *p)};
	const char *nul = last ? NULL : memchr(*p, '\0', r.n);

	if (nul) {
		r.n = (size_t)(nul - *p);
		*p = nul + 1;
	} else {
		*p = end;
	}
	return r;
}

static int same(struct part a, struct part b)
{
	return a.n == b.n && (!a.n || !memcmp(a.s, b.s, a.n));
}

static int is(const struct cc_buf *out, struct part want)
{
	return out->len == want.n && (!want.n || !memcmp(out->data, want.s, want.n));
}

/* Whether libgit2 takes a side for binary: a NUL in its first 8000 bytes. It merges no
 * binary content: such a merge has conflicts and no text, whatever the sides are. */
static int binary(struct part a)
{
	return memchr(a.s, '\0', a.n < 8000 ? a.n : 8000) != NULL;
}

/* Whether every line ends in CRLF (merge.c merges such a file of yours as LF). */
static int all_crlf(struct part a)
{
	size_t i, lines = 0;

	for (i = 0; i < a.n; i++) {
		if (a.s[i] != '\n')
			continue;
		if (i == 0 || a.s[i - 1] != '\r')
			return 0;
		lines++;
	}
	return lines > 0;
}

static int merge(struct cc_buf *out, struct part b, struct part o, struct part t)
{
	return cc_merge3(out, b.s, b.n, o.s, o.n, t.s, t.n, "baseline", "yours", "template");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct part base, ours, theirs;
	struct cc_buf out = CC_BUF_INIT;
	int clean, converted;

	base = next_part(&p, end, 0);
	ours = next_part(&p, end, 0);
	theirs = next_part(&p, end, 1);
	clean = merge(&out, base, ours, theirs);
	if (clean < 0 ||
	    clean != cc_merge_is_clean(base.s, base.n, ours.s, ours.n, theirs.s, theirs.n))
		abort();
	if (binary(base) || binary(ours) || binary(theirs))
		goto done;
	if (!clean && (out.len < 13 || !memmem(out.data, out.len, "<<<<<<< yours", 13)))
		abort();
	/* merge.c turns a CRLF file of yours into LF, and the result back: not byte-exact */
	converted = all_crlf(ours) && !all_crlf(theirs);
	if (!converted && same(base, ours) && (clean != 1 || !is(&out, theirs)))
		abort();
	if (!converted && same(base, theirs) && (clean != 1 || !is(&out, ours)))
		abort();
	if (same(ours, theirs) && (clean != 1 || !is(&out, ours)))
		abort();
	if (merge(&out, base, base, base) != 1 || !is(&out, base))
		abort();
done:
	cc_buf_release(&out);
	return 0;
}
