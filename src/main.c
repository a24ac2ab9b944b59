/* main.c - the command table and dispatch. */
#include <git2.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "version.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	int needs_git; /* libgit2 is initialised for it */
	const char *help;
};

static const struct command commands[] = {
	{"check", cmd_check, 1, "check every config file against the shipped templates"},
};

/* The template history is confcheck's own repository. No user's or system
 * git config applies to it (and HOME may be unreadable when run as PUID),
 * and root must open it although it belongs to PUID:PGID. */
static void git_setup(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

static int usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: confcheck COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nshared options: --templates DIR (repeatable), --config DIR, --state DIR,\n"
		   "--history DIR (repeatable); see confcheck(1)\n");
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
	if (c->needs_git)
		git_setup();
	/* a bad option is reported by the command's usage line alone */
	opterr = 0;
	ret = c->fn(argc - 1, argv + 1);
	if (c->needs_git)
		git_libgit2_shutdown();
	return cc_finish_stdout(ret);
}
