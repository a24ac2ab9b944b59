/* diff.h - unified diffs of two texts, as `git diff` shows them. */
#ifndef CC_DIFF_H
#define CC_DIFF_H

#include <stdio.h>

#include "util/buf.h"

/* Prints the diff of old -> new to f, coloured when colour is set; the
 * prefixes name the sides ("yours/", "template/"). Returns 1 when the texts
 * differ, 0 when they are equal, -1 with a message on failure. */
int cc_diff_print(FILE *f, int colour, const struct cc_buf *old, const char *old_prefix,
		  const struct cc_buf *new, const char *new_prefix, const char *old_path,
		  const char *new_path);

/* Like cc_diff_print without colour, but each line of old and new is printed as the same
 * line of old_shown and new_shown (which have as many lines), and so is the line a hunk
 * header quotes for context; the file header (paths and blob ids) is left out. This is how
 * a masked text is diffed: compared as it is, shown as masked. */
int cc_diff_print_shown(FILE *f, const struct cc_buf *old, const struct cc_buf *old_shown,
			const struct cc_buf *new, const struct cc_buf *new_shown,
			const char *old_path, const char *new_path);

#endif
