/* mask.c - replace secret values in lines meant for pasting (the rules are in mask.h). */
#include <errno.h>
#include <string.h>

#include "paste/mask.h"
#include "paste/mask_int.h"

/* A field that only marks the line: `#`, `//`, `;`, `-`, `+`, `>`, `*`, `export`. */
static int marker_field(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !mask_is_space(s[i]) && mask_in_set(s[i], "#;/-+>*"))
		i++;
	/* the mask is a value, never a marker: a second pass must see what the first saw */
	if (i >= MASK_LEN && memmem(s, i, MASK, MASK_LEN))
		return 0;
	if (i > 0 && (i == n || mask_is_space(s[i])))
		return 1;
	return n >= 6 && memcmp(s, "export", 6) == 0 && (n == 6 || mask_is_space(s[6]));
}

/* The byte written back bytes ago (1: the last one), or 0 before the first. What decides
 * where a word starts is what was written, not what was read: a second pass reads the mask
 * where the first read the secret. */
static char written(const struct cc_buf *o, size_t back)
{
	return back > 0 && o->len >= back ? o->data[o->len - back] : 0;
}

static int word_start(const struct cc_buf *o, const char *s, size_t i, int *dashes)
{
	size_t k = 1;

	if (!mask_is_alnum(s[i]) && s[i] != '_')
		return 0;
	while (k <= 2 && written(o, k) == '-')
		k++;
	*dashes = k > 1;
	return !mask_is_word(written(o, k));
}

/* Whether what was written last is `(` and a quote, the start of a call's first argument
 * (`define('KEY', ...)`, `setenv("KEY", ...)`). */
static int quoted_argument(const struct cc_buf *o)
{
	size_t k = 2;

	if (!mask_is_quote(written(o, 1)))
		return 0;
	while (written(o, k) == ' ' || written(o, k) == '\t')
		k++;
	return written(o, k) == '(';
}

static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n && mask_is_word(s[i]))
		i++;
	/* `key.` ends a sentence, it is not part of the key */
	while (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-'))
		i--;
	return i;
}

/* At an armour's opening (`-----BEGIN LABEL` at s[i]): a key on one line (`"-----BEGIN
 * PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----"`) loses what stands between its
 * markers, which both stay. Without an end on the line the armour is the text's to mask
 * (mask_text.c). */
static size_t armour_line(struct cc_buf *o, const char *s, size_t n, size_t i)
{
	size_t label, d = mask_armour_end(s, n, i, &label);
	size_t e = mask_armour_find(s, n, label, "END");

	if (e < d) {
		cc_buf_add(o, s + i, e - i); /* the end shares the opening's dashes */
		return e;
	}
	cc_buf_add(o, s + i, d - i);
	if (e > d && e < n)
		cc_buf_add(o, MASK, MASK_LEN);
	return e < n ? e : d;
}

/* A secret value that is a URL keeps `scheme://host/` in front of the mask. */
static void put_secret(struct cc_buf *o, const char *s, size_t n)
{
	size_t k = 0, h;

	while (k < n && mask_is_alnum(s[k]))
		k++;
	if (k > 0 && n - k > 3 && memcmp(s + k, "://", 3) == 0) {
		for (h = k + 3; h < n && s[h] != '/' && s[h] != '@' && s[h] != '?'; h++)
			;
		if (h < n && s[h] == '/' && h + 1 < n) {
			cc_buf_add(o, s, h + 1);
			cc_buf_add(o, MASK, MASK_LEN);
			return;
		}
	}
	cc_buf_add(o, MASK, MASK_LEN);
}

/* A shape matched k bytes at s[i]: it is masked to the end of the word it starts, so a
 * second pass, which may read the mask as a key's value, ends that value where the first
 * pass ended the shape. */
static size_t put_shape(struct cc_buf *o, const char *s, size_t n, size_t i, size_t k)
{
	cc_buf_add(o, MASK, MASK_LEN);
	return mask_unquoted_end(s, n, i + k);
}

/* A shape that is a secret wherever it stands, at s[i]; returns where to go on after
 * writing, or 0. */
static size_t shape(struct cc_buf *o, const char *s, size_t n, size_t i)
{
	size_t k;

	if ((s[i] == '$' || s[i] == '{') && (k = mask_shape_hash(s + i, n - i)) > 0)
		return put_shape(o, s, n, i, k);
	if (mask_armour_at(s, n, i, "BEGIN "))
		return armour_line(o, s, n, i);
	if (mask_is_word(written(o, 1)))
		return 0;
	if ((k = mask_shape_token(s + i, n - i)) > 0)
		return put_shape(o, s, n, i, k);
	/* `/bot123456789:AA...` */
	if (n - i > 3 && memcmp(s + i, "bot", 3) == 0 &&
	    (k = mask_shape_token(s + i + 3, n - i - 3)) > 0) {
		cc_buf_add(o, "bot", 3);
		return put_shape(o, s, n, i + 3, k);
	}
	return 0;
}

struct line {
	struct mask_place pl;
	struct mask_tag tag;
	int in_field;
	int want_run; /* a secret key had no value: a random run in the next field is it */
};

static void start_field(struct line *ln, const char *s, size_t n, size_t i)
{
	size_t e;

	ln->in_field = 1;
	ln->pl.words = 0;
	if (marker_field(s + i, n - i))
		return;
	if (++ln->pl.field == 1) {
		for (e = i; e < n && !mask_is_space(s[e]); e++)
			;
		ln->pl.pair_field = (size_t)mask_pair_directive(s + i, e - i);
		ln->pl.pair_field += ln->pl.pair_field > 0;
	}
}

/* The next field after a secret key without a value: masked when it looks random. */
static size_t random_run(struct cc_buf *o, const char *s, size_t n, size_t i)
{
	size_t e = mask_unquoted_end(s, n, i);

	if (!mask_shape_random(s + i, e - i))
		return 0;
	cc_buf_add(o, MASK, MASK_LEN);
	return e;
}

void mask_into(struct cc_buf *o, const char *s, size_t n, struct mask_carry *c)
{
	struct line ln = {0};
	struct mask_value v;
	size_t i = 0, w, k;
	int cls;

	c->block = c->literal = c->cont = c->backslash = 0;
	if (c->next_value)
		i = mask_next_value(o, s, n, c);
	if (c->depth > 0)
		i = mask_structure(o, s, n, i, &c->depth);
	while (i < n) {
		if (mask_is_space(s[i])) {
			cc_buf_add(o, s + i++, 1);
			if (ln.in_field && ln.want_run)
				ln.want_run++;
			ln.in_field = 0;
			continue;
		}
		if (!ln.in_field)
			start_field(&ln, s, n, i);
		if (ln.want_run == 2 && (k = random_run(o, s, n, i)) > 0) {
			i = k;
			continue;
		}
		if (ln.want_run > 1)
			ln.want_run = 0;
		if ((k = mask_xml_step(o, s, n, i, &ln.tag)) > 0) {
			i = k;
			continue;
		}
		if (s[i] == ':' && (k = mask_url(o, s, n, i)) > 0) {
			i = k;
			continue;
		}
		if ((k = shape(o, s, n, i)) > 0) {
			i = k;
			continue;
		}
		if (!word_start(o, s, i, &ln.pl.dashes)) {
			cc_buf_add(o, s + i++, 1);
			continue;
		}
		w = word_end(s, n, i);
		w = w > i ? w - i : 1;
		if ((k = mask_xml_name(o, s, n, i, w, &ln.tag)) > 0 ||
		    (k = mask_xml_value(o, s, n, i, w, &ln.tag)) > 0) {
			i = k;
			continue;
		}
		ln.pl.words++;
		ln.pl.call = quoted_argument(o);
		/* a word right after `/` or `.` is part of a path or a file name */
		cls = (written(o, 1) == '/' || written(o, 1) == '.') ? MASK_KEY_NONE
								     : mask_key_class(s + i, w);
		if (cls == MASK_KEY_NONE || !mask_find_value(&v, s, n, i, w, cls, &ln.pl)) {
			if (cls == MASK_KEY_STRONG && !ln.pl.block)
				ln.want_run = 1;
			cc_buf_add(o, s + i, w);
			i += w;
			continue;
		}
		cc_buf_add(o, s + i, v.start - i);
		if (v.below) {
			c->next_value = 1;
			cc_buf_add(o, s + v.start, n - v.start);
			i = n;
			continue;
		}
		if (v.opens) {
			cc_buf_add(o, s + v.start, 1);
			c->depth = 1;
			i = mask_structure(o, s, n, v.start + 1, &c->depth);
			continue;
		}
		if (v.keep)
			cc_buf_add(o, s + v.start, v.end - v.start);
		else
			put_secret(o, s + v.start, v.end - v.start);
		if (ln.pl.eol && (!v.keep || mask_is_mask(s + v.start, v.end - v.start))) {
			c->cont = 1;
			c->backslash = s[v.end - 1] == '\\';
		}
		i = v.end;
	}
	c->block = ln.pl.block;
	c->literal = ln.pl.literal;
}

char *mask_finish(struct cc_buf *o, size_t *outlen)
{
	if (outlen)
		*outlen = o->len;
	return cc_buf_detach(o);
}

char *cc_mask_line(const char *line, size_t len, size_t *outlen)
{
	struct cc_buf o = CC_BUF_INIT;
	struct mask_carry c = {0};

	if (!line && len) {
		errno = EINVAL;
		return NULL;
	}
	mask_into(&o, line, len, &c);
	return mask_finish(&o, outlen);
}
