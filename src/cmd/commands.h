/* commands.h - what a command is: its command line, the setup it needs and its body.
 *
 * main.c holds the table of commands. For the one named on the command line
 * it parses the line (cc_cli_parse), does the setup the command's entry asks
 * for, runs the body with what was set up (struct cc_run), and releases it all
 * afterwards (cc_run_release). A usage error prints the command's usage line
 * and exits CC_EXIT_ERROR; so does a failed setup, with the engine's message,
 * and the body does not run.
 */
#ifndef CC_COMMANDS_H
#define CC_COMMANDS_H

#include "engine/check.h"
#include "cmd/cli.h"
#include "engine/target.h"

/* How far main goes before the body runs; each step includes those above it. */
enum cc_setup {
	CC_SETUP_NONE,	  /* the line is parsed, nothing else: a body that needs cli.cfg
			   * calls cc_cli_finish itself */
	CC_SETUP_CLI,	  /* cc_cli_finish: run->cli.cfg is filled and, unless keep_ids,
			   * the process is the app user's */
	CC_SETUP_CONTEXT, /* cc_cli_context_open: run->ctx, locked when run->lock */
	CC_SETUP_TARGET,  /* cc_target_open of the first argument: run->tg */
};

struct cc_command {
	const char *name;
	const char *help;	      /* the line in `confcheck --help`; unused for a subcommand */
	const char *usage;	      /* what follows "usage: confcheck NAME " */
	unsigned shared;	      /* the shared options it accepts: CC_SHARED_* */
	const struct cc_option *opts; /* its own options, ended by a NULL name, at most
				       * CC_OPTS_MAX; NULL when none */
	int min_args, max_args;	      /* how many positional arguments it takes */
	/* What the tables cannot say about a line, or NULL: called by cc_cli_parse
	 * on a line it accepted, returns 0, or -1 to refuse it as a usage error; it
	 * may change run->lock. */
	int (*validate)(struct cc_run *run);
	enum cc_setup setup;
	int lock;     /* CC_SETUP_CONTEXT takes the state lock (for a command that writes it) */
	int keep_ids; /* cli.keep_ids: cc_cli_finish does not become the app user */
	int (*run)(struct cc_run *run); /* the body: returns the exit code */
	/* Subcommands, ended by a NULL name: the first argument names the one that
	 * runs, as a command of its own; then only name and help are used here.
	 * NULL for a plain command. */
	const struct cc_command *subs;
};

/* One invocation of a command: the parsed line and what the setup opened. */
struct cc_run {
	const struct cc_command *cmd;
	const struct cc_command *parent;   /* the command of a subcommand, or NULL */
	struct cc_cli cli;		   /* the shared options */
	struct cc_optval opt[CC_OPTS_MAX]; /* the command's own options, as in cmd->opts */
	char **args;			   /* the positional arguments, borrowed from argv */
	int nargs;
	int lock;	       /* cmd->lock, unless validate changed it */
	struct cc_context ctx; /* open after CC_SETUP_CONTEXT, else empty (cc_context_init) */
	struct cc_target tg;   /* open after CC_SETUP_TARGET */
};

/* The bodies, their option tables (indexed by an enum in each file) and the
 * validators, as main.c's table names them. */
int cmd_check(struct cc_run *r);
extern const struct cc_option cmd_check_opts[];
int cmd_status(struct cc_run *r);
extern const struct cc_option cmd_status_opts[];
int cmd_diff(struct cc_run *r);
int cmd_diff_validate(struct cc_run *r);
extern const struct cc_option cmd_diff_opts[];
int cmd_merge(struct cc_run *r);
int cmd_ack(struct cc_run *r);
int cmd_ack_validate(struct cc_run *r);
extern const struct cc_option cmd_ack_opts[];
int cmd_report(struct cc_run *r);
extern const struct cc_option cmd_report_opts[];
int cmd_triage(struct cc_run *r);
extern const struct cc_option cmd_triage_opts[];
int cmd_history_import(struct cc_run *r);
extern const struct cc_option cmd_history_import_opts[];
int cmd_history_list(struct cc_run *r);
extern const struct cc_option cmd_history_list_opts[];
int cmd_lint(struct cc_run *r);
extern const struct cc_option cmd_lint_opts[];
int cmd_watch(struct cc_run *r);
int cmd_watch_validate(struct cc_run *r);
extern const struct cc_option cmd_watch_opts[];
int cmd_notify(struct cc_run *r);
extern const struct cc_option cmd_notify_opts[];

#endif
