/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Invariant: b->data is NULL only while b->alloc is 0; otherwise
 * b->data[b->len] == '\0'. A zeroed struct cc_buf is an empty buffer.
 */
#ifndef CC_BUF_H
#define CC_BUF_H

#include <stddef.h>

struct cc_buf {
	char *data;
	size_t len;
	size_t alloc;
};

/* clang-format 14 spreads a braced initialiser in a macro over four lines */
/* clang-format off */
#define CC_BUF_INIT {NULL, 0, 0}
/* clang-format on */

void cc_buf_add(struct cc_buf *b, const void *data, size_t n);
void cc_buf_adds(struct cc_buf *b, const char *s);
void cc_buf_addc(struct cc_buf *b, char c);
void cc_buf_addf(struct cc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ensures room for n more bytes past len (plus the terminator). */
void cc_buf_reserve(struct cc_buf *b, size_t n);
/* Empties the buffer and keeps its memory. */
void cc_buf_reset(struct cc_buf *b);
/* Keeps the first len bytes (len <= b->len) and drops the rest. */
void cc_buf_truncate(struct cc_buf *b, size_t len);
/* Frees the memory; the buffer is empty and reusable afterwards. */
void cc_buf_release(struct cc_buf *b);
/* Returns the string (never NULL) and leaves the buffer empty; the caller frees it. */
char *cc_buf_detach(struct cc_buf *b);
/* A C string view of the contents ("" when empty). */
const char *cc_buf_str(const struct cc_buf *b);

#endif
