/* commands.h - one function per command; each returns the process exit code. */
#ifndef CC_COMMANDS_H
#define CC_COMMANDS_H

int cmd_check(int argc, char **argv);

#endif
