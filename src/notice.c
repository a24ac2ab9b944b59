/* notice.c - the lines of the init notice. */
#include <string.h>

#include "escape.h"
#include "header.h"
#include "notice.h"
#include "version.h"

static void add_path(struct cc_buf *out, const char *path)
{
	cc_escape_log(out, path, strlen(path));
}

/* Reasons are prose that may quote file names: escaped like paths, but for
 * their spaces, so that they read as the contract shows them. */
static void add_reason(struct cc_buf *out, const char *s)
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
	cc_buf_addf(out, "  %s: confcheck %s ", what, cmd);
	add_path(out, path);
}

void cc_notice_entry(struct cc_buf *out, const struct cc_entry *e)
{
	cc_buf_addf(out, "%s  ", cc_verdict_name(e->state));
	add_path(out, e->path);
	switch (e->state) {
	case CC_CONFLICT:
		add_dates(out, e->baseline_date, e->template_date);
		if (e->merge == 1)
			add_command(out, "merges cleanly", "merge", e->path);
		else if (e->merge == 0)
			add_command(out, "both changed the same lines", "diff", e->path);
		else
			add_command(out, "review", "diff", e->path);
		break;
	case CC_OUTDATED:
		add_dates(out, e->baseline_date, e->template_date);
		cc_buf_adds(out, "  unchanged by you: replace it with the .sample");
		break;
	case CC_UNVERIFIED:
		add_dates(out, e->user_date, e->template_date);
		add_command(out, "baseline unknown", "diff", e->path);
		break;
	case CC_ORPHANED:
		cc_buf_adds(out, "  template dropped by the image");
		break;
	case CC_ERROR:
		cc_buf_adds(out, "  ");
		add_reason(out, e->reason ? e->reason : "unknown error");
		break;
	case CC_CURRENT:
	case CC_CUSTOMIZED:
		add_dates(out, e->baseline_date, e->template_date);
		break;
	default:
		break;
	}
}

void cc_notice_summary(struct cc_buf *out, const struct cc_result *res)
{
	char hex[CC_HASH_HEXLEN + 1];
	int i;

	cc_hash_hex(hex, res->set_id);
	cc_buf_adds(out, CC_NOTICE_PREFIX "summary");
	for (i = 0; i < CC_NVERDICTS; i++)
		cc_buf_addf(out, " %s=%zu", cc_verdict_name((enum cc_verdict)i), res->counts[i]);
	cc_buf_addf(out, " unused=%zu set=%.8s version=%s\n", res->unused, hex, CC_VERSION);
}

void cc_notice_build(struct cc_buf *out, const struct cc_result *res)
{
	size_t cosmetic[CC_NVERDICTS] = {0}, acked[CC_NVERDICTS] = {0}, i;
	char newest[11];
	int s;

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
		const struct cc_entry *e = &res->entries[i];

		if (!cc_verdict_needs_look(e->state))
			continue;
		if (e->flags & CC_FLAG_ACKNOWLEDGED) {
			acked[e->state]++;
		} else if (e->flags & CC_FLAG_COSMETIC) {
			cosmetic[e->state]++;
		} else {
			cc_buf_adds(out, CC_NOTICE_PREFIX);
			cc_notice_entry(out, e);
			cc_buf_addc(out, '\n');
		}
	}
	for (s = 0; s < CC_NVERDICTS; s++) {
		if (cosmetic[s])
			cc_buf_addf(out,
				    CC_NOTICE_PREFIX "%s  %zu more with comment-only template "
						     "changes\n",
				    cc_verdict_name((enum cc_verdict)s), cosmetic[s]);
		if (acked[s])
			cc_buf_addf(out, CC_NOTICE_PREFIX "%s  %zu more acknowledged\n",
				    cc_verdict_name((enum cc_verdict)s), acked[s]);
	}
	cc_notice_summary(out, res);
}
