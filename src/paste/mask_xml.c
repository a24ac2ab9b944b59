/* mask_xml.c - XML attributes that name a secret in one attribute and hold it in another:
 * `<add key="ApiKey" value="..."/>`, `<setting name="Password">...</setting>` (the rules
 * are in mask.h). */
#include "paste/mask_int.h"

static int xml_name_attr(const char *s, size_t w)
{
	return mask_equals_nocase(s, w, "key") || mask_equals_nocase(s, w, "name");
}

size_t mask_xml_name(struct cc_buf *o, const char *s, size_t n, size_t i, size_t w,
		     struct mask_tag *t)
{
	size_t q = i + w + 1, e;
	int cls;

	if (!t->open || !xml_name_attr(s + i, w) || q >= n || s[i + w] != '=' ||
	    !mask_is_quote(s[q]))
		return 0;
	e = mask_quote_end(s, n, q + 1, s[q]);
	cls = mask_key_class(s + q + 1, e - q - 1);
	if (cls == MASK_KEY_STRONG || cls == MASK_KEY_WEAK)
		t->pending = 1;
	e += e < n;
	cc_buf_add(o, s + i, e - i);
	return e;
}

size_t mask_xml_value(struct cc_buf *o, const char *s, size_t n, size_t i, size_t w,
		      struct mask_tag *t)
{
	size_t q = i + w + 1, e;

	if (!t->open || !t->pending || !mask_equals_nocase(s + i, w, "value") || q >= n ||
	    s[i + w] != '=' || !mask_is_quote(s[q]))
		return 0;
	e = mask_quote_end(s, n, q + 1, s[q]);
	cc_buf_add(o, s + i, q + 1 - i);
	mask_put_scalar(o, s + q + 1, e - q - 1, NULL, 0);
	t->pending = 0;
	return e;
}

size_t mask_xml_step(struct cc_buf *o, const char *s, size_t n, size_t i, struct mask_tag *t)
{
	size_t e;

	/* whatever follows `<` may open a tag: a second pass reads `<****` where the first
	 * read a name, a token or a hash */
	if (s[i] == '<' && i + 1 < n && !mask_is_space(s[i + 1]) && !mask_in_set(s[i + 1], "<=>")) {
		t->open = s[i + 1] != '/';
		t->pending &= t->open;
		return 0;
	}
	/* `=>` is PHP's arrow, never the end of a tag */
	if (s[i] != '>' || !t->open || (o->len > 0 && o->data[o->len - 1] == '='))
		return 0;
	t->open = 0;
	if (!t->pending || (o->len > 0 && o->data[o->len - 1] == '/'))
		return 0;
	for (e = i + 1; e < n && s[e] != '<'; e++)
		;
	if (e == i + 1)
		return 0; /* `<setting name="Token"><value>...`: the content is further in */
	t->pending = 0;
	cc_buf_add(o, ">", 1);
	mask_put_scalar(o, s + i + 1, e - i - 1, NULL, 0);
	return e;
}
