/* diff.c - unified diffs of two texts through libgit2. */
#include <git2.h>
#include <stdio.h>

#include "diff.h"
#include "error.h"
#include "history.h"

struct printer {
	FILE *f;
	int colour;
};

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		      const git_diff_line *line, void *payload)
{
	const struct printer *p = payload;
	const char *on = "";

	(void)delta;
	(void)hunk;
	if (p->colour) {
		switch (line->origin) {
		case GIT_DIFF_LINE_ADDITION:
			on = "\033[32m";
			break;
		case GIT_DIFF_LINE_DELETION:
			on = "\033[31m";
			break;
		case GIT_DIFF_LINE_FILE_HDR:
			on = "\033[1m";
			break;
		case GIT_DIFF_LINE_HUNK_HDR:
			on = "\033[36m";
			break;
		default:
			break;
		}
	}
	fputs(on, p->f);
	if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		fputc(line->origin, p->f);
	fwrite(line->content, 1, line->content_len, p->f);
	if (*on)
		fputs("\033[m", p->f);
	return 0;
}

int cc_diff_print(FILE *f, int colour, const struct cc_buf *old, const char *old_prefix,
		  const struct cc_buf *new, const char *new_prefix, const char *old_path,
		  const char *new_path)
{
	git_diff_options opts;
	git_patch *patch = NULL;
	struct printer p = {f, colour};
	int ret;

	cc_git_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.old_prefix = old_prefix;
	opts.new_prefix = new_prefix;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(&patch, old->data ? old->data : "", old->len, old_path,
				   new->data ? new->data : "", new->len, new_path, &opts) < 0) {
		const git_error *e = git_error_last();

		return cc_error_set("cannot diff: %s", e && e->message ? e->message : "git error");
	}
	ret = git_patch_num_hunks(patch) > 0;
	git_patch_print(patch, print_line, &p);
	git_patch_free(patch);
	return ret;
}
