/* git.h - libgit2, set up once for confcheck's own repositories. */
#ifndef CC_GIT_H
#define CC_GIT_H

/* Initialises libgit2 on first use, so that runs which touch no git object
 * (the everyday check) do not pay for its start-up (TLS certificates). No system,
 * global or XDG git config applies, and a repository is opened whoever owns it: the
 * history is confcheck's, and its safety is checked before (histcheck.h). */
void cc_git_init(void);

#endif
