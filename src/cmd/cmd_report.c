/* cmd_report.c - `confcheck report`: a paste-ready support summary, secrets masked. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/diff.h"
#include "util/error.h"
#include "util/escape.h"
#include "paste/mask.h"
#include "output/notice.h"
#include "engine/target.h"
#include "util/version.h"

enum { REPORT_FULL, REPORT_DIFF };

const struct cc_option cmd_report_opts[] = {
    [REPORT_FULL] = {"full", no_argument, NULL, 0},
    [REPORT_DIFF] = {"diff", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* One chat message: Discord's limit, and what a forum post shows unfolded. */
#define REPORT_MAX 2000

#define FENCE "```\n"
#define DIFFS_CUT "(diffs cut to fit one message: confcheck report --diff --full)\n"

/* Appends the n bytes at s, masked: whatever reaches a paste goes through the masker. */
static void add_masked(struct cc_buf *b, const char *s, size_t n)
{
	size_t len;
	char *m = cc_mask_line(s, n, &len);

	cc_buf_add(b, m, len);
	free(m);
}

/* Appends each line of text (len bytes), masked on its own. */
static void add_masked_lines(struct cc_buf *b, const char *text, size_t len)
{
	const char *nl;
	size_t n;

	while (len > 0) {
		nl = memchr(text, '\n', len);
		n = nl ? (size_t)(nl - text) + 1 : len;
		add_masked(b, text, n);
		text += n;
		len -= n;
	}
}

static void add_header(struct cc_buf *b, const struct cc_result *res)
{
	char when[32], newest[11], hex[CC_HASH_HEXLEN + 1];
	time_t t = (time_t)res->generated_at;
	char *root = cc_escape_log_str(res->config_root);
	size_t i;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	cc_date_format(newest, res->newest);
	cc_hash_hex(hex, res->set_id);
	cc_buf_addf(b, "confcheck %s report, %s\nconfig %s, templates", CC_VERSION, when, root);
	for (i = 0; i < res->ntemplate_roots; i++) {
		char *tr = cc_escape_log_str(res->template_roots[i]);

		cc_buf_addf(b, " %s", tr);
		free(tr);
	}
	cc_buf_addf(b, ", set %.8s up to %s", hex, newest);
	if (res->label) {
		char *label = cc_escape_log_str(res->label);

		cc_buf_addf(b, " (%s)", label);
		free(label);
	}
	cc_buf_addc(b, '\n');
	free(root);
}

/* A text as it may be shown: masked as a whole, so a key's body or a YAML block is masked
 * even where a hunk shows only part of it. */
static void shown(struct cc_buf *out, const struct cc_buf *text)
{
	size_t len;
	char *m = cc_mask_text(text->data ? text->data : "", text->len, &len);

	cc_buf_add(out, m, len);
	free(m);
}

/* The masked diff yours -> template of one file, or why it is not shown. */
static void add_diff(struct cc_buf *b, struct cc_context *ctx, const struct cc_entry *e)
{
	struct cc_target tg;
	struct cc_buf user = CC_BUF_INIT, tmpl = CC_BUF_INIT;
	char *text = NULL, *path = cc_escape_log_str(e->path);
	size_t len = 0;
	FILE *m;

	cc_buf_adds(b, "--- ");
	add_masked(b, path, strlen(path));
	cc_buf_adds(b, ": yours -> template\n");
	free(path);
	if (cc_mask_file_is_secret(e->path)) {
		cc_buf_adds(b, "(not shown: a secrets file)\n");
		return;
	}
	if (cc_target_open(&tg, ctx, e->path) < 0) {
		cc_buf_adds(b, "(not shown: ");
		add_masked(b, cc_error_last(), strlen(cc_error_last()));
		cc_buf_adds(b, ")\n");
		cc_target_release(&tg);
		return;
	}
	shown(&user, &tg.user);
	shown(&tmpl, &tg.tmpl);
	if (!(m = open_memstream(&text, &len))) {
		cc_buf_adds(b, "(not shown: out of memory)\n");
	} else {
		cc_diff_print_shown(m, &tg.user, &user, &tg.tmpl, &tmpl, tg.path, tg.t->path);
		fclose(m);
		/* what a text holds is the user's: a control byte must not forge a line */
		cc_escape_text(b, text, len);
	}
	free(text);
	cc_buf_release(&user);
	cc_buf_release(&tmpl);
	cc_target_release(&tg);
}

/* Appends line to out unless it would pass the budget; returns 0 when it did not fit. */
static int fits(struct cc_buf *out, const struct cc_buf *line, size_t budget)
{
	if (budget && out->len + line->len > budget)
		return 0;
	cc_buf_add(out, line->data ? line->data : "", line->len);
	return 1;
}

static void build(struct cc_buf *out, const struct cc_result *res, struct cc_context *ctx, int full,
		  int diffs)
{
	struct cc_buf line = CC_BUF_INIT, tail = CC_BUF_INIT, notice = CC_BUF_INIT;
	size_t i, cut = 0, budget;
	char *p, *nl;

	cc_buf_adds(out, FENCE);
	add_header(&line, res);
	add_masked_lines(out, line.data ? line.data : "", line.len);
	for (i = 0; i < res->nwarnings; i++) {
		cc_buf_reset(&line);
		cc_buf_adds(&line, CC_NOTICE_PREFIX "warning: ");
		cc_escape_log(&line, res->warnings[i], strlen(res->warnings[i]));
		cc_buf_addc(&line, '\n');
		add_masked(out, line.data, line.len);
	}
	/* the notice as the init printed it, masked: triage reads a report like a log */
	cc_notice_build(&notice, res);
	cc_notice_summary(&tail, res);
	budget = full ? 0 : REPORT_MAX - tail.len - strlen(FENCE) - 64;
	for (p = notice.data; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		cc_buf_reset(&line);
		add_masked(&line, p, (size_t)(nl - p) + 1);
		if (!strncmp(p, CC_NOTICE_PREFIX "summary ", strlen(CC_NOTICE_PREFIX "summary ")))
			continue; /* printed last, whatever is cut */
		if (cut || !fits(out, &line, budget))
			cut++;
	}
	if (cut)
		cc_buf_addf(
		    out, "(%zu more lines cut to fit one message: confcheck report --full)\n", cut);
	add_masked_lines(out, tail.data ? tail.data : "", tail.len);
	if (full) {
		cc_buf_adds(out, "all files:\n");
		for (i = 0; i < res->nentries; i++) {
			cc_buf_reset(&line);
			cc_notice_entry(&line, &res->entries[i]);
			cc_buf_addc(&line, '\n');
			add_masked(out, line.data, line.len);
		}
	}
	budget = REPORT_MAX - strlen(FENCE) - strlen(DIFFS_CUT);
	for (i = 0; diffs && i < res->nentries; i++) {
		if (res->entries[i].state != CC_CONFLICT)
			continue;
		cc_buf_reset(&line);
		add_diff(&line, ctx, &res->entries[i]);
		if (!fits(out, &line, full ? 0 : budget)) {
			/* as much of it as fits, whole lines only */
			for (p = line.data;
			     (nl = strchr(p, '\n')) && out->len + (size_t)(nl - p) + 1 <= budget;
			     p = nl + 1)
				cc_buf_add(out, p, (size_t)(nl - p) + 1);
			cc_buf_adds(out, DIFFS_CUT);
			break;
		}
	}
	cc_buf_adds(out, FENCE);
	cc_buf_release(&line);
	cc_buf_release(&tail);
	cc_buf_release(&notice);
}

int cmd_report(struct cc_run *r)
{
	struct cc_result res;
	struct cc_context ctx;
	struct cc_buf out = CC_BUF_INIT;
	int full = r->opt[REPORT_FULL].n > 0, diffs = r->opt[REPORT_DIFF].n > 0, code;

	memset(&res, 0, sizeof(res));
	cc_context_init(&ctx);
	/* a report looks and never writes: support must not change what it inspects */
	r->cli.cfg.no_write = 1;
	if (cc_check_run(&res, &r->cli.cfg) < 0 ||
	    (diffs && cc_context_open(&ctx, &r->cli.cfg, 0) < 0)) {
		code = cc_die_engine();
		goto done;
	}
	build(&out, &res, &ctx, full, diffs);
	fputs(cc_buf_str(&out), stdout);
	code = res.need_look ? CC_EXIT_LOOK : CC_EXIT_OK;
done:
	cc_buf_release(&out);
	cc_context_release(&ctx);
	cc_result_release(&res);
	return code;
}
