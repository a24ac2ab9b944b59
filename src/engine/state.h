/* state.h - confcheck's own folder: what it remembers between runs.
 *
 *   history/      the template history (history.h)
 *   files         per user file: first sighting, remembered baseline, caches
 *   acks          acknowledged (user, template) content pairs
 *   status.json   the last verdicts (status.h)
 *   lock          held while a check or an ack writes
 *
 * Everything here is derived or advisory: a missing or unreadable file is
 * started again with a warning, never a failure of the check.
 */
#ifndef CC_STATE_H
#define CC_STATE_H

#include "util/hash.h"
#include "util/map.h"

#define CC_STATE_HISTORY "history"
#define CC_STATE_FILES "files"
#define CC_STATE_ACKS "acks"
#define CC_STATE_STATUS "status.json"
#define CC_STATE_LOCK "lock"
/* The state dir's name in the config root when none is named. */
#define CC_STATE_DEFAULT ".confcheck"
/* How long a writer waits for the lock by default (CONFCHECK_LOCK_TIMEOUT). */
#define CC_STATE_LOCK_MS 10000L

enum cc_method {
	CC_BASE_NONE = 0,
	CC_BASE_EXACT,
	CC_BASE_HEADER,
	CC_BASE_REMEMBERED,
	CC_BASE_NEAREST,
};

/* What is remembered of one user file. */
struct cc_filemem {
	char *path;	    /* user path relative to the config root */
	int first_seen;	    /* seq of the state history's set when first seen */
	int has_remembered; /* a baseline established by an exact match */
	cc_hash remembered;
	/* the last inference, valid while the user's hash and the versions stay */
	int has_cache;
	cc_hash cache_user;
	int cache_method;   /* enum cc_method */
	cc_hash cache_base; /* meaningful unless cache_method is CC_BASE_NONE */
	int cache_nver;	    /* versions of the template known at the time */
	int used;	    /* touched by this run: kept when saving */
};

struct cc_mergememo {
	cc_hash u, b, t;
	int clean;
	int used;
};

struct cc_ack {
	char *path;
	cc_hash u, t;
	long long time;
};

struct cc_state {
	char *dir;	     /* for messages: every access goes through fd */
	int fd;		     /* the state dir, opened once without following a
			      * symlink; -1 when it does not exist (or was refused) */
	int refused;	     /* it is a symlink: nothing is read or written there */
	int ours;	     /* fd passes cc_dir_owned: it may be written, and its
			      * history handed to libgit2 */
	long lock_ms;	     /* how long cc_state_lock(st, 1) waits */
	int lock_fd;	     /* -1 when not locked */
	struct cc_map files; /* path -> struct cc_filemem * */
	struct cc_mergememo *merges;
	size_t nmerges, merges_alloc;
	struct cc_ack *acks;
	size_t nacks, acks_alloc;
	char *warning;	    /* set when a file was unreadable and started again */
	char *files_loaded; /* the files state as read, to skip writing it unchanged */
};

/* Opens the state dir dir: named on purpose (--state), it is opened as
 * given but for its last component, which is never followed; otherwise it
 * is CC_STATE_DEFAULT in the config root config_fd, never followed either.
 * With create, it is made when missing, and must belong to the user
 * confcheck runs as (cc_dir_owned); then the lock is taken, waiting up to
 * lock_ms for another writer. Loads files and acks. Returns 0, or -1 with a
 * message when it cannot be written (made, owned, locked): st is usable in
 * memory, read-only, either way. */
int cc_state_open(struct cc_state *st, int config_fd, const char *dir, int named, int create,
		  long lock_ms);
/* Releases the lock of a state dir opened with create, so that other
 * writers (ack, a manual check) may go ahead while this one stays open. */
void cc_state_unlock(struct cc_state *st);
/* Takes the lock again after cc_state_unlock. With wait 0 it returns -1
 * at once (errno EWOULDBLOCK) while another writer holds it; otherwise it
 * waits up to st->lock_ms. Returns 0, or -1 with a message. */
int cc_state_lock(struct cc_state *st, int wait);
/* Writes the files memory (only entries marked used) atomically. */
int cc_state_save(struct cc_state *st);
/* Writes the acks atomically. */
int cc_state_save_acks(struct cc_state *st);
void cc_state_release(struct cc_state *st);

/* Marks every file memory and merge memo unused: a check then marks what it
 * touches, and saving drops the rest (files and templates that went away). */
void cc_state_unmark(struct cc_state *st);

/* The memory of path, created when missing (first_seen = seq). */
struct cc_filemem *cc_state_file(struct cc_state *st, const char *path, int seq);

/* The remembered merge result of (u, b, t): 1 clean, 0 conflicts, -1 unknown. */
int cc_state_merge_get(struct cc_state *st, cc_hash u, cc_hash b, cc_hash t);
void cc_state_merge_put(struct cc_state *st, cc_hash u, cc_hash b, cc_hash t, int clean);

/* The ack of path, or NULL. */
struct cc_ack *cc_state_ack_find(struct cc_state *st, const char *path);
/* Records or replaces the ack of path. */
void cc_state_ack_set(struct cc_state *st, const char *path, cc_hash u, cc_hash t);
/* Removes the ack of path; returns 1 when there was one. */
int cc_state_ack_remove(struct cc_state *st, const char *path);

#endif
