/* test_escape.c - file names as data: the log form and its inverse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/escape.h"
#include "tap.h"

/* The log form of n bytes, in a static buffer. */
static const char *esc(const char *s, size_t n)
{
	static char out[4096];
	struct cc_buf b = CC_BUF_INIT;

	cc_escape_log(&b, s, n);
	snprintf(out, sizeof(out), "%s", cc_buf_str(&b));
	cc_buf_release(&b);
	return out;
}

#define ESC(lit) esc(lit, sizeof(lit) - 1)

/* Whether the log form is safe for one field of a log line. */
static int safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (p[i] <= 0x20 || p[i] == 0x7f || (p[i] == 0xc2 && i + 1 < n && p[i + 1] < 0xa0))
			return 0;
	return cc_utf8_valid(s, n);
}

/* Whether unescape(escape(s)) gives s back. */
static int round_trip(const char *s, size_t n)
{
	struct cc_buf e = CC_BUF_INIT, d = CC_BUF_INIT;
	int good;

	cc_escape_log(&e, s, n);
	cc_unescape_log(&d, e.data ? e.data : "", e.len);
	good = d.len == n && (n == 0 || memcmp(d.data, s, n) == 0) && safe(cc_buf_str(&e)) &&
	       strlen(cc_buf_str(&e)) == e.len;
	cc_buf_release(&e);
	cc_buf_release(&d);
	return good;
}

static void test_controls(void)
{
	char c, want[8];
	int i, all = 1;

	for (i = 0; i <= 0x20; i++) {
		c = (char)i;
		snprintf(want, sizeof(want), "\\x%02x", i);
		if (strcmp(esc(&c, 1), want) != 0)
			all = 0;
	}
	ok(all, "every byte <= 0x20 (controls, space) is \\xNN");
	is_str(ESC("\x7f"), "\\x7f", "DEL is escaped");
	is_str(ESC("\\"), "\\x5c", "a backslash is escaped, so the form can be undone");
	is_str(ESC("a b"), "a\\x20b", "a space is escaped");
	is_str(ESC("evil\n[confcheck] summary"), "evil\\x0a[confcheck]\\x20summary",
	       "a newline cannot start a forged line");
	is_str(ESC("x\x1b[31mred"), "x\\x1b[31mred", "ESC cannot start a terminal sequence");
	is_str(ESC("a\tb\rc"), "a\\x09b\\x0dc", "tab and CR are escaped");

	all = 1;
	for (i = 0x21; i < 0x7f; i++) {
		c = (char)i;
		if (i != '\\' && (strlen(esc(&c, 1)) != 1 || esc(&c, 1)[0] != c))
			all = 0;
	}
	ok(all, "printable ASCII other than the backslash is kept");
	is_str(ESC("nginx/site-confs/default.conf"), "nginx/site-confs/default.conf",
	       "an ordinary path is unchanged");
}

static void test_c1(void)
{
	char s[2], want[16];
	int i, all = 1;

	for (i = 0x80; i <= 0x9f; i++) {
		s[0] = (char)0xc2;
		s[1] = (char)i;
		snprintf(want, sizeof(want), "\\xc2\\x%02x", i);
		if (strcmp(esc(s, 2), want) != 0)
			all = 0;
	}
	ok(all, "C1 controls U+0080..U+009F are escaped byte by byte");
	is_str(ESC("\xc2\x9b"
		   "31m"),
	       "\\xc2\\x9b31m", "CSI (U+009B) is escaped");
	is_str(ESC("\xc2\xa0"), "\xc2\xa0", "U+00A0 is the first kept character after C1");
}

static void test_bidi(void)
{
	is_str(ESC("a\xe2\x80\xae"
		   "b"),
	       "a\\xe2\\x80\\xae"
	       "b",
	       "RIGHT-TO-LEFT OVERRIDE (U+202E) is escaped");
	is_str(ESC("\xe2\x81\xa6x"), "\\xe2\\x81\\xa6x",
	       "LEFT-TO-RIGHT ISOLATE (U+2066) is escaped");
	is_str(ESC("\xe2\x80\x8f"), "\\xe2\\x80\\x8f", "RIGHT-TO-LEFT MARK (U+200F) is escaped");
	is_str(ESC("\xd8\x9c"), "\\xd8\\x9c", "ARABIC LETTER MARK (U+061C) is escaped");
	is_str(ESC("\xe2\x80\x94"), "\xe2\x80\x94", "an em dash (U+2014) is kept");
}

static void test_utf8(void)
{
	is_str(ESC("caf\xc3\xa9"), "caf\xc3\xa9", "valid 2-byte UTF-8 is kept");
	is_str(ESC("\xe2\x82\xac"), "\xe2\x82\xac", "valid 3-byte UTF-8 is kept");
	is_str(ESC("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80", "valid 4-byte UTF-8 is kept");
	is_str(ESC("\xef\xbf\xbd"), "\xef\xbf\xbd", "U+FFFD is kept");
	is_str(ESC("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf", "U+10FFFF is kept");
	is_str(ESC("\xed\x9f\xbf"), "\xed\x9f\xbf", "U+D7FF (below the surrogates) is kept");
	is_str(ESC("\xee\x80\x80"), "\xee\x80\x80", "U+E000 (above the surrogates) is kept");

	is_str(ESC("\x80"), "\\x80", "a lone continuation byte is escaped");
	is_str(ESC("\xff"), "\\xff", "0xff is escaped");
	is_str(ESC("\xfe"), "\\xfe", "0xfe is escaped");
	is_str(ESC("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80", "0xf5 lead byte is escaped");
	is_str(ESC("\xc3"), "\\xc3", "a truncated sequence at the end is escaped");
	is_str(ESC("\xe2\x82"), "\\xe2\\x82", "a truncated 3-byte sequence is escaped");
	is_str(ESC("\xe2\x82x"), "\\xe2\\x82x", "a sequence cut by ASCII is escaped");
	is_str(ESC("\xc3\xc3\xa9"), "\\xc3\xc3\xa9", "a bad lead byte before a good sequence");

	is_str(ESC("\xc0\xaf"), "\\xc0\\xaf", "overlong '/' (C0 AF) is escaped");
	is_str(ESC("\xc1\xbf"), "\\xc1\\xbf", "overlong C1 BF is escaped");
	is_str(ESC("\xe0\x80\xaf"), "\\xe0\\x80\\xaf", "overlong 3-byte '/' is escaped");
	is_str(ESC("\xe0\x9f\xbf"), "\\xe0\\x9f\\xbf", "overlong 3-byte U+07FF is escaped");
	is_str(ESC("\xf0\x80\x80\xaf"), "\\xf0\\x80\\x80\\xaf", "overlong 4-byte '/' is escaped");
	is_str(ESC("\xf0\x8f\xbf\xbf"), "\\xf0\\x8f\\xbf\\xbf",
	       "overlong 4-byte U+FFFF is escaped");
	is_str(ESC("\xc0\x80"), "\\xc0\\x80", "overlong NUL (modified UTF-8) is escaped");

	is_str(ESC("\xed\xa0\x80"), "\\xed\\xa0\\x80", "surrogate U+D800 is escaped");
	is_str(ESC("\xed\xbf\xbf"), "\\xed\\xbf\\xbf", "surrogate U+DFFF is escaped");
	is_str(ESC("\xed\xa0\xbd\xed\xb8\x80"), "\\xed\\xa0\\xbd\\xed\\xb8\\x80",
	       "a CESU-8 surrogate pair is escaped");
	is_str(ESC("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80", "beyond U+10FFFF is escaped");

	ok(cc_utf8_valid("caf\xc3\xa9", 5), "utf8_valid: valid text");
	ok(cc_utf8_valid("", 0), "utf8_valid: empty text");
	ok(!cc_utf8_valid("a\0b", 3), "utf8_valid: a NUL byte is not valid");
	ok(!cc_utf8_valid("\xed\xa0\x80", 3), "utf8_valid: a surrogate is not valid");
	ok(!cc_utf8_valid("\xc0\xaf", 2), "utf8_valid: an overlong form is not valid");
	ok(!cc_utf8_valid("\xe2\x82", 2), "utf8_valid: a truncated sequence is not valid");
}

static void test_round_trip(void)
{
	char all[256], one;
	int i, every = 1, pairs = 1, random = 1;
	uint64_t x = 0x243f6a8885a308d3ULL;

	for (i = 0; i < 256; i++) {
		one = (char)i;
		all[i] = (char)i;
		if (!round_trip(&one, 1))
			every = 0;
	}
	ok(every, "every single byte value round-trips and escapes to a safe form");
	ok(round_trip(all, 256), "all 256 byte values in one name round-trip");
	for (i = 0; i < 256 * 256; i++) {
		char two[2] = {(char)(i >> 8), (char)i};

		if (!round_trip(two, 2))
			pairs = 0;
	}
	ok(pairs, "every pair of byte values round-trips");
	for (i = 0; i < 20000; i++) {
		char s[24];
		size_t n = (size_t)(x % sizeof(s)), k;

		for (k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[k] = (char)(x >> 24);
		}
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if (!round_trip(s, n))
			random = 0;
	}
	ok(random, "20000 random byte strings round-trip");
	ok(round_trip("\\x41", 4),
	   "a literal '\\x41' in a name round-trips (its backslash is escaped)");
	ok(round_trip("", 0), "the empty name round-trips");
}

static void test_unescape(void)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t n;

	n = cc_unescape_log(&b, "a\\x20b", 6);
	is_int(n, 3, "unescape returns the decoded length");
	is_str(cc_buf_str(&b), "a b", "unescape decodes \\xNN");
	cc_buf_reset(&b);
	cc_unescape_log(&b, "\\x1B\\xC3\\xa9", 12);
	is_str(cc_buf_str(&b), "\x1b\xc3\xa9", "unescape takes upper- and lowercase hex");
	cc_buf_release(&b);

	char *s = cc_escape_log_str("a b\n");

	is_str(s, "a\\x20b\\x0a", "escape_log_str gives a new string");
	free(s);
}

/* A text for a terminal or a paste keeps its layout and loses its escapes. */
static void test_text(void)
{
	static const char in[] = "a b\tc\\d\n\033[2J\r\x07\xc2\x9b\xe2\x80\xaeé\xff";
	struct cc_buf b = CC_BUF_INIT;

	cc_escape_text(&b, in, sizeof(in) - 1);
	is_str(cc_buf_str(&b), "a b\tc\\d\n\\x1b[2J\\x0d\\x07\\xc2\\x9b\\xe2\\x80\\xaeé\\xff",
	       "a text keeps spaces, tabs, newlines and backslashes, and shows controls as \\xNN");
	cc_buf_release(&b);
}

/* s escaped with flags, in a static buffer. */
static const char *escf(const char *s, unsigned flags)
{
	static char out[256];
	struct cc_buf b = CC_BUF_INIT;

	cc_escape(&b, s, strlen(s), flags);
	snprintf(out, sizeof(out), "%s", cc_buf_str(&b));
	cc_buf_release(&b);
	return out;
}

/* What each flag keeps or adds, alone and together; the rest stays the log form. */
static void test_flags(void)
{
	static const char in[] = "a b\tc\\d\ne|f\xe2\x94\x82g\x1b\xe2\x80\x8f\xff";
	struct cc_buf b = CC_BUF_INIT;

	is_str(escf(in, 0), "a\\x20b\\x09c\\x5cd\\x0ae|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "no flag: the log form");
	cc_escape_log(&b, in, strlen(in));
	is_str(cc_buf_str(&b), escf(in, 0), "cc_escape_log is cc_escape with no flag");
	cc_buf_reset(&b);
	is_str(escf(in, CC_ESCAPE_KEEP_SPACE),
	       "a b\\x09c\\x5cd\\x0ae|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "KEEP_SPACE keeps the space, not the tab or the newline");
	is_str(escf(in, CC_ESCAPE_KEEP_LAYOUT),
	       "a\\x20b\tc\\x5cd\ne|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "KEEP_LAYOUT keeps the tab and the newline, not the space");
	is_str(escf(in, CC_ESCAPE_KEEP_BACKSLASH),
	       "a\\x20b\\x09c\\d\\x0ae|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "KEEP_BACKSLASH keeps the backslash");
	is_str(escf(in, CC_ESCAPE_TABLE),
	       "a\\x20b\\x09c\\x5cd\\x0ae\\x7cf\\xe2\\x94\\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "TABLE escapes the bar and box drawing too");
	is_str(escf(in, CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_BACKSLASH),
	       "a b\\x09c\\d\\x0ae|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "KEEP_SPACE | KEEP_BACKSLASH: a text that was escaped already");
	is_str(escf(in, CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_LAYOUT | CC_ESCAPE_KEEP_BACKSLASH),
	       "a b\tc\\d\ne|f\xe2\x94\x82g\\x1b\\xe2\\x80\\x8f\\xff",
	       "the three KEEP flags together");
	cc_escape_text(&b, in, strlen(in));
	is_str(cc_buf_str(&b),
	       escf(in, CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_LAYOUT | CC_ESCAPE_KEEP_BACKSLASH),
	       "cc_escape_text is cc_escape with the three KEEP flags");
	cc_buf_release(&b);
	is_str(escf("\xe2\x94\x80\xe2\x95\xbf\xe2\x96\x80", CC_ESCAPE_TABLE),
	       "\\xe2\\x94\\x80\\xe2\\x95\\xbf\xe2\x96\x80",
	       "TABLE: U+2500 and U+257F are escaped, U+2580 is not");
	is_str(escf("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c",
		    CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_LAYOUT | CC_ESCAPE_KEEP_BACKSLASH |
			CC_ESCAPE_TABLE),
	       "\\xe2\\x80\\x8e\\xe2\\x80\\x8f\\xd8\\x9c",
	       "no flag keeps a bidirectional mark (U+200E, U+200F, U+061C)");
	is_str(escf("\xc2\x85\x7f\x01",
		    CC_ESCAPE_KEEP_SPACE | CC_ESCAPE_KEEP_LAYOUT | CC_ESCAPE_KEEP_BACKSLASH),
	       "\\xc2\\x85\\x7f\\x01", "no flag keeps a C1 control, DEL or another control byte");
}

static void test_utf8_len(void)
{
	is_int(cc_utf8_len("a", 1), 1, "utf8_len: ASCII is 1");
	is_int(cc_utf8_len("\xc3\xa9", 2), 2, "utf8_len: U+00E9 is 2");
	is_int(cc_utf8_len("\xe2\x80\x8f", 3), 3, "utf8_len: U+200F is 3");
	is_int(cc_utf8_len("\xf0\x9f\x98\x80", 4), 4, "utf8_len: U+1F600 is 4");
	is_int(cc_utf8_len("\xe2\x80\x8f", 2), 0, "utf8_len: a sequence past n is 0");
	is_int(cc_utf8_len("\xc0\xaf", 2), 0, "utf8_len: an overlong form is 0");
	is_int(cc_utf8_len("\xed\xa0\x80", 3), 0, "utf8_len: a surrogate is 0");
	is_int(cc_utf8_len("\xf4\x90\x80\x80", 4), 0, "utf8_len: past U+10FFFF is 0");
	is_int(cc_utf8_len("\x80", 1), 0, "utf8_len: a continuation byte is 0");
	is_int(cc_utf8_columns("a\xc3\xa9\xe2\x94\x82\xff", 7), 4,
	       "utf8_columns: one a character, one for a bad byte");
}

int main(void)
{
	test_flags();
	test_utf8_len();
	test_text();
	test_controls();
	test_c1();
	test_bidi();
	test_utf8();
	test_round_trip();
	test_unescape();
	return done_testing();
}
