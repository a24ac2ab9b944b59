/* verdict.c - baseline inference and the verdict table. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "engine/verdict.h"

static const char *const names[CC_NVERDICTS] = {
    "current", "customized", "outdated", "conflict", "unverified", "orphaned", "error",
};

const char *cc_verdict_name(enum cc_verdict v)
{
	return (unsigned)v < CC_NVERDICTS ? names[v] : "unknown";
}

int cc_verdict_parse(const char *name)
{
	int i;

	for (i = 0; i < CC_NVERDICTS; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

int cc_verdict_needs_look(enum cc_verdict v)
{
	return v != CC_CURRENT && v != CC_CUSTOMIZED;
}

static const struct {
	int flag;
	const char *name;
} flag_names[] = {
    {CC_FLAG_COSMETIC, "cosmetic"},
    {CC_FLAG_HEADER_ONLY, "header-only"},
    {CC_FLAG_ACKNOWLEDGED, "acknowledged"},
};

const char *cc_flag_name(int flag)
{
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flag_names[i].flag == flag)
			return flag_names[i].name;
	return NULL;
}

int cc_flag_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (!strcmp(flag_names[i].name, name))
			return flag_names[i].flag;
	return 0;
}

enum cc_verdict cc_verdict_decide(cc_hash u, cc_hash t, int has_b, cc_hash b)
{
	if (u == t)
		return CC_CURRENT;
	if (!has_b)
		return CC_UNVERIFIED;
	if (u == b)
		return CC_OUTDATED;
	if (t == b)
		return CC_CUSTOMIZED;
	return CC_CONFLICT;
}

static int hash_cmp(const void *a, const void *b)
{
	cc_hash x = *(const cc_hash *)a, y = *(const cc_hash *)b;

	return x < y ? -1 : x > y;
}

/* Hashes every line (trailing white space and CR ignored) into a sorted array. */
static cc_hash *line_hashes(const char *s, size_t len, size_t *n)
{
	cc_hash *v = NULL;
	size_t alloc = 0, i = 0, start, end;

	*n = 0;
	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		while (end > start &&
		       (s[end - 1] == '\r' || s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		CC_GROW(v, alloc, *n + 1);
		v[(*n)++] = cc_hash_bytes(s + start, end - start);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), hash_cmp);
	return v;
}

double cc_similarity(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t na, nb, i = 0, j = 0, common = 0;
	cc_hash *x = line_hashes(a, alen, &na), *y = line_hashes(b, blen, &nb);
	double sim;

	while (i < na && j < nb) {
		if (x[i] == y[j]) {
			common++;
			i++;
			j++;
		} else if (x[i] < y[j]) {
			i++;
		} else {
			j++;
		}
	}
	sim = na + nb ? 2.0 * (double)common / (double)(na + nb) : 1.0;
	free(x);
	free(y);
	return sim;
}

static const struct cc_version *by_raw(const struct cc_vlist *vl, cc_hash raw)
{
	size_t i;

	for (i = vl->n; i > 0; i--)
		if (vl->v[i - 1]->raw == raw)
			return vl->v[i - 1];
	return NULL;
}

/* The candidate most similar to u (newest on ties), or NULL below the threshold. */
static const struct cc_version *nearest(struct cc_histories *hs, const struct cc_version **cand,
					size_t n, const struct cc_userfile *u)
{
	struct cc_buf b = CC_BUF_INIT;
	const struct cc_version *best = NULL;
	double best_sim = CC_NEAREST_MIN - 1e-9, sim;
	size_t i;

	for (i = 0; i < n; i++) {
		if (cc_histories_read(hs, cand[i], &b) < 0)
			continue;
		sim = cc_similarity(u->data, u->len, b.data, b.len);
		if (sim >= best_sim) {
			best_sim = sim;
			best = cand[i];
		}
	}
	cc_buf_release(&b);
	return best;
}

static const struct cc_version *infer(struct cc_histories *hs, const struct cc_vlist *vl,
				      const struct cc_userfile *u, struct cc_filemem *mem,
				      int *method)
{
	const struct cc_version **cand = cc_calloc(vl->n, sizeof(*cand)), *v = NULL;
	size_t i, n = 0;

	if ((v = by_raw(vl, u->raw))) {
		*method = CC_BASE_EXACT;
		goto done;
	}
	if (u->hdr.date) {
		for (i = 0; i < vl->n; i++)
			if (vl->v[i]->date == u->hdr.date)
				cand[n++] = vl->v[i];
		if (n == 1 || (n > 1 && (v = nearest(hs, cand, n, u)))) {
			v = v ? v : cand[0];
			*method = CC_BASE_HEADER;
			goto done;
		}
	}
	if (mem->has_remembered && (v = by_raw(vl, mem->remembered))) {
		*method = CC_BASE_REMEMBERED;
		goto done;
	}
	if (!u->hdr.date) {
		/* only versions that existed before the file did can be where it started */
		for (i = n = 0; i < vl->n; i++)
			if (vl->v[i]->origin != 0 || vl->v[i]->first_set < mem->first_seen)
				cand[n++] = vl->v[i];
		if ((v = nearest(hs, cand, n, u))) {
			*method = CC_BASE_NEAREST;
			goto done;
		}
	}
	*method = CC_BASE_NONE;
done:
	free(cand);
	return v;
}

const struct cc_version *cc_baseline_infer(struct cc_histories *hs, const struct cc_vlist *vl,
					   const struct cc_userfile *u, struct cc_filemem *mem,
					   int *method)
{
	const struct cc_version *v;

	*method = CC_BASE_NONE;
	if (!vl || !vl->n)
		return NULL;
	if (mem->has_cache && mem->cache_user == u->raw && mem->cache_nver == (int)vl->n) {
		v = mem->cache_method == CC_BASE_NONE ? NULL : by_raw(vl, mem->cache_base);
		if (v || mem->cache_method == CC_BASE_NONE) {
			*method = mem->cache_method;
			return v;
		}
	}
	v = infer(hs, vl, u, mem, method);
	if (*method == CC_BASE_EXACT) {
		mem->has_remembered = 1;
		mem->remembered = v->raw;
	}
	mem->has_cache = 1;
	mem->cache_user = u->raw;
	mem->cache_method = *method;
	mem->cache_base = v ? v->raw : 0;
	mem->cache_nver = (int)vl->n;
	return v;
}
