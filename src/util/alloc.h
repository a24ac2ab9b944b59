/* alloc.h - allocation that cannot fail silently.
 *
 * Running out of memory is the one failure the engine does not report
 * through cc_error_set: these wrappers abort with a message, as git's do,
 * because a half-built verdict is worse than none.
 */
#ifndef CC_ALLOC_H
#define CC_ALLOC_H

#include <stddef.h>

void *cc_malloc(size_t n);
void *cc_calloc(size_t n, size_t size);
void *cc_realloc(void *p, size_t n);
/* Grows *array (of *alloc elements of size) so that it holds at least need elements. */
void cc_grow(void **array, size_t *alloc, size_t need, size_t size);
char *cc_strdup(const char *s);
char *cc_strndup(const char *s, size_t n);
/* printf into a new string. */
char *cc_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CC_GROW(arr, alloc, need) cc_grow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

#endif
