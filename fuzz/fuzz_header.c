/* fuzz_header.c - libFuzzer target: version headers, content hashes and name escaping. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/header.h"

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
		if (cc_date_parse(date) != h.date || cc_date_parse_exact(date, 10) != h.date)
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
	/* whatever the flags, the escaped form is UTF-8 without a control byte but the tab
	 * and newline that KEEP_LAYOUT keeps */
	for (unsigned flags = 0; flags < 16; flags++) {
		cc_buf_reset(&esc);
		cc_escape(&esc, s, size, flags);
		if (!cc_utf8_valid(cc_buf_str(&esc), esc.len))
			__builtin_trap();
		for (size_t i = 0; i < esc.len; i++) {
			unsigned char c = (unsigned char)esc.data[i];

			if ((c < 0x20 || c == 0x7f) &&
			    !((flags & CC_ESCAPE_KEEP_LAYOUT) && (c == '\t' || c == '\n')))
				__builtin_trap();
		}
	}
	cc_buf_release(&esc);
	cc_buf_release(&back);
	return 0;
}
