/* triage_lines.c - turn physical lines into records, joining the lines a terminal or a
 * chat client broke. */
#include <string.h>

#include "util/escape.h"
#include "paste/triage_int.h"

/* How much narrower than the width a paste was broken at a word-wrapped line may be */
#define FREE_SLACK 24

static void reader_next(struct triage_lines *l)
{
	const char *end;
	size_t n;

	l->have = 0;
	if (l->pos >= l->len)
		return;
	end = memchr(l->buf + l->pos, l->sep, l->len - l->pos);
	n = end ? (size_t)(end - (l->buf + l->pos)) : l->len - l->pos;
	triage_clean(&l->next, l->buf + l->pos, n);
	l->next_width = cc_utf8_columns(l->next.buf.data, l->next.buf.len);
	l->pos += n + 1;
	l->lineno++;
	l->have = 1;
}

static void classify(struct triage_record *rec)
{
	const char *s = rec->text.buf.data;
	size_t n = rec->text.buf.len;
	int found;

	rec->body = triage_strip(s, n, &found);
	s += rec->body;
	n -= rec->body;
	if (triage_is_notice(s, n)) {
		rec->kind = RK_NOTICE;
		rec->status = notice_eval(&rec->nl, s + 11, n - 11);
	} else if (triage_is_notice_cut(s, n)) {
		memset(&rec->nl, 0, sizeof(rec->nl));
		rec->kind = RK_NOTICE;
		rec->status = rec->nl.status = TM_INCOMPLETE;
	} else if (table_eval(&rec->tl, s, n) != TM_INVALID) {
		rec->kind = RK_TABLE;
		rec->status = rec->tl.status;
	} else {
		rec->kind = RK_FOREIGN;
		rec->status = TM_COMPLETE;
	}
}

/* Puts the current record, `space` spaces (0 to 2), and the next line into l->try. */
static void candidate(struct triage_lines *l, const struct cc_buf *next, size_t space)
{
	struct triage_text *t = &l->try.text;

	triage_text_reset(t);
	triage_text_add(t, l->rec.text.buf.data, l->rec.text.buf.len);
	triage_text_add(t, "  ", space);
	triage_text_add(t, next->data, next->len);
	classify(&l->try);
}

static int is_rule(const struct triage_record *r)
{
	return r->kind == RK_TABLE && r->tl.kind >= TK_TOP && r->tl.kind <= TK_RULE;
}

/* Whether the joined text still reads as what the current record started. */
static int fits(const struct triage_record *cur, const struct triage_record *cand)
{
	if (cand->status == TM_INVALID || cand->kind == RK_FOREIGN)
		return 0;
	if (cand->kind == RK_TABLE && (cand->tl.kind == TK_INTRO || cand->tl.kind == TK_STARS))
		return 0;
	if (cur->kind == RK_FOREIGN)
		return 1;
	if (cand->kind != cur->kind)
		return 0;
	if (cur->kind != RK_NOTICE || cur->nl.kind == NK_NONE)
		return 1;
	if (cur->nl.kind == NK_FILE || cur->nl.kind == NK_GROUP) {
		int k;

		/* `outdated  2` may go on as a group or a file line, but a cut dated line
		 * must not go on as an undated one with the dates in its free text */
		for (k = 0; k < 3; k++)
			if (cur->nl.family[k] == TM_INCOMPLETE && cand->nl.family[k] != TM_INVALID)
				return 1;
		return 0;
	}
	return cand->nl.kind == cur->nl.kind;
}

/* Neither side of the break has a space: a space may have been lost there. */
static int glued(const struct cc_buf *cur, const struct cc_buf *next)
{
	return cur->len && cur->data[cur->len - 1] != ' ' && next->len && next->data[0] != ' ';
}

/* Free text gives no hint where it was broken, the rest of the paste does. Only a paste
 * that other records show broken at some width, and only a line about that wide, was
 * broken; a line that stops short of that width lost a space at its end; a line as wide was
 * broken inside a word, unless the other joins mostly needed a space back (a word wrap,
 * then trimmed). Returns the spaces to put back, or -1 when the line was not broken. */
static int free_join(const struct triage_lines *l)
{
	if (l->wrap == 0 || l->rec.width + FREE_SLACK < l->wrap)
		return -1;
	if (!glued(&l->rec.text.buf, &l->next.buf))
		return 0;
	if (l->rec.width < l->wrap)
		return 1;
	return l->spaced > l->tight;
}

/* Whether the next line joins the current record (1) or not (0); the joined record is
 * left in l->try. */
static int join_mode(struct triage_lines *l, int in_block)
{
	struct triage_record *cur = &l->rec;
	const struct cc_buf *next = &l->next.buf;
	size_t space;

	if (triage_is_start(next->data, next->len, cur->kind == RK_TABLE))
		return 0;
	if (cur->kind == RK_NOTICE && cur->status == TM_FREE) {
		if (!in_block || (space = (size_t)free_join(l)) > 2)
			return 0;
		candidate(l, next, space);
		return 1;
	}
	if (is_rule(cur)) {
		if (cur->status != TM_INCOMPLETE || !table_is_rule_text(next->data, next->len))
			return 0;
		candidate(l, next, 0);
		return 1;
	}
	if (cur->kind == RK_FOREIGN) {
		/* only a short line can be a prefix cut from its record; and only when the
		 * next line is nothing of its own */
		if (cur->text.buf.len > TRIAGE_PREFIX_MAX)
			return 0;
		triage_text_reset(&l->try.text);
		triage_text_add(&l->try.text, next->data, next->len);
		classify(&l->try);
		if (l->try.kind != RK_FOREIGN)
			return 0;
	} else if (cur->status != TM_INCOMPLETE) {
		return 0;
	}
	/* as is for a terminal's break; with the one or two spaces of a separator for a tool
	 * that trimmed them at the break */
	for (space = 0; space <= 2; space++) {
		candidate(l, next, space);
		if (!fits(cur, &l->try))
			continue;
		if (glued(&cur->text.buf, next))
			*(space ? &l->spaced : &l->tight) += 1;
		if (cur->width > l->wrap)
			l->wrap = cur->width;
		return 1;
	}
	return 0;
}

static void record_swap(struct triage_record *a, struct triage_record *b)
{
	struct triage_record t = *a;

	*a = *b;
	*b = t;
}

void triage_lines_init(struct triage_lines *l, const char *buf, size_t len)
{
	memset(l, 0, sizeof(*l));
	l->buf = buf;
	l->len = len;
	/* a log with carriage returns and no newline at all came from an old Mac editor */
	l->sep = (len && !memchr(buf, '\n', len) && memchr(buf, '\r', len)) ? '\r' : '\n';
}

int triage_lines_next(struct triage_lines *l, int in_block)
{
	struct triage_text t;
	int joins;

	if (!l->started) {
		l->started = 1;
		reader_next(l);
	}
	if (!l->have)
		return 0;
	t = l->rec.text;
	l->rec.text = l->next;
	l->next = t;
	l->rec.line = l->lineno;
	l->rec.width = l->next_width;
	classify(&l->rec);
	reader_next(l);
	for (joins = 0; joins < TRIAGE_JOIN_MAX && l->have && !l->rec.text.cut; joins++) {
		if (!join_mode(l, in_block))
			break;
		record_swap(&l->rec, &l->try);
		l->rec.line = l->try.line;
		l->rec.width = l->next_width;
		reader_next(l);
	}
	return 1;
}

void triage_lines_release(struct triage_lines *l)
{
	if (!l)
		return;
	cc_buf_release(&l->next.buf);
	cc_buf_release(&l->rec.text.buf);
	cc_buf_release(&l->try.text.buf);
}
