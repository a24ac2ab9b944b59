/* fuzz_status.c - libFuzzer target: status.json, as cc_status_load reads it for
 * `confcheck status` and `confcheck ack` from a state dir that a hostile user may write.
 *
 * A status file that loads has a files array and a summary; every entry can be asked
 * whether it is listed; `status --json` prints it back as the same document. An ack
 * then rewrites it (cc_status_set_ack), and what it writes loads again, with need_look
 * counting the entries listed. (The table `confcheck status` prints is built in
 * cmd_status.c, outside the library, from the same lookups.)
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "fs.h"
#include "fuzz_tmp.h"
#include "state.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir;

static size_t count_listed(json_t *doc)
{
	json_t *file;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "files"), i, file)
	{
		n += (size_t)cc_status_entry_listed(file);
	}
	return n;
}

static cc_hash hash_of(json_t *file, const char *key)
{
	const char *s = json_string_value(json_object_get(file, key));
	cc_hash h = 0;

	if (s && cc_hash_parse(&h, s) < 0)
		h = 0;
	return h;
}

/* Acknowledges (or unacknowledges) the first entry with a path, as `confcheck ack`
 * does, and checks what was written. */
static void check_ack(int fd, json_t *doc, int on)
{
	json_t *file = NULL, *back;
	const char *path = NULL;
	size_t i;

	json_array_foreach(json_object_get(doc, "files"), i, file)
	{
		if ((path = json_string_value(json_object_get(file, "path"))))
			break;
	}
	if (!path)
		return;
	if (cc_status_set_ack(fd, dir, path, hash_of(file, "user_hash"),
			      hash_of(file, "template_hash"), on) < 0)
		abort();
	if (cc_status_load(&back, fd, dir) < 0)
		abort();
	if (json_integer_value(json_object_get(json_object_get(back, "summary"), "need_look")) !=
	    (json_int_t)count_listed(back))
		abort();
	json_decref(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	if (cc_status_load(&doc, fd, dir) < 0) {
		if (doc)
			abort();
		close(fd);
		return 0;
	}
	if (!json_is_array(json_object_get(doc, "files")) ||
	    !json_is_object(json_object_get(doc, "summary")))
		abort();
	(void)count_listed(doc);
	/* `status --json` prints the document it read */
	text = cc_status_dump(doc);
	again = json_loads(text, 0, &err);
	if (!again || !json_equal(doc, again))
		abort();
	json_decref(again);
	free(text);
	check_ack(fd, doc, 1);
	check_ack(fd, doc, 0);
	json_decref(doc);
	close(fd);
	return 0;
}
