/* test_history.c - the template history: record, reopen, rebuild, recover, merge. */
#include <dirent.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "fixture.h"
#include "util/fs.h"
#include "history/histindex.h"
#include "history/history.h"
#include "tap.h"

static cc_hash set_id(const struct tfile *files, size_t n)
{
	const char *paths[8];
	cc_hash raws[8];
	size_t i;

	for (i = 0; i < n; i++) {
		paths[i] = files[i].path;
		raws[i] = cc_hash_bytes(files[i].data, strlen(files[i].data));
	}
	return cc_set_id(paths, raws, n);
}

/* Records a set (files sorted by path); returns its seq or -1. */
static int record(struct cc_history *h, const struct tfile *files, size_t n, const char *label,
		  long long when)
{
	struct cc_record_file rf[8];
	size_t i;
	int seq = -1;

	for (i = 0; i < n; i++) {
		rf[i].path = files[i].path;
		rf[i].raw = cc_hash_bytes(files[i].data, strlen(files[i].data));
	}
	if (cc_history_record(h, &seq, set_id(files, n), rf, n, read_tfile, (void *)files, label,
			      when) < 0) {
		printf("# record failed: %s\n", cc_error_last());
		return -1;
	}
	return seq;
}

/* Two template sets of an image update: nginx.conf changes, ssl.conf stays. */
static const struct tfile set1[] = {
    {"nginx/nginx.conf.sample", "## Version 2024/01/01\nuser abc;\nworker_processes 4;\n"},
    {"nginx/site-confs/default.conf.sample", "## Version 2024/01/01\nserver {}\n"},
    {"nginx/ssl.conf.sample", "## Version 2023/05/05\nssl_protocols TLSv1.2;\n"},
    {"nginx2.sample", "x\n"},
};
static const struct tfile set2[] = {
    {"nginx/nginx.conf.sample", "## Version 2024/06/01\nuser abc;\nworker_processes auto;\n"},
    {"nginx/site-confs/default.conf.sample", "## Version 2024/01/01\nserver {}\n"},
    {"nginx/ssl.conf.sample", "## Version 2023/05/05\nssl_protocols TLSv1.2;\n"},
    {"nginx2.sample", "x\n"},
};

/* Whether two histories hold the same sets and versions (in any version order). */
static int same_history(const struct cc_history *a, const struct cc_history *b)
{
	size_t i, j;

	if (a->nsets != b->nsets || a->nversions != b->nversions)
		return 0;
	for (i = 0; i < a->nsets; i++) {
		const struct cc_set *x = &a->sets[i], *y = &b->sets[i];

		if (x->seq != y->seq || x->id != y->id || !git_oid_equal(&x->commit, &y->commit) ||
		    x->time != y->time || !!x->label != !!y->label ||
		    (x->label && strcmp(x->label, y->label))) {
			printf("# set %zu differs\n", i);
			return 0;
		}
	}
	for (i = 0; i < a->nversions; i++) {
		const struct cc_version *x = &a->versions[i];

		for (j = 0; j < b->nversions; j++) {
			const struct cc_version *y = &b->versions[j];

			if (!strcmp(x->path, y->path) && x->raw == y->raw && x->norm == y->norm &&
			    x->nohdr == y->nohdr && x->date == y->date &&
			    git_oid_equal(&x->blob, &y->blob) && x->first_set == y->first_set &&
			    x->last_set == y->last_set)
				break;
		}
		if (j == b->nversions) {
			printf("# version %s of set %d not found\n", x->path, x->first_set);
			return 0;
		}
	}
	return 1;
}

/* Deep-copies the sets and versions of h (for comparing after a reopen). */
static void snapshot(struct cc_history *dst, const struct cc_history *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->nsets = src->nsets;
	dst->nversions = src->nversions;
	dst->sets = cc_calloc(src->nsets + 1, sizeof(*dst->sets));
	dst->versions = cc_calloc(src->nversions + 1, sizeof(*dst->versions));
	for (i = 0; i < src->nsets; i++) {
		dst->sets[i] = src->sets[i];
		dst->sets[i].label = src->sets[i].label ? cc_strdup(src->sets[i].label) : NULL;
	}
	for (i = 0; i < src->nversions; i++) {
		dst->versions[i] = src->versions[i];
		dst->versions[i].path = cc_strdup(src->versions[i].path);
	}
}

/* Writes len bytes to an absolute path. */
static void put(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fx_bail("write", path);
}

static const struct cc_version *find(struct cc_history *h, const struct tfile *f)
{
	return cc_history_find_version(h, f->path, cc_hash_bytes(f->data, strlen(f->data)));
}

/* The count of entries in dir whose name starts with prefix. */
static int count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	if (d)
		closedir(d);
	return n;
}

static char *head_commit(const char *dir)
{
	git_repository *repo = NULL;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1] = "";

	if (git_repository_open_bare(&repo, dir) == 0 &&
	    git_reference_name_to_id(&oid, repo, "refs/heads/main") == 0)
		git_oid_tostr(hex, sizeof(hex), &oid);
	git_repository_free(repo);
	return cc_strdup(hex);
}

/* Overwrites every file under dir/objects and dir/HEAD with garbage. */
static int garble(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F) {
		chmod(path, 0644);
		FILE *f = fopen(path, "wb");

		if (f) {
			fputs("garbage, not a git object\n", f);
			fclose(f);
		}
	}
	return 0;
}

static void garble_git(const char *dir)
{
	char *objects = cc_path_join(dir, "objects"), *head = cc_path_join(dir, "HEAD");

	nftw(objects, garble, 16, FTW_PHYS);
	garble(head, NULL, FTW_F, NULL);
	free(objects);
	free(head);
}

static void test_record_reopen(const char *dir)
{
	struct cc_history h, copy;
	const struct cc_version *v;
	struct cc_buf b = CC_BUF_INIT;
	char *index = cc_path_join(dir, CC_HISTINDEX_NAME), *head, *head2;

	ok(cc_history_open(&h, dir, 0) == 0 && h.nsets == 0 && !h.warning,
	   "a missing history opens empty, without warning");
	is_int(record(&h, set1, 4, "lscr.io/linuxserver/swag:1.0", 1700000000), 1,
	       "set 1 recorded");
	is_int(record(&h, set2, 4, NULL, 1700000100), 2, "set 2 recorded");
	is_int(h.nsets, 2, "two sets");
	is_int(h.nversions, 5, "five distinct versions (nginx.conf changed once)");
	v = find(&h, &set1[0]);
	ok(v && v->first_set == 1 && v->last_set == 1 && v->date == 20240101,
	   "old nginx.conf: set 1 only, 2024-01-01");
	v = find(&h, &set2[0]);
	ok(v && v->first_set == 2 && v->last_set == 2 && v->date == 20240601,
	   "new nginx.conf: set 2 only, 2024-06-01");
	v = find(&h, &set1[2]);
	ok(v && v->first_set == 1 && v->last_set == 2, "ssl.conf: sets 1 and 2");
	is_str(h.sets[0].label, "lscr.io/linuxserver/swag:1.0", "set 1 carries its label");
	ok(h.sets[1].label == NULL, "set 2 has no label");
	ok(h.sets[0].time == 1700000000 && h.sets[1].time == 1700000100, "commit times kept");
	ok(cc_history_find_set(&h, set_id(set2, 4)) == &h.sets[1], "find_set by id");
	ok(cc_history_find_set(&h, 42) == NULL, "find_set of an unknown id: NULL");

	head = head_commit(dir);
	is_int(record(&h, set2, 4, "again", 0), 2, "recording the same set again gives its seq");
	is_int(h.nsets, 2, "... and no new set");
	head2 = head_commit(dir);
	is_str(head2, head, "... and no new commit");
	free(head2);
	free(head);
	is_int(record(&h, set1, 4, NULL, 0), 1, "an older set seen again is found too");

	snapshot(&copy, &h);
	cc_history_release(&h);

	ok(cc_history_open(&h, dir, 0) == 0, "reopened");
	ok(same_history(&h, &copy), "reopened: the same sets and versions");
	ok(h.repo == NULL, "reopened from the index: git was not opened");
	ok(!h.warning, "reopened: no warning");
	cc_history_release(&h);

	/* the index is derived: deleted, it is rebuilt from the commits */
	unlink(index);
	ok(cc_history_open(&h, dir, 0) == 0, "index deleted: opened");
	ok(same_history(&h, &copy), "index deleted: rebuilt with the same sets and versions");
	ok(h.warning != NULL, "index deleted: a warning says it was rebuilt");
	if (h.warning)
		printf("# warning: %s\n", h.warning);
	cc_history_release(&h);
	ok(access(index, F_OK) == 0, "index deleted: written again");
	ok(cc_history_open(&h, dir, 0) == 0 && !h.warning && h.repo == NULL,
	   "index deleted: the next open uses the new index");
	cc_history_release(&h);

	/* garbage in the index */
	put(index, "garbage\x01\x02\nmore\n", 14);
	ok(cc_history_open(&h, dir, 0) == 0, "garbage index: opened");
	ok(same_history(&h, &copy), "garbage index: rebuilt with the same sets and versions");
	ok(h.warning && strstr(h.warning, "rebuilt"),
	   "garbage index: a warning says it was rebuilt");
	cc_history_release(&h);

	/* a truncated index: the last line cut */
	cc_fs_read_path(&b, index);
	put(index, b.data, b.len - 10);
	cc_buf_release(&b);
	ok(cc_history_open(&h, dir, 0) == 0 && same_history(&h, &copy) && h.warning,
	   "truncated index: rebuilt with a warning");
	cc_history_release(&h);

	/* a whole index with one line of a field too many, then one of a set seq 0 */
	cc_fs_read_path(&b, index);
	b.data[--b.len] = '\0';
	cc_buf_adds(&b, "\tx\n");
	put(index, b.data, b.len);
	ok(cc_history_open(&h, dir, 0) == 0 && same_history(&h, &copy) && h.warning &&
	       strstr(h.warning, "was unreadable; rebuilt"),
	   "a line with a field too many: the index is rebuilt with a warning");
	cc_history_release(&h);
	cc_buf_reset(&b);
	cc_fs_read_path(&b, index);
	cc_buf_adds(&b,
		    "set\t0\t0123456789abcdef\t0000000000000000000000000000000000000000\t0\t-\n");
	put(index, b.data, b.len);
	ok(cc_history_open(&h, dir, 0) == 0 && same_history(&h, &copy) && h.warning,
	   "a set line with seq 0: the index is rebuilt with a warning");
	cc_history_release(&h);
	cc_buf_release(&b);

	/* read-only: the same answers, nothing written */
	ok(cc_history_open(&h, dir, 1) == 0 && same_history(&h, &copy), "read-only open");
	ok(record(&h, set1, 1, NULL, 0) < 0, "a read-only history records nothing");
	cc_history_release(&h);
	cc_history_release(&copy);
	free(index);
}

static void test_corrupt_git(const char *dir, const char *parent)
{
	struct cc_history h;
	const char *base = strrchr(dir, '/') + 1;
	char *prefix = cc_asprintf("%s.corrupt-", base),
	     *index = cc_path_join(dir, CC_HISTINDEX_NAME);

	ok(cc_history_open(&h, dir, 0) == 0, "history opened");
	is_int(record(&h, set1, 4, NULL, 0), 1, "set 1 recorded");
	cc_history_release(&h);

	/* garbage git data and no index: nothing to rebuild from */
	garble_git(dir);
	unlink(index);
	ok(cc_history_open(&h, dir, 0) == 0, "garbage git data: opened all the same");
	ok(h.nsets == 0 && h.nversions == 0, "garbage git data: the history starts empty");
	ok(h.warning && strstr(h.warning, ".corrupt-"),
	   "garbage git data: a warning says where it was moved");
	if (h.warning)
		printf("# warning: %s\n", h.warning);
	is_int(count_prefix(fx_path("%s", parent), prefix), 1, "garbage git data: moved aside");
	is_int(record(&h, set2, 4, NULL, 0), 1, "a new record works, as set 1 of a new history");
	cc_history_release(&h);
	ok(cc_history_open(&h, dir, 0) == 0 && h.nsets == 1 && !h.warning,
	   "the new history reopens cleanly");
	cc_history_release(&h);

	/* garbage git data behind a good index: found when recording */
	garble_git(dir);
	ok(cc_history_open(&h, dir, 0) == 0 && h.nsets == 1, "garbage git, good index: opened");
	is_int(record(&h, set1, 4, NULL, 0), 1,
	       "garbage git, good index: a new set starts a new history");
	ok(h.warning && strstr(h.warning, ".corrupt-"),
	   "garbage git, good index: a warning says where it was moved");
	if (h.warning)
		printf("# warning: %s\n", h.warning);
	is_int(count_prefix(fx_path("%s", parent), prefix), 2,
	       "a second corrupt history is moved aside beside the first");
	cc_history_release(&h);
	ok(cc_history_open(&h, dir, 0) == 0 && h.nsets == 1 && find(&h, &set1[0]) && !h.warning,
	   "the restarted history holds the new set");
	cc_history_release(&h);
	free(prefix);
	free(index);
}

/* A version whose git data is gone: the state dir's own history drops the index
 * it was read from, so that the next open finds the damage; not one written
 * meanwhile, and not a history that is not its own. */
/* Records set1 in a new history at dir, opens it read-only as own or not, and
 * garbles its git data behind the good index. Returns set1[0]'s version. */
static const struct cc_version *damaged(struct cc_history *h, const char *dir, int own)
{
	const struct cc_version *v;

	nftw(dir, fx_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	cc_history_open(h, dir, 0);
	record(h, set1, 4, NULL, 0);
	cc_history_release(h);
	v = cc_history_open(h, dir, 1) == 0 ? find(h, &set1[0]) : NULL;
	h->own = own;
	garble_git(dir);
	return v;
}

static void test_damaged_blob(const char *dir)
{
	struct cc_history h;
	struct cc_buf b = CC_BUF_INIT;
	char *index = cc_path_join(dir, "confcheck-index"), *other = cc_path_join(dir, "index.new");
	const struct cc_version *v;
	int own;

	for (own = 0; own < 2; own++) {
		v = damaged(&h, dir, own);
		ok(v && cc_history_read_blob(&h, &v->blob, &b) < 0,
		   "a recorded version whose git data is garbled cannot be read");
		if (own) {
			ok(access(index, F_OK) != 0, "the own history drops its index");
			ok(strstr(cc_error_last(), "the next check starts it again") != NULL,
			   "and says what happens next");
		} else {
			ok(access(index, F_OK) == 0, "another history keeps its index");
			ok(strstr(cc_error_last(), "the next check") == NULL,
			   "and promises nothing");
		}
		cc_history_release(&h);
	}

	/* the index replaced (a check started the history again) before the read fails */
	v = damaged(&h, dir, 1);
	put(other, "confcheck-history 1\n", 20);
	ok(rename(other, index) == 0, "its index replaced by a new file");
	ok(v && cc_history_read_blob(&h, &v->blob, &b) < 0, "the version cannot be read");
	ok(access(index, F_OK) == 0, "the new index is left alone");
	cc_history_release(&h);
	cc_buf_release(&b);
	free(index);
	free(other);
}

static void test_readonly_missing(void)
{
	struct cc_history h;

	ok(cc_history_open(&h, fx_path("no-such-history"), 1) < 0,
	   "read-only open of a missing dir fails");
	ok(strstr(cc_error_last(), "no-such-history") != NULL, "... with a message naming it");
	printf("# %s\n", cc_error_last());
	cc_history_release(&h);
}

static void test_merge(void)
{
	static const struct tfile a1[] = {{"x.conf.sample", "x 1\n"}, {"y.conf.sample", "y 1\n"}};
	static const struct tfile a2[] = {{"x.conf.sample", "x 2\n"}, {"y.conf.sample", "y 1\n"}};
	static const struct tfile b1[] = {{"x.conf.sample", "x 1\n"}, {"z.conf.sample", "z 1\n"}};
	static const struct tfile b2[] = {{"x.conf.sample", "x 3\n"}, {"z.conf.sample", "z 1\n"}};
	struct cc_history hist[2];
	struct cc_histories hs = {hist, 2, CC_MAP_INIT};
	const struct cc_vlist *vl;
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	cc_history_open(&hist[0], fx_path("merge-a"), 0);
	record(&hist[0], a1, 2, NULL, 0);
	record(&hist[0], a2, 2, NULL, 0);
	cc_history_open(&hist[1], fx_path("merge-b"), 0);
	record(&hist[1], b1, 2, NULL, 0);
	record(&hist[1], b2, 2, NULL, 0);
	cc_histories_index(&hs);
	vl = cc_histories_versions(&hs, "x.conf.sample");
	ok(vl && vl->n == 3, "x: versions 1 and 2 from a, 3 from b, 1 once");
	for (i = 0; vl && i < vl->n; i++) {
		cc_histories_read(&hs, vl->v[i], &b);
		printf("# x version %zu: origin %d, '%.*s'\n", i, vl->v[i]->origin, (int)b.len - 1,
		       b.data);
	}
	/* "x 1" is known to both: a version a shipped history holds is listed from it,
	 * so that it counts as shipped before, whenever the state dir first saw it */
	ok(vl && vl->n == 3 && vl->v[0]->origin == 1 && vl->v[1]->origin == 0 &&
	       vl->v[2]->origin == 1,
	   "x: in the first history's order, a version the second also holds listed from it");
	ok(vl && vl->n == 3 && cc_histories_read(&hs, vl->v[2], &b) == 0 &&
	       !strcmp(cc_buf_str(&b), "x 3\n"),
	   "x: version 3 is read from the second history");
	vl = cc_histories_versions(&hs, "y.conf.sample");
	ok(vl && vl->n == 1 && vl->v[0]->origin == 0, "y: one version, from a");
	vl = cc_histories_versions(&hs, "z.conf.sample");
	ok(vl && vl->n == 1 && vl->v[0]->origin == 1 && cc_histories_read(&hs, vl->v[0], &b) == 0 &&
	       !strcmp(cc_buf_str(&b), "z 1\n"),
	   "z: one version, from b, readable");
	ok(cc_histories_versions(&hs, "w.conf.sample") == NULL, "an unknown path has no versions");
	cc_histories_index(&hs);
	vl = cc_histories_versions(&hs, "x.conf.sample");
	ok(vl && vl->n == 3, "indexing again gives the same lists");
	cc_histories_release(&hs);
	cc_history_release(&hist[0]);
	cc_history_release(&hist[1]);
	cc_buf_release(&b);
}

int main(void)
{
	git_libgit2_init();
	test_record_reopen(fx_path("state/history"));
	fx_mkdir("state2");
	test_corrupt_git(fx_path("state2/history"), "state2");
	test_readonly_missing();
	test_damaged_blob(fx_path("damaged/history"));
	test_merge();
	git_libgit2_shutdown();
	return done_testing();
}
