/* mask_text.c - mask many lines at once, and what spans lines: armoured keys, PuTTY keys,
 * YAML blocks, continuation lines and secret structures (the rules are in mask.h). */
#include <errno.h>
#include <string.h>

#include "paste/mask.h"
#include "paste/mask_int.h"

/* A PuTTY key's private part is a few dozen lines at most: a bigger count is a lie. */
#define PUTTY_MAX_LINES 64

/* How far a line is indented. */
static size_t indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!mask_is_space(s[i]))
			return 0;
	return 1;
}

/* Brackets and commas alone are structure, never a secret. */
static int only_structure(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!mask_is_space(s[i]) && !mask_in_set(s[i], "{}[](),;"))
			return 0;
	return 1;
}

/* A line inside a secret: only its indentation and brackets stay. */
static void mask_whole(struct cc_buf *o, const char *s, size_t n)
{
	size_t i = indent_of(s, n);

	cc_buf_add(o, s, i);
	if (only_structure(s + i, n - i)) {
		cc_buf_add(o, s + i, n - i);
		return;
	}
	cc_buf_add(o, MASK, MASK_LEN);
	if (n > 0 && s[n - 1] == '\r')
		cc_buf_add(o, "\r", 1);
}

/* A line of a YAML mapping under a secret key: its keys and list markers stay. */
static void mask_nested(struct cc_buf *o, const char *s, size_t n)
{
	size_t i = indent_of(s, n), k, end = n;
	int describes = 0;

	while (end > i && mask_is_space(s[end - 1]))
		end--;
	if (i + 1 < end && s[i] == '-' && s[i + 1] == ' ')
		i += 2 + indent_of(s + i + 2, end - i - 2);
	for (k = i; k < end && s[k] != ':' && s[k] != ' ' && s[k] != '#'; k++)
		;
	if (k > i && k < end && s[k] == ':' && (k + 1 == end || s[k + 1] == ' ')) {
		describes = mask_key_describes(s + i, k - i);
		k++;
		while (k < end && s[k] == ' ')
			k++;
		i = k;
	}
	cc_buf_add(o, s, i);
	if (i < end && !describes && !mask_value_kept(s + i, end - i) &&
	    (end - i != 1 || (s[i] != '|' && s[i] != '>')))
		cc_buf_add(o, MASK, MASK_LEN);
	else
		cc_buf_add(o, s + i, end - i);
	cc_buf_add(o, s + end, n - end);
}

/* A line that is only a random run goes on with a secret value above it, even when it is
 * not indented: an editor wrapped a long key. */
static int wrapped(const char *s, size_t n)
{
	size_t i = indent_of(s, n), k, end;

	while (n > i && mask_is_space(s[n - 1]))
		n--;
	for (end = n; end > i && s[end - 1] == '='; end--)
		;
	for (k = i; k < end; k++)
		if (s[k] == '=')
			return 0; /* `KEY=value` is the next setting */
	return mask_shape_random(s + i, n - i);
}

/* `Private-Lines: N` of a PuTTY key: N, or 0. */
static size_t putty_lines(const char *s, size_t n)
{
	size_t i = indent_of(s, n), count = 0;

	if (n - i < 15 || memcmp(s + i, "Private-Lines:", 14) != 0)
		return 0;
	for (i += 14; i < n && s[i] == ' '; i++)
		;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && count <= PUTTY_MAX_LINES; i++)
		count = count * 10 + (size_t)(s[i] - '0');
	return count > PUTTY_MAX_LINES ? PUTTY_MAX_LINES : count;
}

static int armour_opens(const char *s, size_t n)
{
	return mask_armour_find(s, n, 0, "BEGIN ") < n && mask_armour_find(s, n, 0, "END ") == n;
}

static int armour_closes(const char *s, size_t n)
{
	return mask_armour_find(s, n, 0, "END ") < n;
}

struct text {
	const char *s; /* the whole text, and its length */
	size_t len;
	size_t end_at; /* where the next line with an armour's end starts */
	int no_end;    /* no line from end_at on ends an armour */
	struct mask_carry c;
	int armour;    /* inside an armoured block that ends further down */
	size_t putty;  /* lines of a PuTTY key's private part still to come */
	int block;     /* 1: a YAML mapping under a secret key; 2: a literal block */
	size_t indent; /* the indentation of the key that opened block or cont */
	int cont;      /* continuation lines of a masked value may follow */
	int backslash; /* the previous line goes on in this one */
};

/* Whether an armour that opens on the line ending at pos ends further down: one scan
 * forward serves every armour of the text. */
static int armour_ends(struct text *t, size_t pos)
{
	const char *end;
	size_t at, n;

	if (t->no_end)
		return 0;
	if (t->end_at >= pos && t->end_at < t->len)
		return 1;
	for (at = pos; at < t->len; at += n + 1) {
		end = memchr(t->s + at, '\n', t->len - at);
		n = end ? (size_t)(end - (t->s + at)) : t->len - at;
		if (armour_closes(t->s + at, n)) {
			t->end_at = at;
			return 1;
		}
	}
	t->no_end = 1;
	return 0;
}

/* A value masked over an armour's end would end the armour elsewhere on a second pass:
 * the line is masked around the marker's `-----END ` instead, which stays, and what it
 * leaves to the next line is what that masked line leaves, as a second pass reads it. */
static void keep_end(struct cc_buf *o, const char *s, size_t n, size_t at, struct mask_carry *c,
		     const struct mask_carry *before)
{
	struct cc_buf scratch = CC_BUF_INIT;
	size_t e = mask_armour_find(s, n, 0, "END "), k;

	if (e == n || mask_armour_find(cc_buf_str(o) + at, o->len - at, 0, "END ") < o->len - at)
		return;
	cc_buf_truncate(o, at);
	mask_whole(o, s, e);
	k = e + 9; /* `-----END ` itself: what follows it may hold the secret */
	cc_buf_add(o, s + e, k - e);
	mask_whole(o, s + k, n - k);
	*c = *before;
	mask_into(&scratch, o->data + at, o->len - at, c);
	cc_buf_release(&scratch);
}

/* The line that opens an armour: what stands before the marker is masked as a line, the
 * marker stays, and whatever follows it on the line is the armour's. */
static void armour_open(struct cc_buf *o, struct text *t, const char *s, size_t n)
{
	size_t b = mask_armour_find(s, n, 0, "BEGIN "), k = mask_armour_end(s, n, b, NULL);

	mask_into(o, s, b, &t->c);
	t->c.block = t->c.cont = t->c.next_value = 0;
	cc_buf_add(o, s + b, k - b);
	mask_whole(o, s + k, n - k);
	t->armour = 1;
}

static void line(struct cc_buf *o, struct text *t, const char *s, size_t n)
{
	struct mask_carry before;
	size_t ind = indent_of(s, n), k, e, at = o->len;

	/* an armour is masked whole to its end, whatever its lines hold, and its markers
	 * stay, so a second pass sees the same armour as the first */
	if (t->armour && (size_t)(s - t->s) < t->end_at) {
		mask_whole(o, s, n);
		return;
	}
	if (t->armour) {
		t->armour = 0;
		k = mask_armour_find(s, n, 0, "END ");
		mask_whole(o, s, k);
		e = mask_armour_end(s, n, k, NULL);
		cc_buf_add(o, s + k, e - k);
		mask_into(o, s + e, n - e, &t->c);
		return;
	}
	if (t->putty > 0) {
		t->putty--;
		mask_whole(o, s, n);
		return;
	}
	if (t->block && (blank(s, n) || ind > t->indent)) {
		if (t->block == 2 || blank(s, n))
			mask_whole(o, s, n);
		else
			mask_nested(o, s, n);
		return;
	}
	t->block = 0;
	if (t->backslash || (t->cont && !blank(s, n) && (ind > t->indent || wrapped(s, n)))) {
		t->backslash = n > 0 && s[n - 1] == '\\';
		mask_whole(o, s, n);
		return;
	}
	t->cont = t->backslash = 0;
	if (armour_opens(s, n) && armour_ends(t, (size_t)(s - t->s) + n)) {
		armour_open(o, t, s, n);
		return;
	}
	before = t->c;
	mask_into(o, s, n, &t->c);
	keep_end(o, s, n, at, &t->c, &before);
	if (t->c.block || t->c.cont) {
		t->block = t->c.block ? 1 + t->c.literal : 0;
		t->cont = t->c.cont;
		t->backslash = t->c.backslash;
		t->indent = ind;
	}
	/* read off what was written, as a second pass reads it */
	t->putty = putty_lines(cc_buf_str(o) + at, o->len - at);
}

char *cc_mask_text(const char *text, size_t len, size_t *outlen)
{
	struct cc_buf o = CC_BUF_INIT;
	struct text t = {0};
	const char *end;
	size_t pos = 0, n;

	if (!text && len) {
		errno = EINVAL;
		return NULL;
	}
	t.s = text;
	t.len = t.end_at = len;
	while (pos < len) {
		end = memchr(text + pos, '\n', len - pos);
		n = end ? (size_t)(end - (text + pos)) : len - pos;
		line(&o, &t, text + pos, n);
		if (end)
			cc_buf_add(&o, "\n", 1);
		pos += n + 1;
	}
	return mask_finish(&o, outlen);
}
