/* histindex.h - the text index of a history (`confcheck-index` in the repository).
 *
 *   confcheck-history 1
 *   set <TAB> seq <TAB> set-id <TAB> commit <TAB> time <TAB> label
 *   ver <TAB> path <TAB> raw <TAB> norm <TAB> nohdr <TAB> date <TAB> blob <TAB> first <TAB> last
 *
 * Paths and labels are in the escaped log form (escape.h), "-" for none.
 */
#ifndef CC_HISTINDEX_H
#define CC_HISTINDEX_H

#include "history/histdata.h"

#define CC_HISTINDEX_NAME "confcheck-index"

/* Loads the index of h->dir into h. Returns 0, 1 when there is no index, or
 * -1 when it is unreadable or malformed (h is then left empty; the message
 * names the first malformed line). */
int cc_histindex_load(struct cc_history *h);

/* Writes the index of h atomically. Returns 0 or -1 with a message. */
int cc_histindex_save(const struct cc_history *h);

/* Empties the sets and versions of h. */
void cc_histindex_clear(struct cc_history *h);

#endif
