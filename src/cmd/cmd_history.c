/* cmd_history.c - `confcheck history import|list`: bring in a repository's template
 * history; show the recorded versions of one template. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "history/import.h"
#include "engine/scan.h"
#include "util/json.h"
#include "output/status.h"
#include "engine/target.h"

enum { IMPORT_MAP, IMPORT_MAP_FILE, IMPORT_REV, IMPORT_OUT, IMPORT_NAME };

const struct cc_option cmd_history_import_opts[] = {
    [IMPORT_MAP] = {"map", required_argument, NULL, 0},
    [IMPORT_MAP_FILE] = {"map-file", required_argument, NULL, 0},
    [IMPORT_REV] = {"rev", required_argument, NULL, 0},
    [IMPORT_OUT] = {"out", required_argument, .required = 1},
    [IMPORT_NAME] = {"name", required_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

enum { LIST_JSON };

const struct cc_option cmd_history_list_opts[] = {
    [LIST_JSON] = {"json", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* Writes s with control bytes escaped and spaces kept (file names and labels are data). */
static void put_safe(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			cc_buf_addc(&b, ' ');
		else
			cc_escape_log(&b, s + i, 1);
	}
	fputs(cc_buf_str(&b), stdout);
	cc_buf_release(&b);
}

/* Reads the mapping files an import names. A map that cannot be read is an
 * error, a line it skips a warning. Returns 0 or -1 with a message. */
static int import_mapping(struct cc_mapping *m, const struct cc_optval *files)
{
	struct cc_buf b = CC_BUF_INIT;
	char *text;
	size_t i;

	for (i = 0; i < files->n; i++) {
		b.len = 0;
		if (cc_fs_read_path(&b, files->v[i]) < 0) {
			cc_buf_release(&b);
			return -1;
		}
		cc_mapping_parse(m, b.data ? b.data : "", b.len, files->v[i], -1);
	}
	for (i = 0; i < m->nw; i++) {
		text = cc_mapwarning_text(&m->w[i]);
		cc_warn(text);
		free(text);
	}
	cc_buf_release(&b);
	return 0;
}

int cmd_history_import(struct cc_run *r)
{
	struct cc_import_maps maps = CC_IMPORT_MAPS_INIT;
	struct cc_mapping mapping;
	struct cc_import_opts o;
	struct cc_import_stats st;
	size_t i;
	int code = CC_EXIT_ERROR;

	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	memset(&mapping, 0, sizeof(mapping));
	if (cc_cli_maps(&maps, &r->opt[IMPORT_MAP]) < 0 ||
	    import_mapping(&mapping, &r->opt[IMPORT_MAP_FILE]) < 0) {
		code = cc_die_engine();
		goto done;
	}
	o.mapping = &mapping;
	o.range = cc_cli_value(r, IMPORT_REV, NULL);
	o.out = cc_cli_value(r, IMPORT_OUT, NULL);
	o.name = cc_cli_value(r, IMPORT_NAME, NULL);
	o.repo = r->args[0];
	o.maps = &maps;
	/* every blob of a set is written or found present just before its tree is
	 * built: checking each again costs a read per template per set */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	if (cc_import_run(&st, &o) < 0) {
		for (i = 0; i < st.nwarnings; i++)
			cc_warn(st.warnings[i]);
		code = cc_die_engine();
		goto done;
	}
	for (i = 0; i < st.nwarnings; i++)
		cc_warn(st.warnings[i]);
	if (!st.templates && st.commits)
		cc_warn("the newest commit has no templates: paths must end in '.sample' after "
			"--map, or be named by a line of a --map-file");
	fputs("imported ", stdout);
	put_safe(st.name);
	putchar(' ');
	put_safe(o.range ? o.range : "HEAD");
	fputs(" into '", stdout);
	put_safe(o.out);
	printf("': %zu commits read (%zu imported before), %zu new template sets, %zu new "
	       "template versions; %zu templates in the newest commit, %zu sets in the "
	       "history\n",
	       st.commits, st.known, st.sets, st.versions, st.templates, st.nsets);
	code = CC_EXIT_OK;
done:
	cc_import_stats_release(&st);
	cc_import_maps_release(&maps);
	cc_mapping_release(&mapping);
	return code;
}

/* One recorded version as listed: where it first appeared in any history. */
struct row {
	cc_hash raw;
	int date;
	long long time;
	const char *label;
	git_oid commit;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return (x->time > y->time) - (x->time < y->time);
}

/* Every distinct version of tpath in the histories, oldest first. */
static struct row *gather(const struct cc_histories *hs, const char *tpath, size_t *n)
{
	struct row *rows = NULL;
	size_t alloc = 0, i, j, k;

	*n = 0;
	for (i = 0; i < hs->n; i++) {
		const struct cc_history *h = &hs->list[i];

		for (j = 0; j < h->nversions; j++) {
			const struct cc_version *v = &h->versions[j];
			const struct cc_set *s;

			if (strcmp(v->path, tpath))
				continue;
			s = cc_history_set_by_seq(h, v->first_set);
			for (k = 0; k < *n && rows[k].raw != v->raw; k++)
				;
			if (k == *n) {
				CC_GROW(rows, alloc, *n + 1);
				memset(&rows[k], 0, sizeof(rows[k]));
				rows[k].raw = v->raw;
				rows[k].date = v->date;
				rows[k].time = -1;
				(*n)++;
			}
			if (s && (rows[k].time < 0 || s->time < rows[k].time)) {
				rows[k].time = s->time;
				rows[k].label = s->label;
				rows[k].commit = s->commit;
			}
		}
	}
	if (*n)
		qsort(rows, *n, sizeof(*rows), row_cmp);
	return rows;
}

static void print_row(const char *mark, int date, cc_hash raw, long long time, const char *label,
		      const git_oid *commit)
{
	char d[11], rec[11], hex[CC_HASH_HEXLEN + 1], oid[8];
	time_t t = (time_t)time;
	struct tm tm;

	cc_date_format(d, date);
	cc_hash_hex(hex, raw);
	if (time >= 0 && gmtime_r(&t, &tm))
		strftime(rec, sizeof(rec), "%Y-%m-%d", &tm);
	else
		strcpy(rec, "-");
	printf("%s %-10s  %.8s  %-10s  ", mark, d, hex, rec);
	if (label) {
		put_safe(label);
	} else if (commit) {
		git_oid_tostr(oid, sizeof(oid), commit);
		printf("commit %s", oid);
	}
	putchar('\n');
}

/* How a baseline was found: its key in JSON and its words in the listing. */
static const struct {
	const char *key, *text;
} methods[] = {
    [CC_BASE_NONE] = {"none", ""},
    [CC_BASE_EXACT] = {"exact", "identical to it"},
    [CC_BASE_HEADER] = {"header", "named by its version header"},
    [CC_BASE_REMEMBERED] = {"remembered", "remembered from an earlier check"},
    [CC_BASE_NEAREST] = {"nearest", "nearest in content"},
};

static int method_index(int method)
{
	return method > 0 && (size_t)method < sizeof(methods) / sizeof(methods[0]) ? method : 0;
}

static json_t *escaped_or_null(const char *s)
{
	int esc;

	return s ? cc_json_path(s, &esc) : json_null();
}

static json_t *version_json(int date, cc_hash raw, long long time, const char *label,
			    const git_oid *commit, int baseline, int shipped)
{
	json_t *o = json_object();
	char hex[CC_HASH_HEXLEN + 1], oid[GIT_OID_HEXSZ + 1], when[32];
	time_t t = (time_t)time;
	struct tm tm;

	cc_hash_hex(hex, raw);
	json_object_set_new(o, "version", cc_json_date(date));
	json_object_set_new(o, "hash", json_string(hex));
	if (time >= 0 && gmtime_r(&t, &tm)) {
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_object_set_new(o, "recorded", json_string(when));
	} else {
		json_object_set_new(o, "recorded", json_null());
	}
	json_object_set_new(o, "label", escaped_or_null(label));
	if (commit && time >= 0) {
		git_oid_tostr(oid, sizeof(oid), commit);
		json_object_set_new(o, "commit", json_string(oid));
	} else {
		json_object_set_new(o, "commit", json_null());
	}
	json_object_set_new(o, "baseline", json_boolean(baseline));
	json_object_set_new(o, "shipped", json_boolean(shipped));
	return o;
}

/* Opens the shipped histories alone, for a template path outside any config. */
static void open_shipped(struct cc_histories *hs, struct cc_history **list,
			 const struct cc_config *cfg)
{
	size_t i;

	*list = cc_calloc(cfg->nhistories + 1, sizeof(**list));
	hs->list = *list;
	hs->n = 0;
	for (i = 0; i < cfg->nhistories; i++) {
		if (cc_history_open(&(*list)[hs->n], cfg->histories[i], 1) < 0) {
			cc_warn(cc_error_last());
			cc_history_release(&(*list)[hs->n]);
			continue;
		}
		if ((*list)[hs->n].warning)
			cc_warn((*list)[hs->n].warning);
		hs->n++;
	}
}

/* What `history list` found, for --json. */
struct listing {
	const char *tpath, *upath;
	const struct row *rows;
	size_t n;
	const struct cc_template *t; /* shipped now, or NULL */
	int have_ctx, have_user, have_base, method;
	cc_hash base;
	const char *why; /* why the baseline could not be looked for, or NULL */
};

static void list_json(const struct listing *l)
{
	json_t *doc = json_object(), *versions = json_array();
	size_t i;
	int shipped_listed = 0, shipped;
	char *text;

	json_object_set_new(doc, "schema", json_integer(1));
	json_object_set_new(doc, "template", escaped_or_null(l->tpath));
	json_object_set_new(doc, "file", escaped_or_null(l->upath));
	json_object_set_new(doc, "file_exists",
			    l->have_ctx ? json_boolean(l->have_user) : json_null());
	json_object_set_new(doc, "shipped", l->have_ctx ? json_boolean(l->t != NULL) : json_null());
	json_object_set_new(doc, "baseline_from",
			    l->have_base ? json_string(methods[method_index(l->method)].key)
					 : json_null());
	json_object_set_new(doc, "baseline_error", escaped_or_null(l->why));
	for (i = 0; i < l->n; i++) {
		shipped = l->t && l->rows[i].raw == l->t->raw;
		shipped_listed |= shipped;
		json_array_append_new(
		    versions, version_json(l->rows[i].date, l->rows[i].raw, l->rows[i].time,
					   l->rows[i].label, &l->rows[i].commit,
					   l->have_base && l->rows[i].raw == l->base, shipped));
	}
	if (l->t && !shipped_listed)
		json_array_append_new(versions,
				      version_json(l->t->date, l->t->raw, -1, NULL, NULL,
						   l->have_base && l->t->raw == l->base, 1));
	json_object_set_new(doc, "versions", versions);
	text = cc_status_dump(doc);
	fputs(text, stdout);
	free(text);
	json_decref(doc);
}

/* The shipped template arg names: its path as the set has it (relative to
 * its root, or absolute when a map names it outside the roots), or its
 * absolute path inside its root. NULL when none. */
static const struct cc_template *template_named(const struct cc_tset *ts, const char *arg)
{
	const struct cc_template *t;
	size_t i, k;

	for (i = 0; i < ts->n; i++) {
		t = &ts->t[i];
		if (!strcmp(t->path, arg))
			return t;
		if (t->path[0] == '/')
			continue;
		k = strlen(ts->roots[t->root].path);
		if (!strncmp(arg, ts->roots[t->root].path, k) && arg[k] == '/' &&
		    !strcmp(arg + k + 1, t->path))
			return t;
	}
	return NULL;
}

int cmd_history_list(struct cc_run *r)
{
	struct cc_context ctx;
	struct cc_target tg;
	struct cc_histories alone, *hs;
	struct cc_history *alone_list = NULL;
	const struct cc_template *t = NULL;
	struct row *rows = NULL;
	char *tpath = NULL, *upath = NULL, mark[3];
	const char *arg = r->args[0];
	size_t i, n = 0, k;
	int code = CC_EXIT_ERROR, have_ctx, have_target = 0, have_base = 0, have_user = 0;
	int shipped_listed = 0, json = r->opt[LIST_JSON].n > 0;
	char *why = NULL;
	cc_hash base = 0;

	cc_context_init(&ctx);
	memset(&tg, 0, sizeof(tg));
	memset(&alone, 0, sizeof(alone));
	/* without a config root, a template path is still listed from the shipped histories */
	have_ctx = cc_cli_context_open(&ctx, &r->cli.cfg, 0) == 0;
	if (have_ctx && (t = template_named(&ctx.tset, arg))) {
		tpath = cc_strdup(t->key);
		upath = cc_strdup(t->user_path);
	} else if (cc_is_sample(arg)) {
		/* a template path, relative to a template root or absolute inside one */
		for (i = 0; have_ctx && arg[0] == '/' && i < ctx.tset.nroots; i++) {
			k = strlen(ctx.tset.roots[i].path);
			if (!strncmp(arg, ctx.tset.roots[i].path, k) && arg[k] == '/')
				tpath = cc_strdup(arg + k + 1);
		}
		if (!tpath)
			tpath = cc_strdup(arg);
		if (!(upath = cc_template_user_path(tpath))) {
			cc_die("'%s' is no template: its user file would end in '.sample'", arg);
			goto done;
		}
	} else {
		if (!have_ctx || !(upath = cc_target_user_path(ctx.config.path, arg))) {
			code = cc_die_engine();
			goto done;
		}
		tpath = cc_user_template_path(upath);
	}
	if (have_ctx) {
		hs = &ctx.hs;
		if (!t)
			t = cc_tset_find_user(&ctx.tset, upath);
		have_user = cc_root_exists(&ctx.config, upath) == CC_LOOKUP_OK;
		if (t && have_user && cc_target_open(&tg, &ctx, upath) == 0) {
			have_target = 1;
			have_base = tg.state == CC_CURRENT || tg.base_v;
			base = tg.state == CC_CURRENT ? tg.t->raw : tg.base_v ? tg.base_v->raw : 0;
		} else if (t && have_user) {
			why = cc_strdup(cc_error_last());
		}
	} else {
		open_shipped(&alone, &alone_list, &r->cli.cfg);
		hs = &alone;
	}
	rows = gather(hs, tpath, &n);
	if (!n && !t) {
		cc_die("no recorded version of '%s' in the template histories", tpath);
		code = CC_EXIT_LOOK;
		goto done;
	}
	if (json) {
		struct listing l = {
		    .tpath = t ? t->path : tpath,
		    .upath = upath,
		    .rows = rows,
		    .n = n,
		    .t = t,
		    .have_ctx = have_ctx,
		    .have_user = have_user,
		    .have_base = have_target && have_base,
		    .method = tg.state == CC_CURRENT ? CC_BASE_EXACT : tg.method,
		    .base = base,
		    .why = why,
		};

		list_json(&l);
		code = CC_EXIT_OK;
		goto done;
	}
	fputs("template ", stdout);
	put_safe(t ? t->path : tpath);
	printf(": %zu recorded version%s, oldest first\n", n, n == 1 ? "" : "s");
	printf("   %-10s  %-8s  %-10s  %s\n", "VERSION", "HASH", "SINCE", "FROM");
	for (i = 0; i < n; i++) {
		mark[0] = have_base && rows[i].raw == base ? '*' : ' ';
		mark[1] = t && rows[i].raw == t->raw ? '>' : ' ';
		mark[2] = '\0';
		shipped_listed |= mark[1] == '>';
		print_row(mark, rows[i].date, rows[i].raw, rows[i].time, rows[i].label,
			  &rows[i].commit);
	}
	if (t && !shipped_listed) {
		mark[0] = have_base && t->raw == base ? '*' : ' ';
		mark[1] = '>';
		print_row(mark, t->date, t->raw, -1, "shipped now, not recorded yet", NULL);
	}
	if (have_target && have_base) {
		printf("* baseline of ");
		put_safe(upath);
		printf(" (%s)", tg.state == CC_CURRENT ? "identical to the shipped template"
						       : methods[method_index(tg.method)].text);
	} else if (have_target) {
		printf("the baseline of ");
		put_safe(upath);
		printf(" is unknown");
	} else if (why) {
		printf("no baseline: ");
		put_safe(why);
	} else if (have_ctx && have_user) {
		put_safe(upath);
		printf(" has no template shipped now");
	} else if (have_ctx) {
		printf("no user file ");
		put_safe(upath);
	} else {
		printf("no config or template root: baseline and shipped version not shown\n");
		code = CC_EXIT_OK;
		goto done;
	}
	printf(t ? "; > shipped now\n" : have_user ? "\n" : "; not shipped now\n");
	code = CC_EXIT_OK;
done:
	free(why);
	free(rows);
	free(tpath);
	free(upath);
	cc_target_release(&tg);
	cc_context_release(&ctx);
	for (i = 0; i < alone.n; i++)
		cc_history_release(&alone_list[i]);
	free(alone_list);
	return code;
}
