/* triage_json.c - the triage picture in the shape of status.json. */
#include <string.h>

#include "paste/triage_int.h"

/* Sets key to a new value; a NULL value (memory ran out) fails the whole object. */
static int set(json_t *obj, const char *key, json_t *value)
{
	return value ? json_object_set_new(obj, key, value) : -1;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int set_count(json_t *obj, const char *key, long v)
{
	return v < 0 ? 0 : set(obj, key, json_integer(v));
}

static json_t *summary(const struct cc_triage *t)
{
	json_t *obj = json_object();

	if (!obj || set_count(obj, "current", t->current) < 0 ||
	    set_count(obj, "customized", t->customized) < 0 ||
	    set_count(obj, "outdated", t->outdated) < 0 ||
	    set_count(obj, "conflict", t->conflict) < 0 ||
	    set_count(obj, "unverified", t->unverified) < 0 ||
	    set_count(obj, "orphaned", t->orphaned) < 0 || set_count(obj, "error", t->error) < 0 ||
	    set_count(obj, "unused", t->unused) < 0 ||
	    set_count(obj, "need_look", t->need_look) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static int is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* What the advice says about a conflict's merge, as status.json spells it. */
static const char *merge_of(const struct cc_triage_file *f)
{
	if (!is(f->state, "conflict") || !f->detail)
		return NULL;
	if (strncmp(f->detail, "merges cleanly", 14) == 0)
		return "clean";
	if (strncmp(f->detail, "both changed", 12) == 0)
		return "conflicts";
	return NULL;
}

static json_t *file(const struct cc_triage_file *f)
{
	json_t *obj = json_object();
	const char *merge = merge_of(f);

	if (!obj || set(obj, "path", json_string(f->path)) < 0 ||
	    set(obj, "state", json_string(f->state)) < 0 ||
	    set(obj, "user_version", string_or_null(f->old_version)) < 0 ||
	    set(obj, "template_version", string_or_null(f->new_version)) < 0 ||
	    set(obj, "baseline_version",
		string_or_null(is(f->state, "outdated") ? f->old_version : NULL)) < 0 ||
	    (merge && set(obj, "merge", json_string(merge)) < 0) ||
	    (is(f->state, "error") && set(obj, "reason", string_or_null(f->detail)) < 0) ||
	    (f->detail && set(obj, "detail", json_string(f->detail)) < 0)) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *group(const struct cc_triage_group *g)
{
	json_t *obj = json_object();

	if (!obj || set(obj, "state", json_string(g->state)) < 0 ||
	    set(obj, "count", g->count < 0 ? json_null() : json_integer(g->count)) < 0 ||
	    set(obj, "kind", json_string(g->kind)) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *strings(char *const *list, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, json_string(list[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *template_set(const struct cc_triage *t)
{
	json_t *obj;

	if (!t->set_id && !t->newest_version)
		return json_null();
	obj = json_object();
	if (!obj || set(obj, "id", string_or_null(t->set_id)) < 0 ||
	    set(obj, "newest_version", string_or_null(t->newest_version)) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *format_name(int format)
{
	if (format == CC_TRIAGE_CONFCHECK)
		return json_string("confcheck");
	if (format == CC_TRIAGE_LSIO)
		return json_string("lsio");
	return json_null();
}

json_t *cc_triage_to_json(const struct cc_triage *t)
{
	json_t *doc = NULL, *files = NULL, *groups = NULL, *ret = NULL;
	size_t i;

	if (!t)
		return NULL;
	doc = json_object();
	files = json_array();
	groups = json_array();
	if (!doc || !files || !groups)
		goto done;
	for (i = 0; i < t->nfiles; i++)
		if (json_array_append_new(files, file(&t->files[i])) < 0)
			goto done;
	for (i = 0; i < t->ngroups; i++)
		if (json_array_append_new(groups, group(&t->groups[i])) < 0)
			goto done;
	if (set(doc, "schema", json_integer(1)) < 0 ||
	    set(doc, "source", json_string("triage")) < 0 ||
	    set(doc, "format", format_name(t->format)) < 0 ||
	    set(doc, "complete", json_boolean(t->complete)) < 0 ||
	    set(doc, "tool_version", string_or_null(t->tool_version)) < 0 ||
	    set(doc, "template_set", template_set(t)) < 0 || set(doc, "summary", summary(t)) < 0)
		goto done;
	/* json_object_set_new takes the reference whether it succeeds or not */
	i = set(doc, "files", files) < 0;
	files = NULL;
	if (i || set(doc, "groups", groups) < 0) {
		groups = NULL;
		goto done;
	}
	groups = NULL;
	if (set(doc, "warnings", strings(t->warnings, t->nwarnings)) < 0 ||
	    set(doc, "notes", strings(t->notes, t->nnotes)) < 0)
		goto done;
	ret = doc;
	doc = NULL;
done:
	json_decref(files);
	json_decref(groups);
	json_decref(doc);
	return ret;
}
