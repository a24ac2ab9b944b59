/* notice.c - the lines of the init notice, and the advice and groups `status` shows too. */
#include <string.h>

#include "util/escape.h"
#include "util/header.h"
#include "output/notice.h"
#include "util/version.h"

static void add_path(struct cc_buf *out, const char *path)
{
	cc_escape_log(out, path, strlen(path));
}

void cc_notice_text(struct cc_buf *out, const char *s)
{
	const char *sp;

	while ((sp = strchr(s, ' '))) {
		cc_escape_log(out, s, (size_t)(sp - s));
		cc_buf_addc(out, ' ');
		s = sp + 1;
	}
	cc_escape_log(out, s, strlen(s));
}

static void add_dates(struct cc_buf *out, int from, int to)
{
	char a[11], b[11];

	cc_date_format(a, from);
	cc_date_format(b, to);
	cc_buf_addf(out, "  %s -> %s", a, b);
}

static void add_command(struct cc_buf *out, const char *what, const char *cmd, const char *path)
{
	cc_buf_addf(out, "%s: confcheck %s ", what, cmd);
	add_path(out, path);
}

void cc_notice_advice(struct cc_buf *out, const struct cc_entry *e)
{
	switch (e->state) {
	case CC_CONFLICT:
		if (e->merge == 1)
			add_command(out, "merges cleanly", "merge", e->path);
		else if (e->merge == 0)
			add_command(out, "both changed the same lines", "diff", e->path);
		else
			add_command(out, "review", "diff", e->path);
		break;
	case CC_OUTDATED:
		cc_buf_adds(out, "unchanged by you: replace it with the .sample");
		break;
	case CC_UNVERIFIED:
		add_command(out, "baseline unknown", "diff", e->path);
		break;
	case CC_ORPHANED:
		cc_buf_adds(out, "template dropped by the image");
		break;
	case CC_ERROR:
		cc_notice_text(out, e->reason ? e->reason : "unknown error");
		break;
	default:
		break;
	}
}

void cc_notice_entry(struct cc_buf *out, const struct cc_entry *e)
{
	cc_buf_addf(out, "%s  ", cc_verdict_name(e->state));
	add_path(out, e->path);
	if (e->state == CC_UNVERIFIED)
		add_dates(out, e->user_date, e->template_date);
	else if (e->state != CC_ORPHANED && e->state != CC_ERROR)
		add_dates(out, e->baseline_date, e->template_date);
	if (cc_verdict_needs_look(e->state)) {
		cc_buf_adds(out, "  ");
		cc_notice_advice(out, e);
	}
}

size_t cc_notice_groups(struct cc_notice_group out[CC_NOTICE_MAX_GROUPS],
			const struct cc_result *res)
{
	size_t cosmetic[CC_NVERDICTS] = {0}, acked[CC_NVERDICTS] = {0}, i, n = 0;
	int s;

	for (i = 0; i < res->nentries; i++) {
		const struct cc_entry *e = &res->entries[i];

		if (!cc_verdict_needs_look(e->state))
			continue;
		if (e->flags & CC_FLAG_ACKNOWLEDGED)
			acked[e->state]++;
		else if (e->flags & CC_FLAG_COSMETIC)
			cosmetic[e->state]++;
	}
	for (s = 0; s < CC_NVERDICTS; s++) {
		if (cosmetic[s])
			out[n++] =
			    (struct cc_notice_group){(enum cc_verdict)s, cosmetic[s],
						     "more with comment-only template changes"};
		if (acked[s])
			out[n++] = (struct cc_notice_group){(enum cc_verdict)s, acked[s],
							    "more acknowledged"};
	}
	return n;
}

void cc_notice_counts(struct cc_buf *out, const struct cc_result *res)
{
	int i;

	for (i = 0; i < CC_NVERDICTS; i++)
		cc_buf_addf(out, " %s=%zu", cc_verdict_name((enum cc_verdict)i), res->counts[i]);
	cc_buf_addf(out, " unused=%zu", res->unused);
}

void cc_notice_summary(struct cc_buf *out, const struct cc_result *res)
{
	char hex[CC_HASH_HEXLEN + 1];

	cc_hash_hex(hex, res->set_id);
	cc_buf_adds(out, CC_NOTICE_PREFIX "summary");
	cc_notice_counts(out, res);
	cc_buf_addf(out, " set=%.8s version=%s\n", hex, CC_VERSION);
}

void cc_notice_build(struct cc_buf *out, const struct cc_result *res)
{
	struct cc_notice_group groups[CC_NOTICE_MAX_GROUPS];
	size_t i, n;
	char newest[11];

	if (!res->need_look) {
		cc_notice_summary(out, res);
		return;
	}
	cc_date_format(newest, res->newest);
	cc_buf_addf(out,
		    CC_NOTICE_PREFIX "%zu of %zu configs need a look (templates up to %s; "
				     "confcheck status for all)\n",
		    res->need_look, res->nentries, newest);
	for (i = 0; i < res->nentries; i++) {
		if (!cc_entry_listed(&res->entries[i]))
			continue;
		cc_buf_adds(out, CC_NOTICE_PREFIX);
		cc_notice_entry(out, &res->entries[i]);
		cc_buf_addc(out, '\n');
	}
	n = cc_notice_groups(groups, res);
	for (i = 0; i < n; i++)
		cc_buf_addf(out, CC_NOTICE_PREFIX "%s  %zu %s\n", cc_verdict_name(groups[i].state),
			    groups[i].n, groups[i].what);
	cc_notice_summary(out, res);
}
