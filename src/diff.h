/* diff.h - unified diffs of two texts, as `git diff` shows them. */
#ifndef CC_DIFF_H
#define CC_DIFF_H

#include <stdio.h>

#include "buf.h"

/* Prints the diff of old -> new to f, coloured when colour is set; the
 * prefixes name the sides ("yours/", "template/"). Returns 1 when the texts
 * differ, 0 when they are equal, -1 with a message on failure. */
int cc_diff_print(FILE *f, int colour, const struct cc_buf *old, const char *old_prefix,
		  const struct cc_buf *new, const char *new_prefix, const char *old_path,
		  const char *new_path);

#endif
