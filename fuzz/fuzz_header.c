/* fuzz_header.c - libFuzzer target: version headers, content hashes and name escaping. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "hash.h"
#include "header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_header h;
	struct cc_buf esc = CC_BUF_INIT, back = CC_BUF_INIT;
	const char *s = (const char *)data;
	char date[11];

	cc_header_parse(&h, s, size);
	if (h.date) {
		/* a parsed date formats and parses back to itself */
		cc_date_format(date, h.date);
		if (cc_date_parse(date) != h.date)
			__builtin_trap();
		if (h.end < h.start || h.end > size)
			__builtin_trap();
	}
	(void)cc_hash_norm(s, size);
	(void)cc_hash_nohdr(s, size, h.start, h.end);
	/* escaping is reversible and never leaves white space or control bytes */
	cc_escape_log(&esc, s, size);
	for (size_t i = 0; i < esc.len; i++)
		if ((unsigned char)esc.data[i] <= 0x20 || esc.data[i] == 0x7f)
			__builtin_trap();
	cc_unescape_log(&back, esc.data ? esc.data : "", esc.len);
	if (back.len != size || (size && memcmp(back.data, s, size)))
		__builtin_trap();
	cc_buf_release(&esc);
	cc_buf_release(&back);
	return 0;
}
