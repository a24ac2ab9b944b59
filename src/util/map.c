/* map.c - string-keyed hash map. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/hash.h"
#include "util/map.h"

static struct cc_map_slot *find(const struct cc_map *m, const char *key, unsigned long long h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->slots[i].key) {
		if (m->slots[i].hash == h && !strcmp(m->slots[i].key, key))
			return &m->slots[i];
		i = (i + 1) & mask;
	}
	return &m->slots[i];
}

void *cc_map_get(const struct cc_map *m, const char *key)
{
	struct cc_map_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, key, cc_hash_bytes(key, strlen(key)));
	return s->key ? s->value : NULL;
}

static void grow(struct cc_map *m)
{
	struct cc_map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = cc_calloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++) {
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	}
	free(old.slots);
}

void cc_map_put(struct cc_map *m, const char *key, void *value, void **old)
{
	unsigned long long h = cc_hash_bytes(key, strlen(key));
	struct cc_map_slot *s;

	if ((m->len + 1) * 4 > m->cap * 3)
		grow(m);
	s = find(m, key, h);
	if (old)
		*old = s->key ? s->value : NULL;
	if (!s->key) {
		s->key = cc_strdup(key);
		s->hash = h;
		m->len++;
	}
	s->value = value;
}

void cc_map_release(struct cc_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}

struct cc_map_slot *cc_map_next(const struct cc_map *m, size_t *i)
{
	while (*i < m->cap) {
		struct cc_map_slot *s = &m->slots[(*i)++];

		if (s->key)
			return s;
	}
	return NULL;
}
