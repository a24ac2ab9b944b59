/* escape.h - file names are data: make them safe for a log line or JSON.
 *
 * The log form writes every byte <= 0x20, 0x7f, the backslash, C1 control
 * characters, bidirectional controls (U+061C, U+200E/F, U+202A..E,
 * U+2066..9) and every byte that is not part of valid UTF-8 as \xNN
 * (lowercase hex). An escaped name therefore never holds white space or a
 * terminal escape, so it cannot forge or split a notice line.
 *
 * Valid UTF-8 is strict here: overlong forms, surrogates (U+D800..U+DFFF)
 * and anything past U+10FFFF are not valid, nor is a truncated sequence.
 */
#ifndef CC_ESCAPE_H
#define CC_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

/* What cc_escape may leave as it is, or must escape too, besides the log form. */
enum {
	CC_ESCAPE_KEEP_SPACE = 1,     /* the space stays */
	CC_ESCAPE_KEEP_LAYOUT = 2,    /* tab and newline stay: a text keeps its lines */
	CC_ESCAPE_KEEP_BACKSLASH = 4, /* the backslash stays: the text is escaped already */
	CC_ESCAPE_TABLE = 8,	      /* `|` and box drawing (U+2500..U+257F) are escaped too,
					 so that no name can draw a column of a table */
};

/* Appends s[0..n) to out in the log form, changed by flags (CC_ESCAPE_*). Whatever the
 * flags, what it appends is valid UTF-8 with no control byte but the tab and newline
 * that CC_ESCAPE_KEEP_LAYOUT keeps. */
void cc_escape(struct cc_buf *out, const char *s, size_t n, unsigned flags);

/* Appends the log form of s[0..n) to out: cc_escape with no flag. */
void cc_escape_log(struct cc_buf *out, const char *s, size_t n);

/* Appends s[0..n) to out as a text meant for a terminal or a paste: like the log form,
 * but space, tab, newline and the backslash stay as they are. */
void cc_escape_text(struct cc_buf *out, const char *s, size_t n);

/* Returns a new string with the log form of the C string s; the caller frees it. */
char *cc_escape_log_str(const char *s);

/* Decodes the log form back to raw bytes; returns the length written to out. */
size_t cc_unescape_log(struct cc_buf *out, const char *s, size_t n);

/* Length (1 to 4) of the valid UTF-8 sequence at s[0..n), n > 0; 0 when it is not one. */
size_t cc_utf8_len(const char *s, size_t n);

/* Returns 1 when s[0..n) is valid UTF-8 with no NUL byte. */
int cc_utf8_valid(const char *s, size_t n);

/* The columns s[0..n) takes on a terminal: one for each byte that is not a UTF-8
 * continuation byte, so one a character of valid UTF-8 (wide characters count one). */
size_t cc_utf8_columns(const char *s, size_t n);

#endif
