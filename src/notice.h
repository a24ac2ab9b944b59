/* notice.h - the init notice: short, one file a line, stable to parse (DESIGN §5).
 *
 * Every line starts with "[confcheck] ". Fields are separated by two
 * spaces; paths are in the escaped log form, so no field holds white space.
 * When nothing needs a look the notice is the summary line alone.
 */
#ifndef CC_NOTICE_H
#define CC_NOTICE_H

#include <stdio.h>

#include "buf.h"
#include "check.h"

#define CC_NOTICE_PREFIX "[confcheck] "

/* Appends the notice for res to out. */
void cc_notice_build(struct cc_buf *out, const struct cc_result *res);

/* Appends the line for one listed entry (without prefix and newline). */
void cc_notice_entry(struct cc_buf *out, const struct cc_entry *e);

/* Appends the summary line (with prefix and newline). */
void cc_notice_summary(struct cc_buf *out, const struct cc_result *res);

#endif
