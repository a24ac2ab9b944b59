/* mask_int.h - what the files of the masker share; not part of the API. */
#ifndef CC_MASK_INT_H
#define CC_MASK_INT_H

#include <stddef.h>
#include <string.h>

#include "util/buf.h"

#define MASK "****"
#define MASK_LEN 4

enum {
	MASK_KEY_NONE,	 /* not a secret */
	MASK_KEY_WEAK,	 /* a secret unless its value is a path */
	MASK_KEY_STRONG, /* a secret */
	MASK_KEY_SHAPE,	 /* names a secret, ends in a descriptor (`secret_id`, `token_type`):
			    a secret when the value looks like one */
};

/* Class of the key of n bytes at s (see mask.h). */
int mask_key_class(const char *s, size_t n);

/* 1 when the key of n bytes at s is a secret key only because of a descriptor it ends in
 * (`type`, `name`, ...): inside a secret structure such a value stays. */
int mask_key_describes(const char *s, size_t n);

/* 1 when the first word of a line, n bytes at s, is a directive whose next word names a
 * variable or header that a space separates from its value (`proxy_set_header`, `set`,
 * `SetEnv`, ...); 2 when the name is the word after next (`RequestHeader set NAME v`). */
int mask_pair_directive(const char *s, size_t n);

/* The value found after a key: [start, end) is replaced, unless keep says otherwise. */
struct mask_value {
	size_t start, end;
	int keep;
	int opens; /* the value opens a structure (`{`, `[`) at start, masked as one */
	int below; /* the value is on the next line (`"password":` at the end of one) */
};

/* Where in its line a key stands, which decides whether a space can end it. */
struct mask_place {
	size_t field;	   /* whitespace-separated field of the line, markers not counted */
	size_t words;	   /* keys seen in that field so far, this one included */
	size_t pair_field; /* the field whose key a space may end (mask_pair_directive), or 0 */
	int dashes;	   /* `--key` */
	int call;	   /* a quoted key is a call's first argument: `define('KEY', ...)` */
	int block;	   /* out: the value opens a YAML block */
	int literal;	   /* out: ... a literal one (`|`, `>`) */
	int eol;	   /* out: the value ran to the end of the line */
};

/* Finds the value of the key at s[i..i+w) of class cls, as mask.h says; returns 0 when
 * there is none. */
int mask_find_value(struct mask_value *v, const char *s, size_t n, size_t i, size_t w, int cls,
		    struct mask_place *pl);

/* Where an unquoted value that starts at s[i] ends: at a space, `;`, `,`, `&`, a quote, a
 * closing bracket, `<` or `>`. */
size_t mask_unquoted_end(const char *s, size_t n, size_t i);

/* 1 when the value of n bytes at s, found after a key of class cls, is to be masked. */
int mask_value_secret(int cls, const char *s, size_t n);

/* 1 when the n bytes at s are a reference (`$var`, `${VAR}`, `{{ x }}`, `%(x)s`,
 * `<placeholder>`) or already the mask. */
int mask_value_kept(const char *s, size_t n);

/* Shapes (mask_shape.c). Each returns how many bytes at s[0..n) are a secret of its
 * shape, or 0. */
size_t mask_shape_token(const char *s, size_t n); /* ghp_, xoxb-, AKIA, JWT, bot tokens */
size_t mask_shape_hash(const char *s, size_t n);  /* `$apr1$...`, `$2y$...`, `{SSHA}...` */
/* 1 when the n bytes at s look random enough to be a key: 20 or more letters, digits, `-`,
 * `_`, `+`, `/`, `=`, with digits and letters of both cases, or 32 hex digits or more. */
int mask_shape_random(const char *s, size_t n);

/* Armour markers: `-----WORD` or `---- WORD`, where word is what follows the dashes
 * (`BEGIN `, `END `, `END`). 1 when one stands at s[i]. */
int mask_armour_at(const char *s, size_t n, size_t i, const char *word);
/* Where the first marker of word at or after s[i] starts, or n. */
size_t mask_armour_find(const char *s, size_t n, size_t i, const char *word);
/* Where the marker at s[i] (`-----BEGIN RSA PRIVATE KEY-----`) ends, past the dashes that
 * close it; *label, when label is not NULL, is where its label ends, at the first of them. */
size_t mask_armour_end(const char *s, size_t n, size_t i, size_t *label);

/* At s[i] == ':' of `scheme://`: writes the URL that starts there (the `://` and all after
 * it, up to a space, a quote, `<`, `>` or `;`) with its secrets masked, and returns where
 * it ends; 0 when s[i] starts no URL. */
size_t mask_url(struct cc_buf *o, const char *s, size_t n, size_t i);

/* Structures under a secret key (mask_struct.c). A scalar goes unless it is empty, a
 * literal (true, false, null), a reference, or the value of a key (key, kn bytes; NULL for
 * none) that only describes (`"type": "basic"`). */
void mask_put_scalar(struct cc_buf *o, const char *s, size_t n, const char *key, size_t kn);

/* XML attributes (mask_xml.c), as a line is read from left to right. */
struct mask_tag {
	int open;    /* inside `<name ...>` */
	int pending; /* a name attribute named a secret: its value attribute or content goes */
};

/* At a `key="..."`/`name="..."` attribute (its name is s[i..i+w)): writes it unchanged,
 * notes whether it names a secret, and returns where it ends; 0 when there is none. */
size_t mask_xml_name(struct cc_buf *o, const char *s, size_t n, size_t i, size_t w,
		     struct mask_tag *t);
/* At `value="..."` of a tag whose name attribute named a secret: masks it. */
size_t mask_xml_value(struct cc_buf *o, const char *s, size_t n, size_t i, size_t w,
		      struct mask_tag *t);
/* At s[i]: notes where a tag opens or closes, and masks the content after a pending one;
 * returns where to go on when it wrote, or 0. */
size_t mask_xml_step(struct cc_buf *o, const char *s, size_t n, size_t i, struct mask_tag *t);

/* What one line leaves to the next (mask_text.c), and what the next brings in. */
struct mask_carry {
	size_t depth;	/* in/out: brackets still open in a secret structure */
	int next_value; /* in/out: a quoted key ended a line: its value starts the next one */
	int block;	/* out: the line opens a YAML block under a secret key */
	int literal;	/* out: ... a literal one (`password: |`), masked whole */
	int cont;	/* out: the line's first key had its value masked to the end of it */
	int backslash;	/* out: ... and the line ends in `\`: the next one goes on with it */
};

/* Masks the line s[0..n) into o, starting inside a secret structure when c->depth is set;
 * fills c for the next line. */
void mask_into(struct cc_buf *o, const char *s, size_t n, struct mask_carry *c);

/* Masks a secret structure's content from s[i], with *depth brackets open, up to where the
 * last one closes (returned) or the line ends. */
size_t mask_structure(struct cc_buf *o, const char *s, size_t n, size_t i, size_t *depth);

/* The line s after one that ended with a quoted key (`"password":`): masks its value, or
 * enters the structure it opens (c->depth); returns where the line goes on. */
size_t mask_next_value(struct cc_buf *o, const char *s, size_t n, struct mask_carry *c);

/* The masked text o holds, which the caller frees, and its length; o is left empty. */
char *mask_finish(struct cc_buf *o, size_t *outlen);

/* Bytes, as every file of the masker reads them. */
static inline int mask_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int mask_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static inline int mask_is_word(char c)
{
	return mask_is_alnum(c) || c == '_' || c == '.' || c == '-';
}

static inline int mask_is_quote(char c)
{
	return c == '"' || c == '\'' || c == '`';
}

/* strchr finds the terminating NUL too: a NUL byte of the text is in no set */
static inline int mask_in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Whether the n bytes at s are word, whatever the case of their letters. */
static inline int mask_equals_nocase(const char *s, size_t n, const char *word)
{
	size_t i;

	if (n != strlen(word))
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != word[i])
			return 0;
	return 1;
}

/* Whether the n bytes at s are the mask itself. */
static inline int mask_is_mask(const char *s, size_t n)
{
	return n == MASK_LEN && memcmp(s, MASK, MASK_LEN) == 0;
}

/* Where the quote q that closes a quoted value opened before s[i] is, or n. */
static inline size_t mask_quote_end(const char *s, size_t n, size_t i, char q)
{
	for (; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == q)
			return i;
	}
	return n;
}

#endif
