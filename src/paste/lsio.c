/* lsio.c - the nginx base image's version date table, for `check --format lsio`. */
#include <errno.h>
#include <string.h>

#include "util/escape.h"
#include "util/header.h"
#include "paste/lsio.h"

#define DATE_COLS 10
#define PATH_COLS 70

static const char intro[] =
    "**** The following active confs have different version dates than the samples that "
    "are shipped. ****\n"
    "**** This may be due to user customization or an update to the samples. ****\n"
    "**** You should compare the following files to the samples in the same folder and "
    "update them. ****\n"
    "**** Use the link at the top of the file to view the changelog. ****\n";

/* Writes path escaped, so that no name hides text, reorders it or draws a column;
 * returns the columns it took, or -1 when writing failed. */
static long write_path(FILE *out, const char *path)
{
	struct cc_buf b = CC_BUF_INIT;
	long cols;

	if (path[0] != '/')
		cc_buf_adds(&b, "/config/");
	cc_escape(&b, path, strlen(path), CC_ESCAPE_TABLE);
	cols = (long)cc_utf8_columns(cc_buf_str(&b), b.len);
	if (fwrite(cc_buf_str(&b), 1, b.len, out) != b.len)
		cols = -1;
	cc_buf_release(&b);
	return cols;
}

/* YYYY-MM-DD from YYYY-MM-DD or YYYY/MM/DD; blank for anything else. */
static void date_cell(char cell[DATE_COLS + 1], const char *date)
{
	int d = date ? cc_date_parse_exact(date, strlen(date)) : 0;

	if (d) {
		cc_date_format(cell, d);
		return;
	}
	memset(cell, ' ', DATE_COLS);
	cell[DATE_COLS] = '\0';
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
