/* status.c - building, writing and reading status.json. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "escape.h"
#include "fs.h"
#include "json.h"
#include "state.h"
#include "status.h"
#include "version.h"

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

	if (flags & CC_FLAG_COSMETIC)
		json_array_append_new(a, json_string("cosmetic"));
	if (flags & CC_FLAG_HEADER_ONLY)
		json_array_append_new(a, json_string("header-only"));
	if (flags & CC_FLAG_ACKNOWLEDGED)
		json_array_append_new(a, json_string("acknowledged"));
	return a;
}

static const char *const method_names[] = {"none", "exact", "header", "remembered", "nearest"};

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
		json_object_set_new(o, "baseline_from", json_string(method_names[e->method]));
	if (e->state == CC_CONFLICT)
		json_object_set_new(o, "merge", e->merge < 0 ? json_null()
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
	char when[32], hex[CC_HASH_HEXLEN + 1];
	time_t t = (time_t)res->generated_at;
	struct tm tm;
	size_t i;
	int esc;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
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

int cc_status_load(json_t **out, int dirfd, const char *dir)
{
	char *path = cc_path_join(dir, CC_STATE_STATUS);
	struct cc_buf b = CC_BUF_INIT;
	json_error_t err;
	json_t *doc = NULL;
	int ret = -1;

	*out = NULL;
	if (dirfd < 0 || cc_fs_read_state_at(&b, dirfd, dir, CC_STATE_STATUS) < 0) {
		if (dirfd < 0 || errno == ENOENT)
			cc_error_set("no status yet in '%s': run 'confcheck check' first", dir);
		goto done;
	}
	doc = json_loadb(b.data, b.len, 0, &err);
	if (!doc || !json_is_object(doc) ||
	    json_integer_value(json_object_get(doc, "schema")) != CC_STATUS_SCHEMA ||
	    !json_is_array(json_object_get(doc, "files")) ||
	    !json_is_object(json_object_get(doc, "summary"))) {
		cc_error_set("status file '%s' is unreadable or from another version: run "
			     "'confcheck check' to write it again",
			     path);
		json_decref(doc);
		goto done;
	}
	*out = doc;
	ret = 0;
done:
	free(path);
	cc_buf_release(&b);
	return ret;
}

static const char *str(json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "";
}

static int has_flag(json_t *file, const char *flag)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(file, "flags"), i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), flag))
			return 1;
	return 0;
}

int cc_status_entry_listed(json_t *file)
{
	int v = cc_verdict_parse(str(json_object_get(file, "state")));

	return v >= 0 && cc_verdict_needs_look((enum cc_verdict)v) && !has_flag(file, "cosmetic") &&
	       !has_flag(file, "acknowledged");
}

static int hash_is(json_t *file, const char *key, cc_hash h)
{
	char hex[CC_HASH_HEXLEN + 1];
	const char *s = json_string_value(json_object_get(file, key));

	cc_hash_hex(hex, h);
	return s && !strcmp(s, hex);
}

int cc_status_set_ack(int dirfd, const char *dir, const char *path, cc_hash u, cc_hash t, int on)
{
	json_t *doc = NULL, *files, *file, *flags, *want, *v;
	size_t i, j, need = 0;
	int esc, ret = 0;

	if (cc_status_load(&doc, dirfd, dir) < 0)
		return 0; /* the next check writes a fresh one */
	files = json_object_get(doc, "files");
	want = cc_json_path(path, &esc);
	json_array_foreach(files, i, file)
	{
		if (json_equal(json_object_get(file, "path"), want) &&
		    hash_is(file, "user_hash", u) && hash_is(file, "template_hash", t)) {
			flags = json_object_get(file, "flags");
			json_array_foreach(flags, j, v)
				if (!strcmp(str(v), "acknowledged"))
					break;
			if (on && j == json_array_size(flags))
				json_array_append_new(flags, json_string("acknowledged"));
			else if (!on && j < json_array_size(flags))
				json_array_remove(flags, j);
		}
		need += (size_t)cc_status_entry_listed(file);
	}
	json_object_set_new(json_object_get(doc, "summary"), "need_look",
			    json_integer((json_int_t)need));
	ret = cc_status_save(doc, dirfd, dir);
	json_decref(want);
	json_decref(doc);
	return ret;
}
