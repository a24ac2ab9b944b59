/* main.c - the command table, the dispatch and the setup the commands share. */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/version.h"

static const struct cc_command history_subs[] = {
    {
	.name = "import",
	.usage = "[--map FROM=TO]... [--map-file FILE]... [--rev RANGE] [--name NAME] --out "
		 "DIR REPO",
	.opts = cmd_history_import_opts,
	.min_args = 1,
	.max_args = 1,
	.setup = CC_SETUP_NONE,
	.run = cmd_history_import,
    },
    {
	.name = "list",
	.usage = "FILE [--json] [--templates DIR]... [--map FILE]... [--config DIR] [--state DIR] "
		 "[--history DIR]...",
	.shared = CC_SHARED_ALL,
	.opts = cmd_history_list_opts,
	.min_args = 1,
	.max_args = 1,
	/* without a config root it lists what the shipped histories hold */
	.setup = CC_SETUP_CLI,
	.run = cmd_history_list,
    },
    {.name = NULL},
};

/* In the order `confcheck --help` lists them, ended by a NULL name. */
static const struct cc_command commands[] = {
    {
	.name = "check",
	.help = "check every config file against the shipped templates",
	.usage =
	    "[--templates DIR]... [--map FILE]... [--config DIR] [--state DIR] [--history DIR]... "
	    "[--json] [--init] [--quiet] [--format notice|lsio] [--metrics FILE]",
	.shared = CC_SHARED_ALL,
	.opts = cmd_check_opts,
	/* it finishes cli itself: with --init the supervisor keeps root's ids,
	 * and a failure does not stop the container */
	.setup = CC_SETUP_NONE,
	.run = cmd_check,
    },
    {
	.name = "status",
	.help = "show what the last check found, without rescanning",
	.usage = "[--json] [--all] [--config DIR] [--state DIR]",
	.shared = CC_SHARED_ALL,
	.opts = cmd_status_opts,
	.setup = CC_SETUP_CLI,
	.run = cmd_status,
    },
    {
	.name = "diff",
	.help = "show your file against its template (--upstream, --mine)",
	.usage = "FILE [--upstream|--mine] [--templates DIR]... [--map FILE]... [--config DIR] "
		 "[--state DIR]",
	.shared = CC_SHARED_ALL,
	.opts = cmd_diff_opts,
	.min_args = 1,
	.max_args = 1,
	.validate = cmd_diff_validate,
	.setup = CC_SETUP_TARGET,
	.run = cmd_diff,
    },
    {
	.name = "merge",
	.help = "print a 3-way merge of your file and the new template",
	.usage = "FILE [--templates DIR]... [--map FILE]... [--config DIR] [--state DIR]",
	.shared = CC_SHARED_ALL,
	.min_args = 1,
	.max_args = 1,
	.setup = CC_SETUP_TARGET,
	.run = cmd_merge,
    },
    {
	.name = "ack",
	.help = "accept a customisation until the template changes (--undo, --list)",
	.usage = "FILE | --undo FILE | --list [--templates DIR]... [--map FILE]... [--config DIR] "
		 "[--state DIR]",
	.shared = CC_SHARED_ALL,
	.opts = cmd_ack_opts,
	.min_args = 0,
	.max_args = 1,
	.validate = cmd_ack_validate, /* --list takes no FILE nor the lock */
	.setup = CC_SETUP_CONTEXT,
	.lock = 1,
	.run = cmd_ack,
    },
    {
	.name = "report",
	.help = "print a paste-ready support summary, secrets masked",
	.usage =
	    "[--full] [--diff] [--templates DIR]... [--map FILE]... [--config DIR] [--state DIR]",
	.shared = CC_SHARED_ALL,
	.opts = cmd_report_opts,
	.setup = CC_SETUP_CLI,
	.run = cmd_report,
    },
    {
	.name = "triage",
	.help = "read a pasted log (stdin or FILE) and rebuild the picture",
	.usage = "[--json] [FILE]   (reads standard input without FILE)",
	.opts = cmd_triage_opts,
	.min_args = 0,
	.max_args = 1,
	.setup = CC_SETUP_NONE,
	.run = cmd_triage,
    },
    {
	.name = "history",
	.help = "import a repository's template versions, or list a template's",
	.subs = history_subs,
    },
    {
	.name = "lint",
	.help = "check templates for maintainers: headers, date bumps, line endings",
	.usage = "[--history DIR]... [--map FROM=TO]... [--format text|github] TEMPLATE_ROOT",
	.shared = CC_SHARED_HISTORY,
	.opts = cmd_lint_opts,
	.min_args = 1,
	.max_args = 1,
	/* a maintainer's tool: no config root is opened, and only
	 * CONFCHECK_HISTORY has it finish cli */
	.setup = CC_SETUP_NONE,
	.keep_ids = 1,
	.run = cmd_lint,
    },
    {
	.name = "watch",
	.help = "keep the status current while the container runs",
	.usage =
	    "[--poll SECONDS] [--debounce MS] [--metrics FILE] [--ready-fd N] "
	    "[--templates DIR]... [--map FILE]... [--config DIR] [--state DIR] [--history DIR]...",
	.shared = CC_SHARED_ALL,
	.opts = cmd_watch_opts,
	.validate = cmd_watch_validate,
	/* it finishes cli itself, once its own settings are known good */
	.setup = CC_SETUP_NONE,
	.run = cmd_watch,
    },
    {
	.name = "notify",
	.help = "send a test notification (--test)",
	.usage = "--test [--url URL] [--format json|ntfy|gotify|discord|slack]",
	.opts = cmd_notify_opts,
	.setup = CC_SETUP_NONE,
	.run = cmd_notify,
    },
    {.name = NULL},
};

static int usage(FILE *f)
{
	const struct cc_command *c;

	fprintf(f, "usage: confcheck COMMAND [OPTIONS]\n\ncommands:\n");
	for (c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->help);
	fprintf(f,
		"\nshared options: --templates DIR (repeatable), --config DIR, --state DIR,\n"
		"--history DIR (repeatable; else CONFCHECK_HISTORY, else %s\n"
		"when it exists); see confcheck(1)\n",
		cc_cli_default_history());
	return f == stdout ? CC_EXIT_OK : CC_EXIT_ERROR;
}

/* The command of list (ended by a NULL name) called name, or NULL. */
static const struct cc_command *find(const struct cc_command *list, const char *name)
{
	for (; list->name; list++)
		if (!strcmp(list->name, name))
			return list;
	return NULL;
}

/* Without a subcommand, or with one it does not know: the usage of each. */
static int usage_subs(const struct cc_command *c)
{
	const struct cc_command *s;

	for (s = c->subs; s->name; s++)
		fprintf(stderr, "%s confcheck %s %s %s\n", s == c->subs ? "usage:" : "      ",
			c->name, s->name, s->usage);
	return CC_EXIT_ERROR;
}

/* The setup the command asks for (enum cc_setup); 0, or -1 with a message. */
static int setup(struct cc_run *r)
{
	enum cc_setup want = r->cmd->setup;

	if (want >= CC_SETUP_CLI && cc_cli_finish(&r->cli) < 0)
		return -1;
	if (want >= CC_SETUP_CONTEXT && cc_cli_context_open(&r->ctx, &r->cli.cfg, r->lock) < 0)
		return -1;
	if (want >= CC_SETUP_TARGET && cc_target_open(&r->tg, &r->ctx, r->args[0]) < 0)
		return -1;
	return 0;
}

/* Runs c on its command line (argv[0] is its name); returns the exit code. */
static int run(const struct cc_command *parent, const struct cc_command *c, int argc, char **argv)
{
	const struct cc_command *sub;
	struct cc_run r;
	int code;

	if (c->subs) {
		sub = argc >= 2 ? find(c->subs, argv[1]) : NULL;
		return sub ? run(c, sub, argc - 1, argv + 1) : usage_subs(c);
	}
	memset(&r, 0, sizeof(r));
	cc_context_init(&r.ctx);
	r.cmd = c;
	r.parent = parent;
	r.lock = c->lock;
	r.cli.keep_ids = c->keep_ids;
	if (cc_cli_parse(&r, argc, argv) < 0)
		code = cc_usage(&r);
	else if (setup(&r) < 0)
		code = cc_die_engine();
	else
		code = c->run(&r);
	cc_run_release(&r);
	return code;
}

int main(int argc, char **argv)
{
	const struct cc_command *c;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return cc_finish_stdout(usage(stdout));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("confcheck %s\n", CC_VERSION);
		return cc_finish_stdout(CC_EXIT_OK);
	}
	if (!(c = find(commands, argv[1])))
		return cc_die("unknown command '%s' (confcheck --help lists them)", argv[1]);
	return cc_finish_stdout(run(NULL, c, argc - 1, argv + 1));
}
