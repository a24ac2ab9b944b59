/* fuzz_mask.c - libFuzzer target: any text masks, line by line and whole, and masking is
 * idempotent.
 *
 * Build and run (clang 14, libclang-rt-14-dev), from the repository root:
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *         fuzz/fuzz_mask.c src/mask*.c -o build/fuzz/fuzz_mask
 *   mkdir -p fuzz/out/mask && cp -r fuzz/corpus/mask/. fuzz/out/mask/
 *   build/fuzz/fuzz_mask -max_total_time=60 -max_len=16384 fuzz/out/mask
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	if (!once)
		abort();
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
