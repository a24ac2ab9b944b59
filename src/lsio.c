/* lsio.c - the nginx base image's version date table, for `check --format lsio`. */
#include <errno.h>
#include <string.h>

#include "lsio.h"

#define DATE_COLS 10
#define PATH_COLS 70

static const char intro[] =
    "**** The following active confs have different version dates than the samples that "
    "are shipped. ****\n"
    "**** This may be due to user customization or an update to the samples. ****\n"
    "**** You should compare the following files to the samples in the same folder and "
    "update them. ****\n"
    "**** Use the link at the top of the file to view the changelog. ****\n";

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t k, len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* A character that could hide text, reorder it, or draw a column of the table. */
static int needs_escape(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0] <= 0x20 || s[0] == 0x7f || s[0] == '\\' || s[0] == '|';
	if (len == 2)
		return s[0] == 0xc2 && s[1] <= 0x9f;
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x80)
		return s[2] >= 0xaa && s[2] <= 0xae;
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x81)
		return s[2] >= 0xa6 && s[2] <= 0xa9;
	return len == 3 && s[0] == 0xe2 && (s[1] == 0x94 || s[1] == 0x95);
}

/* Writes path escaped; returns the columns it took, or -1 when writing failed. */
static long write_path(FILE *out, const char *path)
{
	const unsigned char *s = (const unsigned char *)path;
	long cols = 0;
	size_t len, k;

	if (path[0] != '/') {
		if (fputs("/config/", out) == EOF)
			return -1;
		cols += 8;
	}
	while (*s) {
		len = utf8_len(s);
		if (len == 0 || needs_escape(s, len)) {
			for (k = 0; k < (len ? len : 1); k++)
				if (fprintf(out, "\\x%02x", s[k]) < 0)
					return -1;
			cols += 4 * (long)(len ? len : 1);
			s += len ? len : 1;
			continue;
		}
		if (fwrite(s, 1, len, out) != len)
			return -1;
		cols++;
		s += len;
	}
	return cols;
}

/* YYYY-MM-DD from YYYY-MM-DD or YYYY/MM/DD; blank for anything else. */
static void date_cell(char cell[DATE_COLS + 1], const char *date)
{
	static const char shape[] = "dddd-dd-dd";
	size_t k;

	memset(cell, ' ', DATE_COLS);
	cell[DATE_COLS] = '\0';
	if (!date || strlen(date) != DATE_COLS || date[4] != date[7])
		return;
	for (k = 0; k < DATE_COLS; k++) {
		char c = date[k];

		if (shape[k] == 'd' ? !(c >= '0' && c <= '9') : (c != '-' && c != '/'))
			return;
	}
	memcpy(cell, date, DATE_COLS);
	cell[4] = cell[7] = '-';
}

static int write_rule(FILE *out, const char *left, const char *tee, const char *right)
{
	static const int widths[] = {DATE_COLS + 2, DATE_COLS + 2, PATH_COLS + 2};
	int col, k;

	if (fputs(left, out) == EOF)
		return -1;
	for (col = 0; col < 3; col++) {
		for (k = 0; k < widths[col]; k++)
			if (fputs("─", out) == EOF)
				return -1;
		if (fputs(col < 2 ? tee : right, out) == EOF)
			return -1;
	}
	return fputc('\n', out) == EOF ? -1 : 0;
}

static int write_row(FILE *out, const struct cc_lsio_row *row)
{
	char old_cell[DATE_COLS + 1], new_cell[DATE_COLS + 1];
	long cols;

	date_cell(old_cell, row->old_date);
	date_cell(new_cell, row->new_date);
	if (fprintf(out, "│ %s │ %s │ ", old_cell, new_cell) < 0)
		return -1;
	if ((cols = write_path(out, row->path ? row->path : "")) < 0)
		return -1;
	if (cols < PATH_COLS && fprintf(out, "%*s", (int)(PATH_COLS - cols), "") < 0)
		return -1;
	return fputs(" │\n", out) == EOF ? -1 : 0;
}

int cc_lsio_table_write(FILE *out, const struct cc_lsio_row *rows, size_t n)
{
	size_t i;

	if (!out || (!rows && n)) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0)
		return 0;
	if (fputs(intro, out) == EOF || write_rule(out, "┌", "┬", "┐") < 0 ||
	    fprintf(out, "│  old date  │  new date  │ %-*s │\n", PATH_COLS, "path") < 0 ||
	    write_rule(out, "├", "┼", "┤") < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (write_row(out, &rows[i]) < 0)
			return -1;
	if (write_rule(out, "└", "┴", "┘") < 0 || ferror(out))
		return -1;
	return 0;
}
