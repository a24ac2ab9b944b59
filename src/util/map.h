/* map.h - a string-keyed hash map (open addressing, linear probing).
 *
 * Keys are copied and owned by the map; values are borrowed pointers the
 * caller owns. Iteration order is unspecified.
 */
#ifndef CC_MAP_H
#define CC_MAP_H

#include <stddef.h>

struct cc_map_slot {
	char *key; /* NULL when empty */
	void *value;
	unsigned long long hash;
};

struct cc_map {
	struct cc_map_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t len;
};

/* clang-format 14 spreads a braced initialiser in a macro over four lines */
/* clang-format off */
#define CC_MAP_INIT {NULL, 0, 0}
/* clang-format on */

/* Returns the value for key, or NULL. */
void *cc_map_get(const struct cc_map *m, const char *key);
/* Sets key to value, replacing any old value (returned through *old when old is not NULL). */
void cc_map_put(struct cc_map *m, const char *key, void *value, void **old);
/* Frees the slots and keys (not the values). */
void cc_map_release(struct cc_map *m);
/* Iterates: start with *i = 0; returns the next slot or NULL at the end. */
struct cc_map_slot *cc_map_next(const struct cc_map *m, size_t *i);

#endif
