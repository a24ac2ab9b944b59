/* commands.h - one function per command; each returns the process exit code. */
#ifndef CC_COMMANDS_H
#define CC_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_ack(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_triage(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_notify(int argc, char **argv);

#endif
