/* cmd_lint.c - `confcheck lint`: findings on a tree of templates, for maintainers and CI. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "commands.h"
#include "error.h"
#include "fs.h"
#include "import.h"
#include "lint.h"
#include "scan.h"

static const char usage[] =
    "[--history DIR]... [--map FROM=TO]... [--format text|github] TEMPLATE_ROOT";

/* The name a finding reports: the root as given, then the template's path. */
static char *report_path(const char *root, const char *rel)
{
	size_t n = strlen(root);

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

	if (!cli->histories_given && v && *v) {
		cli->keep_ids = 1; /* a maintainer's tool: no config root is opened */
		if (cc_cli_finish(cli) < 0)
			return -1;
	}
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

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"history", required_argument, NULL, CC_OPT_HISTORY},
	    {"map", required_argument, NULL, 'm'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct cc_cli cli;
	struct cc_import_maps maps = CC_IMPORT_MAPS_INIT;
	struct cc_histories hs;
	struct cc_history *list = NULL;
	struct cc_tset ts;
	struct cc_lint l;
	struct cc_buf data = CC_BUF_INIT, out = CC_BUF_INIT;
	const struct cc_version *prev;
	const char *label;
	char *root, *path, *tpath, *gitdir;
	struct stat st;
	size_t i, which;
	int c, github = 0, code = CC_EXIT_ERROR, unreadable = 0;

	memset(&cli, 0, sizeof(cli));
	memset(&hs, 0, sizeof(hs));
	memset(&ts, 0, sizeof(ts));
	memset(&l, 0, sizeof(l));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == CC_OPT_HISTORY) {
			cc_cli_option(&cli, c, optarg);
		} else if (c == 'm') {
			if (cc_import_map_add(&maps, optarg) < 0) {
				code = cc_die_engine();
				goto done;
			}
		} else if (c == 'f' && (!strcmp(optarg, "text") || !strcmp(optarg, "github"))) {
			github = !strcmp(optarg, "github");
		} else {
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	root = argv[optind];
	/* a repository of templates at its root: git's own *.sample hooks are none */
	gitdir = cc_path_join(root, ".git");
	if (stat(gitdir, &st) < 0 || !S_ISDIR(st.st_mode))
		memset(&st, 0, sizeof(st));
	free(gitdir);
	if (open_histories(&hs, &list, &cli) < 0 ||
	    cc_tset_scan(&ts, &root, 1, st.st_dev, st.st_ino, NULL) < 0) {
		code = cc_die_engine();
		goto done;
	}
	for (i = 0; i < ts.nwarnings; i++) {
		cc_warn(ts.warnings[i]);
		unreadable = 1;
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
		tpath = cc_import_map_path(&maps, ts.t[i].path, &which);
		prev = tpath ? cc_lint_previous(&hs, tpath, ts.t[i].raw, &label) : NULL;
		path = report_path(root, ts.t[i].path);
		cc_lint_template(&l, path, data.data ? data.data : "", data.len, st.st_mode, prev,
				 label);
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
	goto done;
usage:
	code = cc_usage("lint", usage);
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
	cc_cli_release(&cli);
	return code;
}
