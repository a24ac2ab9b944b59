/* fuzz_state.c - libFuzzer target: the `files` and `acks` state files, as cc_state_open
 * reads them from a state dir that a hostile user may write.
 *
 * Each input is tried as `files`, then as `acks`, in a temp dir opened as a named state
 * dir, read-only. A file either loads whole (one entry per line after the header) or is
 * dropped whole with a warning; what loads is saved to a second dir and loads back the
 * same. libFuzzer's leak check covers the release.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_tmp.h"
#include "engine/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *in_dir, *out_dir;

static void drop(const char *dir, const char *name)
{
	char path[PATH_MAX];

	unlink(fuzz_tmp_join(path, sizeof(path), dir, name));
}

static int same_file(const struct cc_filemem *a, const struct cc_filemem *b)
{
	int cached = a->has_cache && a->cache_method != CC_BASE_NONE;

	return !strcmp(a->path, b->path) && a->first_seen == b->first_seen &&
	       a->has_remembered == b->has_remembered &&
	       (!a->has_remembered || a->remembered == b->remembered) &&
	       a->has_cache == b->has_cache && (!a->has_cache || a->cache_user == b->cache_user) &&
	       a->cache_method == b->cache_method && (!cached || a->cache_base == b->cache_base) &&
	       a->cache_nver == b->cache_nver;
}

/* What st loaded, saved to out_dir and loaded again, is what st holds. */
static void check_round_trip(struct cc_state *st)
{
	struct cc_state back;
	struct cc_map_slot *s;
	size_t i = 0;
	int fd = st->fd, out = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (out < 0)
		abort();
	/* files_loaded would make the save skip a write it thinks unchanged */
	free(st->files_loaded);
	st->files_loaded = NULL;
	st->fd = out;
	if (cc_state_save(st) < 0 || cc_state_save_acks(st) < 0)
		abort();
	st->fd = fd;
	close(out);
	if (cc_state_open(&back, -1, out_dir, 1, 0, 0) < 0 || back.warning)
		abort();
	if (back.files.len != st->files.len || back.nmerges != st->nmerges ||
	    back.nacks != st->nacks)
		abort();
	while ((s = cc_map_next(&st->files, &i))) {
		const struct cc_filemem *b = cc_map_get(&back.files, s->key);

		if (!b || !same_file(s->value, b))
			abort();
	}
	for (i = 0; i < st->nmerges; i++)
		if (back.merges[i].u != st->merges[i].u || back.merges[i].b != st->merges[i].b ||
		    back.merges[i].t != st->merges[i].t ||
		    back.merges[i].clean != st->merges[i].clean)
			abort();
	for (i = 0; i < st->nacks; i++)
		if (strcmp(back.acks[i].path, st->acks[i].path) ||
		    back.acks[i].u != st->acks[i].u || back.acks[i].t != st->acks[i].t ||
		    back.acks[i].time != st->acks[i].time)
			abort();
	cc_state_release(&back);
}

/* Loads the input as the state file name (the other one absent) and checks what came of it. */
static void try_as(const char *name, const uint8_t *data, size_t size)
{
	struct cc_state st;
	size_t lines = 0, i, entries;
	int is_acks = !strcmp(name, CC_STATE_ACKS);

	drop(in_dir, is_acks ? CC_STATE_FILES : CC_STATE_ACKS);
	fuzz_put(in_dir, name, data, size);
	/* the dir exists and is not created: opening it cannot fail */
	if (cc_state_open(&st, -1, in_dir, 1, 0, 0) < 0 || st.fd < 0 || st.lock_fd >= 0)
		abort();
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	entries = is_acks ? st.nacks : st.files.len + st.nmerges;
	if (st.warning) {
		/* a malformed file is dropped whole, never half-read */
		if (entries || st.files_loaded)
			abort();
	} else {
		if (!lines || entries != lines - 1)
			abort();
		if (!is_acks && (!st.files_loaded || strlen(st.files_loaded) != size ||
				 memcmp(st.files_loaded, data, size)))
			abort();
		check_round_trip(&st);
	}
	cc_state_release(&st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!in_dir) {
		fuzz_tmp_dir("fuzz_state");
		in_dir = fuzz_tmp_sub("in");
		out_dir = fuzz_tmp_sub("out");
	}
	try_as(CC_STATE_FILES, data, size);
	try_as(CC_STATE_ACKS, data, size);
	return 0;
}
