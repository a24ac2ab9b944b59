/* test_import.c - maps from repository paths to template paths, and the imports log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/fs.h"
#include "history/import.h"
#include "history/importlog.h"
#include "tap.h"

/* Maps path through one map spec; returns the result or "(none)" (static buffer). */
static const char *map1(const char *spec, const char *path)
{
	static char out[256];
	struct cc_import_maps m = CC_IMPORT_MAPS_INIT;
	size_t which;
	char *p;

	if (cc_import_map_add(&m, spec) < 0)
		return "(bad map)";
	p = cc_import_map_path(&m, path, &which);
	snprintf(out, sizeof(out), "%s", p ? p : "(none)");
	free(p);
	cc_import_maps_release(&m);
	return out;
}

static void test_parse(void)
{
	struct cc_import_maps m = CC_IMPORT_MAPS_INIT;
	static const char *const bad[] = {"nofrom", "/abs=x", "a=/abs", "../x=",  "a/../b=",
					  "a//b=",  "./a=b",  "a/.=b",	"a=b/..", "a=b//c"};
	char *key;
	size_t i;

	ok(cc_import_map_add(&m, "root/defaults/=") == 0, "root/defaults/= parses");
	is_str(m.v[0].from, "root/defaults/", "FROM is a directory prefix");
	is_str(m.v[0].to, "", "an empty TO is the template root");
	ok(cc_import_map_add(&m, "extra=nginx/proxy-confs") == 0, "a map without slashes parses");
	is_str(m.v[1].from, "extra/", "a missing '/' is added to FROM");
	is_str(m.v[1].to, "nginx/proxy-confs/", "and to TO");
	ok(cc_import_map_add(&m, "extra/=x") < 0, "the same FROM twice is refused");
	ok(strstr(cc_error_last(), "mapped twice") != NULL, "with a message saying so");
	key = cc_import_maps_key(&m);
	is_str(key, "root/defaults/=\nextra/=nginx/proxy-confs/",
	       "the key lists the maps in order");
	free(key);
	cc_import_maps_release(&m);
	key = cc_import_maps_key(&m);
	is_str(key, "=", "no maps is the identity map");
	free(key);
	ok(cc_import_map_add(&m, "=") == 0, "'=' parses");
	is_str(m.v[0].from, "", "as the empty FROM");
	cc_import_maps_release(&m);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(cc_import_map_add(&m, bad[i]) < 0 && strstr(cc_error_last(), bad[i]),
		   "'%s' is refused, naming it", bad[i]);
		cc_import_maps_release(&m);
	}
}

static void test_path(void)
{
	struct cc_import_maps m = CC_IMPORT_MAPS_INIT;
	size_t which = 9;
	char *p;

	p = cc_import_map_path(NULL, "nginx/a.conf.sample", &which);
	is_str(p, "nginx/a.conf.sample", "without maps a template keeps its path");
	free(p);
	p = cc_import_map_path(NULL, "README.md", &which);
	is_str(p, "README.md", "and so does any file: the mapping says which are templates");
	free(p);
	is_str(map1("root/defaults/=", "root/defaults/nginx/a.conf.sample"), "nginx/a.conf.sample",
	       "FROM is replaced by TO");
	is_str(map1("root/defaults/=", "root/defaults-old/a.conf.sample"), "(none)",
	       "FROM matches whole directories only");
	is_str(map1("root/defaults/=", "root/defaults/nginx/notes.txt"), "nginx/notes.txt",
	       "a path that does not end in .sample is mapped too");
	is_str(map1("root/defaults/=", "other/a.conf.sample"), "(none)",
	       "a path no map covers is left out");
	is_str(map1("=nginx/proxy-confs/", "app.subdomain.conf.sample"),
	       "nginx/proxy-confs/app.subdomain.conf.sample", "'=TO' moves the repository root");
	is_str(map1("=nginx/proxy-confs/", ".github/workflows/ci.yml"),
	       "nginx/proxy-confs/.github/workflows/ci.yml", "and everything else under it");

	cc_import_map_add(&m, "root/=r/");
	cc_import_map_add(&m, "root/defaults/=");
	p = cc_import_map_path(&m, "root/defaults/x.conf.sample", &which);
	is_str(p, "x.conf.sample", "the longest FROM wins");
	is_int(which, 1, "and is reported as the map used");
	free(p);
	p = cc_import_map_path(&m, "root/etc/y.conf.sample", &which);
	is_str(p, "r/etc/y.conf.sample", "a shorter FROM covers the rest");
	is_int(which, 0, "as map 0");
	free(p);
	cc_import_maps_release(&m);
}

/* chain[i] is the commit id 00..0i (hex). */
static void make_chain(git_oid *chain, size_t n)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(hex, sizeof(hex), "%040zx", i + 1);
		git_oid_fromstr(&chain[i], hex);
	}
}

static void add_seg(struct cc_importlog *log, const char *key, const git_oid *oldest,
		    const git_oid *newest)
{
	CC_GROW(log->v, log->alloc, log->n + 1);
	log->v[log->n].key = strdup(key);
	log->v[log->n].name = strdup("repo");
	log->v[log->n].oldest = *oldest;
	log->v[log->n++].newest = *newest;
}

static const char *known_str(const char *known, size_t n)
{
	static char out[64];
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = known[i] ? 'k' : '.';
	out[n] = '\0';
	return out;
}

static void test_log(void)
{
	struct cc_importlog log = {NULL, 0, 0}, back = {NULL, 0, 0};
	git_oid chain[8], below;
	char known[8], dir[] = "/tmp/confcheck-unit.XXXXXX", *path;

	make_chain(chain, 8);
	git_oid_fromstr(&below, "ffffffffffffffffffffffffffffffffffffffff");
	add_seg(&log, "=", &chain[2], &chain[5]);
	add_seg(&log, "other=", &chain[0], &chain[7]);
	memset(known, 0, sizeof(known));
	cc_importlog_mark(&log, "=", chain, 8, known);
	is_str(known_str(known, 8), "..kkkk..", "a stretch marks its commits, for its maps only");
	add_seg(&log, "=", &below, &chain[1]);
	memset(known, 0, sizeof(known));
	cc_importlog_mark(&log, "=", chain, 8, known);
	is_str(known_str(known, 8), "kkkkkk..",
	       "one that reaches below the walk marks down to where the walk starts");

	cc_importlog_update(&log, "=", "repo", chain, 8);
	is_int(log.n, 2, "a walk over the whole chain replaces the stretches it covers");
	ok(!strcmp(log.v[1].key, "=") && git_oid_equal(&log.v[1].oldest, &below) &&
	       git_oid_equal(&log.v[1].newest, &chain[7]),
	   "by one that reaches as far back as the one it continues");
	ok(!strcmp(log.v[0].key, "other="), "a stretch of other maps is kept");

	ok(mkdtemp(dir) != NULL, "a temp dir for the log");
	free(log.v[0].key);
	log.v[0].key = strdup("a/=\nb\t/=c");
	ok(cc_importlog_save(&log, dir) == 0, "the log is written");
	ok(cc_importlog_load(&back, dir) == 0, "and read back");
	ok(back.n == 2 && !strcmp(back.v[0].key, "a/=\nb\t/=c") &&
	       git_oid_equal(&back.v[1].oldest, &below),
	   "with its keys (escaped on disk) and commits intact");
	path = cc_path_join(dir, CC_IMPORTLOG_NAME);
	ok(truncate(path, 30) == 0, "the log is cut short");
	cc_importlog_release(&back);
	ok(cc_importlog_load(&back, dir) < 0 && back.n == 0, "a truncated log is refused, empty");
	unlink(path);
	ok(cc_importlog_load(&back, dir) == 0 && back.n == 0, "a missing log is empty");
	rmdir(dir);
	free(path);
	cc_importlog_release(&log);
	cc_importlog_release(&back);
}

/* Writes a log of one good stretch and then line into dir; returns its path. */
static char *log_write(const char *dir, const char *line)
{
	char *path = cc_path_join(dir, CC_IMPORTLOG_NAME);
	FILE *f = fopen(path, "w");

	fprintf(f, "confcheck-imports 1\nseg\t=\t%040d\t%040d\trepo\n%s", 1, 2, line);
	fclose(f);
	return path;
}

/* That log is refused whole, with its third line named. */
static void log_refused(const char *dir, const char *line, const char *what)
{
	struct cc_importlog log = {NULL, 0, 0};
	char *path = log_write(dir, line), *want = cc_asprintf("malformed line 3 in '%s'", path);

	ok(cc_importlog_load(&log, dir) < 0 && log.n == 0, "%s: the log is refused, empty", what);
	is_str(cc_error_last(), want, "%s: the message names the line", what);
	free(want);
	free(path);
}

static void test_log_malformed(void)
{
	struct cc_importlog log = {NULL, 0, 0};
	char dir[] = "/tmp/confcheck-unit.XXXXXX", *path;
	const char *z = "0000000000000000000000000000000000000000";
	char line[256];

	ok(mkdtemp(dir) != NULL, "a temp dir for malformed logs");
	snprintf(line, sizeof(line), "seg\t=\t%s\t%s\n", z, z);
	log_refused(dir, line, "four fields");
	snprintf(line, sizeof(line), "seg\t=\t%s\t%s\tname\tmore\n", z, z);
	log_refused(dir, line, "six fields");
	snprintf(line, sizeof(line), "sig\t=\t%s\t%s\tname\n", z, z);
	log_refused(dir, line, "an unknown kind of line");
	snprintf(line, sizeof(line), "seg\t=\tnot-a-commit\t%s\tname\n", z);
	log_refused(dir, line, "a commit that is no id");
	log_refused(dir, "\n", "an empty line");
	snprintf(line, sizeof(line), "seg\t=\t%s\t%s\tname", z, z);
	log_refused(dir, line, "a last line cut short");
	path = log_write(dir, "");
	ok(cc_importlog_load(&log, dir) == 0 && log.n == 1, "the good stretch alone is read");
	unlink(path);
	free(path);
	rmdir(dir);
	cc_importlog_release(&log);
}

int main(void)
{
	git_libgit2_init();
	test_parse();
	test_path();
	test_log();
	test_log_malformed();
	git_libgit2_shutdown();
	return done_testing();
}
