/* cmd_status.c - `confcheck status`: the last verdicts, without rescanning. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "commands.h"
#include "error.h"
#include "escape.h"
#include "status.h"

enum { STATUS_JSON, STATUS_ALL };

const struct cc_option cmd_status_opts[] = {
    [STATUS_JSON] = {"json", no_argument, NULL, 0},
    [STATUS_ALL] = {"all", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static const char *colour_of(const char *state)
{
	static const struct {
		const char *state, *colour;
	} map[] = {
		{"current", "\033[32m"},  {"customized", "\033[36m"}, {"outdated", "\033[33m"},
		{"conflict", "\033[31m"}, {"unverified", "\033[35m"}, {"orphaned", "\033[34m"},
		{"error", "\033[1;31m"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].state, state))
			return map[i].colour;
	return "";
}

/* What the user should do, in a few words. */
static char *next_step(json_t *f)
{
	const char *state = str(f, "state"), *merge = str(f, "merge");
	char *path = cc_escape_log_str(str(f, "path")), *s;

	if (!strcmp(state, "conflict"))
		s = !strcmp(merge, "clean") ? cc_asprintf("merges cleanly: confcheck merge %s", path)
					    : cc_asprintf("review: confcheck diff %s", path);
	else if (!strcmp(state, "outdated"))
		s = cc_strdup("unchanged by you: replace it with the .sample");
	else if (!strcmp(state, "unverified"))
		s = cc_asprintf("baseline unknown: confcheck diff %s", path);
	else if (!strcmp(state, "orphaned"))
		s = cc_strdup("template dropped by the image");
	else if (!strcmp(state, "error"))
		s = cc_escape_log_str(str(f, "reason"));
	else
		s = cc_strdup("");
	free(path);
	return s;
}

static void flags_text(struct cc_buf *b, json_t *f)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(f, "flags"), i, v)
	{
		cc_buf_adds(b, i ? "," : "");
		cc_buf_adds(b, json_string_value(v) ? json_string_value(v) : "");
	}
}

static void print_table(json_t *doc, int all)
{
	json_t *files = json_object_get(doc, "files"), *f;
	size_t i, wpath = 4, n = 0;
	int colour = cc_use_colour(stdout);
	struct cc_buf flags = CC_BUF_INIT;
	char *path, *next;

	json_array_foreach(files, i, f)
	{
		if (!all && !cc_status_entry_listed(f))
			continue;
		path = cc_escape_log_str(str(f, "path"));
		if (strlen(path) > wpath)
			wpath = strlen(path);
		free(path);
		n++;
	}
	if (wpath > 60)
		wpath = 60;
	if (n)
		printf("%s%-10s  %-*s  %-10s    %-10s  %s%s\n", colour ? "\033[1m" : "", "STATE",
		       (int)wpath, "PATH", "BASELINE", "TEMPLATE", "NEXT", colour ? "\033[m" : "");
	json_array_foreach(files, i, f)
	{
		if (!all && !cc_status_entry_listed(f))
			continue;
		path = cc_escape_log_str(str(f, "path"));
		next = next_step(f);
		cc_buf_reset(&flags);
		flags_text(&flags, f);
		printf("%s%-10s%s  %-*s  %-10s -> %-10s  %s%s%s%s\n",
		       colour ? colour_of(str(f, "state")) : "", str(f, "state"),
		       colour ? "\033[m" : "", (int)wpath, path, str(f, "baseline_version"),
		       str(f, "template_version"), next, flags.len ? " [" : "", cc_buf_str(&flags),
		       flags.len ? "]" : "");
		free(path);
		free(next);
	}
	cc_buf_release(&flags);
}

static void print_summary(json_t *doc)
{
	json_t *sum = json_object_get(doc, "summary"), *set = json_object_get(doc, "template_set"),
	       *watch = json_object_get(doc, "watch");
	const char *key;
	json_t *v;

	printf("%lld of %zu configs need a look; templates up to %s; checked %s\n",
	       (long long)json_integer_value(json_object_get(sum, "need_look")),
	       json_array_size(json_object_get(doc, "files")), str(set, "newest_version"),
	       str(doc, "generated_at"));
	fputs("summary", stdout);
	json_object_foreach(sum, key, v)
		if (strcmp(key, "need_look"))
			printf(" %s=%lld", key, (long long)json_integer_value(v));
	putchar('\n');
	if (json_is_string(watch)) {
		json_t *w = json_object_get(doc, "watcher");
		const char *reason = json_string_value(json_object_get(w, "reason"));

		printf("watch: %s%s%s\n", json_string_value(watch), reason ? " - " : "",
		       reason ? reason : "");
	}
}

int cmd_status(struct cc_run *r)
{
	const struct cc_cli *cli = &r->cli;
	json_t *doc = NULL;
	char *dir = NULL, *text;
	int json = r->opt[STATUS_JSON].n > 0, all = r->opt[STATUS_ALL].n > 0, code = CC_EXIT_ERROR,
	    fd = -1;

	dir = cc_config_state_dir(&cli->cfg);
	fd = cc_config_state_open(&cli->cfg);
	if (fd < 0 || cc_status_load(&doc, fd, dir) < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (json) {
		text = cc_status_dump(doc);
		fputs(text, stdout);
		free(text);
	} else {
		print_table(doc, all);
		print_summary(doc);
	}
	code = json_integer_value(json_object_get(json_object_get(doc, "summary"), "need_look"))
		   ? CC_EXIT_LOOK
		   : CC_EXIT_OK;
done:
	json_decref(doc);
	if (fd >= 0)
		close(fd);
	free(dir);
	return code;
}
