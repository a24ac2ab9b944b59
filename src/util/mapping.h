/* mapping.h - which user file a template belongs to, and back.
 *
 * The mapping contract (DESIGN §3, docs/mapping.md). By default a template
 * REL.sample under a template root belongs to the user file REL under the
 * config root. A mapping file says otherwise, one `TEMPLATE  USER` pair a
 * line: TEMPLATE is relative to its template root (or absolute, for a file
 * shipped elsewhere in the image), and its last component may hold one `*`
 * that matches within that one folder; USER is relative to the config root,
 * with the matched text in place of its `*`, or `-` for a template that is
 * not the user's. A root's own map (CC_MAP_FILE at its top) applies to that
 * root; a map named on the command line applies to every root. The later
 * of two lines naming one template wins, and a map line beats the `.sample`
 * rule.
 *
 * The template history names every template by the *key* of its user file,
 * the user path with the `.sample` suffix: for a template under the default
 * rule, its own path. So a history recorded before maps existed reads the
 * same, and the versions of one user file stay together when the image
 * moves or renames its template.
 *
 * Everything that turns one path into the other goes through this module.
 * Paths are relative to their roots.
 */
#ifndef CC_MAPPING_H
#define CC_MAPPING_H

#include <stddef.h>

#define CC_SAMPLE_SUFFIX ".sample"
#define CC_MAP_FILE "confcheck.map"
/* A mapping file larger than this is not read (one warning). */
#define CC_MAP_MAX_SIZE ((size_t)1024 * 1024)

/* Returns 1 when name ends in ".sample" with something before it other
 * than a '/': "a.conf.sample" is a template, ".sample" and "dir/.sample"
 * are not. In the config root such a name is a copy the init made, never
 * a user file. */
int cc_is_sample(const char *name);

/* The user path of a history key ("nginx/a.conf.sample" gives
 * "nginx/a.conf"), or NULL when key is no key: not a .sample
 * (cc_is_sample), or one whose user path would be a .sample itself. The
 * same rule maps a template under the default rule. The caller frees it. */
char *cc_template_user_path(const char *key);

/* The history key of the user path upath ("nginx/a.conf" gives
 * "nginx/a.conf.sample"), which is also the path its template has under
 * the default rule; never NULL. The caller frees it. */
char *cc_user_template_path(const char *upath);

/* Whether the path component name[0..n) is ".git", in any case (as git
 * treats it: ".GIT" is ".git" on a case-insensitive file system). No
 * history key may hold one (histcheck.h refuses such a history), so no map
 * may give a user path one, and an import leaves such paths out. */
int cc_is_dotgit(const char *name, size_t n);

/* One line of a mapping file. */
struct cc_mapline {
	char *dir;  /* TEMPLATE's folder with a trailing '/': "" at the top of
		     * a root, "smoke-conf/", or "/app/www/" when absolute */
	char *name; /* its last component; may hold one '*' */
	char *user; /* USER, may hold one '*' when name does; NULL for '-' */
	int scope;  /* the template root whose map it is, or -1 for every root */
	char *file; /* the map it came from, for messages */
	int line;   /* 1-based */
};

/* A line a map could not use, or a map that could not be read. */
struct cc_mapwarning {
	char *file;
	int line;      /* 0 when the whole map could not be read */
	char *message; /* why */
};

/* Every map in force, lines in the order added: a later line wins. */
struct cc_mapping {
	struct cc_mapline *l;
	size_t n, alloc;
	struct cc_mapwarning *w;
	size_t nw, walloc;
};

/* Adds the lines of the map text (len bytes, named file in messages) with
 * scope (a root's index, or -1). A malformed line, or one whose USER
 * leaves the config root, is a warning and is skipped. */
void cc_mapping_parse(struct cc_mapping *m, const char *text, size_t len, const char *file,
		      int scope);

/* Adds a warning about the map file (line 0: it could not be read at all);
 * takes a copy of both strings. */
void cc_mapping_warn(struct cc_mapping *m, const char *file, int line, const char *message);

/* The warning as said in a log: "FILE:LINE: message: line skipped", or
 * "cannot read map 'FILE': message" for line 0. The caller frees it. */
char *cc_mapwarning_text(const struct cc_mapwarning *w);

enum cc_mapped {
	CC_MAPPED_NONE,	     /* not a template */
	CC_MAPPED_USER,	     /* the template of *user */
	CC_MAPPED_NOT_USERS, /* a template, but not the user's file (`-`) */
};

/* What the template path rel (relative to root, or absolute) is: the last
 * line of root's scope or of every root's that names it, else the
 * `.sample` rule. With CC_MAPPED_USER *user is a new string (a path that
 * stays inside the config root and is no .sample); *line receives the
 * index + 1 of the deciding line, or 0 for the `.sample` rule. */
enum cc_mapped cc_mapping_user(const struct cc_mapping *m, int root, const char *rel, char **user,
			       size_t *line);

/* The same, with only the lines before index `before`: what the template
 * would be without the later lines (a `-` line's template, say, still
 * names the user file that is not the user's). */
enum cc_mapped cc_mapping_user_before(const struct cc_mapping *m, size_t before, int root,
				      const char *rel, char **user, size_t *line);

/* Whether the line names templates in the folder dir (as in cc_mapline,
 * with its trailing '/'). */
int cc_mapline_in(const struct cc_mapline *l, const char *dir);

/* Whether the line's TEMPLATE matches the file name (a last component). */
int cc_mapline_matches(const struct cc_mapline *l, const char *name);

void cc_mapping_release(struct cc_mapping *m);

#endif
