/* lsio.h - print what the nginx base image's version check printed, for what parses it. */
#ifndef CC_LSIO_H
#define CC_LSIO_H

#include <stddef.h>
#include <stdio.h>

/* One file whose version date differs from its template's. The caller owns the strings. */
struct cc_lsio_row {
	const char *path;     /* relative to the config root, raw bytes; a leading `/` keeps it
				 absolute, anything else is shown under /config/ */
	const char *old_date; /* the user file's `## Version` date: YYYY-MM-DD or YYYY/MM/DD
				 (cc_date_parse_exact of header.h); NULL, empty, anything
				 else or a day the calendar lacks shows as blank (no header) */
	const char *new_date; /* the template's, the same way */
};

/*
 * cc_lsio_table_write prints, for rows in the order given, the block that the LinuxServer.io
 * nginx base image's init-version-checks step prints: its four `****` lines, then
 *
 *   ┌────────────┬────────────┬──────── ... ─┐
 *   │  old date  │  new date  │ path     ... │
 *   ├────────────┼────────────┼──────── ... ─┤
 *   │ 2024-05-27 │ 2024-07-16 │ /config/nginx/site-confs/default.conf ... │
 *   └────────────┴────────────┴──────── ... ─┘
 *
 * Dates are YYYY-MM-DD right-aligned in ten columns, as the original prints them (it turns
 * the header's slashes into dashes), paths left-aligned in seventy. When n is 0 it prints
 * nothing, as the original does when no date differs.
 *
 * Paths are escaped as in the confcheck notice (cc_escape_log of escape.h: `\xNN` for bytes
 * <= 0x20, 0x7f, backslash, bytes that are not UTF-8, C1 controls and bidirectional
 * controls, the marks U+200E, U+200F and U+061C among them) and, so that no file name can
 * forge a column, for `|` and the box-drawing characters U+2500..U+257F too
 * (CC_ESCAPE_TABLE). The padding counts the columns of the escaped path.
 *
 * Returns 0, or -1 with errno set when writing failed or an argument is NULL (EINVAL).
 * Nothing else is printed; out is not closed.
 */
int cc_lsio_table_write(FILE *out, const struct cc_lsio_row *rows, size_t n);

#endif
