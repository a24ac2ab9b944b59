/* history.h - every template version confcheck has seen, in git and in an index.
 *
 * A history is a bare git repository. Each distinct template set is one
 * commit on refs/heads/main whose tree holds the templates by their path
 * under the template root (`nginx/ssl.conf.sample`). Beside the git data,
 * the file `confcheck-index` lists the sets and every distinct version of
 * every template path with its hashes, date and blob id, so that the
 * everyday check (the same set as last time) never reads a git object.
 * The index is derived data: when it is missing or unreadable it is
 * rebuilt from the commits.
 *
 * Several histories can be combined: the state dir's own, which is written,
 * and read-only ones shipped in the image.
 */
#ifndef CC_HISTORY_H
#define CC_HISTORY_H

#include <git2.h>

#include "util/buf.h"
#include "util/hash.h"
#include "history/histdata.h"
#include "util/map.h"

/* One template file of a set being recorded. */
struct cc_record_file {
	const char *path; /* template path */
	cc_hash raw;
};

/* Supplies the bytes of files[i] for recording; returns 0 or -1 with a message. */
typedef int (*cc_record_read_fn)(void *ctx, size_t i, struct cc_buf *out);

/* Opens the history at dir, named on purpose (a shipped history, an
 * import's --out): reached through links as named. A missing history is
 * empty (and created on the first record unless readonly). A missing or
 * corrupt index is rebuilt from git; corrupt or unsafe git data
 * (histcheck.h) is moved aside (writable histories only) and the history
 * starts empty; h->warning then says so. Returns 0, or -1 with a message
 * when a read-only history cannot be used at all. */
int cc_history_open(struct cc_history *h, const char *dir, int readonly);
/* Opens the state dir's own history: name in the folder parent_fd (the
 * state dir), never followed when it is a symlink; dir names it in
 * messages. A symlink, a file, corrupt or unsafe git data there is moved
 * aside and started again when writable, and not read at all otherwise
 * (h->warning says so). flags are CC_HIST_*: with CC_HIST_SET_ASIDE it is
 * moved aside, or not read, whatever it holds. Sets h->own. Returns 0 (or
 * -1 as cc_history_open). */
enum {
	CC_HIST_READONLY = 1,  /* never written */
	CC_HIST_SET_ASIDE = 2, /* a check crashed with it: moved aside, or not read */
	CC_HIST_NO_GIT = 4,    /* its index may be read, its git data never (libgit2
				* works by path: not in a folder another user may change) */
};
int cc_history_open_at(struct cc_history *h, int parent_fd, const char *name, const char *dir,
		       unsigned flags);
void cc_history_release(struct cc_history *h);

/* The recorded set with this id, or NULL. */
const struct cc_set *cc_history_find_set(const struct cc_history *h, cc_hash id);

/* The recorded set with this seq, or NULL. */
const struct cc_set *cc_history_set_by_seq(const struct cc_history *h, int seq);

/* The recorded version of path with this raw hash, or NULL (linear in
 * versions; see cc_histories). */
struct cc_version *cc_history_find_version(struct cc_history *h, const char *path, cc_hash raw);

/* Records a template set as a new commit (or returns the existing set with
 * the same id; with h->allow_repeat, only when that set is the newest) and
 * rewrites the index (unless h->defer_index). files must be sorted by path;
 * read supplies the bytes of each file not recorded before, one at a time (a
 * recorded version's blob is reused). *out_seq receives the set's
 * seq. commit_time 0 means now. Corrupt git data is moved aside and the
 * history restarted (h->warning says so). Returns 0 or -1 with a message. */
int cc_history_record(struct cc_history *h, int *out_seq, cc_hash set_id,
		      const struct cc_record_file *files, size_t nfiles, cc_record_read_fn read,
		      void *ctx, const char *label, long long commit_time);

/* Fills the hashes and date of v from the bytes of the version. */
void cc_version_fill(struct cc_version *v, const char *data, size_t len);

/* Reads the blob of a version into out. Returns 0 or -1 with a message. */
int cc_history_read_blob(struct cc_history *h, const git_oid *blob, struct cc_buf *out);

/* All histories in force for one check: the state dir's first, then shipped ones. */
struct cc_histories {
	struct cc_history *list;
	size_t n;
	struct cc_map by_path; /* template path -> struct cc_vlist * */
};

struct cc_vlist {
	struct cc_version **v; /* distinct by raw hash, oldest first */
	size_t n, alloc;
};

/* Builds by_path from every history in list (call after opening or recording). */
void cc_histories_index(struct cc_histories *hs);
void cc_histories_release(struct cc_histories *hs);
/* The versions of path, or NULL. */
const struct cc_vlist *cc_histories_versions(const struct cc_histories *hs, const char *path);
/* Reads the contents of a version from whichever history holds it. */
int cc_histories_read(struct cc_histories *hs, const struct cc_version *v, struct cc_buf *out);
/* The day (YYYYMMDD, UTC) of the first set that holds v, in its history: a
 * date for a version with no version header. 0 when unknown. */
int cc_histories_version_day(const struct cc_histories *hs, const struct cc_version *v);
/* The version in vl (may be NULL) with this raw hash, or NULL. */
const struct cc_version *cc_vlist_find(const struct cc_vlist *vl, cc_hash raw);

#endif
