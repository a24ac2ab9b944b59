/* fuzz_triage.c - libFuzzer target: any pasted log parses, converts to JSON and frees.
 *
 * Build and run (clang 14, libclang-rt-14-dev), from the repository root:
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *         fuzz/fuzz_triage.c src/triage*.c $(pkg-config --cflags --libs jansson) -o
 * build/fuzz/fuzz_triage mkdir -p fuzz/out/triage && cp -r fuzz/corpus/triage/. fuzz/out/triage/
 *   build/fuzz/fuzz_triage -max_total_time=60 -max_len=16384 fuzz/out/triage
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_triage t;
	json_t *doc;
	char *text;

	if (cc_triage_parse(&t, (const char *)data, size) < 0)
		return 0;
	doc = cc_triage_to_json(&t);
	/* every string must be valid UTF-8, or jansson would have refused it */
	if (!doc)
		abort();
	text = json_dumps(doc, JSON_COMPACT);
	if (!text)
		abort();
	free(text);
	json_decref(doc);
	cc_triage_release(&t);
	return 0;
}
