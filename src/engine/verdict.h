/* verdict.h - what happened to one user file: baseline inference and the verdict table.
 *
 * U = the user's file, T = the template shipped now, B = the baseline (the
 * recorded template version U was derived from). DESIGN §4 is the contract:
 *
 *   U == T                  current      (B moves to T)
 *   U == B, T != B          outdated
 *   U != B, T == B          customized
 *   U != B, T != B          conflict
 *   B unknown, U != T       unverified
 */
#ifndef CC_VERDICT_H
#define CC_VERDICT_H

#include "util/hash.h"
#include "util/header.h"
#include "history/history.h"
#include "engine/state.h"

enum cc_verdict {
	CC_CURRENT,
	CC_CUSTOMIZED,
	CC_OUTDATED,
	CC_CONFLICT,
	CC_UNVERIFIED,
	CC_ORPHANED,
	CC_ERROR,
	CC_NVERDICTS
};

enum {
	CC_FLAG_COSMETIC = 1,
	CC_FLAG_HEADER_ONLY = 2,
	CC_FLAG_ACKNOWLEDGED = 4,
};

/* Similarity below which the nearest recorded version is not taken as a baseline. */
#define CC_NEAREST_MIN 0.5

/* "current", "customized", ... */
const char *cc_verdict_name(enum cc_verdict v);
/* The verdict for the name, or -1. */
int cc_verdict_parse(const char *name);
/* Whether a verdict asks the user to look (flags may still group it away). */
int cc_verdict_needs_look(enum cc_verdict v);
/* "cosmetic", "header-only" or "acknowledged" for one CC_FLAG_* bit; NULL for anything else. */
const char *cc_flag_name(int flag);
/* The CC_FLAG_* bit of the name, or 0. */
int cc_flag_parse(const char *name);

/* The verdict table for a file whose template is shipped now. */
enum cc_verdict cc_verdict_decide(cc_hash u, cc_hash t, int has_b, cc_hash b);

/* The user's file as read now. */
struct cc_userfile {
	const char *data;
	size_t len;
	cc_hash raw;
	struct cc_header hdr;
};

/* Finds the baseline of a user file among the recorded versions vl (may be
 * NULL), in the order of DESIGN §3: an exact match; the version its header
 * names (the nearest of several with that date); the baseline remembered
 * from an earlier exact match; the nearest in content among versions that
 * could have been its start (recorded before the file was first seen, or
 * shipped), when the file has no header. Reads blobs only for the last two
 * cases, and caches the answer in mem. Returns the version or NULL; *method
 * receives the cc_method. */
const struct cc_version *cc_baseline_infer(struct cc_histories *hs, const struct cc_vlist *vl,
					   const struct cc_userfile *u, struct cc_filemem *mem,
					   int *method);

/* Line similarity of two texts in [0, 1] (shared lines over all lines). */
double cc_similarity(const char *a, size_t alen, const char *b, size_t blen);

#endif
