/* triage.c - read a pasted log: keep the last notice or table its records make up. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paste/triage_int.h"

struct parser {
	struct triage_lines lines;
	struct cc_triage notice, best, table, best_table;
	char **notes;
	size_t nnotes;
	int notice_open, have_best, in_block, table_open, legacy;
	size_t table_rows, notices, tables, cut_lines;
};

static void note(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct parser *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	int len;

	if (p->nnotes >= TRIAGE_LIST_MAX)
		return;
	va_start(ap, fmt);
	len = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	triage_add_string(&p->notes, &p->nnotes, msg,
			  (size_t)len < sizeof(msg) ? (size_t)len : sizeof(msg) - 1);
}

static void reset(struct cc_triage *t)
{
	cc_triage_release(t);
}

static void notice_done(struct parser *p)
{
	p->notice.complete = 1;
	p->notices++;
	reset(&p->best);
	p->best = p->notice;
	p->have_best = 1;
	memset(&p->notice, 0, sizeof(p->notice));
	reset(&p->notice);
	p->notice_open = 0;
	p->in_block = 0;
}

static void handle_notice(struct parser *p, const char *s, size_t n)
{
	const struct notice_line *nl = &p->lines.rec.nl;

	if (nl->status == TM_INCOMPLETE &&
	    (nl->kind == NK_FILE || nl->kind == NK_GROUP || nl->kind == NK_HEADER))
		note(p, "line %zu looks cut short", p->lines.rec.line);
	if (nl->kind == NK_HEADER) {
		if (p->notice_open) {
			/* a start that never reached its summary: the new notice replaces it */
			p->notices++;
			reset(&p->notice);
		}
		p->in_block = 1;
	}
	if (nl->kind == NK_HEADER || nl->kind == NK_FILE || nl->kind == NK_GROUP)
		p->notice_open = 1;
	notice_apply(&p->notice, nl, s, n);
	if (nl->kind == NK_SUMMARY)
		notice_done(p);
}

static void table_open(struct parser *p, int legacy)
{
	reset(&p->table);
	p->table_open = 1;
	p->table_rows = 0;
	p->legacy = legacy;
}

/* Ends the table in progress; the last complete one is kept, else the last one. */
static void table_close(struct parser *p, int complete)
{
	if (p->table_rows) {
		p->tables++;
		p->table.complete = complete;
		if (complete || !p->best_table.complete) {
			reset(&p->best_table);
			p->best_table = p->table;
			memset(&p->table, 0, sizeof(p->table));
		}
	}
	reset(&p->table);
	p->table_open = 0;
	p->table_rows = 0;
}

static void table_row(struct parser *p, const struct table_line *tl, const char *s, int legacy)
{
	if (!p->table_open)
		table_open(p, legacy);
	table_add_row(&p->table, tl, s);
	p->table_rows++;
}

static void handle_table(struct parser *p, const char *s)
{
	const struct table_line *tl = &p->lines.rec.tl;

	switch (tl->kind) {
	case TK_INTRO:
		table_close(p, 0);
		p->legacy = 1;
		break;
	case TK_STARS:
		if (p->legacy && p->table_rows) {
			p->legacy = 0;
			table_close(p, 1);
		}
		break;
	case TK_TOP:
		table_close(p, 0);
		table_open(p, 0);
		break;
	case TK_MID:
		if (!p->table_open)
			table_open(p, 0);
		break;
	case TK_BOTTOM:
	case TK_RULE:
		/* an ASCII rule opens a table, follows its header, or closes it */
		if (p->table_open && (p->table_rows || tl->kind == TK_BOTTOM))
			table_close(p, 1);
		else if (!p->table_open)
			table_open(p, 0);
		break;
	case TK_HEADER:
		if (p->table_rows || !p->table_open) {
			table_close(p, 0);
			table_open(p, 0);
		}
		break;
	case TK_ROW:
		if (p->lines.rec.status == TM_COMPLETE || tl->path_whole)
			table_row(p, tl, s, 0);
		else
			note(p, "line %zu looks cut short", p->lines.rec.line);
		break;
	}
}

/* The older nginx base image listed bare paths after its `****` intro. */
static void handle_foreign(struct parser *p, const char *s, size_t n)
{
	struct table_line tl = {.kind = TK_ROW, .path = {0, n}};

	if (!p->legacy || n == 0)
		return;
	if (s[0] == '/' && !memchr(s, ' ', n)) {
		table_row(p, &tl, s, 1);
		return;
	}
	p->legacy = 0;
	table_close(p, 1);
}

static void handle(struct parser *p)
{
	const char *s = p->lines.rec.text.buf.data + p->lines.rec.body;
	size_t n = p->lines.rec.text.buf.len - p->lines.rec.body;

	if (p->lines.rec.text.cut)
		p->cut_lines++;
	if (p->lines.rec.kind == RK_NOTICE) {
		if (n >= 11)
			handle_notice(p, s + 11, n - 11);
	} else if (p->lines.rec.kind == RK_TABLE) {
		handle_table(p, s);
	} else {
		handle_foreign(p, s, n);
	}
}

static void take(struct cc_triage *out, struct cc_triage *from)
{
	*out = *from;
	memset(from, 0, sizeof(*from));
	reset(from);
}

static void move_strings(char ***dst, size_t *ndst, char ***src, size_t *nsrc)
{
	size_t i;

	for (i = 0; i < *nsrc && *ndst < TRIAGE_LIST_MAX; i++)
		triage_add_string(dst, ndst, (*src)[i], strlen((*src)[i]));
}

/* The last complete notice, else the last notice, else the table. */
static void choose(struct parser *p, struct cc_triage *out)
{
	table_close(p, p->legacy);
	if (p->notice_open)
		p->notices++;
	if (p->have_best) {
		if (p->notice_open)
			note(p, "the last notice has no summary line, read the one before it");
		/* warnings after the last summary are the newest news */
		if (!p->notice_open)
			move_strings(&p->best.warnings, &p->best.nwarnings, &p->notice.warnings,
				     &p->notice.nwarnings);
		take(out, &p->best);
	} else if (p->notice_open || p->notice.nwarnings) {
		if (p->notice_open)
			note(p, "the notice has no summary line");
		take(out, &p->notice);
	}
	if (out->format == CC_TRIAGE_NONE && (p->have_best || p->notice_open || out->nwarnings)) {
		out->format = CC_TRIAGE_CONFCHECK;
		out->seen = p->notices;
		if (p->notices > 1)
			note(p, "found %zu notices, read the last complete one", p->notices);
		if (p->tables)
			note(p, "ignored the version date table, the confcheck notice says more");
	} else if (p->tables) {
		take(out, &p->best_table);
		out->format = CC_TRIAGE_LSIO;
		out->unverified = out->need_look = (long)out->nfiles;
		out->seen = p->tables;
		if (p->tables > 1)
			note(p, "found %zu version date tables, read the last complete one",
			     p->tables);
	}
	if (p->cut_lines)
		note(p, "cut %zu lines longer than %d bytes", p->cut_lines, TRIAGE_LINE_MAX);
	move_strings(&out->notes, &out->nnotes, &p->notes, &p->nnotes);
}

static void parser_release(struct parser *p)
{
	size_t i;

	triage_lines_release(&p->lines);
	cc_triage_release(&p->notice);
	cc_triage_release(&p->best);
	cc_triage_release(&p->table);
	cc_triage_release(&p->best_table);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
}

int cc_triage_parse(struct cc_triage *out, const char *buf, size_t len)
{
	struct parser p;

	if (!out) {
		errno = EINVAL;
		return -1;
	}
	memset(out, 0, sizeof(*out));
	cc_triage_release(out);
	if (!buf && len) {
		errno = EINVAL;
		return -1;
	}
	memset(&p, 0, sizeof(p));
	cc_triage_release(&p.notice);
	cc_triage_release(&p.best);
	cc_triage_release(&p.table);
	cc_triage_release(&p.best_table);
	triage_lines_init(&p.lines, buf, len);
	while (triage_lines_next(&p.lines, p.in_block))
		handle(&p);
	choose(&p, out);
	parser_release(&p);
	return 0;
}
