/* status.h - the status file: the check's verdicts as JSON (DESIGN §5).
 *
 * Schema 1. `check --json` prints the same document that is written,
 * atomically, to $STATE/status.json. Paths that are not valid UTF-8 are
 * written in the escaped log form with "path_escaped": true beside them.
 */
#ifndef CC_STATUS_H
#define CC_STATUS_H

#include <jansson.h>

#include "engine/check.h"

#define CC_STATUS_SCHEMA 1

/* How times are written ("generated_at"), in UTC. */
#define CC_STATUS_TIME_FORMAT "%Y-%m-%dT%H:%M:%SZ"

/* The names "baseline_from" gives each enum cc_method (state.h). */
extern const char *const cc_status_methods[CC_BASE_NEAREST + 1];

/* Builds the document; the caller owns the reference. extra may add keys
 * (the watcher's "watch") and is merged in when not NULL. */
json_t *cc_status_build(const struct cc_result *res, json_t *extra);

/* Serialises the document the way it is written and printed. The caller frees. */
char *cc_status_dump(json_t *doc);

/* Writes doc to dir/status.json atomically. Returns 0 or -1 with a message. */
int cc_status_save(json_t *doc, int dirfd, const char *dir);

/* The most files a status file may list, and so what reading one may cost
 * (a check of 40,000 templates lists at most 40,000). */
#define CC_STATUS_MAX_FILES 100000

/* Reads dir/status.json (through dirfd, never following a symlink, capped
 * as every state file is) back into res as the check that wrote it had it:
 * the entries sorted and counted (cc_result_summarise), unused, the roots,
 * the template set and the warnings; res->state_dir is dir, state_fd -1.
 * Every value the schema defines is checked for its type and range, so that
 * what the app user wrote there cannot reach the presentation unchecked.
 * When doc is not NULL it receives the document as read, for what only it
 * holds (the watcher's "watch" and "watcher"); the caller owns it. Returns 0,
 * or -1 with a one-line message that says what is wrong and what to do:
 * missing, not a regular file, a symlink, too large, not JSON, another
 * schema, a value of the wrong type, more than CC_STATUS_MAX_FILES files or
 * a path listed twice. res must be released either way. */
int cc_status_load(struct cc_result *res, json_t **doc, int dirfd, const char *dir);

/* Marks or unmarks the entry of path as acknowledged in dir/status.json when
 * its hashes are u and t, and counts need_look again as cc_status_load would.
 * A status file that is missing or does not load is left alone. Returns 0 or
 * -1 with a message. */
int cc_status_set_ack(int dirfd, const char *dir, const char *path, cc_hash u, cc_hash t, int on);

/* The length of a generated_at time with its NUL. */
#define CC_STATUS_TIME_LEN 21
/* Formats t (seconds since the epoch) as generated_at: "2026-11-28T16:20:12Z". */
void cc_status_time(char out[CC_STATUS_TIME_LEN], long long t);
#endif
