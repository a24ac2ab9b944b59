/* fuzz_histcheck.c - libFuzzer target: the pack index and config checks that
 * cc_histcheck makes before libgit2 may read the state dir's history.
 *
 * The whole input is a repository config for cc_histcheck_config. Split, it is a pack:
 * its first 12 bytes, then its size (8 bytes, big-endian), then its index for
 * cc_histcheck_idx. What the checks accept, libgit2 must read as checked: a config of
 * the [core] keys confcheck allows and nothing else (no include), and an index whose
 * every object libgit2 finds, beside a pack of that size, head and checksum.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fuzz_tmp.h"
#include "history/git.h"
#include "history/histcheck.h"
#include "history/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD 12
#define SPLIT (HEAD + 8)
#define IDX_NAMES (8 + 256 * 4)
/* a pack this large is left sparse; a larger one is only checked, not opened */
#define PACK_OPEN_MAX (16ULL << 30)

#define CONFIG_NAME "config"
#define IDX_NAME "pack-fuzz.idx"
#define PACK_NAME "pack-fuzz.pack"

static const char *top;
static char config_path[PATH_MAX], idx_path[PATH_MAX], pack_path[PATH_MAX];

/* Makes the folder once (fuzz_tmp.h removes it at exit). */
static void make_dir(void)
{
	if (top)
		return;
	top = fuzz_tmp_dir("fuzz_histcheck");
	fuzz_tmp_path(config_path, sizeof(config_path), CONFIG_NAME);
	fuzz_tmp_path(idx_path, sizeof(idx_path), IDX_NAME);
	fuzz_tmp_path(pack_path, sizeof(pack_path), PACK_NAME);
	cc_git_init();
}

static int allowed_entry(const git_config_entry *e, void *payload)
{
	static const char *const keys[] = {
	    "core.repositoryformatversion", "core.filemode",   "core.bare",
	    "core.logallrefupdates",	    "core.ignorecase", "core.symlinks",
	    "core.precomposeunicode"};
	size_t i;

	(void)payload;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcasecmp(e->name, keys[i]))
			break;
	if (i == sizeof(keys) / sizeof(keys[0]))
		abort();
	if (i == 0 && (!e->value || strcmp(e->value, "0")))
		abort();
	return 0;
}

/* An accepted config, as libgit2 reads it: the keys histcheck let through, no more. */
static void check_config_git(const uint8_t *data, size_t size)
{
	git_config *cfg = NULL;

	fuzz_put(top, CONFIG_NAME, data, size);
	if (git_config_open_ondisk(&cfg, config_path) == 0 &&
	    git_config_foreach(cfg, allowed_entry, NULL) < 0)
		abort();
	git_config_free(cfg);
}

static int count_object(const git_oid *id, void *payload)
{
	(void)id;
	++*(size_t *)payload;
	return 0;
}

/* An accepted index, beside a pack of the size and head it was checked against (sparse,
 * with the checksum the index names), as libgit2 reads it. */
static void check_idx_git(const uint8_t *idx, size_t len, const uint8_t *head,
			  unsigned long long pack_size)
{
	git_odb *odb = NULL;
	git_odb_backend *backend = NULL;
	git_oid oid;
	size_t i, n, found = 0;
	int fd;

	if (pack_size > PACK_OPEN_MAX)
		return;
	n = (size_t)idx[IDX_NAMES - 4] << 24 | (size_t)idx[IDX_NAMES - 3] << 16 |
	    (size_t)idx[IDX_NAMES - 2] << 8 | idx[IDX_NAMES - 1];
	fuzz_put(top, IDX_NAME, idx, len);
	fd = open(pack_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)pack_size) < 0 || pwrite(fd, head, HEAD, 0) != HEAD ||
	    pwrite(fd, idx + len - 40, 20, (off_t)pack_size - 20) != 20 || close(fd) < 0)
		abort();
	if (git_odb_new(&odb) < 0 || git_odb_backend_one_pack(&backend, idx_path) < 0 ||
	    git_odb_add_backend(odb, backend, 1) < 0)
		abort();
	for (i = 0; i < n && i < 64; i++) {
		git_oid_fromraw(&oid, idx + IDX_NAMES + 20 * i);
		if (git_odb_exists(odb, &oid) != 1)
			abort();
	}
	if (git_odb_foreach(odb, count_object, &found) < 0 || found != n)
		abort();
	git_odb_free(odb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long pack_size = 0;
	size_t i;

	make_dir();
	if (cc_histcheck_config((const char *)data, size) == 0)
		check_config_git(data, size);
	if (size < SPLIT)
		return 0;
	for (i = HEAD; i < SPLIT; i++)
		pack_size = pack_size << 8 | data[i];
	if (cc_histcheck_idx(data + SPLIT, size - SPLIT, data, pack_size, "fuzz") == 0)
		check_idx_git(data + SPLIT, size - SPLIT, data, pack_size);
	return 0;
}
