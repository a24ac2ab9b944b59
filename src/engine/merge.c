/* merge.c - 3-way merges through git_merge_file. */
#include <git2.h>
#include <string.h>

#include "util/error.h"
#include "history/git.h"
#include "engine/merge.h"

static void input(git_merge_file_input *in, const char *data, size_t len, const char *label)
{
	git_merge_file_input_init(in, GIT_MERGE_FILE_INPUT_VERSION);
	in->ptr = data ? data : "";
	in->size = data ? len : 0;
	in->path = label;
	in->mode = 0100644;
}

/* Whether every line of s ends in CRLF (and there is at least one). */
static int all_crlf(const char *s, size_t n)
{
	size_t i, lines = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		if (i == 0 || s[i - 1] != '\r')
			return 0;
		lines++;
	}
	return lines > 0;
}

/* Appends s with CRLF turned into LF, or LF into CRLF. */
static void convert(struct cc_buf *out, const char *s, size_t n, int to_crlf)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!to_crlf && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (to_crlf && s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			cc_buf_addc(out, '\r');
		cc_buf_addc(out, s[i]);
	}
}

static int merge_raw(struct cc_buf *out, const char *base, size_t blen, const char *ours,
		     size_t olen, const char *theirs, size_t tlen, const char *base_label,
		     const char *ours_label, const char *theirs_label)
{
	git_merge_file_input a, o, t;
	git_merge_file_options opts;
	git_merge_file_result res;
	int clean;

	cc_git_init();
	input(&a, base, blen, base_label);
	input(&o, ours, olen, ours_label);
	input(&t, theirs, tlen, theirs_label);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.ancestor_label = base_label;
	opts.our_label = ours_label;
	opts.their_label = theirs_label;
	memset(&res, 0, sizeof(res));
	if (git_merge_file(&res, &a, &o, &t, &opts) < 0) {
		const git_error *e = git_error_last();

		return cc_error_set("cannot merge: %s", e && e->message ? e->message : "git error");
	}
	clean = res.automergeable ? 1 : 0;
	if (out) {
		cc_buf_reset(out);
		cc_buf_add(out, res.ptr, res.len);
	}
	git_merge_file_result_free(&res);
	return clean;
}

int cc_merge3(struct cc_buf *out, const char *base, size_t blen, const char *ours, size_t olen,
	      const char *theirs, size_t tlen, const char *base_label, const char *ours_label,
	      const char *theirs_label)
{
	struct cc_buf lf = CC_BUF_INIT, merged = CC_BUF_INIT;
	int clean;

	/* a user who turned the file into CRLF changed no line: merge as LF, give back CRLF */
	if (!ours || !all_crlf(ours, olen) || all_crlf(theirs, tlen))
		return merge_raw(out, base, blen, ours, olen, theirs, tlen, base_label, ours_label,
				 theirs_label);
	convert(&lf, ours, olen, 0);
	clean = merge_raw(&merged, base, blen, lf.data, lf.len, theirs, tlen, base_label,
			  ours_label, theirs_label);
	if (clean >= 0 && out) {
		cc_buf_reset(out);
		convert(out, merged.data ? merged.data : "", merged.len, 1);
	}
	cc_buf_release(&lf);
	cc_buf_release(&merged);
	return clean;
}

int cc_merge_is_clean(const char *base, size_t blen, const char *ours, size_t olen,
		      const char *theirs, size_t tlen)
{
	return cc_merge3(NULL, base, blen, ours, olen, theirs, tlen, "baseline", "yours",
			 "template");
}
