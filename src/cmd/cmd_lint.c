/* cmd_lint.c - `confcheck lint`: findings on a tree of templates, for maintainers and CI. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/import.h"
#include "engine/lint.h"
#include "engine/scan.h"

enum { LINT_MAP, LINT_FORMAT };

const struct cc_option cmd_lint_opts[] = {
    [LINT_MAP] = {"map", required_argument, NULL, 0},
    [LINT_FORMAT] = {"format", required_argument, .choices = "text|github"},
    {NULL, 0, NULL, 0},
};

/* The name a finding reports: the root as given, then the template's path. */
static char *report_path(const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (rel[0] == '/') /* a template a map names outside the root */
		return cc_strdup(rel);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if ((n == 1 && root[0] == '.') || (n == 2 && !strncmp(root, "./", 2)))
		return cc_strdup(rel);
	if (n == 1 && root[0] == '/')
		return cc_asprintf("/%s", rel);
	return cc_asprintf("%.*s/%s", (int)n, root, rel);
}

/* Opens the histories to compare with: --history, else CONFCHECK_HISTORY.
 * The installed default is not used: a maintainer's machine may carry
 * another image's history. A history that cannot be used is an error. */
static int open_histories(struct cc_histories *hs, struct cc_history **list, struct cc_cli *cli)
{
	const char *v = getenv("CONFCHECK_HISTORY");
	size_t i;

	if (!cli->histories_given && v && *v && cc_cli_finish(cli) < 0)
		return -1;
	*list = cc_calloc(cli->nhistories + 1, sizeof(**list));
	hs->list = *list;
	hs->n = 0;
	for (i = 0; i < cli->nhistories; i++) {
		if (cc_history_open(&(*list)[i], cli->histories[i], 1) < 0) {
			cc_history_release(&(*list)[i]);
			return -1;
		}
		hs->n++;
		if ((*list)[i].warning)
			cc_warn((*list)[i].warning);
	}
	cc_histories_index(hs);
	return 0;
}

int cmd_lint(struct cc_run *r)
{
	struct cc_import_maps maps = CC_IMPORT_MAPS_INIT;
	struct cc_histories hs;
	struct cc_history *list = NULL;
	struct cc_tset ts;
	struct cc_lint l;
	struct cc_buf data = CC_BUF_INIT, out = CC_BUF_INIT;
	const struct cc_version *prev;
	const char *label;
	char *root = r->args[0], *path, *tpath, *gitdir;
	struct stat st;
	size_t i, which;
	int github = !strcmp(cc_cli_value(r, LINT_FORMAT, "text"), "github");
	int code = CC_EXIT_ERROR, unreadable = 0;

	memset(&hs, 0, sizeof(hs));
	memset(&ts, 0, sizeof(ts));
	memset(&l, 0, sizeof(l));
	if (cc_cli_maps(&maps, &r->opt[LINT_MAP]) < 0) {
		code = cc_die_engine();
		goto done;
	}
	/* a repository of templates at its root: git's own *.sample hooks are none */
	gitdir = cc_path_join(root, ".git");
	if (stat(gitdir, &st) < 0 || !S_ISDIR(st.st_mode))
		memset(&st, 0, sizeof(st));
	free(gitdir);
	if (open_histories(&hs, &list, &r->cli) < 0 ||
	    cc_tset_scan(&ts, &root, 1, NULL, 0, st.st_dev, st.st_ino, NULL) < 0) {
		code = cc_die_engine();
		goto done;
	}
	for (i = 0; i < ts.nwarnings; i++) {
		cc_warn(ts.warnings[i]);
		unreadable = 1;
	}
	for (i = 0; i < ts.mapping.nw; i++) {
		const struct cc_mapwarning *w = &ts.mapping.w[i];

		path = report_path(root, CC_MAP_FILE);
		if (w->line)
			cc_lint_add(&l, path, w->line, CC_LINT_ERROR, "%s: the line is skipped",
				    w->message);
		else
			cc_lint_add(&l, path, 1, CC_LINT_ERROR, "cannot read the map: %s",
				    w->message);
		free(path);
	}
	for (i = 0; i < ts.n; i++) {
		if (cc_tset_read(&ts, i, &data) < 0) {
			cc_warn(cc_error_last());
			unreadable = 1;
			continue;
		}
		if (fstatat(ts.roots[0].fd, ts.t[i].path, &st, 0) < 0)
			st.st_mode = 0;
		label = NULL;
		/* the history knows a template by its user file's key; --map turns
		 * a repository path into a template path first */
		tpath = maps.n ? cc_import_map_path(&maps, ts.t[i].path, &which)
			       : cc_strdup(ts.t[i].key);
		prev = tpath ? cc_lint_previous(&hs, tpath, ts.t[i].raw, &label) : NULL;
		path = report_path(root, ts.t[i].path);
		cc_lint_template(&l, path, data.data ? data.data : "", data.len, st.st_mode, prev,
				 label,
				 strcmp(ts.t[i].path, ts.t[i].key) ? CC_LINT_HEADER_OPTIONAL : 0);
		free(path);
		free(tpath);
	}
	cc_lint_sort(&l);
	for (i = 0; i < l.n; i++)
		cc_lint_format(&out, &l.f[i], github);
	fputs(cc_buf_str(&out), stdout);
	fflush(stdout);
	fprintf(stderr, "confcheck lint: %zu error%s, %zu warning%s in %zu templates\n", l.errors,
		l.errors == 1 ? "" : "s", l.warnings, l.warnings == 1 ? "" : "s", ts.n);
	code = unreadable ? CC_EXIT_ERROR : l.errors ? CC_EXIT_LOOK : CC_EXIT_OK;
done:
	cc_lint_release(&l);
	cc_buf_release(&data);
	cc_buf_release(&out);
	cc_tset_release(&ts);
	cc_histories_release(&hs);
	for (i = 0; list && i < hs.n; i++)
		cc_history_release(&list[i]);
	free(list);
	cc_import_maps_release(&maps);
	return code;
}
