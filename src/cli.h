/* cli.h - what every command shares: options, environment, output.
 *
 * Commands turn engine errors into one line on stderr ("confcheck: ...")
 * and an exit code: CC_EXIT_OK, CC_EXIT_LOOK (something needs a look, or a
 * merge has conflicts), CC_EXIT_ERROR (usage or internal error).
 */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "check.h"

enum {
	CC_EXIT_OK = 0,
	CC_EXIT_LOOK = 1,
	CC_EXIT_ERROR = 2,
};

/* Long-option codes of the shared options. */
enum {
	CC_OPT_TEMPLATES = 0x100,
	CC_OPT_CONFIG,
	CC_OPT_STATE,
	CC_OPT_HISTORY,
	CC_OPT_COMMON_END,
};

#define CC_COMMON_OPTIONS                                                                          \
	{"templates", required_argument, NULL, CC_OPT_TEMPLATES},                                  \
	    {"config", required_argument, NULL, CC_OPT_CONFIG},                                    \
	    {"state", required_argument, NULL, CC_OPT_STATE},                                      \
	    {"history", required_argument, NULL, CC_OPT_HISTORY}

/* The shared options of one invocation; strings are owned. */
struct cc_cli {
	char **templates;
	size_t ntemplates, templates_alloc;
	char *config;
	char *state;
	char **histories;
	size_t nhistories, histories_alloc;
	int histories_given;
	int keep_ids;         /* cc_cli_finish leaves the ids alone: a maintainer's command
			       * that opens no config root (lint), or the init's supervisor,
			       * whose child drops them itself */
	struct cc_config cfg; /* filled by cc_cli_finish, borrowing the strings above */
	const char *cmd;      /* the command's name, for messages */
};

/* Handles a shared option; returns 1 when c was one, 0 otherwise. */
int cc_cli_option(struct cc_cli *cli, int c, const char *arg);
/* Applies env fallbacks and defaults; fills cli->cfg. Started as root, it
 * then becomes the app user (cc_cli_become_app_user) unless keep_ids: every
 * command calls it before it opens anything. Returns 0 or -1 with a
 * message, and then the command must stop. */
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
/* Prints "confcheck CMD: unknown option" style usage help and returns CC_EXIT_ERROR. */
int cc_usage(const char *cmd, const char *usage);
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
