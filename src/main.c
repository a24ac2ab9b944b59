/* main.c - the command table and dispatch. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "version.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{"check", cmd_check, "check every config file against the shipped templates"},
	{"status", cmd_status, "show what the last check found, without rescanning"},
	{"diff", cmd_diff, "show your file against its template (--upstream, --mine)"},
	{"merge", cmd_merge, "print a 3-way merge of your file and the new template"},
	{"ack", cmd_ack, "accept a customisation until the template changes (--undo, --list)"},
	{"report", cmd_report, "print a paste-ready support summary, secrets masked"},
	{"triage", cmd_triage, "read a pasted log (stdin or FILE) and rebuild the picture"},
	{"history", cmd_history, "import a repository's template versions, or list a template's"},
	{"lint", cmd_lint, "check templates for maintainers: headers, date bumps, line endings"},
	{"watch", cmd_watch, "keep the status current while the container runs"},
	{"notify", cmd_notify, "send a test notification (--test)"},
};

static int usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: confcheck COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f,
		"\nshared options: --templates DIR (repeatable), --config DIR, --state DIR,\n"
		"--history DIR (repeatable; else CONFCHECK_HISTORY, else %s\n"
		"when it exists); see confcheck(1)\n",
		cc_cli_default_history());
	return f == stdout ? CC_EXIT_OK : CC_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	const struct command *c = NULL;
	size_t i;
	int ret;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return cc_finish_stdout(usage(stdout));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("confcheck %s\n", CC_VERSION);
		return cc_finish_stdout(CC_EXIT_OK);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			c = &commands[i];
	if (!c)
		return cc_die("unknown command '%s' (confcheck --help lists them)", argv[1]);
	/* a bad option is reported by the command's usage line alone */
	opterr = 0;
	ret = c->fn(argc - 1, argv + 1);
	return cc_finish_stdout(ret);
}
