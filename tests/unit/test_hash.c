/* test_hash.c - the raw, norm and nohdr views of a file, and hash hex. */
#include <string.h>

#include "util/hash.h"
#include "util/header.h"
#include "tap.h"

static cc_hash raw(const char *s)
{
	return cc_hash_bytes(s, strlen(s));
}

static cc_hash norm(const char *s)
{
	return cc_hash_norm(s, strlen(s));
}

/* The nohdr hash with the header range found by the header parser. */
static cc_hash nohdr(const char *s)
{
	struct cc_header h;

	cc_header_parse(&h, s, strlen(s));
	return cc_hash_nohdr(s, strlen(s), h.start, h.end);
}

static const char base[] = "## Version 2024/12/17\n"
			   "# a comment about the server\n"
			   "server {\n"
			   "    listen 443 ssl;\n"
			   "\n"
			   "    include /config/nginx/ssl.conf;\n"
			   "}\n";

static void test_raw(void)
{
	ok(raw("a\n") == raw("a\n"), "raw: the same bytes give the same hash");
	ok(raw("a\n") != raw("a\r\n"), "raw: a CR is a different version");
	ok(raw("a\n") != raw("a"), "raw: a missing final newline is a different version");
	ok(raw("") == cc_hash_bytes(NULL, 0), "raw: an empty file hashes like no bytes");
	ok(cc_hash_bytes("a\0b", 3) != cc_hash_bytes("a\0c", 3), "raw: bytes after a NUL count");
}

static void test_norm(void)
{
	ok(norm(base) == norm("server {\n    listen 443 ssl;\n    include "
			      "/config/nginx/ssl.conf;\n}\n"),
	   "norm: comment lines and blank lines do not count");
	ok(norm(base) == norm("## Version 2026/01/01\n"
			      "# a comment rewritten completely\n"
			      "#\n"
			      "   # an indented comment\n"
			      "server {\n"
			      "    listen 443 ssl;\n"
			      "\n\n\n"
			      "    include /config/nginx/ssl.conf;\n"
			      "}\n"),
	   "norm: a new header, new and indented comments, more blank lines are cosmetic");
	ok(norm(base) == norm("## Version 2024/12/17\r\n"
			      "# a comment about the server\r\n"
			      "server {\r\n"
			      "    listen 443 ssl;\r\n"
			      "\r\n"
			      "    include /config/nginx/ssl.conf;\r\n"
			      "}\r\n"),
	   "norm: CRLF line endings are cosmetic");
	ok(norm(base) == norm("server {   \n"
			      "    listen 443 ssl;\t\n"
			      "  \t \n"
			      "    include /config/nginx/ssl.conf; \t \r\n"
			      "}"),
	   "norm: trailing white space, white-space-only lines, no final newline are cosmetic");
	ok(norm(base) != norm("## Version 2024/12/17\n"
			      "server {\n"
			      "    listen 80;\n"
			      "    include /config/nginx/ssl.conf;\n"
			      "}\n"),
	   "norm: a changed directive is not cosmetic");
	ok(norm(base) != norm("server {\n"
			      "    listen 443 ssl;\n"
			      "    # include /config/nginx/ssl.conf;\n"
			      "}\n"),
	   "norm: commenting a directive out is not cosmetic");
	ok(norm(base) != norm("server {\n"
			      "    listen 443 ssl;\n"
			      "    include /config/nginx/ssl.conf;\n"
			      "    include /config/nginx/extra.conf;\n"
			      "}\n"),
	   "norm: an added directive is not cosmetic");
	ok(norm("server {\n    listen 443;\n}\n") != norm("server {\nlisten 443;\n}\n"),
	   "norm: leading white space (indentation) still counts");
	ok(norm("listen 443;\n") != norm("listen 443; # note\n"),
	   "norm: a comment after a directive is part of the line");
	ok(norm("a\nb\n") != norm("b\na\n"), "norm: line order counts");
	ok(norm("a\nb\n") != norm("ab\n"), "norm: line boundaries count");
	ok(norm("") == norm("# only a comment\n\n"),
	   "norm: a file of comments equals an empty one");
}

static void test_nohdr(void)
{
	static const char other_date[] = "## Version 2026/03/07\n"
					 "# a comment about the server\n"
					 "server {\n"
					 "    listen 443 ssl;\n"
					 "\n"
					 "    include /config/nginx/ssl.conf;\n"
					 "}\n";
	static const char changed_comment[] = "## Version 2024/12/17\n"
					      "# a comment about the server, reworded\n"
					      "server {\n"
					      "    listen 443 ssl;\n"
					      "\n"
					      "    include /config/nginx/ssl.conf;\n"
					      "}\n";
	static const char body[] = "# a comment about the server\n"
				   "server {\n"
				   "    listen 443 ssl;\n"
				   "\n"
				   "    include /config/nginx/ssl.conf;\n"
				   "}\n";
	static const char second[] =
	    "# nginx.conf\n## Version 2024/12/17 - Changelog: x\nuser abc;\n";

	ok(nohdr(base) == nohdr(other_date), "nohdr: only the header date differs: equal");
	ok(nohdr(base) == raw(body),
	   "nohdr: the header line and its newline are left out, nothing else");
	ok(nohdr(base) != nohdr(changed_comment), "nohdr: a changed comment still counts");
	ok(raw(base) != raw(other_date), "raw: a new header date is a new version");
	ok(nohdr(second) == raw("# nginx.conf\nuser abc;\n"),
	   "nohdr: a header on line 2 is cut out exactly");
	ok(cc_hash_nohdr(base, strlen(base), 5, 5) == raw(base),
	   "nohdr: an empty header range hashes the whole file");
	ok(nohdr("server {}\n") == raw("server {}\n"),
	   "nohdr: a file without header is hashed whole");
	ok(cc_hash_nohdr("## Version 2024/01/01", 21, 0, 21) == raw(""),
	   "nohdr: a header without final newline is the whole file");
}

static void test_hex(void)
{
	static const cc_hash samples[] = {0, 1, 0xdeadbeefcafef00dULL, 0xffffffffffffffffULL,
					  0x0123456789abcdefULL};
	char hex[CC_HASH_HEXLEN + 1];
	cc_hash h, got;
	size_t i;
	int round = 1;

	cc_hash_hex(hex, 0);
	is_str(hex, "0000000000000000", "hex: zero is sixteen zeros");
	cc_hash_hex(hex, 0xdeadbeefcafef00dULL);
	is_str(hex, "deadbeefcafef00d", "hex: lowercase, most significant first");
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		cc_hash_hex(hex, samples[i]);
		if (strlen(hex) != CC_HASH_HEXLEN || cc_hash_parse(&got, hex) != 0 ||
		    got != samples[i])
			round = 0;
	}
	for (h = 0x9e3779b97f4a7c15ULL, i = 0; i < 10000; i++, h = h * 6364136223846793005ULL + 1) {
		cc_hash_hex(hex, h);
		if (cc_hash_parse(&got, hex) != 0 || got != h)
			round = 0;
	}
	ok(round, "hex: format and parse round-trip");
	ok(cc_hash_parse(&got, "") < 0, "parse: empty string rejected");
	ok(cc_hash_parse(&got, "0123456789abcde") < 0, "parse: 15 digits rejected");
	ok(cc_hash_parse(&got, "0123456789abcdef0") < 0, "parse: 17 digits rejected");
	ok(cc_hash_parse(&got, "0123456789abcdeg") < 0, "parse: a non-hex letter rejected");
	ok(cc_hash_parse(&got, "0x23456789abcdef") < 0, "parse: a 0x prefix rejected");
	ok(cc_hash_parse(&got, " 123456789abcdef") < 0, "parse: a leading space rejected");
	ok(cc_hash_parse(&got, "0123456789abcdef ") < 0, "parse: a trailing space rejected");
	ok(cc_hash_parse(&got, "01234567-9abcdef") < 0, "parse: a dash rejected");
	ok(cc_hash_parse(&got, "-") < 0, "parse: the 'none' marker is not a hash");
	got = 42;
	ok(cc_hash_parse(&got, "00000000000000ff") == 0 && got == 255, "parse: 00000000000000ff");
}

int main(void)
{
	test_raw();
	test_norm();
	test_nohdr();
	test_hex();
	return done_testing();
}
