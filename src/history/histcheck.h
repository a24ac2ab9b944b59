/* histcheck.h - a history is checked before libgit2 reads it.
 *
 * libgit2 follows symlinks, opens FIFOs, honours includes and alternates,
 * and trusts what a pack index says. The state dir's history lies in the
 * app user's volume, so it may hold any of those. Before a repository is
 * opened with libgit2 it is walked here, through descriptors, and refused
 * unless it holds only what confcheck (or git, for a shipped history) writes:
 *
 * - regular files and directories only: no symlink, FIFO, socket or device;
 * - no commondir, gitdir, worktrees, config.worktree, alternates,
 *   multi-pack-index or commit-graph;
 * - a config of the [core] section alone, with the keys a bare repository
 *   gets (repositoryformatversion 0, filemode, bare, logallrefupdates, ...);
 * - every file under a size cap for its kind, at most CC_HISTCHECK_ENTRIES
 *   entries, nested at most CC_HISTCHECK_DEPTH deep;
 * - every pack index of version 2, consistent in itself and with its pack
 *   (of version 2 too, the one libgit2 reads)
 *   (fan-out, sorted names, offsets inside the pack, the pack's header).
 *
 * Objects are size-checked from their header before they are inflated
 * (history.c); this module never reads an object.
 */
#ifndef CC_HISTCHECK_H
#define CC_HISTCHECK_H

#include <stddef.h>

#define CC_HISTCHECK_ENTRIES 200000
#define CC_HISTCHECK_DEPTH 8

/* Checks the repository whose directory is open as fd (path names it in
 * messages). Returns 0, or -1 with a message that says what is wrong
 * ("'objects/info/alternates' is not allowed"). */
int cc_histcheck(int fd, const char *path);

/* Checks a pack index (data, len) against the size and first bytes of its
 * pack (head, at least 12 bytes). Returns 0, or -1 with a message naming
 * name. Exposed for the fuzz target. */
int cc_histcheck_idx(const unsigned char *data, size_t len, const unsigned char *head,
		     unsigned long long pack_size, const char *name);

/* Checks the text of a repository's config. Returns 0, or -1 with a message. */
int cc_histcheck_config(const char *data, size_t len);

#endif
