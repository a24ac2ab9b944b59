/* status.h - the status file: the check's verdicts as JSON (DESIGN §5).
 *
 * Schema 1. `check --json` prints the same document that is written,
 * atomically, to $STATE/status.json. Paths that are not valid UTF-8 are
 * written in the escaped log form with "path_escaped": true beside them.
 */
#ifndef CC_STATUS_H
#define CC_STATUS_H

#include <jansson.h>

#include "check.h"

#define CC_STATUS_SCHEMA 1

/* Builds the document; the caller owns the reference. extra may add keys
 * (the watcher's "watch") and is merged in when not NULL. */
json_t *cc_status_build(const struct cc_result *res, json_t *extra);

/* Serialises the document the way it is written and printed. The caller frees. */
char *cc_status_dump(json_t *doc);

/* Writes doc to dir/status.json atomically. Returns 0 or -1 with a message. */
int cc_status_save(json_t *doc, int dirfd, const char *dir);

/* Loads and checks dir/status.json. Returns 0 or -1 with a message that
 * says what to do (missing: run a check; corrupt: run a check). */
int cc_status_load(json_t **out, int dirfd, const char *dir);

/* Marks or unmarks the entry of path as acknowledged in dir/status.json when
 * its hashes are u and t, and recounts need_look. A missing status file is
 * left alone. Returns 0 or -1 with a message. */
int cc_status_set_ack(int dirfd, const char *dir, const char *path, cc_hash u, cc_hash t, int on);

/* Whether a status.json file entry needs a look and is listed on its own. */
int cc_status_entry_listed(json_t *file);
#endif
