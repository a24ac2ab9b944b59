/* test_watchmap.c - which directories the watcher needs, and what lies below each. */
#include <stdlib.h>

#include "tap.h"
#include "watch/watchmap.h"

static struct cc_wmap sample_map(void)
{
	static const char *const paths[] = {
	    "nginx/site-confs/default.conf",
	    "nginx/nginx.conf",
	    "nginx/proxy-confs/sonarr.subdomain.conf",
	    "nginx/proxy-confs/radarr.subdomain.conf",
	    "nginx-b/x.conf",
	    "fail2ban/jail.local",
	    "nginx/nginx.conf", /* a duplicate (shipped and orphaned) */
	    "top.conf",
	};
	struct cc_wmap m = CC_WMAP_INIT;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		cc_wmap_add(&m, paths[i]);
	cc_wmap_finish(&m);
	return m;
}

int main(void)
{
	struct cc_wmap m = sample_map(), empty = CC_WMAP_INIT;
	size_t lo, hi;
	char *s;

	is_int(m.npaths, 7, "duplicates are merged");
	is_str(m.paths[0], "fail2ban/jail.local", "paths are sorted");
	is_int(m.ndirs, 6, "the needed dirs are the root and every ancestor");
	is_str(m.dirs[0], "", "the root comes first");
	ok(cc_wmap_has_dir(&m, "nginx") && cc_wmap_has_dir(&m, "nginx/site-confs") &&
	       cc_wmap_has_dir(&m, "nginx/proxy-confs") && cc_wmap_has_dir(&m, "fail2ban") &&
	       cc_wmap_has_dir(&m, "nginx-b"),
	   "every ancestor is needed");
	ok(!cc_wmap_has_dir(&m, "nginx/site-confs/default.conf") && !cc_wmap_has_dir(&m, "log"),
	   "files and unrelated directories are not");
	ok(cc_wmap_has_path(&m, "nginx/nginx.conf") && !cc_wmap_has_path(&m, "nginx"),
	   "mapped paths are looked up exactly");

	cc_wmap_paths_under(&m, "nginx", &lo, &hi);
	is_int(hi - lo, 4, "four paths lie below nginx (not nginx-b, which sorts between)");
	is_str(m.paths[lo], "nginx/nginx.conf", "the range starts at the first one");
	cc_wmap_paths_under(&m, "nginx/proxy-confs", &lo, &hi);
	is_int(hi - lo, 2, "two below nginx/proxy-confs");
	cc_wmap_paths_under(&m, "", &lo, &hi);
	is_int(hi - lo, 7, "everything lies below the root");
	cc_wmap_paths_under(&m, "log", &lo, &hi);
	is_int(hi - lo, 0, "nothing lies below an unrelated directory");
	cc_wmap_paths_under(&m, "nginx/nginx.conf", &lo, &hi);
	is_int(hi - lo, 0, "nothing lies below a file");

	cc_wmap_dirs_under(&m, "nginx", &lo, &hi);
	is_int(hi - lo, 2, "two needed dirs below nginx, itself excluded");
	cc_wmap_dirs_under(&m, "", &lo, &hi);
	is_int(hi - lo, 5, "below the root: every needed dir but the root");

	s = cc_wmap_join("", "a.conf");
	is_str(s, "a.conf", "joining to the root adds no slash");
	free(s);
	s = cc_wmap_join("nginx", "a.conf");
	is_str(s, "nginx/a.conf", "joining to a dir adds one slash");
	free(s);

	cc_wmap_finish(&empty);
	is_int(empty.ndirs, 1, "an empty map still watches the root");
	cc_wmap_paths_under(&empty, "", &lo, &hi);
	is_int(hi - lo, 0, "and holds no path");
	cc_wmap_release(&empty);
	cc_wmap_release(&m);
	cc_wmap_release(&m);
	ok(1, "release twice is harmless");
	return done_testing();
}
