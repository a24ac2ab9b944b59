/* mask_text.c - mask many lines at once, and what spans lines: private keys and YAML
 * blocks. */
#include <errno.h>
#include <string.h>

#include "mask.h"
#include "mask_int.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Spaces after a diff's `+` or `-`: how far a line is indented. */
static size_t indent_of(const char *s, size_t n)
{
	size_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0, start = i;

	while (i < n && s[i] == ' ')
		i++;
	return i - start;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

/* A line inside a private key or a secret YAML block: only its diff marker and
 * indentation stay. */
static void mask_whole(struct mask_out *o, const char *s, size_t n)
{
	size_t i = (n > 0 && (s[0] == '+' || s[0] == '-' || s[0] == ' ')) ? 1 : 0;

	while (i < n && s[i] == ' ')
		i++;
	mask_put(o, s, i);
	if (!blank(s + i, n - i))
		mask_put(o, "****", 4);
	if (n > 0 && s[n - 1] == '\r')
		mask_put(o, "\r", 1);
}

char *cc_mask_text(const char *text, size_t len, size_t *outlen)
{
	struct mask_out o = {0};
	const char *end;
	size_t pos = 0, n, block_indent = 0;
	int in_key = 0, in_block = 0, block;

	if (!text && len) {
		errno = EINVAL;
		return NULL;
	}
	while (pos < len && !o.fail) {
		end = memchr(text + pos, '\n', len - pos);
		n = end ? (size_t)(end - (text + pos)) : len - pos;
		if (in_block && (blank(text + pos, n) || indent_of(text + pos, n) > block_indent)) {
			mask_whole(&o, text + pos, n);
		} else if (in_key && !contains(text + pos, n, "-----END ")) {
			mask_whole(&o, text + pos, n);
		} else {
			in_block = 0;
			in_key = !in_key && contains(text + pos, n, "-----BEGIN ") &&
				 contains(text + pos, n, "PRIVATE KEY-----");
			mask_into(&o, text + pos, n, &block);
			if (block) {
				in_block = 1;
				block_indent = indent_of(text + pos, n);
			}
		}
		if (end)
			mask_put(&o, "\n", 1);
		pos += n + 1;
	}
	return mask_finish(&o, outlen);
}
