/* json.c - dates and paths as every JSON document of confcheck writes them. */
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/header.h"
#include "util/json.h"

json_t *cc_json_path(const char *path, int *escaped)
{
	char *e;
	json_t *j;

	*escaped = 0;
	if (cc_utf8_valid(path, strlen(path)))
		return json_string(path);
	*escaped = 1;
	e = cc_escape_log_str(path);
	j = json_string(e);
	free(e);
	return j;
}

json_t *cc_json_date(int date)
{
	char s[11];

	if (!date)
		return json_null();
	cc_date_format(s, date);
	return json_string(s);
}
