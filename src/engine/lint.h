/* lint.h - what a maintainer should fix in a template before it ships.
 *
 * Findings on one template, each with a line and a level:
 *   error    no version header (unless the template is one a map names:
 *            such files rarely carry one, and their verdicts come from
 *            the history), or only a malformed one;
 *            content changed since the previous recorded version while the
 *            version date stayed the same (users of a date check miss it);
 *   warning  a second version header; a line that looks like a header but
 *            does not parse, beside a valid one; CRLF line endings; the
 *            executable bit; the date bumped where only comments or white
 *            space changed since the previous recorded version (every user
 *            of a date check is told about a change that needs nothing).
 * "Content" is what the norm hash sees (hash.h): a change to comments or
 * white space alone needs no date bump, and is no finding.
 */
#ifndef CC_LINT_H
#define CC_LINT_H

#include <stddef.h>

#include "util/buf.h"
#include "history/history.h"

enum cc_lint_level {
	CC_LINT_WARNING,
	CC_LINT_ERROR,
};

struct cc_lint_finding {
	char *path; /* the template as reported (under the root given) */
	int line;   /* 1-based */
	enum cc_lint_level level;
	char *message;
};

struct cc_lint {
	struct cc_lint_finding *f;
	size_t n, alloc;
	size_t errors, warnings;
};

enum {
	CC_LINT_HEADER_OPTIONAL = 1, /* a map names the template: no header is no finding */
};

/* Lints one template: its bytes, its mode (st_mode) and, when prev is not
 * NULL, the change since prev, the previous recorded version (prev_label
 * names where it came from, may be NULL). flags are CC_LINT_*. path is
 * copied. */
void cc_lint_template(struct cc_lint *l, const char *path, const char *data, size_t len,
		      unsigned mode, const struct cc_version *prev, const char *prev_label,
		      unsigned flags);

/* Appends one finding (a map line that is skipped, say); path is copied. */
void cc_lint_add(struct cc_lint *l, const char *path, int line, enum cc_lint_level level,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The version a template at tpath with raw hash raw is compared with: the
 * newest recorded version of tpath in hs that is not byte-identical to it
 * (so that a history that already holds the template checks its last
 * change). Newest means in the latest set, by the set's time. *label
 * receives the label of the set that introduced it (may be NULL). Returns
 * NULL when there is none. */
const struct cc_version *cc_lint_previous(const struct cc_histories *hs, const char *tpath,
					  cc_hash raw, const char **label);

/* Sorts the findings by path, then line. */
void cc_lint_sort(struct cc_lint *l);

/* Appends one finding and a newline: "path:line: error: message", or with
 * github a workflow command "::error file=path,line=N::message". Control
 * bytes in names are escaped either way. */
void cc_lint_format(struct cc_buf *out, const struct cc_lint_finding *f, int github);

void cc_lint_release(struct cc_lint *l);

#endif
