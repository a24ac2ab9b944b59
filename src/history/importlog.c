/* importlog.c - the stretches of source history an import has read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/fs.h"
#include "history/importlog.h"
#include "util/tsv.h"
#include "util/map.h"

#define IMPORTS_HEADER "confcheck-imports 1"

void cc_importlog_release(struct cc_importlog *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].name);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int cc_importlog_load(struct cc_importlog *s, const char *dir)
{
	struct cc_buf b = CC_BUF_INIT;
	struct cc_tsv r;
	char *path = cc_path_join(dir, CC_IMPORTLOG_NAME), *f[5];
	size_t n;
	int ret = -1;
	struct cc_importlog_seg g;

	memset(s, 0, sizeof(*s));
	if (cc_fs_read_path(&b, path) < 0) {
		ret = errno == ENOENT ? 0 : -1;
		goto done;
	}
	ret = cc_tsv_open(&r, b.data, b.len, IMPORTS_HEADER);
	while (ret == 0 && (n = cc_tsv_next(&r, f, 5)) > 0) {
		memset(&g, 0, sizeof(g));
		if (n != 5 || strcmp(f[0], "seg") || git_oid_fromstr(&g.oldest, f[2]) < 0 ||
		    git_oid_fromstr(&g.newest, f[3]) < 0) {
			ret = -1;
			break;
		}
		g.key = cc_strdup(cc_tsv_unescape(f[1]));
		g.name = cc_strdup(cc_tsv_unescape(f[4]));
		CC_GROW(s->v, s->alloc, s->n + 1);
		s->v[s->n++] = g;
	}
	if (ret < 0)
		cc_tsv_fail(&r, path);
done:
	if (ret < 0)
		cc_importlog_release(s);
	cc_buf_release(&b);
	free(path);
	return ret;
}

int cc_importlog_save(const struct cc_importlog *s, const char *dir)
{
	struct cc_buf b = CC_BUF_INIT;
	char oldest[GIT_OID_HEXSZ + 1], newest[GIT_OID_HEXSZ + 1];
	size_t i;
	int ret;

	cc_buf_adds(&b, IMPORTS_HEADER "\n");
	for (i = 0; i < s->n; i++) {
		git_oid_tostr(oldest, sizeof(oldest), &s->v[i].oldest);
		git_oid_tostr(newest, sizeof(newest), &s->v[i].newest);
		cc_buf_adds(&b, "seg\t");
		cc_escape_log(&b, s->v[i].key, strlen(s->v[i].key));
		cc_buf_addf(&b, "\t%s\t%s\t", oldest, newest);
		cc_escape_log(&b, s->v[i].name, strlen(s->v[i].name));
		cc_buf_addc(&b, '\n');
	}
	ret = cc_fs_write_atomic(dir, CC_IMPORTLOG_NAME, b.data, b.len);
	cc_buf_release(&b);
	return ret;
}

void cc_importlog_mark(const struct cc_importlog *segs, const char *key, const git_oid *chain,
		       size_t n, char *known)
{
	struct cc_map pos = CC_MAP_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, j;

	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &chain[i]);
		cc_map_put(&pos, hex, (void *)(i + 1), NULL);
	}
	for (i = 0; i < segs->n; i++) {
		if (strcmp(segs->v[i].key, key))
			continue;
		git_oid_tostr(hex, sizeof(hex), &segs->v[i].newest);
		j = (size_t)cc_map_get(&pos, hex);
		/* a stretch is contiguous first-parent history: from its newest commit
		 * down to its oldest, or to where this walk starts */
		while (j > 0) {
			known[j - 1] = 1;
			if (git_oid_equal(&chain[j - 1], &segs->v[i].oldest))
				break;
			j--;
		}
	}
	cc_map_release(&pos);
}

static int in_chain(const git_oid *chain, size_t n, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (git_oid_equal(&chain[i], oid))
			return 1;
	return 0;
}

void cc_importlog_update(struct cc_importlog *segs, const char *key, const char *name,
			 const git_oid *chain, size_t n)
{
	struct cc_importlog_seg g;
	size_t i, j;
	int merged = 0;

	memset(&g, 0, sizeof(g));
	g.key = cc_strdup(key);
	g.name = cc_strdup(name);
	git_oid_cpy(&g.oldest, &chain[0]);
	git_oid_cpy(&g.newest, &chain[n - 1]);
	for (i = j = 0; i < segs->n; i++) {
		struct cc_importlog_seg *s = &segs->v[i];
		int drop = 0;

		if (!strcmp(s->key, key) && in_chain(chain, n, &s->newest)) {
			if (in_chain(chain, n, &s->oldest)) {
				drop = 1; /* inside this walk */
			} else if (!merged) {
				git_oid_cpy(&g.oldest, &s->oldest); /* it goes further back */
				merged = drop = 1;
			}
		}
		if (drop) {
			free(s->key);
			free(s->name);
			continue;
		}
		segs->v[j++] = *s;
	}
	segs->n = j;
	CC_GROW(segs->v, segs->alloc, segs->n + 1);
	segs->v[segs->n++] = g;
}
