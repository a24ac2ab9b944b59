/* test_status.c - status.json read back: the check's result as it was written, the
 * notice it gives, acks counted as the loader counts, and a hostile file refused in one
 * line. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "fixture.h"
#include "util/fs.h"
#include "util/header.h"
#include "output/notice.h"
#include "engine/state.h"
#include "output/status.h"
#include "tap.h"

static struct cc_entry *add(struct cc_result *res, const char *path, enum cc_verdict state)
{
	struct cc_entry *e;

	CC_GROW(res->entries, res->entries_alloc, res->nentries + 1);
	e = &res->entries[res->nentries++];
	memset(e, 0, sizeof(*e));
	e->path = cc_strdup(path);
	e->template_path = cc_asprintf("%s.sample", path);
	e->state = state;
	e->merge = -1;
	return e;
}

static void hashes(struct cc_entry *e, cc_hash u, cc_hash t, cc_hash b)
{
	e->has_user = u != 0;
	e->user_hash = u;
	e->has_template = t != 0;
	e->template_hash = t;
	e->has_base = b != 0;
	e->base_hash = b;
}

/* A result with every state, flag, merge answer, baseline method and header finding. */
static void sample(struct cc_result *res)
{
	struct cc_entry *e;

	memset(res, 0, sizeof(*res));
	res->state_fd = -1;
	res->config_root = cc_strdup("/config");
	res->template_roots = cc_calloc(2, sizeof(char *));
	res->template_roots[res->ntemplate_roots++] = cc_strdup("/defaults");
	res->template_roots[res->ntemplate_roots++] = cc_strdup("/app/defaults");
	res->set_id = 0x0123456789abcdefULL;
	res->newest = 20240601;
	res->label = cc_strdup("ghcr.io/example/app:3.1");
	res->generated_at = 1780000000;
	res->unused = 3;
	cc_result_warn(res, cc_strdup("template history '/x' was set aside"));
	e = add(res, "app/clean.conf", CC_CONFLICT);
	hashes(e, 0x11, 0x12, 0x13);
	e->user_date = e->baseline_date = 20240101;
	e->template_date = 20240601;
	e->method = CC_BASE_HEADER;
	e->merge = 1;
	e = add(res, "app/conflict.conf", CC_CONFLICT);
	hashes(e, 0x21, 0x22, 0x23);
	e->baseline_date = 20240101;
	e->template_date = 20240601;
	e->method = CC_BASE_EXACT;
	e->merge = 0;
	e->findings = CC_HDR_DUPLICATE;
	e = add(res, "app/unknown.conf", CC_CONFLICT);
	hashes(e, 0x31, 0x32, 0x33);
	e->method = CC_BASE_NEAREST;
	e = add(res, "app/acked.conf", CC_CONFLICT);
	hashes(e, 0x41, 0x42, 0x43);
	e->flags = CC_FLAG_ACKNOWLEDGED;
	e->method = CC_BASE_REMEMBERED;
	e->merge = 1;
	e = add(res, "app/cosmetic.conf", CC_OUTDATED);
	hashes(e, 0x51, 0x52, 0x51);
	e->flags = CC_FLAG_COSMETIC | CC_FLAG_HEADER_ONLY;
	e->method = CC_BASE_EXACT;
	e = add(res, "app/cosmetic-acked.conf", CC_OUTDATED);
	hashes(e, 0x61, 0x62, 0x61);
	e->flags = CC_FLAG_COSMETIC | CC_FLAG_ACKNOWLEDGED;
	e = add(res, "app/caf\xe9 new.conf", CC_CURRENT);
	hashes(e, 0x71, 0x71, 0x71);
	e = add(res, "app/custom.conf", CC_CUSTOMIZED);
	hashes(e, 0x81, 0x82, 0x82);
	e = add(res, "app/legacy.conf", CC_UNVERIFIED);
	hashes(e, 0x91, 0x92, 0);
	e->user_date = 20230101;
	e->template_date = 20240601;
	e->findings = CC_HDR_MALFORMED;
	e = add(res, "app/gone.conf", CC_ORPHANED);
	hashes(e, 0xa1, 0, 0);
	e->template_date = 20240101;
	e = add(res, "app/err.conf", CC_ERROR);
	hashes(e, 0, 0xb2, 0);
	e->reason = cc_strdup("not a regular file (fifo)");
	cc_result_summarise(res);
}

static int dirfd_of(const char *rel)
{
	int fd;

	fx_mkdir(rel);
	fd = open(fx_path("%s", rel), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		fx_bail("open", fx_path("%s", rel));
	return fd;
}

/* Whether b is a read back as it was written. A template path that is not UTF-8 was
 * written in the log form, with nothing to say so: it comes back in that form. */
static int same_entry(const struct cc_entry *a, const struct cc_entry *b)
{
	char *tpl = cc_utf8_valid(a->template_path, strlen(a->template_path))
			? cc_strdup(a->template_path)
			: cc_escape_log_str(a->template_path);
	int same = !strcmp(tpl, b->template_path);

	free(tpl);
	return same && !strcmp(a->path, b->path) && a->state == b->state && a->flags == b->flags &&
	       a->user_date == b->user_date && a->template_date == b->template_date &&
	       a->baseline_date == b->baseline_date && a->has_user == b->has_user &&
	       a->has_template == b->has_template && a->has_base == b->has_base &&
	       a->user_hash == b->user_hash && a->template_hash == b->template_hash &&
	       a->base_hash == b->base_hash && a->method == b->method && a->merge == b->merge &&
	       a->findings == b->findings && !a->reason == !b->reason &&
	       (!a->reason || !strcmp(a->reason, b->reason));
}

static void test_round_trip(void)
{
	struct cc_result res, back;
	struct cc_buf n1 = CC_BUF_INIT, n2 = CC_BUF_INIT;
	json_t *doc, *read, *again;
	int fd = dirfd_of("trip"), same = 1, s;
	size_t i;

	sample(&res);
	doc = cc_status_build(&res, NULL);
	if (cc_status_save(doc, fd, fx_path("trip")) < 0)
		fx_bail("save status in", fx_path("trip"));
	if (!ok(cc_status_load(&back, &read, fd, fx_path("trip")) == 0, "a status file loads"))
		printf("#   %s\n", cc_error_last());
	is_int(back.nentries, res.nentries, "every entry comes back");
	for (i = 0; i < res.nentries && i < back.nentries; i++)
		if (!same_entry(&res.entries[i], &back.entries[i])) {
			printf("# entry %zu (%s) differs\n", i, res.entries[i].path);
			same = 0;
		}
	ok(same, "each with every field as the check had it (an escaped path back to its bytes)");
	for (s = 0; s < CC_NVERDICTS; s++)
		if (back.counts[s] != res.counts[s])
			same = 0;
	ok(same && back.need_look == res.need_look, "counted as the check counts");
	is_int(back.need_look, 6, "need_look: the listed entries, not the grouped ones");
	is_int(back.unused, 3, "unused, which only the summary can say");
	ok(back.set_id == res.set_id && back.newest == res.newest &&
	       back.generated_at == res.generated_at && !strcmp(back.label, res.label) &&
	       !strcmp(back.config_root, "/config") && back.ntemplate_roots == 2 &&
	       !strcmp(back.template_roots[1], "/app/defaults") && back.nwarnings == 1,
	   "the set, the time, the roots and the warnings");
	is_str(back.state_dir, fx_path("trip"), "state_dir is the dir it was read from");
	is_int(back.state_fd, -1, "and no descriptor is kept");
	ok(json_equal(read, doc), "the document as read is the one written");
	again = cc_status_build(&back, NULL);
	ok(json_equal(again, doc), "and the result builds the same document again");
	cc_notice_build(&n1, &res);
	cc_notice_build(&n2, &back);
	is_str(cc_buf_str(&n2), cc_buf_str(&n1), "the notice of what was read is the check's");
	json_decref(again);
	json_decref(read);
	json_decref(doc);
	cc_buf_release(&n1);
	cc_buf_release(&n2);
	cc_result_release(&res);
	cc_result_release(&back);
	close(fd);
}

/* The document of sample(), to damage. */
static json_t *sample_doc(void)
{
	struct cc_result res;
	json_t *doc;

	sample(&res);
	doc = cc_status_build(&res, NULL);
	cc_result_release(&res);
	return doc;
}

/* Loads text as dir's status.json: it must be refused in one line naming the file. */
static void refused(int fd, const char *dir, const char *text, size_t len, const char *want,
		    const char *name)
{
	struct cc_result res;
	json_t *doc = (json_t *)1;
	const char *msg;

	fx_write_n("hostile/status.json", text, len);
	ok(cc_status_load(&res, &doc, fd, dir) < 0, "%s: refused", name);
	msg = cc_error_last();
	if (!ok(!strchr(msg, '\n') && strstr(msg, want) && strstr(msg, dir) && res.nentries == 0 &&
		    !doc,
		"%s: in one line that says why", name))
		printf("#   got: %s\n#  want: ...%s...\n", msg, want);
	if (getenv("TEST_STATUS_SHOW"))
		printf("# %s\n", msg);
	cc_result_release(&res);
}

static void damaged(int fd, const char *dir, json_t *doc, const char *want, const char *name)
{
	char *text = cc_status_dump(doc);

	refused(fd, dir, text, strlen(text), want, name);
	free(text);
	json_decref(doc);
}

static json_t *file0(json_t *doc)
{
	return json_array_get(json_object_get(doc, "files"), 0);
}

/* Sets file 0's key to v (NULL: deletes it) in a fresh sample. */
static json_t *with0(const char *key, json_t *v)
{
	json_t *doc = sample_doc();

	if (v)
		json_object_set_new(file0(doc), key, v);
	else
		json_object_del(file0(doc), key);
	return doc;
}

static json_t *with(const char *key, json_t *v)
{
	json_t *doc = sample_doc();

	json_object_set_new(doc, key, v);
	return doc;
}

static void test_wrong_types(void)
{
	char *dir = cc_strdup(fx_path("hostile")); /* fx_path's buffers rotate */
	int fd = dirfd_of("hostile");
	struct cc_buf big = CC_BUF_INIT;
	json_t *doc;
	size_t i;

	refused(fd, dir, "", 0, "is not valid JSON (line", "an empty file");
	refused(fd, dir, "{\"schema\": 1, \"files\": [", 24, "is not valid JSON",
		"a truncated file");
	refused(fd, dir, "[1, 2]", 6, "is not a JSON object", "an array");
	refused(fd, dir, "{\"schema\": 2}", 13, "is from another version", "another schema");
	refused(fd, dir, "{\"schema\": \"1\"}", 15, "is from another version", "a schema string");
	damaged(fd, dir, with("files", json_object()), "damaged: files is not a list of files",
		"files an object");
	damaged(fd, dir, with("files", json_pack("[i]", 1)), "damaged: files[0] is not an object",
		"a file that is a number");
	damaged(fd, dir, with0("state", json_string("fine")), "files[0].state is not a verdict",
		"an unknown state");
	damaged(fd, dir, with0("state", json_integer(3)), "files[0].state is not a string",
		"a state that is a number");
	damaged(fd, dir, with0("state", NULL), "files[0].state is not a string", "no state");
	damaged(fd, dir, with0("path", json_true()), "files[0].path is not a string",
		"a path that is true");
	damaged(fd, dir, with0("path", json_string("")), "files[0].path is not a path",
		"an empty path");
	doc = with0("path", json_string("a\\x00b"));
	json_object_set_new(file0(doc), "path_escaped", json_true());
	damaged(fd, dir, doc, "files[0].path is not a path", "an escaped path with a NUL byte");
	damaged(fd, dir, with0("path_escaped", json_string("yes")),
		"files[0].path_escaped is not true or false", "path_escaped a string");
	damaged(fd, dir, with0("template", json_null()), "files[0].template is not a string",
		"a null template");
	damaged(fd, dir, with0("flags", json_string("cosmetic")), "files[0].flags is not a list",
		"flags a string");
	damaged(fd, dir, with0("flags", json_pack("[i]", 1)), "files[0].flags is not a list",
		"a flag that is a number");
	damaged(fd, dir, with0("flags", json_pack("[s]", "shiny")), "files[0].flags is not a list",
		"an unknown flag");
	damaged(fd, dir, with0("user_version", json_string("yesterday")),
		"files[0].user_version is not a date", "a version that is no date");
	damaged(fd, dir, with0("template_version", json_integer(20240101)),
		"files[0].template_version is not a string", "a version that is a number");
	damaged(fd, dir, with0("user_hash", json_string("xyz")), "files[0].user_hash is not a hash",
		"a hash that is not hex");
	damaged(fd, dir, with0("baseline_hash", json_pack("[]")),
		"files[0].baseline_hash is not a string", "a hash that is an array");
	damaged(fd, dir, with0("merge", json_string("maybe")),
		"files[0].merge is not clean or conflicts", "merge neither clean nor conflicts");
	damaged(fd, dir, with0("baseline_from", json_integer(1)),
		"files[0].baseline_from is not a string", "baseline_from a number");
	damaged(fd, dir, with0("header", json_string("bad")),
		"files[0].header is not malformed or duplicate", "an unknown header finding");
	damaged(fd, dir, with0("reason", json_object()), "files[0].reason is not a string",
		"a reason that is an object");
	damaged(fd, dir, with("summary", json_pack("[]")), "summary is not an object",
		"summary an array");
	doc = sample_doc();
	json_object_set_new(json_object_get(doc, "summary"), "unused", json_integer(-1));
	damaged(fd, dir, doc, "summary is not a set of counts", "a negative count");
	doc = sample_doc();
	json_object_set_new(json_object_get(doc, "summary"), "current", json_string("2"));
	damaged(fd, dir, doc, "summary is not a set of counts", "a count that is a string");
	doc = sample_doc();
	json_object_del(json_object_get(doc, "summary"), "unused");
	damaged(fd, dir, doc, "summary.unused is not a count", "no unused");
	damaged(fd, dir, with("template_set", json_string("x")), "template_set is not an object",
		"template_set a string");
	doc = sample_doc();
	json_object_set_new(json_object_get(doc, "template_set"), "id", json_null());
	damaged(fd, dir, doc, "template_set.id is not a hash", "a set without its id");
	damaged(fd, dir, with("generated_at", json_string("now")), "generated_at is not a time",
		"a time that is no time");
	damaged(fd, dir, with("config_root", json_integer(0)), "config_root is not a string",
		"config_root a number");
	damaged(fd, dir, with("template_roots", json_string("/defaults")),
		"template_roots is not a list of strings", "template_roots a string");
	damaged(fd, dir, with("warnings", json_pack("[i]", 1)), "warnings is not a list of strings",
		"a warning that is a number");
	damaged(fd, dir, with("watch", json_integer(1)), "watch is not a string", "watch a number");
	damaged(fd, dir, with("watcher", json_string("x")), "watcher is not an object",
		"watcher a string");
	damaged(fd, dir, with("watcher", json_pack("{s:i}", "reason", 5)),
		"watcher.reason is not a string", "a watcher reason that is a number");
	doc = sample_doc();
	json_array_append(json_object_get(doc, "files"), file0(doc));
	damaged(fd, dir, doc, "damaged: a path is listed twice", "a path listed twice");

	/* more files than any check lists, each as small as JSON allows */
	cc_buf_adds(&big, "{\"schema\": 1, \"files\": [{}");
	for (i = 0; i < CC_STATUS_MAX_FILES; i++)
		cc_buf_adds(&big, ",{}");
	cc_buf_adds(&big, "]}");
	refused(fd, dir, big.data, big.len, "lists more than 100000 files",
		"more files than a check lists");
	/* what would cost jansson gigabytes to build is refused before it parses */
	cc_buf_reset(&big);
	cc_buf_adds(&big, "{\"schema\": 1, \"files\": [], \"x\": [{}");
	for (i = 0; i < 3 * CC_STATUS_MAX_FILES; i++)
		cc_buf_adds(&big, ",[]");
	cc_buf_adds(&big, "]}");
	refused(fd, dir, big.data, big.len, "holds more than 100000 files' worth of values",
		"hundreds of thousands of empty arrays");
	cc_buf_reset(&big);
	cc_buf_adds(&big, "{\"schema\": 1, \"files\": [], \"x\": [0");
	for (i = 0; i < 70 * (size_t)CC_STATUS_MAX_FILES; i++)
		cc_buf_adds(&big, ",0");
	cc_buf_adds(&big, "]}");
	refused(fd, dir, big.data, big.len, "holds more than 100000 files' worth of values",
		"millions of numbers");
	cc_buf_release(&big);
	free(dir);
	close(fd);
}

static void test_special_files(void)
{
	char *dir = cc_strdup(fx_path("special")); /* fx_path's buffers rotate */
	struct cc_result res;
	json_t *doc = sample_doc();
	char *text = cc_status_dump(doc);
	int fd = dirfd_of("special"), big;

	ok(cc_status_load(&res, NULL, fd, dir) < 0 &&
	       strstr(cc_error_last(), "no status yet in '") &&
	       strstr(cc_error_last(), "': run 'confcheck check' first"),
	   "no status file: says to run a check");
	cc_result_release(&res);
	ok(cc_status_load(&res, NULL, -1, dir) < 0 && strstr(cc_error_last(), "no status yet in"),
	   "no state dir: the same");
	cc_result_release(&res);
	fx_write("elsewhere.json", text);
	fx_symlink(fx_path("elsewhere.json"), "special/status.json");
	ok(cc_status_load(&res, NULL, fd, dir) < 0 &&
	       strstr(cc_error_last(), "status.json' is a symlink, which confcheck never follows"),
	   "a symlink, even to a good status file: refused, never followed");
	cc_result_release(&res);
	unlink(fx_path("special/status.json"));
	if (mkfifo(fx_path("special/status.json"), 0644) < 0)
		fx_bail("mkfifo", fx_path("special/status.json"));
	/* a FIFO nobody writes would block an open without O_NONBLOCK: this would hang */
	ok(cc_status_load(&res, NULL, fd, dir) < 0 &&
	       strstr(cc_error_last(), "not a regular file (fifo): run 'confcheck check'"),
	   "a FIFO: refused at once, never read");
	cc_result_release(&res);
	unlink(fx_path("special/status.json"));
	fx_mkdir("special/status.json");
	ok(cc_status_load(&res, NULL, fd, dir) < 0 &&
	       strstr(cc_error_last(), "not a regular file (directory)"),
	   "a directory: refused");
	cc_result_release(&res);
	rmdir(fx_path("special/status.json"));
	big = open(fx_path("special/status.json"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (big < 0 || ftruncate(big, (off_t)CC_FS_STATE_MAX_SIZE + 1) < 0)
		fx_bail("make a sparse file", fx_path("special/status.json"));
	close(big);
	ok(cc_status_load(&res, NULL, fd, dir) < 0 && strstr(cc_error_last(), "too large"),
	   "a file over the state files' cap: refused unread");
	cc_result_release(&res);
	free(text);
	free(dir);
	json_decref(doc);
	close(fd);
}

static void test_ack(void)
{
	char *dir = cc_strdup(fx_path("ack")); /* fx_path's buffers rotate */
	struct cc_result res, back;
	struct cc_buf before = CC_BUF_INIT, after = CC_BUF_INIT;
	json_t *doc, *read;
	int fd = dirfd_of("ack");
	const struct cc_entry *e;

	sample(&res);
	doc = cc_status_build(&res, NULL);
	cc_status_save(doc, fd, dir);
	ok(cc_status_set_ack(fd, dir, "app/clean.conf", 0x11, 0x12, 1) == 0, "ack: written");
	cc_status_load(&back, &read, fd, dir);
	e = cc_result_find(&back, "app/clean.conf");
	ok(e && e->flags == CC_FLAG_ACKNOWLEDGED, "ack: the entry is acknowledged");
	is_int(back.need_look, 5, "ack: one less needs a look");
	is_int(json_integer_value(json_object_get(json_object_get(read, "summary"), "need_look")),
	       5, "ack: status.json's need_look says so too");
	json_decref(read);
	cc_result_release(&back);
	ok(cc_status_set_ack(fd, dir, "app/clean.conf", 0x11, 0x12, 0) == 0, "undo: written");
	cc_status_load(&back, &read, fd, dir);
	e = cc_result_find(&back, "app/clean.conf");
	ok(e && e->flags == 0, "undo: the flag is gone");
	is_int(back.need_look, 6, "undo: it needs a look again");
	is_int(json_integer_value(json_object_get(json_object_get(read, "summary"), "need_look")),
	       6, "undo: status.json's need_look says so too");
	ok(json_equal(read, doc), "undo: the document is the one before the ack");
	json_decref(read);
	cc_result_release(&back);
	cc_status_set_ack(fd, dir, "app/clean.conf", 0x11, 0x99, 1);
	cc_status_load(&back, &read, fd, dir);
	ok(json_equal(read, doc), "ack of other contents than the entry's: nothing changes");
	json_decref(read);
	cc_result_release(&back);

	fx_write("ack/status.json", "{\"schema\": 1, \"files\": [{\"path\": 1}]}");
	cc_fs_read_state_at(&before, fd, dir, CC_STATE_STATUS);
	ok(cc_status_set_ack(fd, dir, "app/clean.conf", 0x11, 0x12, 1) == 0,
	   "ack with a damaged status file: no error (the next check writes it)");
	cc_fs_read_state_at(&after, fd, dir, CC_STATE_STATUS);
	is_str(cc_buf_str(&after), cc_buf_str(&before), "and the file is left as it was");
	cc_buf_release(&before);
	cc_buf_release(&after);
	json_decref(doc);
	cc_result_release(&res);
	free(dir);
	close(fd);
}

int main(void)
{
	test_round_trip();
	test_wrong_types();
	test_special_files();
	test_ack();
	return done_testing();
}
