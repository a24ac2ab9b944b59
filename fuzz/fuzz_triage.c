/* fuzz_triage.c - libFuzzer target: any pasted log parses, converts to JSON and frees.
 *
 * Build and run (clang 14, libclang-rt-14-dev), from the repository root:
 *   make fuzz/out/fuzz_triage && mkdir -p fuzz/out/corpus-triage
 *   fuzz/out/fuzz_triage -max_total_time=60 fuzz/out/corpus-triage fuzz/corpus/triage
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "paste/triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A string of the picture is escaped already: escaping it again, with its backslashes
 * kept (and its spaces, unless it is a path), changes nothing. */
static void escaped(const char *s, int path)
{
	struct cc_buf b = CC_BUF_INIT;

	if (!s)
		return;
	cc_escape(&b, s, strlen(s), CC_ESCAPE_KEEP_BACKSLASH | (path ? 0 : CC_ESCAPE_KEEP_SPACE));
	if (strcmp(cc_buf_str(&b), s) != 0)
		abort();
	cc_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_triage t;
	json_t *doc;
	char *text;
	size_t i;

	if (cc_triage_parse(&t, (const char *)data, size) < 0)
		return 0;
	for (i = 0; i < t.nfiles; i++) {
		escaped(t.files[i].path, 1);
		escaped(t.files[i].state, 0);
		escaped(t.files[i].detail, 0);
	}
	for (i = 0; i < t.nwarnings; i++)
		escaped(t.warnings[i], 0);
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
