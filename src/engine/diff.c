/* diff.c - unified diffs of two texts through libgit2. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/diff.h"
#include "util/error.h"
#include "history/git.h"

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

static int make_patch(git_patch **patch, const struct cc_buf *old, const char *old_prefix,
		      const struct cc_buf *new, const char *new_prefix, const char *old_path,
		      const char *new_path)
{
	git_diff_options opts;

	cc_git_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.old_prefix = old_prefix;
	opts.new_prefix = new_prefix;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(patch, old->data ? old->data : "", old->len, old_path,
				   new->data ? new->data : "", new->len, new_path, &opts) < 0) {
		const git_error *e = git_error_last();

		return cc_error_set("cannot diff: %s", e && e->message ? e->message : "git error");
	}
	return 0;
}

int cc_diff_print(FILE *f, int colour, const struct cc_buf *old, const char *old_prefix,
		  const struct cc_buf *new, const char *new_prefix, const char *old_path,
		  const char *new_path)
{
	git_patch *patch = NULL;
	struct printer p = {f, colour};
	int ret;

	if (make_patch(&patch, old, old_prefix, new, new_prefix, old_path, new_path) < 0)
		return -1;
	ret = git_patch_num_hunks(patch) > 0;
	git_patch_print(patch, print_line, &p);
	git_patch_free(patch);
	return ret;
}

/* The lines of a text: line k (1-based) is [at[k - 1], at[k]) less its newline. */
struct lines {
	const char *s;
	size_t *at;
	size_t n;
};

static int lines_index(struct lines *l, const struct cc_buf *b)
{
	size_t i, k = 0, count = 1;

	l->s = b->data ? b->data : "";
	for (i = 0; i < b->len; i++)
		count += l->s[i] == '\n';
	if (!(l->at = malloc((count + 1) * sizeof(*l->at))))
		return cc_error_set("cannot diff: out of memory");
	l->at[k++] = 0;
	for (i = 0; i < b->len; i++)
		if (l->s[i] == '\n')
			l->at[k++] = i + 1;
	if (l->at[k - 1] < b->len)
		l->at[k++] = b->len + 1;
	l->n = k - 1;
	return 0;
}

/* Line k of l without its newline, or an empty line when there is none. */
static const char *lines_get(const struct lines *l, int k, size_t *len)
{
	if (k < 1 || (size_t)k > l->n) {
		*len = 0;
		return "";
	}
	*len = l->at[k] - l->at[k - 1] - 1;
	return l->s + l->at[k - 1];
}

struct shown {
	FILE *f;
	struct lines old, old_shown, new_shown;
};

/* xdiff quotes, after a hunk's `@@ ... @@`, the last line above it in the old text that
 * starts with a letter, `_` or `$`, cut to 80 bytes: find it, and print its shown twin. */
#define HUNK_CONTEXT_MAX 80

static void print_context(const struct shown *sh, const git_diff_hunk *hunk, size_t at)
{
	const char *ctx = hunk->header + at, *line;
	size_t n = hunk->header_len - at, len;
	int k;

	while (n > 0 && *ctx == ' ') {
		ctx++;
		n--;
	}
	while (n > 0 && (ctx[n - 1] == '\n' || ctx[n - 1] == ' ' || ctx[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	for (k = hunk->old_start - 1; k >= 1; k--) {
		line = lines_get(&sh->old, k, &len);
		if (len >= n && memcmp(line, ctx, n) == 0)
			break;
	}
	if (k < 1)
		return;
	line = lines_get(&sh->old_shown, k, &len);
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	fputc(' ', sh->f);
	fwrite(line, 1, len > HUNK_CONTEXT_MAX ? HUNK_CONTEXT_MAX : len, sh->f);
}

static int print_shown(const git_diff_delta *delta, const git_diff_hunk *hunk,
		       const git_diff_line *line, void *payload)
{
	const struct shown *sh = payload;
	const char *text, *end;
	size_t len;

	(void)delta;
	switch (line->origin) {
	case GIT_DIFF_LINE_CONTEXT:
	case GIT_DIFF_LINE_DELETION:
	case GIT_DIFF_LINE_ADDITION:
		if (line->origin == GIT_DIFF_LINE_ADDITION)
			text = lines_get(&sh->new_shown, line->new_lineno, &len);
		else
			text = lines_get(&sh->old_shown, line->old_lineno, &len);
		fputc(line->origin, sh->f);
		fwrite(text, 1, len, sh->f);
		if (line->content_len > 0 && line->content[line->content_len - 1] == '\n')
			fputc('\n', sh->f);
		break;
	case GIT_DIFF_LINE_HUNK_HDR:
		end = hunk->header_len > 3 ? memmem(hunk->header + 2, hunk->header_len - 2, "@@", 2)
					   : NULL;
		if (!end)
			break;
		fwrite(hunk->header, 1, (size_t)(end - hunk->header) + 2, sh->f);
		print_context(sh, hunk, (size_t)(end - hunk->header) + 2);
		fputc('\n', sh->f);
		break;
	case GIT_DIFF_LINE_CONTEXT_EOFNL:
	case GIT_DIFF_LINE_ADD_EOFNL:
	case GIT_DIFF_LINE_DEL_EOFNL:
		fwrite(line->content, 1, line->content_len, sh->f);
		break;
	default:
		break; /* the file header names blobs by the hash of what they hold */
	}
	return 0;
}

int cc_diff_print_shown(FILE *f, const struct cc_buf *old, const struct cc_buf *old_shown,
			const struct cc_buf *new, const struct cc_buf *new_shown,
			const char *old_path, const char *new_path)
{
	struct shown sh = {f, {0}, {0}, {0}};
	git_patch *patch = NULL;
	int ret = -1;

	if (lines_index(&sh.old, old) < 0 || lines_index(&sh.old_shown, old_shown) < 0 ||
	    lines_index(&sh.new_shown, new_shown) < 0)
		goto done;
	if (make_patch(&patch, old, "yours/", new, "template/", old_path, new_path) < 0)
		goto done;
	ret = git_patch_num_hunks(patch) > 0;
	git_patch_print(patch, print_shown, &sh);
done:
	git_patch_free(patch);
	free(sh.old.at);
	free(sh.old_shown.at);
	free(sh.new_shown.at);
	return ret;
}
