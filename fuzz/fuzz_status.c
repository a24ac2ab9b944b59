/* fuzz_status.c - libFuzzer target: status.json, as cc_status_load reads it for
 * `confcheck status` and `confcheck ack` from a state dir that a hostile user may write.
 *
 * A status file that loads is a result as the check makes them: entries sorted by
 * path, counted, need_look counting the entries listed; the notice (whose functions
 * `confcheck status` prints its table with) can be built from it; `status --json`
 * prints the document back as it was. An ack then rewrites it (cc_status_set_ack),
 * and what it writes loads again, with need_look as the loader counts it.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fs.h"
#include "fuzz_tmp.h"
#include "output/notice.h"
#include "engine/state.h"
#include "output/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir;

/* What the loader promises of a result. */
static void check_result(const struct cc_result *res)
{
	size_t i, n = 0, counted = 0;
	int s;

	for (i = 0; i < res->nentries; i++) {
		if (i && strcmp(res->entries[i - 1].path, res->entries[i].path) >= 0)
			abort();
		n += (size_t)cc_entry_listed(&res->entries[i]);
	}
	for (s = 0; s < CC_NVERDICTS; s++)
		counted += res->counts[s];
	if (n != res->need_look || counted != res->nentries || res->state_fd != -1)
		abort();
}

/* Acknowledges (or unacknowledges) the first entry, as `confcheck ack` does, and
 * checks what was written. */
static void check_ack(int fd, const struct cc_result *res, int on)
{
	const struct cc_entry *e = res->nentries ? &res->entries[0] : NULL;
	struct cc_result back;
	json_t *doc;

	if (!e)
		return;
	if (cc_status_set_ack(fd, dir, e->path, e->user_hash, e->template_hash, on) < 0)
		abort();
	if (cc_status_load(&back, &doc, fd, dir) < 0)
		abort();
	check_result(&back);
	if (json_integer_value(json_object_get(json_object_get(doc, "summary"), "need_look")) !=
	    (json_int_t)back.need_look)
		abort();
	json_decref(doc);
	cc_result_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_result res;
	struct cc_buf notice = CC_BUF_INIT;
	json_t *doc, *again;
	json_error_t err;
	char *text;
	int fd;

	if (!dir) {
		fuzz_tmp_dir("fuzz_status");
		dir = fuzz_tmp_sub("state");
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		abort();
	if (cc_fs_write_atomic_at(fd, dir, CC_STATE_STATUS, data, size) < 0)
		abort();
	if (cc_status_load(&res, &doc, fd, dir) < 0) {
		if (doc || res.nentries)
			abort();
		cc_result_release(&res);
		close(fd);
		return 0;
	}
	check_result(&res);
	cc_notice_build(&notice, &res);
	cc_buf_release(&notice);
	/* `status --json` prints the document it read */
	text = cc_status_dump(doc);
	again = json_loads(text, 0, &err);
	if (!again || !json_equal(doc, again))
		abort();
	json_decref(again);
	free(text);
	json_decref(doc);
	check_ack(fd, &res, 1);
	check_ack(fd, &res, 0);
	cc_result_release(&res);
	close(fd);
	return 0;
}
