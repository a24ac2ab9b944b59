/* test_lsio.c - the version date table as the nginx base image prints it, and back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paste/lsio.h"
#include "tap.h"
#include "paste/triage.h"

static const char top[] = "┌────────────┬────────────┬────────────────────────────────────────"
			  "────────────────────────────────┐\n";
static const char head[] = "│  old date  │  new date  │ path                                   "
			   "                                │\n";
static const char mid[] = "├────────────┼────────────┼────────────────────────────────────────"
			  "────────────────────────────────┤\n";
static const char bottom[] = "└────────────┴────────────┴─────────────────────────────────────"
			     "───────────────────────────────────┘\n";
static const char intro[] =
    "**** The following active confs have different version dates than the samples that "
    "are shipped. ****\n"
    "**** This may be due to user customization or an update to the samples. ****\n"
    "**** You should compare the following files to the samples in the same folder and "
    "update them. ****\n"
    "**** Use the link at the top of the file to view the changelog. ****\n";

/* What cc_lsio_table_write printed, NUL-terminated; the caller frees it. */
static char *written(const struct cc_lsio_row *rows, size_t n, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*ret = cc_lsio_table_write(f, rows, n);
	fclose(f);
	return buf;
}

static void test_shape(void)
{
	const struct cc_lsio_row rows[] = {
	    {"nginx/site-confs/default.conf", "2024-05-27", "2024-07-16"},
	    {"nginx/ssl.conf", NULL, "2024/07/16"},
	};
	char want[4096];
	char *got;
	int ret;

	snprintf(want, sizeof(want), "%s%s%s%s%s%s%s", intro, top, head, mid,
		 "│ 2024-05-27 │ 2024-07-16 │ /config/nginx/site-confs/default.conf              "
		 "                    │\n",
		 "│            │ 2024-07-16 │ /config/nginx/ssl.conf                             "
		 "                    │\n",
		 bottom);
	got = written(rows, 2, &ret);
	is_int(ret, 0, "writing succeeds");
	is_str(got, want, "the block is the one the nginx base image prints");
	free(got);

	got = written(rows, 0, &ret);
	is_int(ret, 0, "nothing to print succeeds");
	is_str(got, "", "and prints nothing, as the original does");
	free(got);
}

static void test_cells(void)
{
	const struct cc_lsio_row rows[] = {
	    {"a b|c\\d\xe2\x94\x82"
	     "e\n\xff.conf",
	     "2024-13", "not a date"},
	    {"/srv/abs.conf", "2024/01/02", "2024-01-03"},
	    {"nginx/proxy-confs/a-very-long-name-that-goes-past-seventy-columns.subdomain.conf",
	     "2020-01-01", "2021-01-01"},
	    {"marks\xe2\x80\x8f\xe2\x80\x8e\xd8\x9c.conf", "2020-01-01", "2021-01-01"},
	    {"/srv/feb.conf", "2024-02-31", "2024/02/29"},
	};
	char *got, want[256];
	int ret;

	got = written(rows, 5, &ret);
	ok(strstr(got, "│            │            │ /config/a\\x20b\\x7cc\\x5cd\\xe2\\x94\\x82e"
		       "\\x0a\\xff.conf") != NULL,
	   "spaces, bars, backslashes, box characters, newlines and bad bytes are escaped");
	ok(strstr(got, "│ 2024-01-02 │ 2024-01-03 │ /srv/abs.conf ") != NULL,
	   "an absolute path stays; slashed dates get dashes");
	ok(strstr(got, "seventy-columns.subdomain.conf │\n") != NULL,
	   "a path past seventy columns is not padded");
	snprintf(want, sizeof(want), "│ 2020-01-01 │ 2021-01-01 │ %-70s │\n",
		 "/config/marks\\xe2\\x80\\x8f\\xe2\\x80\\x8e\\xd8\\x9c.conf");
	ok(strstr(got, want) != NULL,
	   "the marks U+200F, U+200E and U+061C are escaped as in the notice, and padded so");
	ok(strstr(got, "│            │ 2024-02-29 │ /srv/feb.conf ") != NULL,
	   "a day the calendar lacks (2024-02-31) is blank, 29 February of 2024 is a date");
	free(got);
}

static void test_errors(void)
{
	const struct cc_lsio_row row = {"x.conf", "2024-01-01", "2024-01-02"};
	FILE *full = fopen("/dev/full", "w");

	errno = 0;
	is_int(cc_lsio_table_write(NULL, &row, 1), -1, "no stream: -1");
	is_int(errno, EINVAL, "with EINVAL");
	is_int(cc_lsio_table_write(stdout, NULL, 1), -1, "no rows but a count: -1");
	if (full) {
		setvbuf(full, NULL, _IONBF, 0);
		is_int(cc_lsio_table_write(full, &row, 1), -1, "a full disk is an error");
		fclose(full);
	} else {
		ok(1, "# skip /dev/full is missing");
	}
}

/* Breaks every line at width characters, as a terminal does. */
static char *wrapped(const char *text, size_t width)
{
	char *out = malloc(2 * strlen(text) + 2), *o = out;
	size_t cols = 0;

	for (; *text; text++) {
		if (*text == '\n') {
			cols = 0;
		} else if (((unsigned char)*text & 0xc0) != 0x80) {
			if (cols == width) {
				*o++ = '\n';
				cols = 0;
			}
			cols++;
		}
		*o++ = *text;
	}
	*o = '\0';
	return out;
}

static void test_round_trip(void)
{
	const struct cc_lsio_row rows[] = {
	    {"nginx/site-confs/default.conf", "2024-05-27", "2024-07-16"},
	    {"nginx/proxy-confs/sonarr.subdomain.conf", "2022-09-08", "2025-07-18"},
	    {"nginx/ssl.conf", "", "2024-07-16"},
	    {"odd name|\xe2\x94\x82.conf", "2023-08-13", NULL},
	};
	const char *paths[] = {"nginx/site-confs/default.conf",
			       "nginx/proxy-confs/sonarr.subdomain.conf", "nginx/ssl.conf",
			       "odd\\x20name\\x7c\\xe2\\x94\\x82.conf"};
	static const size_t widths[] = {0, 40, 60, 80};
	struct cc_triage t;
	char *text, *folded;
	size_t w, i, bad;
	int ret;

	text = written(rows, 4, &ret);
	for (w = 0; w < 4; w++) {
		folded = widths[w] ? wrapped(text, widths[w]) : strdup(text);
		cc_triage_parse(&t, folded, strlen(folded));
		bad = t.format != CC_TRIAGE_LSIO || t.nfiles != 4 || !t.complete;
		for (i = 0; !bad && i < 4; i++) {
			const struct cc_triage_file *f = &t.files[i];

			bad |=
			    strcmp(f->path, paths[i]) != 0 || strcmp(f->state, "unverified") != 0;
			bad |= (rows[i].old_date && *rows[i].old_date)
				   ? !f->old_version || strcmp(f->old_version, rows[i].old_date)
				   : f->old_version != NULL;
			bad |= rows[i].new_date
				   ? !f->new_version || strcmp(f->new_version, rows[i].new_date)
				   : f->new_version != NULL;
		}
		ok(!bad, "the reader reads back what was written, broken at %zu columns",
		   widths[w]);
		cc_triage_release(&t);
		free(folded);
	}
	free(text);
}

int main(void)
{
	test_shape();
	test_cells();
	test_errors();
	test_round_trip();
	return done_testing();
}
