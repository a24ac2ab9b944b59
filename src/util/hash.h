/* hash.h - content hashes (XXH3, 64 bits) and the hashes that decide flags.
 *
 * Every hash here is XXH3-64 of some view of a file's bytes:
 *   raw       the bytes as they are: identity of a version;
 *   norm      the lines that carry meaning: comment lines (first non-blank
 *             byte '#'), blank lines, trailing white space and CR removed;
 *             equal norm hashes make a pair `cosmetic`;
 *   nohdr     the bytes with the version header line left out; equal nohdr
 *             hashes make a pair `header-only`.
 */
#ifndef CC_HASH_H
#define CC_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t cc_hash;

struct cc_hashes {
	cc_hash raw;
	cc_hash norm;
	cc_hash nohdr;
};

#define CC_HASH_HEXLEN 16

cc_hash cc_hash_bytes(const void *data, size_t len);
cc_hash cc_hash_norm(const char *data, size_t len);
/* hdr_start/hdr_end: the byte range of the header line (with its newline); equal means none. */
cc_hash cc_hash_nohdr(const char *data, size_t len, size_t hdr_start, size_t hdr_end);

/* Writes 16 lowercase hex digits and a NUL into out (17 bytes). */
void cc_hash_hex(char out[CC_HASH_HEXLEN + 1], cc_hash h);
/* Parses 16 hex digits; returns 0, or -1 when s is not exactly that. */
int cc_hash_parse(cc_hash *out, const char *s);

/* The id of a template set: XXH3 of its (path, raw hash) pairs, sorted by path. */
cc_hash cc_set_id(const char *const *paths, const cc_hash *raws, size_t n);

#endif
