/* test_watchdirs.c - the watch descriptor table: one watch for one or several
 * needed directories, the wd the kernel must drop returned exactly when nothing
 * stands for it any more, and the symlink marks. */
#include <stdlib.h>

#include "tap.h"
#include "watch/watchdirs.h"

/* check_invariants: what watchdirs.h promises, checked on the whole table. */
static int check_invariants(const struct cc_wdirs *t)
{
	size_t i, j, nlinked = 0;

	for (i = 0; i < t->n; i++) {
		if (i && t->dirs[i - 1].wd >= t->dirs[i].wd)
			return 0;
		if (!t->dirs[i].nrels)
			return 0;
		for (j = 0; j < t->dirs[i].nrels; j++) {
			if (cc_wdirs_wd(t, t->dirs[i].rels[j]) != t->dirs[i].wd)
				return 0;
			nlinked += cc_map_get(&t->linked, t->dirs[i].rels[j]) != NULL;
		}
	}
	return nlinked == t->nlinked;
}

/* joined(t, dir): cc_wdirs_list(t, dir) as one sorted line, "(root)" for "" */
static char *joined(const struct cc_wdirs *t, const char *dir)
{
	static char buf[256];
	size_t i, j, k, n;
	char **list = cc_wdirs_list(t, dir, &n), *tmp;

	/* sorted, so that the order of the table does not matter */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			tmp = list[j];
			list[j] = list[j - 1];
			list[j - 1] = tmp;
		}
	buf[0] = '\0';
	for (k = 0; k < n; k++) {
		strcat(buf, k ? " " : "");
		strcat(buf, *list[k] ? list[k] : "(root)");
	}
	cc_wdirs_free_list(list, n);
	return buf;
}

int main(void)
{
	struct cc_wdirs t = CC_WDIRS_INIT;
	const struct cc_wdir *d;

	is_int(cc_wdirs_put(&t, 1, "", 0), -1, "the root gets a watch");
	is_int(cc_wdirs_put(&t, 3, "nginx", 0), -1, "so does a directory");
	is_int(cc_wdirs_put(&t, 2, "nginx/site-confs", 1), -1, "and one reached through a symlink");
	ok(check_invariants(&t), "the table keeps its invariants");
	is_int(t.dirs[0].wd * 100 + t.dirs[1].wd * 10 + t.dirs[2].wd, 123, "sorted by wd");
	is_int(cc_wdirs_wd(&t, "nginx/site-confs"), 2, "a directory's wd is found");
	is_int(cc_wdirs_wd(&t, "nowhere"), -1, "an unknown one has none");
	is_str(joined(&t, NULL), "nginx/site-confs", "the symlinked one is listed");

	/* a second way to the same place: one watch, two directories */
	is_int(cc_wdirs_put(&t, 2, "nginx/proxy-confs", 1), -1,
	       "a second symlink to it shares the wd");
	d = cc_wdirs_find(&t, 2);
	ok(d && d->nrels == 2, "the wd stands for both");
	ok(check_invariants(&t), "invariants hold");
	is_int(cc_wdirs_put(&t, 2, "nginx/proxy-confs", 1), -1, "putting it again changes nothing");
	ok(cc_wdirs_find(&t, 2)->nrels == 2, "still two, not three");
	is_int(cc_wdirs_drop(&t, "nginx/proxy-confs"), -1,
	       "dropping one keeps the watch for the other");
	is_int(cc_wdirs_drop(&t, "nginx/proxy-confs"), -1, "dropping it twice is harmless");
	is_int(cc_wdirs_wd(&t, "nginx/site-confs"), 2, "the other still has it");
	ok(check_invariants(&t), "invariants hold");

	/* a symlink retargeted: the directory moves to another wd */
	is_int(cc_wdirs_put(&t, 7, "nginx/site-confs", 1), 2,
	       "resolving elsewhere hands back the wd that stands for nothing now");
	ok(!cc_wdirs_find(&t, 2), "and forgets it");
	is_int(cc_wdirs_put(&t, 7, "nginx/site-confs", 0), -1, "the mark follows what it is now");
	is_int((long long)t.nlinked, 0, "no symlinked directory left");
	ok(check_invariants(&t), "invariants hold");

	/* moved out: a directory and what is below it */
	cc_wdirs_put(&t, 8, "nginx/site-confs/deep", 1);
	is_str(joined(&t, "nginx"), "nginx nginx/site-confs nginx/site-confs/deep",
	       "a directory and everything below it");
	is_str(joined(&t, "nginx/site"), "", "a prefix that is not a whole name matches nothing");
	is_str(joined(&t, ""), "(root) nginx nginx/site-confs nginx/site-confs/deep",
	       "\"\" lists all");

	/* the kernel dropped a watch */
	cc_wdirs_forget(&t, 3);
	is_int(cc_wdirs_wd(&t, "nginx"), -1, "a forgotten wd's directories are gone");
	cc_wdirs_forget(&t, 99);
	ok(check_invariants(&t), "forgetting an unknown wd is harmless");
	is_int(cc_wdirs_drop(&t, "nginx/site-confs/deep"), 8,
	       "the last directory of a wd hands it back");
	is_int((long long)t.nlinked, 0, "and takes its mark with it");
	ok(check_invariants(&t), "invariants hold");

	cc_wdirs_release(&t);
	is_int((long long)t.n, 0, "released, the table is empty");
	return done_testing();
}
