/* tsv.h - the one reader of confcheck's tab-separated state files.
 *
 * The text files confcheck keeps (the state dir's files, acks and
 * templates, a history's confcheck-index and confcheck-imports) share one
 * layout:
 *
 *   HEADER \n
 *   field <TAB> field <TAB> ... \n      one record a line
 *
 * No field holds a tab, a newline or a NUL byte: names are written in the
 * escaped log form (escape.h), numbers in decimal. Each file is written
 * whole and renamed into place, so one that is empty, holds a NUL byte,
 * does not end in a newline (cut short) or starts with another header was
 * not written by confcheck: cc_tsv_open refuses it. The state dir belongs
 * to the app user, who may be hostile: nothing here trusts a count or a
 * length it reads, and what a record means is for its parser to check.
 *
 * The reader works in place on a buffer already read (with its size cap,
 * fs.h): it cuts the buffer at newlines and tabs, so fields point into it
 * and live as long as it does.
 */
#ifndef CC_TSV_H
#define CC_TSV_H

#include <stddef.h>

struct cc_tsv {
	char *next;  /* the first line not read yet */
	char *end;   /* one past the buffer's last byte */
	size_t line; /* the line read last, 1 for the header; after a refusal
		      * by cc_tsv_open, the line at fault */
};

/* Starts reading buf[0..len), which it modifies. Returns 0 with the
 * header read, or -1 when buf is empty, holds a NUL byte, does not end in
 * a newline or does not start with the line header. */
int cc_tsv_open(struct cc_tsv *r, char *buf, size_t len, const char *header);

/* Reads the next line and splits it at its tabs into f[0..max) (max >= 1).
 * Returns the number of fields (1 for an empty line, f[0] then ""), 0 at
 * the end of the buffer, or max + 1 when the line has more than max fields
 * (f[0..max) are then the first max, the last one holding the rest). */
size_t cc_tsv_next(struct cc_tsv *r, char **f, size_t max);

/* Records the message "malformed line N in 'path'" for the line read last
 * (or refused by cc_tsv_open) and returns -1. */
int cc_tsv_fail(const struct cc_tsv *r, const char *path);

/* Decodes the escaped log form of field in place (it never grows) and
 * returns field. A decoded NUL byte ends the string there. */
char *cc_tsv_unescape(char *field);

/* Parses a decimal field: digits, after a '-' for a negative number, and
 * nothing else, within [min, max]. Returns 0, or -1 (*out unchanged). */
int cc_tsv_num(const char *field, long long min, long long max, long long *out);

/* Likewise for an unsigned field (no sign at all), up to ULLONG_MAX. */
int cc_tsv_unum(const char *field, unsigned long long *out);

#endif
