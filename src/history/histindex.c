/* histindex.c - load and save the text index of a history. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "history/histindex.h"
#include "util/tsv.h"

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

/* A label or path field: NULL for "-", else decoded (a copy). */
static char *unescape(char *s)
{
	return strcmp(s, "-") ? cc_strdup(cc_tsv_unescape(s)) : NULL;
}

static int parse_set(struct cc_history *h, char **f, size_t n)
{
	struct cc_set s;
	long long seq;

	memset(&s, 0, sizeof(s));
	if (n != 6 || cc_tsv_num(f[1], 1, 1000000000, &seq) < 0 || cc_hash_parse(&s.id, f[2]) < 0 ||
	    git_oid_fromstr(&s.commit, f[3]) < 0 ||
	    cc_tsv_num(f[4], LLONG_MIN, LLONG_MAX, &s.time) < 0)
		return -1;
	s.seq = (int)seq;
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
	    cc_tsv_num(f[5], 0, 99991231, &date) < 0 || git_oid_fromstr(&v.blob, f[6]) < 0 ||
	    cc_tsv_num(f[7], 0, 1000000000, &first) < 0 ||
	    cc_tsv_num(f[8], first, 1000000000, &last) < 0)
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
	struct cc_tsv r;
	char *path = NULL, *f[9];
	size_t n;
	int ret = -1;
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
	/* a truncated index ends mid-line: refused whole */
	ret = cc_tsv_open(&r, b.data, b.len, HEADER);
	while (ret == 0 && (n = cc_tsv_next(&r, f, 9)) > 0)
		ret = !strcmp(f[0], "set")   ? parse_set(h, f, n)
		      : !strcmp(f[0], "ver") ? parse_version(h, f, n)
					     : -1;
	if (ret < 0) {
		path = cc_path_join(h->dir, CC_HISTINDEX_NAME);
		cc_tsv_fail(&r, path);
	}
done:
	if (ret < 0)
		cc_histindex_clear(h);
	free(path);
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
