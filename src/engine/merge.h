/* merge.h - the 3-way merge of baseline, user file and template (libgit2). */
#ifndef CC_MERGE_H
#define CC_MERGE_H

#include <stddef.h>

#include "util/buf.h"

/* Merges ours (the user's file) and theirs (the template) from their common
 * ancestor (the baseline). out receives the merged text, with conflict
 * markers labelled by the given names where both changed the same lines.
 * Returns 1 clean, 0 with conflicts, -1 with a message on failure. */
int cc_merge3(struct cc_buf *out, const char *base, size_t blen, const char *ours, size_t olen,
	      const char *theirs, size_t tlen, const char *base_label, const char *ours_label,
	      const char *theirs_label);

/* Like cc_merge3 without keeping the text. */
int cc_merge_is_clean(const char *base, size_t blen, const char *ours, size_t olen,
		      const char *theirs, size_t tlen);

#endif
