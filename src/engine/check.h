/* check.h - the check: scan, record, give every user file its verdict.
 *
 * cc_check_run is the engine's one entry point for `check` and the watcher.
 * It never prints and never exits: what it could not do (a state dir it
 * cannot write, a history it had to rebuild) becomes a warning in the
 * result, and the verdicts are given all the same.
 */
#ifndef CC_CHECK_H
#define CC_CHECK_H

#include <stddef.h>

#include "util/hash.h"
#include "history/history.h"
#include "engine/scan.h"
#include "engine/state.h"
#include "engine/verdict.h"

/* Where to look; every string is borrowed. */
struct cc_config {
	char **template_roots;
	size_t ntemplate_roots;
	char **maps; /* mapping files named on purpose (--map, CONFCHECK_MAP) */
	size_t nmaps;
	const char *config_root;
	const char *state_dir; /* NULL: $config_root/.confcheck */
	char **histories;      /* shipped, read-only histories */
	size_t nhistories;
	const char *label;     /* CONFCHECK_IMAGE, for a new template set */
	int no_write;	       /* look only: never create or write the state dir */
	long lock_ms;	       /* how long to wait for the state dir's lock; 0: the default */
	long deadline_ms;      /* cc_clock_ms() past which no more files are judged; 0: none */
	int set_aside_history; /* a check crashed with this state history: move it aside
				* (or, read-only, do not read it) before anything else */
};

/* A monotonic clock in milliseconds, for deadlines. */
long cc_clock_ms(void);

/* The verdict on one user file. */
struct cc_entry {
	char *path;	     /* user file, relative to the config root */
	char *template_path; /* template, relative to its root or absolute; for an
			      * orphan, the key its history has (mapping.h) */
	enum cc_verdict state;
	int flags;				     /* CC_FLAG_* */
	int user_date, template_date, baseline_date; /* YYYYMMDD or 0 */
	int has_user, has_template, has_base;
	cc_hash user_hash, template_hash, base_hash;
	int method;   /* enum cc_method */
	int merge;    /* conflicts: 1 clean, 0 conflicts, -1 unknown; else -1 */
	int findings; /* header findings in the user's file */
	char *reason; /* error: why */
};

struct cc_result {
	char *config_root; /* canonical */
	char *state_dir;
	int state_fd;	   /* the state dir, opened once (owned); -1 when it is not there */
	int state_refused; /* the state dir is a symlink, or not the user's: write nothing there */
	char **template_roots; /* canonical */
	size_t ntemplate_roots;
	cc_hash set_id;
	int newest; /* newest template version date */
	char *label;
	long long generated_at;
	struct cc_entry *entries; /* sorted by path */
	size_t nentries, entries_alloc;
	size_t counts[CC_NVERDICTS];
	size_t unused;
	size_t need_look; /* entries that need a look and are not grouped away */
	char **warnings;
	size_t nwarnings, warnings_alloc;
};

/* Runs the check. Returns 0, or -1 with a message when it cannot check at
 * all (a template or config root missing). */
int cc_check_run(struct cc_result *res, const struct cc_config *cfg);

/* A check kept open, for the watcher: the template set, histories, state
 * and verdicts stay loaded so that one changed file costs one verdict. */
struct cc_session;

/* Runs a full check and keeps it open. cfg must outlive the session.
 * Returns 0, or -1 with a message (as cc_check_run). */
int cc_session_open(struct cc_session **out, const struct cc_config *cfg);
/* The session's verdicts, kept sorted and counted; owned by the session. */
struct cc_result *cc_session_result(struct cc_session *s);
/* Gives the user file path (relative to the config root) its verdict again.
 * *before and *after receive the old and new cc_verdict, or -1 when there
 * was or is no entry (no file, or no template maps to path). Returns 1 when
 * the state or flags changed, 0 otherwise. */
int cc_session_refresh(struct cc_session *s, const char *path, int *before, int *after);
/* Writes what the session remembers of user files (a warning on failure).
 * After cc_session_unlock it takes the state dir lock only for the write,
 * without waiting: while another writer holds it, the write is left for
 * the next call (the session keeps what it remembers). */
void cc_session_save(struct cc_session *s);
/* Releases the state dir lock that cc_session_open took, so that a session
 * kept open for long (the watcher) does not hold up ack or a manual check. */
void cc_session_unlock(struct cc_session *s);
/* Calls fn with every user path the session gives verdicts on, whether the
 * file exists or not: the user file of every shipped template and of every
 * template recorded in history but no longer shipped. Paths inside the
 * state dir, `*.sample` paths and paths a map says are not the user's are left out. */
void cc_session_foreach_path(struct cc_session *s, void (*fn)(void *arg, const char *path),
			     void *arg);
void cc_session_close(struct cc_session *s);
void cc_result_release(struct cc_result *res);

/* The entry of the user path, or NULL (a binary search: entries are sorted). */
struct cc_entry *cc_result_find(const struct cc_result *res, const char *path);

/* Adds a warning (takes ownership of msg). */
void cc_result_warn(struct cc_result *res, char *msg);

/* Whether an entry needs a look and is listed on its own (not grouped). */
int cc_entry_listed(const struct cc_entry *e);

/* Sorts the entries by path and counts them again: counts and need_look
 * (cc_entry_listed). unused is not the entries' to say, and is left as it is. */
void cc_result_summarise(struct cc_result *res);

/* The state dir for a config: cfg->state_dir or $config_root/.confcheck. The caller frees. */
char *cc_config_state_dir(const struct cc_config *cfg);
/* Opens that state dir to read it, as the check does (its last component,
 * or the default's, never followed). Returns the descriptor, or -1 with a
 * message. */
int cc_config_state_open(const struct cc_config *cfg);

/* Everything a command needs to work on one file: the roots, the state and
 * the histories, opened the way the check opens them (never writing). */
struct cc_context {
	struct cc_tset tset;
	struct cc_root config;
	struct cc_state state;
	struct cc_history *hist;
	struct cc_histories hs;
	char *state_dir;
	char **warnings; /* what opening it found wrong, owned, in the order found */
	size_t nwarnings, warnings_alloc;
	int state_refused; /* the state dir may not be read (see cc_result) */
};

/* Opens a context for commands that look at single files. With lock, the
 * state dir is created and locked (ack). Returns 0 or -1 with a message; the
 * warnings a check would print (a state dir or history refused or set aside, an
 * unreadable template) are in ctx->warnings for the command to print. */
int cc_context_open(struct cc_context *ctx, const struct cc_config *cfg, int lock);
/* Makes ctx an empty context, safe to release: a zeroed one is not, since it
 * names descriptor 0. cc_context_open does this first. */
void cc_context_init(struct cc_context *ctx);
/* Closes and frees what ctx holds, and leaves it empty (as cc_context_init). */
void cc_context_release(struct cc_context *ctx);

#endif
