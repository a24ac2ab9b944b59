/* cli.h - what every command shares: the option parser, the shared options,
 * environment, output.
 *
 * Commands turn engine errors into one line on stderr ("confcheck: ...")
 * and an exit code: CC_EXIT_OK, CC_EXIT_LOOK (something needs a look, or a
 * merge has conflicts), CC_EXIT_ERROR (usage or internal error).
 */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "engine/check.h"

enum {
	CC_EXIT_OK = 0,
	CC_EXIT_LOOK = 1,
	CC_EXIT_ERROR = 2,
};

/* The shared options a command accepts (struct cc_command's shared). */
enum {
	CC_SHARED_TEMPLATES = 1 << 0, /* --templates DIR, repeatable */
	CC_SHARED_CONFIG = 1 << 1,    /* --config DIR */
	CC_SHARED_STATE = 1 << 2,     /* --state DIR */
	CC_SHARED_HISTORY = 1 << 3,   /* --history DIR, repeatable */
	CC_SHARED_MAP = 1 << 4,	      /* --map FILE, repeatable: a mapping file */
	CC_SHARED_ALL = (1 << 5) - 1,
};

/* One option of a command's own, as its table lists it. Every option may be
 * given more than once: the body reads the last value, or all of them. */
struct cc_option {
	const char *name;    /* the long name, without "--"; NULL ends a table */
	int has_arg;	     /* no_argument or required_argument */
	const char *choices; /* "a|b": the only values allowed, or NULL for any */
	int required;	     /* the line is refused without it (a value: the last one
			      * given must not be empty) */
};

/* What the command line gave for one of the command's options: n times, with
 * the values in order (borrowed from argv; NULL for a flag). */
struct cc_optval {
	size_t n, alloc;
	const char **v;
};

/* The most options a command may have of its own. */
#define CC_OPTS_MAX 8

/* The shared options of one invocation; strings are owned. */
struct cc_cli {
	char **templates;
	size_t ntemplates, templates_alloc;
	char *config;
	char *state;
	char **histories;
	size_t nhistories, histories_alloc;
	int histories_given;
	char **maps; /* --map, else CONFCHECK_MAP */
	size_t nmaps, maps_alloc;
	int keep_ids;	      /* cc_cli_finish leaves the ids alone: a maintainer's command
			       * that opens no config root (lint), or the init's supervisor,
			       * whose child drops them itself */
	struct cc_config cfg; /* filled by cc_cli_finish, borrowing the strings above */
};

struct cc_command;
struct cc_run;

/* Parses the command line of r->cmd (argv[0] is its name, then what follows):
 * the shared options it accepts go to r->cli, its own to r->opt (indexed as in
 * r->cmd->opts), and the positional arguments, in order, to r->args. Options
 * and arguments may come in any order, "--" ends the options, and a long
 * option may be shortened to a prefix no other option has. Then
 * r->cmd->validate runs, when there is one. Returns 0, or -1 for a usage error:
 * an unknown option, a missing or refused value, a required option missing,
 * too few or too many arguments, or what validate refused. Nothing is printed. */
int cc_cli_parse(struct cc_run *r, int argc, char **argv);
/* The last value given for r->cmd's option i, or dflt when it was not given. */
const char *cc_cli_value(const struct cc_run *r, size_t i, const char *dflt);
struct cc_import_maps;
/* Adds each value of a --map option (history import, lint) to maps, in the
 * order given (cc_import_map_add). Returns 0, or -1 with a message at the
 * first that is refused. */
int cc_cli_maps(struct cc_import_maps *maps, const struct cc_optval *v);
/* Releases what cc_cli_parse and main's setup put in r: the target, the
 * context when the setup opened it, the shared options and the values. */
void cc_run_release(struct cc_run *r);
/* Applies env fallbacks and defaults; fills cli->cfg. Started as root, it
 * then becomes the app user (cc_cli_become_app_user) unless keep_ids: main's
 * setup (CC_SETUP_CLI) or the command calls it before anything is opened.
 * Returns 0 or -1 with a message, and then the command must stop. */
int cc_cli_finish(struct cc_cli *cli);
/* Started as root, becomes the app user for good: PUID, with PGID (PUID's
 * number when unset), or else the owner and group of config_root (the
 * owner's number when the group is root's). Supplementary groups are
 * cleared. Stays root (with root's group) only when that user is root
 * (PUID=0, or a config root that root owns or that is not there), and then
 * only when no other user can change where the config_root path leads
 * (cc_path_trusted). Root never acts on what the app user controls: that
 * user may be hostile.
 * Returns 0, or -1 with a message (a PUID that is not a number, a config
 * root that cannot be looked at or that another user could redirect, a
 * drop that failed). */
int cc_cli_become_app_user(const char *config_root);
/* Parses seconds (fractions allowed, 0 to 86400) into *ms. 0 or -1. */
int cc_cli_seconds(const char *s, long *ms);
/* Where shipped histories are looked for when neither --history nor
 * CONFCHECK_HISTORY is given: PREFIX/share/confcheck/history, compiled in. */
const char *cc_cli_default_history(void);
void cc_cli_release(struct cc_cli *cli);

/* Prints "confcheck: MSG" on stderr, escaped word by word as cc_warn does
 * (a quoted name can neither split the line nor send a terminal escape). */
void cc_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cc_say, then returns CC_EXIT_ERROR. */
int cc_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the engine's last error and returns CC_EXIT_ERROR. */
int cc_die_engine(void);
/* Prints r's usage line on stderr, "usage: confcheck [PARENT ]NAME USAGE", and returns
 * CC_EXIT_ERROR. */
int cc_usage(const struct cc_run *r);
/* Prints a warning line "[confcheck] warning: MSG" on stderr, the message escaped. */
void cc_warn(const char *msg);

/* cc_context_open, then the warnings it found on stderr, one cc_warn each, as a check
 * prints them. */
int cc_cli_context_open(struct cc_context *ctx, const struct cc_config *cfg, int lock);

/* Flushes stdout and reports a write error (full disk, closed pipe) as an exit code. */
int cc_finish_stdout(int code);

/* Whether colour may be used on the stream (a terminal and NO_COLOR unset). */
int cc_use_colour(FILE *f);

#endif
