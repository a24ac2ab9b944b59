/* git.c - libgit2, set up once for confcheck's own repositories. */
#include <git2.h>
#include <stdlib.h>

#include "history/git.h"

void cc_git_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	git_libgit2_init();
	/* commits are built in memory, where their parents are not: skip that check */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	/* the history is confcheck's own repository: no user's or system git config
	 * applies to it (and HOME may be unreadable when run as PUID), and root must
	 * open it although it belongs to PUID:PGID */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 5)
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
#endif
	atexit((void (*)(void))git_libgit2_shutdown);
}
