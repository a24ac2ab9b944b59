/* error.h - the engine's error layer: a message recorded for the caller.
 *
 * Engine functions never print and never exit. On failure they record a
 * message with cc_error_set() and return -1; the command that called them
 * turns cc_error_last() into one line on stderr and an exit code.
 * Messages are lowercase, name the path in quotes, and have no full stop.
 */
#ifndef CC_ERROR_H
#define CC_ERROR_H

/* Records a printf-style message; always returns -1 so callers can `return cc_error_set(...)`. */
int cc_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like cc_error_set, with ": strerror(errnum)" appended. */
int cc_error_errno(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last recorded message, or "unknown error". The pointer stays valid until the next set. */
const char *cc_error_last(void);

#endif
