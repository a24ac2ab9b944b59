/* triage_int.h - what the files of the triage reader share; not part of the API. */
#ifndef CC_TRIAGE_INT_H
#define CC_TRIAGE_INT_H

#include <stddef.h>

#include "util/buf.h"
#include "paste/triage.h"

#define TRIAGE_LINE_MAX 65536 /* a cleaned or joined record never grows past this */
#define TRIAGE_JOIN_MAX 16    /* physical lines one record may absorb */
#define TRIAGE_LIST_MAX 64    /* warnings and notes kept */
#define TRIAGE_PREFIX_MAX 256 /* a line this short may be a prefix cut from its record */

/* The text of a line or record: at most TRIAGE_LINE_MAX bytes. After a reset buf.data is
 * never NULL, and it is released with cc_buf_release. */
struct triage_text {
	struct cc_buf buf;
	int cut; /* something was dropped to stay under TRIAGE_LINE_MAX */
};

/* Empties t, and its cut. */
void triage_text_reset(struct triage_text *t);

/* Appends what of s[0..n) stays under TRIAGE_LINE_MAX, and sets cut when that is not all. */
void triage_text_add(struct triage_text *t, const char *s, size_t n);

/* A span of a record: off and len are relative to the text that was matched. */
struct cap {
	size_t off, len;
};

/* How far a record reads as what it claims to be. */
enum {
	TM_INVALID = 0,	   /* it is not that record (or the join that made it was wrong) */
	TM_INCOMPLETE = 1, /* it is the start of one: a continuation may follow */
	TM_COMPLETE = 2,   /* it is one, whole */
	TM_FREE = 3,	   /* it is one, ending in free text that a break may have cut */
};

/* triage_clean.c: the text a person saw, and the prefixes in front of it. */

/* Replaces *out with the cleaned physical line: ANSI sequences, control bytes and a UTF-8
 * BOM dropped, tabs and no-break spaces turned into spaces, text overwritten by a carriage
 * return dropped. */
void triage_clean(struct triage_text *out, const char *src, size_t n);

/* Offset of the body after timestamp, compose, syslog and s6 prefixes; *found is 2 when
 * one of the unmistakable prefixes (all but `name: `) was there, 1 when only `name: `
 * was, 0 when none was. */
size_t triage_strip(const char *s, size_t n, int *found);

/* 1 when the body starts with `[confcheck]` followed by a space or nothing. */
int triage_is_notice(const char *s, size_t n);

/* 1 when the body is all of `[confcheck]` that a break left on this line. */
int triage_is_notice_cut(const char *s, size_t n);

/* 1 when the line (cleaned, prefixes not stripped) opens a record of its own. A line of
 * weak prefixes alone (`init-confcheck: `, `swag-1  |`) does, unless in_row says that a
 * table row was broken before it. */
int triage_is_start(const char *s, size_t n, int in_row);

/* A new copy of s[0..n) in the log form of escape.h (control bytes, DEL, bytes that are not
 * UTF-8, C1 and bidirectional controls as \xNN), but with its backslashes kept: what a log
 * shows is escaped already. For a path the space goes too, elsewhere it stays. The caller
 * frees it. */
char *triage_sanitize(const char *s, size_t n, int path);

/* YYYY-MM-DD from s[0..n), which is exactly YYYY-MM-DD or YYYY/MM/DD and a day of the
 * calendar (cc_date_parse_exact of header.h); 0, or -1 when s is no date. */
int triage_date(char out[11], const char *s, size_t n);

/* How many bytes at the start of s[0..n) have the shape of a date, `dddd-dd-dd` with `-`
 * or `/` for each dash (10 when all of one does): a cut date has the shape of its start. */
size_t triage_date_shape(const char *s, size_t n);

/* triage_notice.c: one `[confcheck]` record. */

enum notice_kind { NK_NONE, NK_HEADER, NK_FILE, NK_GROUP, NK_SUMMARY, NK_WARNING, NK_OTHER };

struct notice_line {
	int kind;
	int status;
	size_t base, len; /* the spans below are relative to s + base, which holds len bytes */
	struct cap state, path, old, new, rest, num1, num2, date;
	int family[3]; /* status as a group line, a dated and an undated file line */
};

/* Reads s, the text after `[confcheck]`, into *nl; returns nl->status. */
int notice_eval(struct notice_line *nl, const char *s, size_t n);

/* triage_match.c: s is that text without its blanks at either end. A line that opens with
 * a state word (dated for all but orphaned and error), and the header line. */
int notice_match_state(struct notice_line *nl, const char *s, size_t n, int dated);
int notice_match_header(struct notice_line *nl, const char *s, size_t n);

/* Adds what nl says to t (a file, a group, a warning, the header or summary values). */
void notice_apply(struct cc_triage *t, const struct notice_line *nl, const char *s, size_t n);

/* triage_table.c: one line of the version date table. */

enum table_kind {
	TK_NONE,
	TK_TOP,	   /* ┌──┬──┐ */
	TK_MID,	   /* ├──┼──┤ */
	TK_BOTTOM, /* └──┴──┘ */
	TK_RULE,   /* +--+--+ or a border without corners: its place tells which */
	TK_HEADER, /* │ old date │ new date │ path │ */
	TK_ROW,
	TK_INTRO, /* **** The following active confs have different version dates ... */
	TK_STARS, /* any other **** line */
};

struct table_line {
	int kind;
	int status;
	int path_whole; /* a cut row whose path column is followed by its padding */
	struct cap old, new, path;
};

int table_eval(struct table_line *tl, const char *s, size_t n);

/* 1 when every character of s is a border character (a cut border's rest). */
int table_is_rule_text(const char *s, size_t n);

/* Adds a row as an unverified file; a path under /config/ is made relative to it. */
void table_add_row(struct cc_triage *t, const struct table_line *tl, const char *s);

/* triage_lines.c: physical lines in, records out. */

enum { RK_FOREIGN, RK_NOTICE, RK_TABLE };

/* One record: a physical line and the continuations joined to it. */
struct triage_record {
	struct triage_text text; /* the cleaned text */
	size_t body;		 /* where the text after the prefixes starts */
	size_t line;		 /* number of its first physical line */
	size_t width;		 /* width in characters of its last physical line */
	int kind, status;
	struct notice_line nl; /* when kind is RK_NOTICE */
	struct table_line tl;  /* when kind is RK_TABLE */
};

struct triage_lines {
	const char *buf;
	size_t len, pos, lineno;
	char sep;
	struct triage_text next; /* the next cleaned physical line, when have */
	size_t next_width;	 /* its width in characters */
	size_t wrap;		 /* the widest line that a join showed broken: the paste's width */
	int have, started;
	struct triage_record rec, try;
	size_t tight, spaced; /* joins inside a token, and joins that needed a space back */
};

void triage_lines_init(struct triage_lines *l, const char *buf, size_t len);

/* Reads the next record into l->rec. in_block lets a record that ends in free text take
 * the plain lines after it (see cc_triage_parse). Returns 1, or 0 at the end. */
int triage_lines_next(struct triage_lines *l, int in_block);
void triage_lines_release(struct triage_lines *l);

/* triage.c and triage_result.c: building the result. */

/* Copies the spans of base into a new file of t, escaped (triage_sanitize); an empty span
 * is NULL, and so is a date that is none (triage_date). */
void triage_add_file(struct cc_triage *t, const char *state, size_t slen, const char *base,
		     struct cap path, struct cap old, struct cap new, struct cap detail);
void triage_add_group(struct cc_triage *t, const char *state, size_t slen, long count,
		      const char *kind, size_t klen);
/* Appends an escaped copy of s[0..len) to the list of *n strings. */
void triage_add_string(char ***list, size_t *n, const char *s, size_t len);

/* Reads a decimal count; -1 when it is not one or does not fit. */
long triage_count(const char *s, size_t n);

#endif
