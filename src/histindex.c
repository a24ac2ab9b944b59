/* histindex.c - load and save the text index of a history. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "escape.h"
#include "fs.h"
#include "histindex.h"

#define HEADER "confcheck-history 1"

void cc_histindex_clear(struct cc_history *h)
{
	size_t i;

	for (i = 0; i < h->nsets; i++)
		free(h->sets[i].label);
	for (i = 0; i < h->nversions; i++)
		free(h->versions[i].path);
	h->nsets = h->nversions = 0;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (n < max && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

static char *unescape(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;

	if (!strcmp(s, "-"))
		return NULL;
	cc_unescape_log(&b, s, strlen(s));
	return cc_buf_detach(&b);
}

static int parse_int(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

static int parse_set(struct cc_history *h, char **f, size_t n)
{
	struct cc_set s;
	long long seq, t;

	memset(&s, 0, sizeof(s));
	if (n != 6 || parse_int(f[1], &seq) < 0 || seq < 1 || seq > 1000000000 ||
	    cc_hash_parse(&s.id, f[2]) < 0 || git_oid_fromstr(&s.commit, f[3]) < 0 ||
	    parse_int(f[4], &t) < 0)
		return -1;
	s.seq = (int)seq;
	s.time = t;
	s.label = unescape(f[5]);
	CC_GROW(h->sets, h->sets_alloc, h->nsets + 1);
	h->sets[h->nsets++] = s;
	return 0;
}

static int parse_version(struct cc_history *h, char **f, size_t n)
{
	struct cc_version v;
	long long date, first, last;

	memset(&v, 0, sizeof(v));
	if (n != 9 || !strcmp(f[1], "-") || cc_hash_parse(&v.raw, f[2]) < 0 ||
	    cc_hash_parse(&v.norm, f[3]) < 0 || cc_hash_parse(&v.nohdr, f[4]) < 0 ||
	    parse_int(f[5], &date) < 0 || git_oid_fromstr(&v.blob, f[6]) < 0 ||
	    parse_int(f[7], &first) < 0 || parse_int(f[8], &last) < 0 || date < 0 ||
	    date > 99991231 || first < 0 || last < first || last > 1000000000)
		return -1;
	v.date = (int)date;
	v.first_set = (int)first;
	v.last_set = (int)last;
	v.path = unescape(f[1]);
	CC_GROW(h->versions, h->versions_alloc, h->nversions + 1);
	h->versions[h->nversions++] = v;
	return 0;
}

int cc_histindex_load(struct cc_history *h)
{
	struct cc_buf b = CC_BUF_INIT;
	char *line, *next, *f[10];
	size_t n;
	int ret = -1, first = 1;
	struct stat st;

	/* which file was read, so that a damaged history drops this index and not a
	 * newer one written meanwhile (stat first: a race leaves it unmatched) */
	h->index_dev = h->index_ino = 0;
	if (h->fd < 0)
		return 1;
	if (fstatat(h->fd, CC_HISTINDEX_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		h->index_dev = (unsigned long long)st.st_dev;
		h->index_ino = (unsigned long long)st.st_ino;
	}
	if (cc_fs_read_state_at(&b, h->fd, h->dir, CC_HISTINDEX_NAME) < 0) {
		ret = errno == ENOENT ? 1 : -1;
		goto done;
	}
	if (memchr(b.data, '\0', b.len) || !b.len || b.data[b.len - 1] != '\n')
		goto done; /* a truncated index ends mid-line */
	for (line = b.data; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (first) {
			if (strcmp(line, HEADER) != 0)
				goto done;
			first = 0;
			continue;
		}
		n = split(line, f, 10);
		if (!strcmp(f[0], "set") ? parse_set(h, f, n) < 0
		    : !strcmp(f[0], "ver") ? parse_version(h, f, n) < 0
					   : 1)
			goto done;
	}
	ret = first ? -1 : 0;
done:
	if (ret < 0)
		cc_histindex_clear(h);
	cc_buf_release(&b);
	return ret;
}

static void add_field(struct cc_buf *b, const char *s)
{
	cc_buf_addc(b, '\t');
	if (!s || !*s)
		cc_buf_addc(b, '-');
	else
		cc_escape_log(b, s, strlen(s));
}

int cc_histindex_save(const struct cc_history *h)
{
	struct cc_buf b = CC_BUF_INIT;
	char hex[4][CC_HASH_HEXLEN + 1], oid[GIT_OID_HEXSZ + 1];
	size_t i;
	int ret;

	cc_buf_adds(&b, HEADER "\n");
	for (i = 0; i < h->nsets; i++) {
		const struct cc_set *s = &h->sets[i];

		cc_hash_hex(hex[0], s->id);
		git_oid_tostr(oid, sizeof(oid), &s->commit);
		cc_buf_addf(&b, "set\t%d\t%s\t%s\t%lld", s->seq, hex[0], oid, s->time);
		add_field(&b, s->label);
		cc_buf_addc(&b, '\n');
	}
	for (i = 0; i < h->nversions; i++) {
		const struct cc_version *v = &h->versions[i];

		cc_buf_adds(&b, "ver");
		add_field(&b, v->path);
		cc_hash_hex(hex[1], v->raw);
		cc_hash_hex(hex[2], v->norm);
		cc_hash_hex(hex[3], v->nohdr);
		git_oid_tostr(oid, sizeof(oid), &v->blob);
		cc_buf_addf(&b, "\t%s\t%s\t%s\t%d\t%s\t%d\t%d\n", hex[1], hex[2], hex[3], v->date,
			    oid, v->first_set, v->last_set);
	}
	ret = h->fd >= 0 ? cc_fs_write_atomic_at(h->fd, h->dir, CC_HISTINDEX_NAME, b.data, b.len)
		       : cc_fs_write_atomic(h->dir, CC_HISTINDEX_NAME, b.data, b.len);
	cc_buf_release(&b);
	return ret;
}
