/* lint.c - findings on templates: headers, line endings, mode, date bumps. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/header.h"
#include "engine/lint.h"

void cc_lint_add(struct cc_lint *l, const char *path, int line, enum cc_lint_level level,
		 const char *fmt, ...)
{
	struct cc_lint_finding *f;
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	CC_GROW(l->f, l->alloc, l->n + 1);
	f = &l->f[l->n++];
	f->path = cc_strdup(path);
	f->line = line;
	f->level = level;
	f->message = cc_strdup(msg);
	if (level == CC_LINT_ERROR)
		l->errors++;
	else
		l->warnings++;
}

/* The version header, line by line: returns the date of the first valid
 * header and its line in *line (0 when none). */
static int lint_header(struct cc_lint *l, const char *path, const char *data, size_t len, int *line,
		       int optional)
{
	struct cc_header one;
	char d[2][11];
	int malformed[CC_HEADER_LINES], nmal = 0, n = 0, date = 0, k;
	size_t i = 0, start;

	*line = 0;
	while (i < len && n < CC_HEADER_LINES) {
		start = i;
		while (i < len && data[i] != '\n')
			i++;
		n++;
		cc_header_parse(&one, data + start, i - start);
		if (i < len)
			i++;
		if (one.date && !date) {
			date = one.date;
			*line = n;
		} else if (one.date) {
			cc_date_format(d[0], one.date);
			cc_date_format(d[1], date);
			cc_lint_add(
			    l, path, n, CC_LINT_WARNING,
			    "second version header (%s); the first, on line %d (%s), counts", d[0],
			    *line, d[1]);
		} else if (one.findings & CC_HDR_MALFORMED) {
			malformed[nmal++] = n;
		}
	}
	if (!date && nmal)
		cc_lint_add(l, path, malformed[0], CC_LINT_ERROR,
			    "malformed version header: its date does not parse (want '## Version "
			    "YYYY/MM/DD')");
	else if (!date && !optional)
		cc_lint_add(
		    l, path, 1, CC_LINT_ERROR,
		    "missing version header (want '## Version YYYY/MM/DD' in the first %d lines)",
		    CC_HEADER_LINES);
	for (k = 0; date && k < nmal; k++)
		cc_lint_add(l, path, malformed[k], CC_LINT_WARNING,
			    "looks like a version header but its date does not parse");
	return date;
}

static void lint_crlf(struct cc_lint *l, const char *path, const char *data, size_t len)
{
	size_t i, count = 0;
	int line = 1, first = 0;

	for (i = 0; i < len; i++) {
		if (data[i] != '\n')
			continue;
		if (i > 0 && data[i - 1] == '\r') {
			count++;
			if (!first)
				first = line;
		}
		line++;
	}
	if (count)
		cc_lint_add(l, path, first, CC_LINT_WARNING, "CRLF line endings (%zu line%s)",
			    count, count == 1 ? "" : "s");
}

/* The first word of a label ("swag@abc1234"), for messages. */
static void short_label(char out[64], const char *label)
{
	size_t n = label ? strcspn(label, " ") : 0;

	if (!n) {
		strcpy(out, "");
		return;
	}
	snprintf(out, 64, " (%.*s)", (int)(n > 60 ? 60 : n), label);
}

static void lint_change(struct cc_lint *l, const char *path, const char *data, size_t len, int date,
			int line, const struct cc_version *prev, const char *prev_label)
{
	struct cc_header hdr;
	char was[11], now[11], from[64];
	cc_hash norm = cc_hash_norm(data, len);

	cc_date_format(was, prev->date);
	cc_date_format(now, date);
	short_label(from, prev_label);
	if (norm != prev->norm && date == prev->date) {
		cc_lint_add(
		    l, path, line, CC_LINT_ERROR,
		    "content changed since the recorded version of %s%s but the version date was "
		    "not bumped",
		    was, from);
	} else if (norm == prev->norm && date != prev->date) {
		cc_header_parse(&hdr, data, len);
		cc_lint_add(l, path, line, CC_LINT_WARNING,
			    "version date bumped from %s%s to %s but %s", was, from, now,
			    cc_hash_nohdr(data, len, hdr.start, hdr.end) == prev->nohdr
				? "nothing else changed"
				: "only comments or white space changed");
	}
}

void cc_lint_template(struct cc_lint *l, const char *path, const char *data, size_t len,
		      unsigned mode, const struct cc_version *prev, const char *prev_label,
		      unsigned flags)
{
	int line, date = lint_header(l, path, data, len, &line, flags & CC_LINT_HEADER_OPTIONAL);

	lint_crlf(l, path, data, len);
	if (mode & 0111)
		cc_lint_add(l, path, 1, CC_LINT_WARNING,
			    "executable bit set: the init copies templates as config files");
	if (prev && date && prev->raw != cc_hash_bytes(data, len))
		lint_change(l, path, data, len, date, line, prev, prev_label);
}

const struct cc_version *cc_lint_previous(const struct cc_histories *hs, const char *tpath,
					  cc_hash raw, const char **label)
{
	const struct cc_version *best = NULL;
	const struct cc_set *s, *first;
	long long best_time = 0, t;
	size_t i, j, best_h = 0;

	*label = NULL;
	for (i = 0; i < hs->n; i++) {
		const struct cc_history *h = &hs->list[i];

		for (j = 0; j < h->nversions; j++) {
			const struct cc_version *v = &h->versions[j];

			if (v->raw == raw || strcmp(v->path, tpath))
				continue;
			s = cc_history_set_by_seq(h, v->last_set);
			t = s ? s->time : 0;
			/* the latest set wins; within a history, the later set */
			if (!best || t > best_time ||
			    (t == best_time &&
			     (i > best_h || (i == best_h && v->last_set > best->last_set)))) {
				best = v;
				best_time = t;
				best_h = i;
			}
		}
	}
	if (best && (first = cc_history_set_by_seq(&hs->list[best_h], best->first_set)))
		*label = first->label;
	return best;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct cc_lint_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (int)y->level - (int)x->level;
}

void cc_lint_sort(struct cc_lint *l)
{
	if (l->n)
		qsort(l->f, l->n, sizeof(*l->f), finding_cmp);
}

/* Text: control bytes and the backslash escaped, spaces kept. */
static void add_text(struct cc_buf *out, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			cc_buf_addc(out, ' ');
		else
			cc_escape_log(out, s + i, 1);
	}
}

/* A workflow command's data (or, with property, a property value), percent-encoded. */
static void add_github(struct cc_buf *out, const char *s, int property)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '%' || *p < 0x20 || *p == 0x7f || (property && (*p == ':' || *p == ',')))
			cc_buf_addf(out, "%%%02X", *p);
		else
			cc_buf_addc(out, (char)*p);
	}
}

void cc_lint_format(struct cc_buf *out, const struct cc_lint_finding *f, int github)
{
	const char *level = f->level == CC_LINT_ERROR ? "error" : "warning";

	if (github) {
		cc_buf_addf(out, "::%s file=", level);
		add_github(out, f->path, 1);
		cc_buf_addf(out, ",line=%d::", f->line);
		add_github(out, f->message, 0);
	} else {
		add_text(out, f->path);
		cc_buf_addf(out, ":%d: %s: ", f->line, level);
		add_text(out, f->message);
	}
	cc_buf_addc(out, '\n');
}

void cc_lint_release(struct cc_lint *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->f[i].path);
		free(l->f[i].message);
	}
	free(l->f);
	memset(l, 0, sizeof(*l));
}
