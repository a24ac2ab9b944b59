/* mapping.c - the rule between template paths and user paths, and the maps that change it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/mapping.h"

int cc_is_sample(const char *name)
{
	size_t n = strlen(name), k = strlen(CC_SAMPLE_SUFFIX);

	return n > k && !strcmp(name + n - k, CC_SAMPLE_SUFFIX) && name[n - k - 1] != '/';
}

char *cc_template_user_path(const char *key)
{
	char *user;

	if (!cc_is_sample(key))
		return NULL;
	user = cc_strndup(key, strlen(key) - strlen(CC_SAMPLE_SUFFIX));
	if (cc_is_sample(user)) {
		free(user);
		return NULL;
	}
	return user;
}

char *cc_user_template_path(const char *upath)
{
	return cc_asprintf("%s%s", upath, CC_SAMPLE_SUFFIX);
}

int cc_is_dotgit(const char *name, size_t n)
{
	return n == 4 && !strncasecmp(name, ".git", 4);
}

void cc_mapping_warn(struct cc_mapping *m, const char *file, int line, const char *message)
{
	CC_GROW(m->w, m->walloc, m->nw + 1);
	m->w[m->nw].file = cc_strdup(file);
	m->w[m->nw].line = line;
	m->w[m->nw++].message = cc_strdup(message);
}

char *cc_mapwarning_text(const struct cc_mapwarning *w)
{
	if (!w->line)
		return cc_asprintf("cannot read map '%s': %s", w->file, w->message);
	return cc_asprintf("%s:%d: %s: line skipped", w->file, w->line, w->message);
}

/* Why path (relative, or absolute when absolute_ok) is no path, or NULL. */
static const char *path_problem(const char *path, int absolute_ok)
{
	const char *p = path, *slash;
	size_t n;

	if (*p == '/') {
		if (!absolute_ok)
			return "leaves the config root (an absolute path)";
		p++;
	}
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && !strncmp(p, "..", 2))
			return absolute_ok ? "has a '..' component"
					   : "leaves the config root (a '..' component)";
		if (!n || (n == 1 && *p == '.'))
			return "is no file's path (an empty or '.' component)";
		if (!absolute_ok && cc_is_dotgit(p, n))
			return "has a '.git' component";
		if (!slash)
			return NULL;
		p = slash + 1;
	}
}

static size_t count_stars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '*';
	return n;
}

/* Why one line's two words make no line (a new string), or NULL. */
static char *line_problem(const char *tmpl, const char *user)
{
	const char *last = strrchr(tmpl, '/'), *p;
	size_t tstars = count_stars(tmpl), ustars = count_stars(user);

	last = last ? last + 1 : tmpl;
	if ((p = path_problem(tmpl, 1)))
		return cc_asprintf("TEMPLATE '%s' %s", tmpl, p);
	if (tstars > 1 || (tstars && !strchr(last, '*')))
		return cc_asprintf("TEMPLATE '%s' may hold one '*', in its last component", tmpl);
	if (!strcmp(user, "-"))
		return NULL;
	if ((p = path_problem(user, 0)))
		return cc_asprintf("USER '%s' %s", user, p);
	if (tstars && ustars != 1)
		return cc_asprintf("USER '%s' must hold one '*' for what TEMPLATE's '*' matched",
				   user);
	if (!tstars && ustars)
		return cc_asprintf("USER '%s' holds a '*' but TEMPLATE names one file", user);
	if (!ustars && cc_is_sample(user))
		return cc_asprintf("USER '%s' ends in '%s': such a file is never the user's", user,
				   CC_SAMPLE_SUFFIX);
	return NULL;
}

/* Splits one line into at most three words (a third means too many). */
static size_t line_words(char *line, char *words[3])
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' || *p == '\f')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == 3)
			return 4;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\v' && *p != '\f')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static void add_line(struct cc_mapping *m, const char *tmpl, const char *user, int scope,
		     const char *file, int lineno)
{
	const char *last = strrchr(tmpl, '/');
	struct cc_mapline *l;

	CC_GROW(m->l, m->alloc, m->n + 1);
	l = &m->l[m->n++];
	l->dir = last ? cc_strndup(tmpl, (size_t)(last - tmpl) + 1) : cc_strdup("");
	l->name = cc_strdup(last ? last + 1 : tmpl);
	l->user = strcmp(user, "-") ? cc_strdup(user) : NULL;
	l->scope = scope;
	l->file = cc_strdup(file);
	l->line = lineno;
}

void cc_mapping_parse(struct cc_mapping *m, const char *text, size_t len, const char *file,
		      int scope)
{
	size_t start, end, nwords;
	char *line, *words[3], *why;
	int lineno = 0;

	for (start = 0; start < len; start = end + 1) {
		end = start;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (memchr(text + start, '\0', end - start)) {
			cc_mapping_warn(m, file, lineno, "a NUL byte in the line");
			continue;
		}
		line = cc_strndup(text + start, end - start);
		nwords = line_words(line, words);
		if (nwords == 1) {
			cc_mapping_warn(m, file, lineno,
					"expected TEMPLATE and USER, found one word");
		} else if (nwords > 2) {
			cc_mapping_warn(m, file, lineno,
					"expected TEMPLATE and USER, found more words");
		} else if (nwords == 2) {
			why = line_problem(words[0], words[1]);
			if (why)
				cc_mapping_warn(m, file, lineno, why);
			else
				add_line(m, words[0], words[1], scope, file, lineno);
			free(why);
		}
		free(line);
	}
}

int cc_mapline_in(const struct cc_mapline *l, const char *dir)
{
	return !strcmp(l->dir, dir);
}

int cc_mapline_matches(const struct cc_mapline *l, const char *name)
{
	const char *star = strchr(l->name, '*');
	size_t pre, post, n = strlen(name);

	if (!star)
		return !strcmp(l->name, name);
	pre = (size_t)(star - l->name);
	post = strlen(star + 1);
	/* as in the shell, a '*' in front does not match a leading dot */
	if (n < pre + post + 1 || (!pre && name[0] == '.'))
		return 0;
	return !strncmp(name, l->name, pre) && !strcmp(name + n - post, star + 1);
}

/* USER with what the line's '*' matched in name; NULL when that is no user path. */
static char *substitute(const struct cc_mapline *l, const char *name)
{
	const char *tstar = strchr(l->name, '*'), *ustar = strchr(l->user, '*');
	size_t pre, post;
	char *user;

	if (!tstar)
		return cc_strdup(l->user);
	pre = (size_t)(tstar - l->name);
	post = strlen(tstar + 1);
	user = cc_asprintf("%.*s%.*s%s", (int)(ustar - l->user), l->user,
			   (int)(strlen(name) - pre - post), name + pre, ustar + 1);
	if (path_problem(user, 0) || cc_is_sample(user)) {
		free(user);
		return NULL;
	}
	return user;
}

enum cc_mapped cc_mapping_user_before(const struct cc_mapping *m, size_t before, int root,
				      const char *rel, char **user, size_t *line)
{
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	size_t dirlen = slash ? (size_t)(slash - rel) + 1 : 0, i;

	*user = NULL;
	*line = 0;
	for (i = before < m->n ? before : m->n; i-- > 0;) {
		const struct cc_mapline *l = &m->l[i];

		if ((l->scope != root && l->scope != -1) || strlen(l->dir) != dirlen ||
		    strncmp(l->dir, rel, dirlen) || !cc_mapline_matches(l, name))
			continue;
		*line = i + 1;
		if (!l->user)
			return CC_MAPPED_NOT_USERS;
		*user = substitute(l, name);
		return *user ? CC_MAPPED_USER : CC_MAPPED_NONE;
	}
	if (rel[0] == '/')
		return CC_MAPPED_NONE;
	*user = cc_template_user_path(rel);
	return *user ? CC_MAPPED_USER : CC_MAPPED_NONE;
}

enum cc_mapped cc_mapping_user(const struct cc_mapping *m, int root, const char *rel, char **user,
			       size_t *line)
{
	return cc_mapping_user_before(m, m->n, root, rel, user, line);
}

void cc_mapping_release(struct cc_mapping *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->l[i].dir);
		free(m->l[i].name);
		free(m->l[i].user);
		free(m->l[i].file);
	}
	for (i = 0; i < m->nw; i++) {
		free(m->w[i].file);
		free(m->w[i].message);
	}
	free(m->l);
	free(m->w);
	memset(m, 0, sizeof(*m));
}
