/* escape.h - file names are data: make them safe for a log line or JSON.
 *
 * The log form writes every byte <= 0x20, 0x7f, the backslash, C1 control
 * characters, bidirectional controls (U+061C, U+200E/F, U+202A..E,
 * U+2066..9) and every byte that is not part of valid UTF-8 as \xNN
 * (lowercase hex). An escaped name therefore never holds white space or a
 * terminal escape, so it cannot forge or split a notice line.
 */
#ifndef CC_ESCAPE_H
#define CC_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Appends the log form of s[0..n) to out. */
void cc_escape_log(struct cc_buf *out, const char *s, size_t n);

/* Appends s[0..n) to out as a text meant for a terminal or a paste: like the log form,
 * but space, tab, newline and the backslash stay as they are. */
void cc_escape_text(struct cc_buf *out, const char *s, size_t n);

/* Returns a new string with the log form of the C string s; the caller frees it. */
char *cc_escape_log_str(const char *s);

/* Decodes the log form back to raw bytes; returns the length written to out. */
size_t cc_unescape_log(struct cc_buf *out, const char *s, size_t n);

/* Returns 1 when s[0..n) is valid UTF-8 with no NUL byte. */
int cc_utf8_valid(const char *s, size_t n);

#endif
