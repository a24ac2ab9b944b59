/* json.h - the JSON values every document of confcheck writes the same way: dates and
 * paths (status.json, events, notifications, history listings). */
#ifndef CC_JSON_H
#define CC_JSON_H

#include <jansson.h>

/* A YYYY-MM-DD string for a YYYYMMDD date, or null for 0. The caller owns the reference. */
json_t *cc_json_date(int date);

/* A JSON string of path's bytes (valid UTF-8 whatever they are): sets *escaped when the
 * log form (escape.h) had to be used. The caller owns the reference. */
json_t *cc_json_path(const char *path, int *escaped);

#endif
