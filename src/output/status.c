/* status.c - building and writing status.json. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "util/header.h"
#include "util/json.h"
#include "engine/state.h"
#include "output/status.h"
#include "util/version.h"

static json_t *hash_or_null(int has, cc_hash h)
{
	char hex[CC_HASH_HEXLEN + 1];

	if (!has)
		return json_null();
	cc_hash_hex(hex, h);
	return json_string(hex);
}

static json_t *flags_json(int flags)
{
	json_t *a = json_array();
	int f;

	for (f = 1; f <= CC_FLAG_ACKNOWLEDGED; f <<= 1)
		if (flags & f)
			json_array_append_new(a, json_string(cc_flag_name(f)));
	return a;
}

void cc_status_time(char out[CC_STATUS_TIME_LEN], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, CC_STATUS_TIME_LEN, CC_STATUS_TIME_FORMAT, &tm))
		snprintf(out, CC_STATUS_TIME_LEN, "-");
}

const char *const cc_status_methods[CC_BASE_NEAREST + 1] = {"none", "exact", "header", "remembered",
							    "nearest"};

static json_t *entry_json(const struct cc_entry *e)
{
	json_t *o = json_object();
	int esc;

	json_object_set_new(o, "path", cc_json_path(e->path, &esc));
	if (esc)
		json_object_set_new(o, "path_escaped", json_true());
	json_object_set_new(o, "template", cc_json_path(e->template_path, &esc));
	json_object_set_new(o, "state", json_string(cc_verdict_name(e->state)));
	json_object_set_new(o, "flags", flags_json(e->flags));
	json_object_set_new(o, "user_version", cc_json_date(e->user_date));
	json_object_set_new(o, "template_version", cc_json_date(e->template_date));
	json_object_set_new(o, "baseline_version",
			    e->has_base ? cc_json_date(e->baseline_date) : json_null());
	json_object_set_new(o, "user_hash", hash_or_null(e->has_user, e->user_hash));
	json_object_set_new(o, "template_hash", hash_or_null(e->has_template, e->template_hash));
	json_object_set_new(o, "baseline_hash", hash_or_null(e->has_base, e->base_hash));
	if (e->state != CC_ERROR && e->state != CC_ORPHANED)
		json_object_set_new(o, "baseline_from", json_string(cc_status_methods[e->method]));
	if (e->state == CC_CONFLICT)
		json_object_set_new(o, "merge",
				    e->merge < 0 ? json_null()
						 : json_string(e->merge ? "clean" : "conflicts"));
	/* an error always says why, escaped when it quotes a name that is not UTF-8 */
	if (e->reason || e->state == CC_ERROR)
		json_object_set_new(o, "reason",
				    cc_json_path(e->reason ? e->reason : "unknown error", &esc));
	if (e->findings & CC_HDR_MALFORMED)
		json_object_set_new(o, "header", json_string("malformed"));
	else if (e->findings & CC_HDR_DUPLICATE)
		json_object_set_new(o, "header", json_string("duplicate"));
	return o;
}

json_t *cc_status_build(const struct cc_result *res, json_t *extra)
{
	json_t *doc = json_object(), *roots = json_array(), *set = json_object(),
	       *sum = json_object(), *files = json_array(), *warn = json_array();
	char when[CC_STATUS_TIME_LEN], hex[CC_HASH_HEXLEN + 1];
	size_t i;
	int esc;

	cc_status_time(when, res->generated_at);
	json_object_set_new(doc, "schema", json_integer(CC_STATUS_SCHEMA));
	json_object_set_new(doc, "generated_at", json_string(when));
	json_object_set_new(doc, "tool_version", json_string(CC_VERSION));
	json_object_set_new(doc, "config_root", cc_json_path(res->config_root, &esc));
	for (i = 0; i < res->ntemplate_roots; i++)
		json_array_append_new(roots, cc_json_path(res->template_roots[i], &esc));
	json_object_set_new(doc, "template_roots", roots);
	cc_hash_hex(hex, res->set_id);
	json_object_set_new(set, "id", json_string(hex));
	json_object_set_new(set, "newest_version", cc_json_date(res->newest));
	json_object_set_new(set, "label", res->label ? json_string(res->label) : json_null());
	json_object_set_new(doc, "template_set", set);
	for (i = 0; i < CC_NVERDICTS; i++)
		json_object_set_new(sum, cc_verdict_name((enum cc_verdict)i),
				    json_integer((json_int_t)res->counts[i]));
	json_object_set_new(sum, "unused", json_integer((json_int_t)res->unused));
	json_object_set_new(sum, "need_look", json_integer((json_int_t)res->need_look));
	json_object_set_new(doc, "summary", sum);
	for (i = 0; i < res->nentries; i++)
		json_array_append_new(files, entry_json(&res->entries[i]));
	json_object_set_new(doc, "files", files);
	for (i = 0; i < res->nwarnings; i++)
		json_array_append_new(warn, cc_json_path(res->warnings[i], &esc));
	json_object_set_new(doc, "warnings", warn);
	if (extra)
		json_object_update(doc, extra);
	return doc;
}

char *cc_status_dump(json_t *doc)
{
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char *out;

	if (!s)
		return cc_strdup("{}\n");
	out = cc_asprintf("%s\n", s);
	free(s);
	return out;
}

int cc_status_save(json_t *doc, int dirfd, const char *dir)
{
	char *s = cc_status_dump(doc);
	int ret = dirfd < 0 ? cc_error_set("state dir '%s' is not open", dir)
			    : cc_fs_write_atomic_at(dirfd, dir, CC_STATE_STATUS, s, strlen(s));

	free(s);
	return ret;
}
