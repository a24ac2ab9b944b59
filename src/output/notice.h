/* notice.h - the init notice: short, one file a line, stable to parse (DESIGN §5).
 *
 * Every line starts with "[confcheck] ". Fields are separated by two
 * spaces; paths are in the escaped log form, so no field holds white space.
 * When nothing needs a look the notice is the summary line alone.
 *
 * The notice is the one home of how verdicts are presented: which entries
 * are listed (cc_entry_listed), how the others are grouped and what the user
 * is advised to do. `confcheck status` prints its table from the same
 * functions, so the two cannot disagree.
 */
#ifndef CC_NOTICE_H
#define CC_NOTICE_H

#include <stdio.h>

#include "util/buf.h"
#include "engine/check.h"

#define CC_NOTICE_PREFIX "[confcheck] "

/* Appends the notice for res to out. */
void cc_notice_build(struct cc_buf *out, const struct cc_result *res);

/* Appends the line for one listed entry (without prefix and newline). */
void cc_notice_entry(struct cc_buf *out, const struct cc_entry *e);

/* Appends what the user should do about e, in a few words: "merges cleanly:
 * confcheck merge PATH", "both changed the same lines: confcheck diff PATH",
 * an error's reason, ... Nothing for a verdict that needs no look. */
void cc_notice_advice(struct cc_buf *out, const struct cc_entry *e);

/* Entries of one state that need a look but share one line instead of one each. */
struct cc_notice_group {
	enum cc_verdict state;
	size_t n;	  /* how many, never 0 */
	const char *what; /* "more acknowledged", "more with comment-only template changes" */
};
#define CC_NOTICE_MAX_GROUPS (2 * CC_NVERDICTS)

/* Fills out with the groups of res in the notice's order (by state; the
 * comment-only before the acknowledged) and returns how many there are. An
 * acknowledged entry is in the acknowledged group even when it is cosmetic. */
size_t cc_notice_groups(struct cc_notice_group out[CC_NOTICE_MAX_GROUPS],
			const struct cc_result *res);

/* Appends the counts of the summary line: " current=N ... error=N unused=N". */
void cc_notice_counts(struct cc_buf *out, const struct cc_result *res);

/* Appends the summary line (with prefix and newline). */
void cc_notice_summary(struct cc_buf *out, const struct cc_result *res);

/* Appends prose that may quote file names (an error's reason): escaped like a
 * path, but for its spaces, so that it reads as written and stays one line. */
void cc_notice_text(struct cc_buf *out, const char *s);

#endif
