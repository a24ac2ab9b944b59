/* fuzz_mask.c - libFuzzer target: any text masks, line by line and whole; masking is
 * idempotent; a masked text has as many lines as the text (a masked diff relies on it).
 *
 * Build and run (clang 14, libclang-rt-14-dev), from the repository root:
 *   make fuzz/out/fuzz_mask && mkdir -p fuzz/out/corpus-mask
 *   fuzz/out/fuzz_mask -max_total_time=300 fuzz/out/corpus-mask fuzz/corpus/mask
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paste/mask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t lines(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += s[i] == '\n';
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t len1, len2;
	char *once, *twice, *path;

	once = cc_mask_line(s, size, &len1);
	if (!once)
		abort();
	twice = cc_mask_line(once, len1, &len2);
	/* what was masked stays masked: a second pass finds nothing more to hide */
	if (!twice || len2 != len1 || memcmp(once, twice, len1) != 0)
		abort();
	free(twice);
	free(once);
	once = cc_mask_text(s, size, &len1);
	if (!once || lines(once, len1) != lines(s, size))
		abort();
	twice = cc_mask_text(once, len1, &len2);
	if (!twice || len2 != len1 || memcmp(once, twice, len1) != 0)
		abort();
	free(twice);
	free(once);
	path = malloc(size + 1);
	if (!path)
		return 0;
	memcpy(path, s, size);
	path[size] = '\0';
	(void)cc_mask_file_is_secret(path);
	free(path);
	return 0;
}
