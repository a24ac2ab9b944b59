/* fuzz_importlog.c - libFuzzer target: the import log of a history
 * (`confcheck-imports`), as cc_importlog_load reads it before an import.
 *
 * A log either loads whole (a stretch per line after the header) or is empty; what
 * loads is saved to a second dir and loads back the same. The commits it names then
 * make a first-parent chain: marking it stays inside the chain, and once the chain is
 * recorded with cc_importlog_update, all of it is known and one stretch ends at its
 * newest commit.
 *
 * Build and run with the other targets: make fuzz FUZZ_SECONDS=30
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_tmp.h"
#include "history/importlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *in_dir, *out_dir;

static void check_round_trip(const struct cc_importlog *log)
{
	struct cc_importlog back;
	size_t i;

	if (cc_importlog_save(log, out_dir) < 0 || cc_importlog_load(&back, out_dir) < 0)
		abort();
	if (back.n != log->n)
		abort();
	for (i = 0; i < log->n; i++)
		if (strcmp(back.v[i].key, log->v[i].key) ||
		    strcmp(back.v[i].name, log->v[i].name) ||
		    !git_oid_equal(&back.v[i].oldest, &log->v[i].oldest) ||
		    !git_oid_equal(&back.v[i].newest, &log->v[i].newest))
			abort();
	cc_importlog_release(&back);
}

static void add_once(git_oid *chain, size_t *n, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (git_oid_equal(&chain[i], oid))
			return;
	git_oid_cpy(&chain[(*n)++], oid);
}

/* Walks the commits the log names as one chain (oldest first, each once), as an
 * import walking a source's first-parent history would. */
static void check_chain(struct cc_importlog *log)
{
	git_oid *chain;
	char *known;
	char *key;
	size_t i, n = 0, ends = 0;

	if (!log->n)
		return;
	chain = calloc(2 * log->n, sizeof(*chain));
	known = calloc(2 * log->n, 1);
	if (!chain || !known)
		abort();
	for (i = 0; i < log->n; i++) {
		add_once(chain, &n, &log->v[i].oldest);
		add_once(chain, &n, &log->v[i].newest);
	}
	/* the caller's own key, as an import's: the update frees the stretches it replaces */
	key = strdup(log->v[0].key);
	if (!key)
		abort();
	cc_importlog_mark(log, key, chain, n, known);
	cc_importlog_update(log, key, "fuzz", chain, n);
	memset(known, 0, n);
	cc_importlog_mark(log, key, chain, n, known);
	for (i = 0; i < n; i++)
		if (known[i] != 1)
			abort();
	for (i = 0; i < log->n; i++)
		ends +=
		    !strcmp(log->v[i].key, key) && git_oid_equal(&log->v[i].newest, &chain[n - 1]);
	if (ends != 1)
		abort();
	free(known);
	free(chain);
	free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_importlog log;
	size_t i, lines = 0;

	if (!in_dir) {
		fuzz_tmp_dir("fuzz_importlog");
		in_dir = fuzz_tmp_sub("in");
		out_dir = fuzz_tmp_sub("out");
	}
	fuzz_put(in_dir, CC_IMPORTLOG_NAME, data, size);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (cc_importlog_load(&log, in_dir) < 0) {
		if (log.n || log.v)
			abort();
		return 0;
	}
	if (!lines || log.n != lines - 1)
		abort();
	check_round_trip(&log);
	check_chain(&log);
	cc_importlog_release(&log);
	return 0;
}
