/* hash.c - XXH3 views of file contents. */
#include <stdio.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "util/buf.h"
#include "util/hash.h"

cc_hash cc_hash_bytes(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

cc_hash cc_hash_norm(const char *data, size_t len)
{
	XXH3_state_t st;
	size_t i = 0, start, end, j;

	XXH3_64bits_reset(&st);
	while (i < len) {
		start = i;
		while (i < len && data[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		while (end > start &&
		       (data[end - 1] == '\r' || data[end - 1] == ' ' || data[end - 1] == '\t'))
			end--;
		j = start;
		while (j < end && (data[j] == ' ' || data[j] == '\t'))
			j++;
		if (j == end || data[j] == '#')
			continue;
		XXH3_64bits_update(&st, data + start, end - start);
		XXH3_64bits_update(&st, "\n", 1);
	}
	return XXH3_64bits_digest(&st);
}

cc_hash cc_hash_nohdr(const char *data, size_t len, size_t hdr_start, size_t hdr_end)
{
	XXH3_state_t st;

	if (hdr_end <= hdr_start || hdr_end > len)
		return XXH3_64bits(data, len);
	XXH3_64bits_reset(&st);
	XXH3_64bits_update(&st, data, hdr_start);
	XXH3_64bits_update(&st, data + hdr_end, len - hdr_end);
	return XXH3_64bits_digest(&st);
}

void cc_hash_hex(char out[CC_HASH_HEXLEN + 1], cc_hash h)
{
	snprintf(out, CC_HASH_HEXLEN + 1, "%016llx", (unsigned long long)h);
}

int cc_hash_parse(cc_hash *out, const char *s)
{
	cc_hash h = 0;
	int i, v;

	for (i = 0; i < CC_HASH_HEXLEN; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			return -1;
		h = (h << 4) | (cc_hash)v;
	}
	if (s[i] != '\0')
		return -1;
	*out = h;
	return 0;
}

cc_hash cc_set_id(const char *const *paths, const cc_hash *raws, size_t n)
{
	struct cc_buf b = CC_BUF_INIT;
	char hex[CC_HASH_HEXLEN + 1];
	cc_hash id;
	size_t i;

	for (i = 0; i < n; i++) {
		cc_hash_hex(hex, raws[i]);
		cc_buf_add(&b, paths[i], strlen(paths[i]) + 1);
		cc_buf_add(&b, hex, CC_HASH_HEXLEN);
	}
	id = cc_hash_bytes(b.data ? b.data : "", b.len);
	cc_buf_release(&b);
	return id;
}
