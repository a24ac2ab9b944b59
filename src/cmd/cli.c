/* cli.c - shared options, environment fallbacks and output helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "history/import.h"

static void push(char ***list, size_t *n, size_t *alloc, const char *s)
{
	CC_GROW(*list, *alloc, *n + 1);
	(*list)[(*n)++] = cc_strdup(s);
}

/* Appends every non-empty element of a colon-separated list. */
static void push_colon_list(char ***list, size_t *n, size_t *alloc, const char *s)
{
	char *copy = cc_strdup(s), *save = NULL, *tok;

	for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
		push(list, n, alloc, tok);
	free(copy);
}

/* The shared options, as getopt_long returns them: codes above any of a command's own. */
static const struct {
	const char *name;
	unsigned shared;
} shared_opts[] = {
    {"templates", CC_SHARED_TEMPLATES}, {"config", CC_SHARED_CONFIG}, {"state", CC_SHARED_STATE},
    {"history", CC_SHARED_HISTORY},	{"map", CC_SHARED_MAP},
};

#define SHARED_CODE 0x100
#define NSHARED (sizeof(shared_opts) / sizeof(shared_opts[0]))

static void shared_option(struct cc_cli *cli, unsigned shared, const char *arg)
{
	switch (shared) {
	case CC_SHARED_TEMPLATES:
		push(&cli->templates, &cli->ntemplates, &cli->templates_alloc, arg);
		break;
	case CC_SHARED_CONFIG:
		free(cli->config);
		cli->config = cc_strdup(arg);
		break;
	case CC_SHARED_STATE:
		free(cli->state);
		cli->state = cc_strdup(arg);
		break;
	case CC_SHARED_HISTORY:
		push(&cli->histories, &cli->nhistories, &cli->histories_alloc, arg);
		cli->histories_given = 1;
		break;
	case CC_SHARED_MAP:
		push(&cli->maps, &cli->nmaps, &cli->maps_alloc, arg);
		break;
	}
}

/* Whether s is one of the '|'-separated words of choices. */
static int chosen(const char *choices, const char *s)
{
	size_t n = strlen(s);
	const char *p = choices;

	for (;;) {
		if (!strncmp(p, s, n) && (p[n] == '|' || !p[n]))
			return 1;
		if (!(p = strchr(p, '|')))
			return 0;
		p++;
	}
}

int cc_cli_parse(struct cc_run *r, int argc, char **argv)
{
	const struct cc_command *cmd = r->cmd;
	const struct cc_option *o;
	struct option lo[NSHARED + CC_OPTS_MAX + 1];
	struct cc_optval *v;
	size_t i, n = 0, nopts = 0;
	int c;

	for (i = 0; i < NSHARED; i++)
		if (cmd->shared & shared_opts[i].shared)
			lo[n++] = (struct option){shared_opts[i].name, required_argument, NULL,
						  SHARED_CODE + (int)i};
	for (o = cmd->opts; o && o->name; o++, nopts++) {
		if (nopts == CC_OPTS_MAX)
			abort(); /* a table too long for run->opt */
		lo[n++] = (struct option){o->name, o->has_arg, NULL, (int)nopts};
	}
	lo[n] = (struct option){NULL, 0, NULL, 0};
	/* a bad option is reported by the command's usage line alone */
	opterr = 0;
	optind = 0; /* from the start, as getopt_long was never called */
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c >= SHARED_CODE && c < SHARED_CODE + (int)NSHARED) {
			shared_option(&r->cli, shared_opts[c - SHARED_CODE].shared, optarg);
			continue;
		}
		if (c < 0 || (size_t)c >= nopts)
			return -1;
		o = &cmd->opts[c];
		v = &r->opt[c];
		if (o->choices && !chosen(o->choices, optarg))
			return -1;
		if (o->has_arg) {
			CC_GROW(v->v, v->alloc, v->n + 1);
			v->v[v->n] = optarg;
		}
		v->n++;
	}
	r->args = argv + optind;
	r->nargs = argc - optind;
	if (r->nargs < cmd->min_args || r->nargs > cmd->max_args)
		return -1;
	for (i = 0; i < nopts; i++) {
		const char *last = cc_cli_value(r, i, NULL);

		if (cmd->opts[i].required && (!r->opt[i].n || (last && !*last)))
			return -1;
	}
	return cmd->validate ? cmd->validate(r) : 0;
}

const char *cc_cli_value(const struct cc_run *r, size_t i, const char *dflt)
{
	const struct cc_optval *v = &r->opt[i];

	return v->n && v->v ? v->v[v->n - 1] : dflt;
}

int cc_cli_maps(struct cc_import_maps *maps, const struct cc_optval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (cc_import_map_add(maps, v->v[i]) < 0)
			return -1;
	return 0;
}

void cc_run_release(struct cc_run *r)
{
	size_t i;

	cc_target_release(&r->tg);
	cc_context_release(&r->ctx);
	cc_cli_release(&r->cli);
	for (i = 0; i < CC_OPTS_MAX; i++)
		free(r->opt[i].v);
	memset(r->opt, 0, sizeof(r->opt));
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

const char *cc_cli_default_history(void)
{
	return CC_DEFAULT_HISTORY;
}

int cc_cli_finish(struct cc_cli *cli)
{
	const char *v;
	long ms;

	if (!cli->ntemplates)
		push_colon_list(&cli->templates, &cli->ntemplates, &cli->templates_alloc,
				(v = env("CONFCHECK_TEMPLATES")) ? v : "/defaults");
	if (!cli->ntemplates)
		return cc_error_set("no template root given");
	if (!cli->config)
		cli->config = cc_strdup((v = env("CONFCHECK_CONFIG")) ? v : "/config");
	if (!cli->state && (v = env("CONFCHECK_STATE")))
		cli->state = cc_strdup(v);
	if (!cli->histories_given) {
		v = env("CONFCHECK_HISTORY");
		if (v)
			push_colon_list(&cli->histories, &cli->nhistories, &cli->histories_alloc,
					v);
		else if (access(cc_cli_default_history(), F_OK) == 0)
			push(&cli->histories, &cli->nhistories, &cli->histories_alloc,
			     cc_cli_default_history());
	}
	if (!cli->nmaps && (v = env("CONFCHECK_MAP")))
		push_colon_list(&cli->maps, &cli->nmaps, &cli->maps_alloc, v);
	memset(&cli->cfg, 0, sizeof(cli->cfg));
	cli->cfg.template_roots = cli->templates;
	cli->cfg.ntemplate_roots = cli->ntemplates;
	cli->cfg.maps = cli->maps;
	cli->cfg.nmaps = cli->nmaps;
	cli->cfg.config_root = cli->config;
	cli->cfg.state_dir = cli->state;
	cli->cfg.histories = cli->histories;
	cli->cfg.nhistories = cli->nhistories;
	cli->cfg.label = env("CONFCHECK_IMAGE");
	if ((v = env("CONFCHECK_LOCK_TIMEOUT")) && cc_cli_seconds(v, &ms) == 0)
		cli->cfg.lock_ms = ms > 0 ? ms : 1;
	else if (v)
		return cc_error_set("CONFCHECK_LOCK_TIMEOUT wants seconds, not '%s'", v);
	/* nothing under the config root is opened before this */
	if (!cli->keep_ids && cc_cli_become_app_user(cli->config) < 0)
		return -1;
	return 0;
}

int cc_cli_seconds(const char *s, long *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 86400))
		return -1;
	*ms = (long)(v * 1000 + 0.5);
	if (v > 0 && !*ms)
		*ms = 1; /* a budget given is never "no limit" */
	return 0;
}

void cc_cli_release(struct cc_cli *cli)
{
	size_t i;

	for (i = 0; i < cli->ntemplates; i++)
		free(cli->templates[i]);
	for (i = 0; i < cli->nhistories; i++)
		free(cli->histories[i]);
	for (i = 0; i < cli->nmaps; i++)
		free(cli->maps[i]);
	free(cli->templates);
	free(cli->histories);
	free(cli->maps);
	free(cli->config);
	free(cli->state);
	memset(cli, 0, sizeof(*cli));
}

/* Parses a decimal id for PUID/PGID: -1 when absent, -2 when not a number. */
static long env_id(const char *name)
{
	const char *v = env(name);
	char *end;
	long id;

	if (!v)
		return -1;
	errno = 0;
	id = strtol(v, &end, 10);
	return errno || *end || id < 0 || id > 0x7fffffff ? -2 : id;
}

int cc_cli_become_app_user(const char *config_root)
{
	long uid = env_id("PUID"), gid = env_id("PGID");
	struct stat st;

	if (geteuid() != 0)
		return 0;
	if (uid == -2 || gid == -2)
		return cc_error_set("%s '%s' is not a user id: confcheck does not run as root on "
				    "the app user's files",
				    uid == -2 ? "PUID" : "PGID", env(uid == -2 ? "PUID" : "PGID"));
	if (uid >= 0) {
		if (gid < 0)
			gid = uid;
	} else if (stat(config_root, &st) == 0) {
		/* no PUID: the config root's owner is the app user, with its group
		 * unless that is root's, which the app user is not in */
		uid = (long)st.st_uid;
		gid = st.st_gid ? (long)st.st_gid : uid;
	} else {
		/* nothing to decide by: root stays root, which opens nothing there
		 * unless it appears where nobody else could have put it */
		uid = 0;
	}
	if (uid == 0) {
		/* root stays root (PGID aside), and then only over a config root
		 * that nobody else can point elsewhere: the app user's own folder
		 * may hold the link that names it */
		return cc_path_trusted(config_root, "config root", 0) < 0 ? -1 : 0;
	}
	/* groups first, then the gid, then the uid: afterwards nothing could change them */
	if (setgroups(0, NULL) < 0 || setgid((gid_t)gid) < 0 || setuid((uid_t)uid) < 0)
		return cc_error_errno(errno, "cannot drop privileges to %ld:%ld", uid, gid);
	if (getuid() != (uid_t)uid || geteuid() != (uid_t)uid || getgid() != (gid_t)gid ||
	    getegid() != (gid_t)gid || (uid != 0 && setuid(0) == 0))
		return cc_error_set("privileges were not dropped to %ld:%ld", uid, gid);
	return 0;
}

/* Appends msg escaped word by word: a message that quotes a file name (or a
 * symlink's target) stays one line, free of terminal escapes, while valid
 * UTF-8 and the spaces between words are kept. */
static void add_escaped(struct cc_buf *b, const char *msg)
{
	const char *sp;

	while ((sp = strchr(msg, ' '))) {
		cc_escape_log(b, msg, (size_t)(sp - msg));
		cc_buf_addc(b, ' ');
		msg = sp + 1;
	}
	cc_escape_log(b, msg, strlen(msg));
}

static void vsay(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void vsay(const char *fmt, va_list ap)
{
	struct cc_buf b = CC_BUF_INIT;
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	add_escaped(&b, msg ? msg : "out of memory");
	free(msg);
	fflush(stdout);
	fprintf(stderr, "confcheck: %s\n", cc_buf_str(&b));
	cc_buf_release(&b);
}

void cc_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

int cc_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return CC_EXIT_ERROR;
}

int cc_die_engine(void)
{
	return cc_die("%s", cc_error_last());
}

int cc_usage(const struct cc_run *r)
{
	fprintf(stderr, "usage: confcheck %s%s%s %s\n", r->parent ? r->parent->name : "",
		r->parent ? " " : "", r->cmd->name, r->cmd->usage);
	return CC_EXIT_ERROR;
}

void cc_warn(const char *msg)
{
	struct cc_buf b = CC_BUF_INIT;

	add_escaped(&b, msg);
	fflush(stdout);
	fprintf(stderr, "[confcheck] warning: %s\n", cc_buf_str(&b));
	cc_buf_release(&b);
}

int cc_cli_context_open(struct cc_context *ctx, const struct cc_config *cfg, int lock)
{
	size_t i;

	if (cc_context_open(ctx, cfg, lock) < 0)
		return -1;
	for (i = 0; i < ctx->nwarnings; i++)
		cc_warn(ctx->warnings[i]);
	return 0;
}

int cc_finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cc_error_errno(errno, "cannot write output");
		return cc_die("%s", cc_error_last());
	}
	return code;
}

int cc_use_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}
