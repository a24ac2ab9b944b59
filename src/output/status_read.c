/* status_read.c - reading status.json back into a check's result, for status and ack.
 * The state dir is the app user's: every value is checked before it is used. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "util/header.h"
#include "util/json.h"
#include "engine/state.h"
#include "output/status.h"

static const char again[] = "run 'confcheck check' to write it again";

/* What one object, or one entry of the files, is read from: for messages. */
struct rd {
	const char *file; /* status.json's path */
	char at[48];	  /* "files[12]", "template_set", or "" for the document */
};

/* Says which value of the document is wrong; returns -1. The value itself is
 * never quoted: the state dir is the app user's, and the message is printed. */
static int bad(const struct rd *r, const char *key, const char *want)
{
	return cc_error_set("status file '%s' is damaged: %s%s%s is not %s: %s", r->file, r->at,
			    *r->at && *key ? "." : "", key, want, again);
}

/* A string, or NULL when the key is missing or null (then an error if need). */
static int rd_str(const struct rd *r, json_t *o, const char *key, int need, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = json_string_value(v);
	if (*out || (!need && (!v || json_is_null(v))))
		return 0;
	return bad(r, key, "a string");
}

static int rd_date(const struct rd *r, json_t *o, const char *key, int *out)
{
	const char *s;

	if (rd_str(r, o, key, 0, &s) < 0)
		return -1;
	*out = s ? cc_date_parse(s) : 0;
	return s && !*out ? bad(r, key, "a date") : 0;
}

static int rd_hash(const struct rd *r, json_t *o, const char *key, int *has, cc_hash *out)
{
	const char *s;

	if (rd_str(r, o, key, 0, &s) < 0)
		return -1;
	*has = s != NULL;
	*out = 0;
	return s && cc_hash_parse(out, s) < 0 ? bad(r, key, "a hash") : 0;
}

/* The index of the string in names, or dflt when the key is missing or null;
 * what says what names are, for the message. */
static int rd_name(const struct rd *r, json_t *o, const char *key, const char *const *names, int n,
		   const char *what, int dflt, int *out)
{
	const char *s;
	int i;

	if (rd_str(r, o, key, 0, &s) < 0)
		return -1;
	*out = dflt;
	if (!s)
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s)) {
			*out = i;
			return 0;
		}
	return bad(r, key, what);
}

static int rd_flags(const struct rd *r, json_t *o, int *out)
{
	json_t *a = json_object_get(o, "flags"), *v;
	size_t i;
	int f;

	*out = 0;
	if (!json_is_array(a))
		return bad(r, "flags", "a list of flags");
	json_array_foreach(a, i, v)
	{
		f = json_is_string(v) ? cc_flag_parse(json_string_value(v)) : 0;
		if (!f)
			return bad(r, "flags", "a list of flags");
		*out |= f;
	}
	return 0;
}

/* The user path, back to its bytes when it was written escaped. */
static int rd_path(const struct rd *r, json_t *o, char **out)
{
	json_t *esc = json_object_get(o, "path_escaped");
	struct cc_buf b = CC_BUF_INIT;
	const char *s;

	if (rd_str(r, o, "path", 1, &s) < 0)
		return -1;
	if (esc && !json_is_boolean(esc))
		return bad(r, "path_escaped", "true or false");
	if (json_is_true(esc))
		cc_unescape_log(&b, s, strlen(s));
	else
		cc_buf_adds(&b, s);
	if (!b.len || memchr(b.data, '\0', b.len)) {
		cc_buf_release(&b);
		return bad(r, "path", "a path");
	}
	*out = cc_buf_detach(&b);
	return 0;
}

static const char *const merge_names[] = {"conflicts", "clean"};
static const char *const header_names[] = {"malformed", "duplicate"};

static int rd_entry(const struct rd *r, json_t *f, struct cc_entry *e)
{
	const char *tpath, *state, *reason;
	int hdr;

	e->merge = -1;
	if (!json_is_object(f))
		return bad(r, "", "an object");
	if (rd_path(r, f, &e->path) < 0 || rd_str(r, f, "template", 1, &tpath) < 0 ||
	    rd_str(r, f, "state", 1, &state) < 0)
		return -1;
	e->template_path = cc_strdup(tpath);
	if (cc_verdict_parse(state) < 0)
		return bad(r, "state", "a verdict");
	e->state = (enum cc_verdict)cc_verdict_parse(state);
	if (rd_flags(r, f, &e->flags) < 0 || rd_date(r, f, "user_version", &e->user_date) < 0 ||
	    rd_date(r, f, "template_version", &e->template_date) < 0 ||
	    rd_date(r, f, "baseline_version", &e->baseline_date) < 0 ||
	    rd_hash(r, f, "user_hash", &e->has_user, &e->user_hash) < 0 ||
	    rd_hash(r, f, "template_hash", &e->has_template, &e->template_hash) < 0 ||
	    rd_hash(r, f, "baseline_hash", &e->has_base, &e->base_hash) < 0 ||
	    rd_name(r, f, "baseline_from", cc_status_methods, CC_BASE_NEAREST + 1,
		    "a way to find a baseline", CC_BASE_NONE, &e->method) < 0 ||
	    rd_name(r, f, "merge", merge_names, 2, "clean or conflicts", -1, &e->merge) < 0 ||
	    rd_name(r, f, "header", header_names, 2, "malformed or duplicate", -1, &hdr) < 0 ||
	    rd_str(r, f, "reason", 0, &reason) < 0)
		return -1;
	if (e->state != CC_CONFLICT)
		e->merge = -1; /* as the check has it */
	e->findings = hdr == 0 ? CC_HDR_MALFORMED : hdr == 1 ? CC_HDR_DUPLICATE : 0;
	e->reason = reason ? cc_strdup(reason) : NULL;
	return 0;
}

/* Every count of the summary is a count. */
static int rd_summary(const struct rd *r, json_t *sum, size_t *unused)
{
	const char *key;
	json_t *v;

	if (!json_is_object(sum))
		return bad(r, "summary", "an object");
	json_object_foreach(sum, key, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return bad(r, "summary", "a set of counts");
	}
	if (!json_is_integer(json_object_get(sum, "unused")))
		return bad(r, "summary.unused", "a count");
	*unused = (size_t)json_integer_value(json_object_get(sum, "unused"));
	return 0;
}

/* An array of strings, copied; a missing one is empty when it may be. */
static int rd_strings(const struct rd *r, json_t *o, const char *key, int need, char ***out,
		      size_t *n)
{
	json_t *a = json_object_get(o, key), *v;
	const char *s;
	size_t i;

	if (!a && !need)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > CC_STATUS_MAX_FILES)
		return bad(r, key, "a list of strings");
	*out = cc_calloc(json_array_size(a) + 1, sizeof(**out));
	json_array_foreach(a, i, v)
	{
		if (!(s = json_string_value(v)))
			return bad(r, key, "a list of strings");
		(*out)[(*n)++] = cc_strdup(s);
	}
	return 0;
}

static int rd_set(const struct rd *doc, json_t *set, struct cc_result *res)
{
	struct rd r = *doc;
	const char *label;
	int has;

	snprintf(r.at, sizeof(r.at), "template_set");
	if (!json_is_object(set))
		return bad(doc, "template_set", "an object");
	if (rd_hash(&r, set, "id", &has, &res->set_id) < 0 ||
	    rd_date(&r, set, "newest_version", &res->newest) < 0 ||
	    rd_str(&r, set, "label", 0, &label) < 0)
		return -1;
	if (!has)
		return bad(&r, "id", "a hash");
	res->label = label ? cc_strdup(label) : NULL;
	return 0;
}

/* What the watcher added: `status` reads it from the document itself. */
static int rd_watch(const struct rd *r, json_t *doc)
{
	json_t *w = json_object_get(doc, "watcher"), *reason = json_object_get(w, "reason");
	const char *s;

	if (rd_str(r, doc, "watch", 0, &s) < 0)
		return -1;
	if (w && !json_is_object(w))
		return bad(r, "watcher", "an object");
	if (reason && !json_is_null(reason) && !json_is_string(reason))
		return bad(r, "watcher.reason", "a string");
	return 0;
}

static int rd_time(const struct rd *r, json_t *doc, long long *out)
{
	const char *s, *end;
	struct tm tm;

	if (rd_str(r, doc, "generated_at", 1, &s) < 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, CC_STATUS_TIME_FORMAT, &tm);
	if (!end || *end)
		return bad(r, "generated_at", "a time");
	*out = (long long)timegm(&tm);
	return 0;
}

/* The document back as the check's result: see cc_status_load. */
static int doc_result(struct cc_result *res, json_t *doc, const char *file, const char *dir)
{
	json_t *files = json_object_get(doc, "files"), *f;
	struct rd r = {file, ""}, er = {file, ""};
	const char *root;
	size_t i;

	memset(res, 0, sizeof(*res));
	res->state_fd = -1;
	res->state_dir = cc_strdup(dir);
	if (!json_is_array(files)) {
		bad(&r, "files", "a list of files");
		goto fail;
	}
	if (json_array_size(files) > CC_STATUS_MAX_FILES) {
		cc_error_set("status file '%s' lists more than %d files: %s", file,
			     CC_STATUS_MAX_FILES, again);
		goto fail;
	}
	if (rd_time(&r, doc, &res->generated_at) < 0 ||
	    rd_str(&r, doc, "config_root", 1, &root) < 0)
		goto fail;
	res->config_root = cc_strdup(root);
	if (rd_strings(&r, doc, "template_roots", 1, &res->template_roots, &res->ntemplate_roots) <
		0 ||
	    rd_set(&r, json_object_get(doc, "template_set"), res) < 0 ||
	    rd_summary(&r, json_object_get(doc, "summary"), &res->unused) < 0 ||
	    rd_strings(&r, doc, "warnings", 0, &res->warnings, &res->nwarnings) < 0 ||
	    rd_watch(&r, doc) < 0)
		goto fail;
	res->warnings_alloc = res->nwarnings;
	res->entries = cc_calloc(json_array_size(files) + 1, sizeof(*res->entries));
	res->entries_alloc = json_array_size(files) + 1;
	json_array_foreach(files, i, f)
	{
		snprintf(er.at, sizeof(er.at), "files[%zu]", i);
		if (rd_entry(&er, f, &res->entries[res->nentries++]) < 0)
			goto fail;
	}
	cc_result_summarise(res);
	for (i = 1; i < res->nentries; i++)
		if (!strcmp(res->entries[i - 1].path, res->entries[i].path)) {
			cc_error_set("status file '%s' is damaged: a path is listed twice: %s",
				     file, again);
			goto fail;
		}
	return 0;
fail:
	cc_result_release(res);
	return -1;
}

/* A bound on what parsing text would cost, checked before jansson builds it:
 * an object or array costs it about 250 bytes, any other value about 40, so
 * that 64 MiB of "{}," would take 5 GB. A real entry of the files is two
 * containers and some 30 values; the limits leave room for
 * CC_STATUS_MAX_FILES of them and as many warnings. */
#define MAX_CONTAINERS (2 * (size_t)CC_STATUS_MAX_FILES + 64)
#define MAX_VALUES (64 * (size_t)CC_STATUS_MAX_FILES)

static int too_many_values(const char *s, size_t n)
{
	size_t containers = 0, values = 0, i;
	int in_string = 0;

	for (i = 0; i < n; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
		} else if (s[i] == '"') {
			in_string = 1;
		} else if (s[i] == '{' || s[i] == '[') {
			containers++;
		} else if (s[i] == ',' || s[i] == ':') {
			values++;
		}
	}
	return containers > MAX_CONTAINERS || values > MAX_VALUES;
}

/* Reads dir/status.json as JSON of this schema; file is its path, for messages. */
static int read_doc(json_t **out, int dirfd, const char *dir, const char *file)
{
	struct cc_buf b = CC_BUF_INIT;
	json_error_t err;
	json_t *doc = NULL;
	int ret = -1;

	*out = NULL;
	if (dirfd < 0 || cc_fs_read_state_at(&b, dirfd, dir, CC_STATE_STATUS) < 0) {
		if (dirfd < 0 || errno == ENOENT)
			cc_error_set("no status yet in '%s': run 'confcheck check' first", dir);
		else if (errno == ELOOP)
			cc_error_set(
			    "status file '%s' is a symlink, which confcheck never follows: %s",
			    file, again);
		else
			cc_error_set("%s: %s", cc_error_last(), again);
		goto done;
	}
	if (too_many_values(b.data, b.len)) {
		cc_error_set("status file '%s' holds more than %d files' worth of values: %s", file,
			     CC_STATUS_MAX_FILES, again);
		goto done;
	}
	doc = json_loadb(b.data, b.len, 0, &err);
	if (!doc) {
		/* err.text may quote the file: the line number is enough */
		cc_error_set("status file '%s' is not valid JSON (line %d): %s", file, err.line,
			     again);
		goto done;
	}
	if (!json_is_object(doc)) {
		cc_error_set("status file '%s' is not a JSON object: %s", file, again);
		goto done;
	}
	if (!json_is_integer(json_object_get(doc, "schema")) ||
	    json_integer_value(json_object_get(doc, "schema")) != CC_STATUS_SCHEMA) {
		cc_error_set("status file '%s' is from another version of confcheck: %s", file,
			     again);
		goto done;
	}
	*out = doc;
	doc = NULL;
	ret = 0;
done:
	json_decref(doc);
	cc_buf_release(&b);
	return ret;
}

int cc_status_load(struct cc_result *res, json_t **doc, int dirfd, const char *dir)
{
	char *file = cc_path_join(dir, CC_STATE_STATUS);
	json_t *d = NULL;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	res->state_fd = -1;
	if (doc)
		*doc = NULL;
	if (read_doc(&d, dirfd, dir, file) < 0 || doc_result(res, d, file, dir) < 0)
		goto done;
	if (doc) {
		*doc = d;
		d = NULL;
	}
	ret = 0;
done:
	json_decref(d);
	free(file);
	return ret;
}

static int hash_is(json_t *file, const char *key, cc_hash h)
{
	char hex[CC_HASH_HEXLEN + 1];
	const char *s = json_string_value(json_object_get(file, key));

	cc_hash_hex(hex, h);
	return s && !strcmp(s, hex);
}

/* Adds or removes the acknowledged flag of one entry's flags. */
static void set_acknowledged(json_t *flags, int on)
{
	const char *name = cc_flag_name(CC_FLAG_ACKNOWLEDGED);
	json_t *v;
	size_t i;

	json_array_foreach(flags, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), name))
			break;
	}
	if (on && i == json_array_size(flags))
		json_array_append_new(flags, json_string(name));
	else if (!on && i < json_array_size(flags))
		json_array_remove(flags, i);
}

int cc_status_set_ack(int dirfd, const char *dir, const char *path, cc_hash u, cc_hash t, int on)
{
	char *file = cc_path_join(dir, CC_STATE_STATUS);
	struct cc_result res;
	json_t *doc = NULL, *f, *want = NULL;
	size_t i;
	int esc, ret = 0;

	memset(&res, 0, sizeof(res));
	if (read_doc(&doc, dirfd, dir, file) < 0)
		goto done; /* the next check writes a fresh one */
	want = cc_json_path(path, &esc);
	json_array_foreach(json_object_get(doc, "files"), i, f)
	{
		if (json_equal(json_object_get(f, "path"), want) && hash_is(f, "user_hash", u) &&
		    hash_is(f, "template_hash", t))
			set_acknowledged(json_object_get(f, "flags"), on);
	}
	/* counted the way `status` counts it: the document read back as a result;
	 * one that does not read back is left for the next check to write again */
	if (doc_result(&res, doc, file, dir) < 0)
		goto done;
	json_object_set_new(json_object_get(doc, "summary"), "need_look",
			    json_integer((json_int_t)res.need_look));
	ret = cc_status_save(doc, dirfd, dir);
done:
	cc_result_release(&res);
	json_decref(want);
	json_decref(doc);
	free(file);
	return ret;
}
