/* test_verdict.c - the verdict table, similarity and baseline inference on a real history. */
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "fixture.h"
#include "history/history.h"
#include "tap.h"
#include "engine/verdict.h"

#define TPL "nginx/site-confs/default.conf.sample"

static const char v1[] = "## Version 2024/01/01\n"
			 "server {\n"
			 "\tlisten 80 default_server;\n"
			 "\tserver_name _;\n"
			 "\troot /config/www;\n"
			 "\tindex index.html index.htm index.php;\n"
			 "\tlocation / {\n"
			 "\t\ttry_files $uri $uri/ /index.html;\n"
			 "\t}\n"
			 "}\n";

/* v1 moved to TLS: one line changed, one added */
static const char v2[] = "## Version 2024/06/01\n"
			 "server {\n"
			 "\tlisten 443 ssl default_server;\n"
			 "\tserver_name _;\n"
			 "\tinclude /config/nginx/ssl.conf;\n"
			 "\troot /config/www;\n"
			 "\tindex index.html index.htm index.php;\n"
			 "\tlocation / {\n"
			 "\t\ttry_files $uri $uri/ /index.html;\n"
			 "\t}\n"
			 "}\n";

/* two contents shipped under one date: the maintainer forgot to bump it */
static const char v3a[] = "## Version 2024/09/01\n"
			  "server {\n"
			  "\tlisten 443 ssl default_server;\n"
			  "\tserver_name _;\n"
			  "\tinclude /config/nginx/ssl.conf;\n"
			  "\tclient_max_body_size 0;\n"
			  "\troot /config/www;\n"
			  "\tindex index.html index.htm index.php;\n"
			  "\tlocation / {\n"
			  "\t\ttry_files $uri $uri/ /index.html;\n"
			  "\t}\n"
			  "}\n";

static const char v3b[] = "## Version 2024/09/01\n"
			  "server {\n"
			  "\tlisten 443 ssl http2 default_server;\n"
			  "\tserver_name _;\n"
			  "\tinclude /config/nginx/ssl.conf;\n"
			  "\tclient_max_body_size 0;\n"
			  "\troot /app/www/public;\n"
			  "\tindex index.html index.htm index.php;\n"
			  "\tlocation / {\n"
			  "\t\ttry_files $uri $uri/ /index.html /index.php$is_args$args;\n"
			  "\t}\n"
			  "}\n";

/* a date no recorded version has */
static const char v5[] = "## Version 2025/03/03\n"
			 "server {\n"
			 "\tlisten 443 ssl http2 default_server;\n"
			 "\tserver_name _;\n"
			 "\tinclude /config/nginx/ssl.conf;\n"
			 "\tclient_max_body_size 0;\n"
			 "\troot /app/www/public;\n"
			 "\tindex index.html index.php;\n"
			 "\tlocation / {\n"
			 "\t\ttry_files $uri $uri/ /index.html /index.php$is_args$args;\n"
			 "\t}\n"
			 "}\n";

/* Records one set (files sorted by path) and returns its seq, or -1. */
static int record(struct cc_history *h, const struct tfile *files, size_t n)
{
	struct cc_record_file rf[8];
	const char *paths[8];
	cc_hash raws[8];
	size_t i;
	int seq = -1;

	for (i = 0; i < n; i++) {
		rf[i].path = paths[i] = files[i].path;
		rf[i].raw = raws[i] = cc_hash_bytes(files[i].data, strlen(files[i].data));
	}
	if (cc_history_record(h, &seq, cc_set_id(paths, raws, n), rf, n, read_tfile, (void *)files,
			      NULL, 0) < 0) {
		printf("# record failed: %s\n", cc_error_last());
		return -1;
	}
	return seq;
}

static int record1(struct cc_history *h, const char *data)
{
	struct tfile f = {TPL, data};

	return record(h, &f, 1);
}

/* The user's file as the check sees it. */
static struct cc_userfile user(const char *data)
{
	struct cc_userfile u;

	u.data = data;
	u.len = strlen(data);
	u.raw = cc_hash_bytes(data, u.len);
	cc_header_parse(&u.hdr, data, u.len);
	return u;
}

static struct cc_filemem mem_at(int first_seen)
{
	struct cc_filemem m;

	memset(&m, 0, sizeof(m));
	m.first_seen = first_seen;
	return m;
}

/* The recorded version of TPL with these contents; a dummy that matches no
 * answer when there is none, so a missing version cannot pass a test. */
static const struct cc_version *ver(const struct cc_vlist *vl, const char *data)
{
	static struct cc_version missing;
	cc_hash raw = cc_hash_bytes(data, strlen(data));
	size_t i;

	for (i = 0; vl && i < vl->n; i++)
		if (vl->v[i]->raw == raw)
			return vl->v[i];
	return &missing;
}

/* Replaces the first occurrence of from in s by to; the caller frees. */
static char *edit(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);

	if (!p)
		return cc_strdup(s);
	return cc_asprintf("%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

/* s without its first line (the header). */
static const char *no_header(const char *s)
{
	return strchr(s, '\n') + 1;
}

static void test_table(void)
{
	const cc_hash U = 1, T = 2, B = 3;

	is_int(cc_verdict_decide(U, U, 0, 0), CC_CURRENT, "U == T, no B: current");
	is_int(cc_verdict_decide(U, U, 1, B), CC_CURRENT, "U == T, other B: current (converged)");
	is_int(cc_verdict_decide(U, U, 1, U), CC_CURRENT, "U == T == B: current");
	is_int(cc_verdict_decide(U, T, 1, U), CC_OUTDATED, "U == B, T != B: outdated");
	is_int(cc_verdict_decide(U, T, 1, T), CC_CUSTOMIZED, "U != B, T == B: customized");
	is_int(cc_verdict_decide(U, T, 1, B), CC_CONFLICT, "U != B, T != B: conflict");
	is_int(cc_verdict_decide(U, T, 0, 0), CC_UNVERIFIED, "B unknown, U != T: unverified");
	is_int(cc_verdict_decide(U, T, 0, U), CC_UNVERIFIED,
	       "B unknown: a stale B value is not looked at");
	is_int(cc_verdict_decide(0, T, 1, 0), CC_OUTDATED, "hash 0 is a hash like any other");
}

static void test_names(void)
{
	static const char *const want[] = {"current",	 "customized", "outdated", "conflict",
					   "unverified", "orphaned",   "error"};
	int i, round = 1, names = 1;

	is_int(CC_NVERDICTS, 7, "seven verdicts");
	for (i = 0; i < CC_NVERDICTS; i++) {
		if (strcmp(cc_verdict_name((enum cc_verdict)i), want[i]) != 0)
			names = 0;
		if (cc_verdict_parse(cc_verdict_name((enum cc_verdict)i)) != i)
			round = 0;
	}
	ok(names, "the names are the contract's state names, in table order");
	ok(round, "parse(name(v)) == v for every verdict");
	is_int(cc_verdict_parse("unused"), -1, "unused is a count, not a verdict");
	is_int(cc_verdict_parse("Current"), -1, "names are case-sensitive");
	is_int(cc_verdict_parse(""), -1, "the empty name is no verdict");
	is_str(cc_verdict_name(CC_NVERDICTS), "unknown", "an out-of-range verdict is 'unknown'");
	ok(!cc_verdict_needs_look(CC_CURRENT) && !cc_verdict_needs_look(CC_CUSTOMIZED),
	   "current and customized need no look");
	ok(cc_verdict_needs_look(CC_OUTDATED) && cc_verdict_needs_look(CC_CONFLICT) &&
	       cc_verdict_needs_look(CC_UNVERIFIED) && cc_verdict_needs_look(CC_ORPHANED) &&
	       cc_verdict_needs_look(CC_ERROR),
	   "outdated, conflict, unverified, orphaned and error need a look");
}

#define SIM(a, b) cc_similarity(a, strlen(a), b, strlen(b))

static void test_similarity(void)
{
	ok(SIM(v1, v1) == 1.0, "similarity: a text with itself is 1");
	ok(SIM("", "") == 1.0, "similarity: two empty texts are 1");
	ok(SIM("a\nb\n", "") == 0.0, "similarity: a text and nothing is 0");
	ok(SIM("a\nb\n", "c\nd\n") == 0.0, "similarity: no shared line is 0");
	ok(SIM("a\nb\n", "a\nc\n") == 0.5, "similarity: 2 * shared / all lines");
	ok(SIM("a\nb\nc\n", "c\nb\na\n") == 1.0, "similarity: line order does not matter");
	ok(SIM("a \r\nb\t\n", "a\nb") == 1.0,
	   "similarity: trailing white space, CR and a final newline do not matter");
	ok(SIM("a\na\nb\n", "a\nb\nb\n") > 0.66 && SIM("a\na\nb\n", "a\nb\nb\n") < 0.67,
	   "similarity: repeated lines are counted as many times as both have them");
	ok(SIM(v1, v2) == SIM(v2, v1), "similarity is symmetric");
	ok(SIM(v1, v2) > 0.5 && SIM(v1, v2) < 1.0, "similarity: v1 and v2 are near");
}

/* The histories of one test: the state's own (list[0]) and maybe a shipped one. */
struct hist {
	struct cc_history h[2];
	struct cc_histories hs;
};

static void hist_index(struct hist *x, size_t n)
{
	x->hs.list = x->h;
	x->hs.n = n;
	cc_histories_index(&x->hs);
}

static void hist_release(struct hist *x)
{
	size_t i;

	cc_histories_release(&x->hs);
	for (i = 0; i < x->hs.n; i++)
		cc_history_release(&x->h[i]);
}

static void test_infer(void)
{
	struct hist x;
	const struct cc_vlist *vl;
	const struct cc_version *b;
	struct cc_userfile u;
	struct cc_filemem m;
	char *s, *s2;
	int method;

	memset(&x, 0, sizeof(x));
	if (cc_history_open(&x.h[0], fx_path("state-history"), 0) < 0)
		printf("# open: %s\n", cc_error_last());
	is_int(record1(&x.h[0], v1), 1, "set 1 recorded (v1)");
	is_int(record1(&x.h[0], v2), 2, "set 2 recorded (v2)");
	is_int(record1(&x.h[0], v3a), 3, "set 3 recorded (v3a)");
	is_int(record1(&x.h[0], v3b), 4, "set 4 recorded (v3b, same date as v3a)");
	hist_index(&x, 1);
	vl = cc_histories_versions(&x.hs, TPL);
	ok(vl && vl->n == 4, "four versions of the template");
	if (!vl || vl->n != 4)
		goto done;
	ok(ver(vl, v1)->path && ver(vl, v2)->path && ver(vl, v3a)->path && ver(vl, v3b)->path,
	   "each recorded content is one version");

	/* an exact match */
	m = mem_at(5);
	u = user(v2);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v2), "exact: the identical version is the baseline");
	is_int(method, CC_BASE_EXACT, "exact: method");
	ok(m.has_remembered && m.remembered == u.raw, "exact: the baseline is remembered");

	/* the header names one version; the body is nearer another */
	s = edit(v2, "## Version 2024/06/01", "## Version 2024/01/01");
	s2 = edit(s, "server_name _;", "server_name example.org;");
	m = mem_at(5);
	u = user(s2);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v1), "header: the version its date names, whatever the body is nearest");
	is_int(method, CC_BASE_HEADER, "header: method");
	ok(!m.has_remembered, "header: nothing remembered (not an exact match)");
	free(s);
	free(s2);

	/* the header names a date two versions share: the nearer one */
	s = edit(v3b, "server_name _;", "server_name example.org;");
	m = mem_at(5);
	u = user(s);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v3b), "header, two contents: the nearest (v3b) wins");
	is_int(method, CC_BASE_HEADER, "header, two contents: method");
	free(s);
	s = edit(v3a, "server_name _;", "server_name example.org;");
	m = mem_at(5);
	u = user(s);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v3a), "header, two contents: the nearest (v3a) wins");
	free(s);

	/* equally near both: the newer one */
	u = user("## Version 2024/09/01\n"
		 "server {\n"
		 "\tserver_name _;\n"
		 "\tinclude /config/nginx/ssl.conf;\n"
		 "\tclient_max_body_size 0;\n"
		 "\tindex index.html index.htm index.php;\n"
		 "\tlocation / {\n"
		 "\t}\n"
		 "}\n");
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v3b), "header, two contents equally near: the newer (v3b) wins");

	/* a shared date, but the body is like neither, and nothing remembered */
	m = mem_at(5);
	u = user("## Version 2024/09/01\nsomething else\nentirely\n");
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "header, two contents, body like neither: unknown");

	/* a remembered baseline when the header names nothing recorded */
	s = edit(v2, "## Version 2024/06/01", "## Version 2023/03/03");
	m = mem_at(5);
	m.has_remembered = 1;
	m.remembered = cc_hash_bytes(v1, strlen(v1));
	u = user(s);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v1), "remembered: used when the header names no recorded version");
	is_int(method, CC_BASE_REMEMBERED, "remembered: method");

	/* ... and nearest content is not tried for a file with a header */
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE,
	   "a header naming nothing recorded, nothing remembered: unknown, not nearest");
	free(s);

	/* remembered comes before nearest content */
	s = edit(no_header(v3a), "server_name _;", "server_name example.org;");
	m = mem_at(5);
	m.has_remembered = 1;
	m.remembered = cc_hash_bytes(v1, strlen(v1));
	u = user(s);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v1) && method == CC_BASE_REMEMBERED,
	   "remembered wins over a nearer content");
	m.remembered = 12345;
	m.has_cache = 0;
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v3a) && method == CC_BASE_NEAREST,
	   "a remembered hash no version has is passed over (nearest then)");
	free(s);

	/* nearest content, only among versions older than the first sighting */
	s = edit(no_header(v2), "server_name _;", "server_name example.org;");
	u = user(s);
	printf("# similarity to v1 %.3f, v2 %.3f, v3a %.3f\n",
	       cc_similarity(s, strlen(s), v1, strlen(v1)),
	       cc_similarity(s, strlen(s), v2, strlen(v2)),
	       cc_similarity(s, strlen(s), v3a, strlen(v3a)));
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v2) && method == CC_BASE_NEAREST, "nearest: v2, the most similar");
	ok(!m.has_remembered, "nearest: nothing remembered");
	m = mem_at(2);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v1) && method == CC_BASE_NEAREST,
	   "nearest, first seen with set 2: only v1 could be where it started");
	m = mem_at(1);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE,
	   "nearest, first seen with set 1: no older version, unknown");
	free(s);

	/* nothing alike: unknown */
	m = mem_at(5);
	u = user("completely\ndifferent\nfile\n");
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "none: a file like no version has no baseline");
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, NULL, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "none: no versions at all");

	/* the cache: the same user hash and version count give the same answer */
	s = edit(no_header(v2), "server_name _;", "server_name example.org;");
	u = user(s);
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(m.has_cache && m.cache_user == u.raw && m.cache_nver == 4 &&
	       m.cache_method == CC_BASE_NEAREST && m.cache_base == ver(vl, v2)->raw,
	   "cache: the answer is kept with the user hash and the version count");
	m.first_seen = 1; /* would make it unknown if inferred again */
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v2) && method == CC_BASE_NEAREST,
	   "cache: a second call with the same hash and count gives the same answer");
	free(s);
	s = edit(no_header(v2), "server_name _;", "server_name example.net;");
	u = user(s);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "cache: a new user hash is inferred again");
	free(s);

	/* a new version invalidates: a header date nothing had, recorded now */
	s = edit(v5, "server_name _;", "server_name example.org;");
	u = user(s);
	m = mem_at(5);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "cache: unknown while 2025-03-03 is not recorded");
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(!b && method == CC_BASE_NONE, "cache: unknown again from the cache");
	is_int(record1(&x.h[0], v5), 5, "set 5 recorded (v5, 2025-03-03)");
	hist_index(&x, 1);
	vl = cc_histories_versions(&x.hs, TPL);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v5) && method == CC_BASE_HEADER,
	   "cache: a new version invalidates it; the header now names v5");
	is_int(m.cache_nver, 5, "cache: the new count is kept");
	free(s);
done:
	hist_release(&x);
}

/* Versions in a shipped (read-only) history were there before any file. */
static void test_shipped(void)
{
	static const char v0[] = "server {\n"
				 "\tlisten 8080;\n"
				 "\tserver_name _;\n"
				 "\troot /config/www;\n"
				 "\tindex index.html;\n"
				 "}\n";
	struct hist x;
	struct cc_history w;
	const struct cc_vlist *vl;
	const struct cc_version *b;
	struct cc_userfile u;
	struct cc_filemem m;
	char *s;
	int method;

	memset(&x, 0, sizeof(x));
	cc_history_open(&w, fx_path("shipped-history"), 0);
	is_int(record1(&w, v0), 1, "shipped history: v0 recorded");
	is_int(record1(&w, v1), 2, "shipped history: v1 recorded");
	cc_history_release(&w);
	cc_history_open(&x.h[0], fx_path("state-history-2"), 0);
	is_int(record1(&x.h[0], v1), 1, "state history: v1 recorded");
	ok(cc_history_open(&x.h[1], fx_path("shipped-history"), 1) == 0,
	   "shipped history opened read-only");
	hist_index(&x, 2);
	vl = cc_histories_versions(&x.hs, TPL);
	ok(vl && vl->n == 2, "v1 is in both histories and listed once");
	if (!vl || vl->n != 2)
		goto done;
	ok(ver(vl, v1)->origin == 1,
	   "v1, which the image shipped, is listed from the shipped history");
	ok(ver(vl, v0)->origin == 1, "v0 comes from the shipped history");

	s = edit(v0, "listen 8080;", "listen 8081;");
	u = user(s);
	m = mem_at(1);
	b = cc_baseline_infer(&x.hs, vl, &u, &m, &method);
	ok(b == ver(vl, v0) && method == CC_BASE_NEAREST,
	   "nearest: a shipped version counts even when the file was seen with set 1");
	free(s);
done:
	hist_release(&x);
}

int main(void)
{
	git_libgit2_init();
	test_table();
	test_names();
	test_similarity();
	test_infer();
	test_shipped();
	git_libgit2_shutdown();
	return done_testing();
}
