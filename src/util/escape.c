/* escape.c - escaping of file names for log lines. */
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"

size_t cc_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	return len;
}

int cc_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		k = cc_utf8_len(s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

size_t cc_utf8_columns(const char *s, size_t n)
{
	size_t i, cols = 0;

	for (i = 0; i < n; i++)
		cols += ((unsigned char)s[i] & 0xc0) != 0x80;
	return cols;
}

/* An ASCII byte that the flags say to escape. */
static int ascii_escaped(unsigned char c, unsigned flags)
{
	if (c == ' ')
		return !(flags & CC_ESCAPE_KEEP_SPACE);
	if (c == '\t' || c == '\n')
		return !(flags & CC_ESCAPE_KEEP_LAYOUT);
	if (c == '\\')
		return !(flags & CC_ESCAPE_KEEP_BACKSLASH);
	if (c == '|')
		return (flags & CC_ESCAPE_TABLE) != 0;
	return c < 0x20 || c == 0x7f;
}

/* The valid sequence p[0..k), k > 1, is escaped: C1 controls (U+0080..U+009F) act as
 * escapes on some terminals, bidirectional controls (U+061C, U+200E/F, U+202A..E,
 * U+2066..9) make a line read other than it is, and box drawing draws a table. */
static int seq_escaped(const unsigned char *p, size_t k, unsigned flags)
{
	if (k == 2)
		return (p[0] == 0xc2 && p[1] < 0xa0) || (p[0] == 0xd8 && p[1] == 0x9c);
	if (k != 3 || p[0] != 0xe2)
		return 0;
	if (p[1] == 0x94 || p[1] == 0x95)
		return (flags & CC_ESCAPE_TABLE) != 0;
	return (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae))) ||
	       (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9);
}

static void add_hex(struct cc_buf *out, const unsigned char *p, size_t k)
{
	static const char hex[] = "0123456789abcdef";
	size_t j;

	for (j = 0; j < k; j++) {
		char e[4] = {'\\', 'x', hex[p[j] >> 4], hex[p[j] & 15]};

		cc_buf_add(out, e, 4);
	}
}

void cc_escape(struct cc_buf *out, const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			if (ascii_escaped(p[i], flags))
				add_hex(out, p + i, 1);
			else
				cc_buf_add(out, p + i, 1);
			i++;
			continue;
		}
		k = cc_utf8_len(s + i, n - i);
		if (k == 0)
			add_hex(out, p + i++, 1);
		else if (seq_escaped(p + i, k, flags))
			add_hex(out, p + i, k);
		else
			cc_buf_add(out, p + i, k);
		i += k;
	}
}

void cc_escape_log(struct cc_buf *out, const char *s, size_t n)
{
	cc_escape(out, s, n, 0);
}

void cc_escape_text(struct cc_buf *out, const char *s, size_t n)
{
	cc_escape(out, s, n,
		  CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_LAYOUT | CC_ESCAPE_KEEP_BACKSLASH);
}

char *cc_escape_log_str(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;

	cc_escape_log(&b, s, strlen(s));
	return cc_buf_detach(&b);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t cc_unescape_log(struct cc_buf *out, const char *s, size_t n)
{
	size_t i = 0, start = out->len;
	int hi, lo;

	if (!memchr(s, '\\', n)) {
		cc_buf_add(out, s, n);
		return n;
	}
	while (i < n) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' && (hi = hexval(s[i + 2])) >= 0 &&
		    (lo = hexval(s[i + 3])) >= 0) {
			cc_buf_addc(out, (char)(hi * 16 + lo));
			i += 4;
			continue;
		}
		cc_buf_addc(out, s[i++]);
	}
	return out->len - start;
}
