/* mask_int.h - what the files of the masker share; not part of the API. */
#ifndef CC_MASK_INT_H
#define CC_MASK_INT_H

#include <stddef.h>

enum {
	MASK_KEY_NONE,	 /* not a secret */
	MASK_KEY_WEAK,	 /* a secret unless its value is a path */
	MASK_KEY_STRONG, /* a secret */
};

/* Class of the key of n bytes at s (see mask.h). */
int mask_key_class(const char *s, size_t n);

/* The value found after a key: [start, end) is replaced, unless keep says otherwise. */
struct mask_value {
	size_t start, end;
	int keep;
};

/* Where in its line a key stands, which decides whether a space can end it. */
struct mask_place {
	size_t field; /* whitespace-separated field of the line, markers not counted */
	size_t words; /* keys seen in that field so far, this one included */
	int dashes;   /* `--key` */
	int block;    /* out: the value opens a YAML block */
};

/* Finds the value of the key at s[i..i+w) of class cls, as mask.h says; returns 0 when
 * there is none. */
int mask_find_value(struct mask_value *v, const char *s, size_t n, size_t i, size_t w, int cls,
		    struct mask_place *pl);

/* A growing output; fail is set (and stays) when memory ran out. */
struct mask_out {
	char *s;
	size_t len, cap;
	int fail;
};

void mask_put(struct mask_out *o, const char *s, size_t n);

/* Masks the line s[0..n) into o; *block is set when the line opens a YAML block under a
 * secret key (`password: |`). */
void mask_into(struct mask_out *o, const char *s, size_t n, int *block);

/* The masked text and its length, or NULL with errno ENOMEM when o failed. */
char *mask_finish(struct mask_out *o, size_t *outlen);

#endif
