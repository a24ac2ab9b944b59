/* importmap.c - repository paths to template paths, for the import and lint. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "history/import.h"
#include "util/mapping.h"

/* A relative directory prefix s[0..n) as "" or "a/b/"; NULL when it is absolute or
 * has an empty, ".", ".." or ".git" component. */
static char *clean_prefix(const char *s, size_t n)
{
	size_t i = 0, start, len;

	if (n && s[0] == '/')
		return NULL;
	while (i < n) {
		start = i;
		while (i < n && s[i] != '/')
			i++;
		len = i - start;
		if (!len || (len == 1 && s[start] == '.') ||
		    (len == 2 && s[start] == '.' && s[start + 1] == '.') ||
		    cc_is_dotgit(s + start, len))
			return NULL;
		if (i < n)
			i++;
	}
	if (!n)
		return cc_strdup("");
	return s[n - 1] == '/' ? cc_strndup(s, n) : cc_asprintf("%.*s/", (int)n, s);
}

int cc_import_map_add(struct cc_import_maps *m, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char *from, *to;
	size_t i;

	if (!eq)
		return cc_error_set("map '%s' is not FROM=TO", spec);
	from = clean_prefix(spec, (size_t)(eq - spec));
	to = clean_prefix(eq + 1, strlen(eq + 1));
	if (!from || !to) {
		free(from);
		free(to);
		return cc_error_set("map '%s': FROM and TO must be relative directories without "
				    "'.', '..' or '.git' components",
				    spec);
	}
	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->v[i].from, from)) {
			cc_error_set("map '%s': '%s' is mapped twice", spec, *from ? from : "=");
			free(from);
			free(to);
			return -1;
		}
	}
	CC_GROW(m->v, m->alloc, m->n + 1);
	m->v[m->n].from = from;
	m->v[m->n++].to = to;
	return 0;
}

char *cc_import_map_path(const struct cc_import_maps *m, const char *path, size_t *which)
{
	size_t i, len, best_len = 0;
	int best = -1;
	char *out;

	*which = 0;
	if (!m || !m->n)
		return cc_strdup(path);
	for (i = 0; i < m->n; i++) {
		len = strlen(m->v[i].from);
		if (!strncmp(path, m->v[i].from, len) && (best < 0 || len > best_len)) {
			best = (int)i;
			best_len = len;
		}
	}
	if (best < 0 || !path[best_len])
		return NULL;
	out = cc_asprintf("%s%s", m->v[best].to, path + best_len);
	*which = (size_t)best;
	return out;
}

char *cc_import_maps_key(const struct cc_import_maps *m)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	if (!m || !m->n)
		return cc_strdup("=");
	for (i = 0; i < m->n; i++)
		cc_buf_addf(&b, "%s%s=%s", i ? "\n" : "", m->v[i].from, m->v[i].to);
	return cc_buf_detach(&b);
}

void cc_import_maps_release(struct cc_import_maps *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].from);
		free(m->v[i].to);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}
