/* test_triage.c - reading pasted init logs back: every tolerance the reader promises. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "paste/triage.h"

/* The notice (notice.h, the README), as one container start prints it. */
static const char notice[] =
    "[confcheck] 3 of 63 configs need a look (templates up to 2026-04-08; confcheck status "
    "for all)\n"
    "[confcheck] conflict  nginx/site-confs/default.conf  2024-12-17 -> 2026-03-07  merges "
    "cleanly: confcheck merge nginx/site-confs/default.conf\n"
    "[confcheck] conflict  nginx/nginx.conf  2024-12-17 -> 2026-03-07  both changed the same "
    "lines: confcheck diff nginx/nginx.conf\n"
    "[confcheck] outdated  nginx/proxy-confs/sonarr.subdomain.conf  2022-09-08 -> 2025-07-18  "
    "unchanged by you: replace it with the .sample\n"
    "[confcheck] unverified  nginx/proxy-confs/x.conf  2021-01-01 -> 2025-07-18  baseline "
    "unknown: confcheck diff nginx/proxy-confs/x.conf\n"
    "[confcheck] orphaned  nginx/ldap.conf  template dropped by the image\n"
    "[confcheck] error  nginx/foo.conf  not a regular file (fifo)\n"
    "[confcheck] outdated  21 more with comment-only template changes\n"
    "[confcheck] conflict  2 more acknowledged\n"
    "[confcheck] summary current=18 customized=3 outdated=23 conflict=18 unverified=0 "
    "orphaned=1 error=0 unused=40 set=3f9a21c0 version=0.1.0\n";

/* The nginx base image's table, as its documentation shows it. */
static const char lsio_table[] =
    "**** The following active confs have different version dates than the samples that "
    "are shipped. ****\n"
    "**** This may be due to user customization or an update to the samples. ****\n"
    "┌────────────┬────────────┬──────────────────────────────────────────────────────────"
    "──────────────┐\n"
    "│  old date  │  new date  │ path                                                       "
    "            │\n"
    "├────────────┼────────────┼──────────────────────────────────────────────────────────"
    "──────────────┤\n"
    "│ 2024-05-27 │ 2024-07-16 │ /config/nginx/site-confs/default.conf                      "
    "            │\n"
    "│ 2023/08/13 │ 2024/12/17 │ /config/nginx/proxy-confs/sonarr.subdomain.conf            "
    "            │\n"
    "│            │ 2024-07-16 │ /config/nginx/ssl.conf                                     "
    "            │\n"
    "└────────────┴────────────┴──────────────────────────────────────────────────────────"
    "──────────────┘\n";

static char *cat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

/* Puts prefix in front of every line. */
static char *prefixed(const char *text, const char *prefix)
{
	size_t n = 0, lines = 1, plen = strlen(prefix);
	const char *p;
	char *out, *o;

	for (p = text; *p; p++)
		lines += *p == '\n';
	out = o = malloc(strlen(text) + lines * plen + 1);
	for (p = text; *p; p++) {
		if (n == 0 && *p != '\n') {
			memcpy(o, prefix, plen);
			o += plen;
		}
		*o++ = *p;
		n = *p == '\n' ? 0 : n + 1;
	}
	*o = '\0';
	return out;
}

/* Breaks lines at width characters the way a terminal does (hard), or at the last space
 * that fits, keeping it at the end of the line (word, like fold -s); trim drops the
 * spaces at the end of every line, as some copy tools do. */
static char *wrapped(const char *text, size_t width, int word, int trim)
{
	size_t len = strlen(text), cols = 0, i, start = 0, brk = 0;
	char *out = malloc(3 * len + 2), *o = out;

	for (i = 0; i <= len; i++) {
		int end = i == len || text[i] == '\n';

		if (!end && ((unsigned char)text[i] & 0xc0) != 0x80) {
			if (cols == width) {
				size_t cut = (word && brk > start) ? brk : i;

				memcpy(o, text + start, cut - start);
				o += cut - start;
				while (trim && o > out && o[-1] == ' ')
					o--;
				*o++ = '\n';
				start = cut;
				cols = 0;
				for (size_t k = start; k < i; k++)
					cols += ((unsigned char)text[k] & 0xc0) != 0x80;
				brk = 0;
			}
			cols++;
			if (text[i] == ' ')
				brk = i + 1;
		}
		if (end) {
			memcpy(o, text + start, i - start);
			o += i - start;
			while (trim && o > out && o[-1] == ' ')
				o--;
			if (i < len)
				*o++ = '\n';
			start = i + 1;
			cols = 0;
			brk = 0;
		}
	}
	*o = '\0';
	return out;
}

static int parse(struct cc_triage *t, const char *text)
{
	return cc_triage_parse(t, text, strlen(text));
}

/* The picture without the reader's notes, as a JSON string to compare. */
static char *picture(const char *text)
{
	struct cc_triage t;
	json_t *j;
	char *s;

	if (parse(&t, text) < 0)
		return strdup("parse failed");
	j = cc_triage_to_json(&t);
	json_object_del(j, "notes");
	s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	cc_triage_release(&t);
	return s;
}

static const struct cc_triage_file *file_named(const struct cc_triage *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->nfiles; i++)
		if (strcmp(t->files[i].path, path) == 0)
			return &t->files[i];
	return NULL;
}

static int has_note(const struct cc_triage *t, const char *part)
{
	size_t i;

	for (i = 0; i < t->nnotes; i++)
		if (strstr(t->notes[i], part))
			return 1;
	return 0;
}

static void test_notice(void)
{
	struct cc_triage t;
	const struct cc_triage_file *f;

	is_int(parse(&t, notice), 0, "a notice parses");
	is_int(t.format, CC_TRIAGE_CONFCHECK, "it is a confcheck notice");
	ok(t.complete, "it is complete");
	is_int(t.nfiles, 6, "six files listed");
	is_int(t.need_look, 3, "header: 3 need a look");
	is_int(t.total, 63, "header: of 63");
	is_str(t.newest_version, "2026-04-08", "header: templates up to");
	is_int(t.current, 18, "summary current");
	is_int(t.outdated, 23, "summary outdated");
	is_int(t.orphaned, 1, "summary orphaned");
	is_int(t.unused, 40, "summary unused");
	is_str(t.set_id, "3f9a21c0", "summary set");
	is_str(t.tool_version, "0.1.0", "summary version");
	f = file_named(&t, "nginx/site-confs/default.conf");
	ok(f && strcmp(f->state, "conflict") == 0, "conflict state");
	ok(f && f->old_version && strcmp(f->old_version, "2024-12-17") == 0, "old version");
	ok(f && f->new_version && strcmp(f->new_version, "2026-03-07") == 0, "new version");
	ok(f && f->detail && strncmp(f->detail, "merges cleanly", 14) == 0, "advice kept");
	f = file_named(&t, "nginx/ldap.conf");
	ok(f && !f->old_version && !f->new_version, "orphaned has no dates");
	f = file_named(&t, "nginx/foo.conf");
	ok(f && f->detail && strcmp(f->detail, "not a regular file (fifo)") == 0, "error reason");
	is_int(t.ngroups, 2, "two group lines");
	ok(t.ngroups == 2 && strcmp(t.groups[0].kind, "cosmetic") == 0 && t.groups[0].count == 21,
	   "comment-only group is cosmetic");
	ok(t.ngroups == 2 && strcmp(t.groups[1].kind, "acknowledged") == 0, "acknowledged group");
	is_int(t.nnotes, 0, "nothing to note");
	cc_triage_release(&t);
}

static void test_summary_only(void)
{
	struct cc_triage t;

	parse(&t, "[confcheck] summary current=63 customized=0 outdated=0 conflict=0 "
		  "unverified=0 orphaned=0 error=0 unused=12 set=0123abcd version=0.1.0\n");
	is_int(t.format, CC_TRIAGE_CONFCHECK, "a lone summary is a notice");
	is_int(t.nfiles, 0, "with no files");
	is_int(t.current, 63, "and its counts");
	is_int(t.need_look, -1, "need_look unseen without a header");
	cc_triage_release(&t);
}

/* A broken line reads back as the whole one, at every width, behind every prefix. */
static void test_wrapping(void)
{
	static const char *const prefixes[] = {"", "2026-11-28T16:20:12.123456789Z ",
					       "swag-1  | 2026-11-28T16:20:12.123456789Z ",
					       "init-confcheck: ", "[custom-init] "};
	static const size_t widths[] = {40, 60, 80};
	char *want = picture(notice);
	size_t p, w, bad = 0, runs = 0;
	int word, trim;

	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		char *text = prefixed(notice, prefixes[p]);

		for (w = 0; w < 3; w++) {
			for (word = 0; word < 2; word++) {
				for (trim = 0; trim < 2; trim++) {
					char *folded = wrapped(text, widths[w], word, trim);
					char *got = picture(folded);

					runs++;
					if (strcmp(got, want) != 0) {
						bad++;
						printf("# differs: prefix '%s' width %zu word %d "
						       "trim %d\n",
						       prefixes[p], widths[w], word, trim);
					}
					free(got);
					free(folded);
				}
			}
		}
		free(text);
	}
	is_int(bad, 0, "%zu wrapped pastes read back as the unwrapped one", runs);
	free(want);
}

static void test_wrap_inside_tokens(void)
{
	struct cc_triage t;
	const struct cc_triage_file *f;

	/* a break in the middle of a path, of a date, of the advice's path, of a key=value */
	parse(&t, "[confcheck] 1 of 2 configs need a look (templates up to 2026-04-08; confch\n"
		  "eck status for all)\n"
		  "[confcheck] outdated  nginx/proxy-co\n"
		  "nfs/a.conf  2022-0\n"
		  "9-08 -> 2025-07-18  unchanged by you: replace it with the .sample\n"
		  "[confcheck] unverified  nginx/b.conf  2021-01-01 -> 2025-07-18  baseline "
		  "unknown: confcheck diff nginx/b.c\n"
		  "onf\n"
		  "[confcheck] summary current=1 customized=0 outdated=1 conflict=0 unverified=1 "
		  "orphaned=0 error=0 unused=0 set=ab\n"
		  "cd1234 vers\n"
		  "ion=0.1.0\n");
	f = file_named(&t, "nginx/proxy-confs/a.conf");
	ok(f != NULL, "a path broken in two is whole again");
	ok(f && f->old_version && strcmp(f->old_version, "2022-09-08") == 0,
	   "a date broken in two is whole again");
	f = file_named(&t, "nginx/b.conf");
	ok(f && f->detail &&
	       strcmp(f->detail, "baseline unknown: confcheck diff nginx/b.conf") == 0,
	   "advice whose path was cut is joined");
	is_str(t.set_id, "abcd1234", "a key=value broken in its value is joined");
	is_str(t.tool_version, "0.1.0", "a key broken in two is joined");
	is_int(t.need_look, 1, "the header broken in a word is joined");
	ok(t.complete, "complete");
	cc_triage_release(&t);
}

static void test_escapes_and_line_ends(void)
{
	struct cc_triage t;
	char *want = picture(notice), *got;
	const char *text =
	    "\xef\xbb\xbf\x1b]0;swag\x07\x1b[32m[confcheck]\x1b[0m 3 of 63 configs need a look "
	    "(templates up to 2026-04-08; confcheck status for all)\r\n"
	    "\x1b[1;31m[confcheck] conflict\x1b[0m  nginx/site-confs/default.conf\xc2\xa0 "
	    "2024-12-17 -> 2026-03-07  merges cleanly: confcheck merge "
	    "nginx/site-confs/default.conf\r\n"
	    "[33m[confcheck] conflict[0m  nginx/nginx.conf  2024-12-17 -> 2026-03-07  both "
	    "changed the same lines: confcheck diff nginx/nginx.conf\r\n"
	    "^[[36m[confcheck] outdated^[[m  nginx/proxy-confs/sonarr.subdomain.conf\t 2022-09-08 "
	    "-> 2025-07-18  unchanged by you: replace it with the .sample\r\r\n"
	    "[confcheck] unverified  nginx/proxy-confs/x.conf  2021-01-01 -> 2025-07-18  baseline "
	    "unknown: confcheck diff nginx/proxy-confs/x.conf\r\n"
	    "progress 10%\rprogress 100%\r[confcheck] orphaned  nginx/ldap.conf  template "
	    "dropped by the image\r\n"
	    "[confcheck] error  nginx/foo.conf  not a regular file (fifo)\r\n"
	    "[confcheck] outdated  21 more with comment-only template changes\r\n"
	    "[confcheck] conflict  2 more acknowledged\r\n"
	    "\x1b[2K[confcheck] summary current=18 customized=3 outdated=23 conflict=18 "
	    "unverified=0 orphaned=1 error=0 unused=40 set=3f9a21c0 version=0.1.0\r\n";

	got = picture(text);
	is_str(got, want, "colours, titles, CRLF, BOM, no-break spaces and overwrites are dropped");
	free(got);
	free(want);
	parse(&t, "\x1b[0m\x1b[1m\x1b[K\x1b]8;;\x07\n\x1b[\n[0m[1;2m\n");
	is_int(t.format, CC_TRIAGE_NONE, "lines of escape sequences alone are nothing");
	cc_triage_release(&t);
}

static void test_interleaved(void)
{
	char *want = picture(notice), *got, *text;
	const char *lines[] = {
	    "[migrations] started\n",
	    "s6-rc: info: service init-confcheck: starting\n",
	    "[custom-init] No custom files found, skipping...\n",
	    "Setting resolver to  127.0.0.11\n",
	};
	char *buf = malloc(8192), *o = buf;
	const char *p = notice, *nl;
	size_t k = 0;

	/* other programs' lines between every line of the notice */
	while ((nl = strchr(p, '\n')) != NULL) {
		strcpy(o, lines[k++ % 4]);
		o += strlen(o);
		memcpy(o, p, (size_t)(nl - p) + 1);
		o += nl - p + 1;
		p = nl + 1;
	}
	strcpy(o, "s6-rc: info: service init-confcheck successfully started\n");
	got = picture(buf);
	is_str(got, want, "lines of other programs in between change nothing");
	free(got);
	text = prefixed(notice, "Nov 28 16:20:12 nas docker[812]: ");
	got = picture(text);
	is_str(got, want, "syslog prefixes are dropped");
	free(got);
	free(text);
	free(buf);
	free(want);
}

static void test_several_starts(void)
{
	struct cc_triage t;
	char *two = cat("[confcheck] 1 of 9 configs need a look (templates up to 2025-01-01; "
			"confcheck status for all)\n"
			"[confcheck] outdated  old.conf  2024-01-01 -> 2025-01-01  unchanged by "
			"you: replace it with the .sample\n"
			"[confcheck] summary current=8 customized=0 outdated=1 conflict=0 "
			"unverified=0 orphaned=0 error=0 unused=0 set=11111111 version=0.1.0\n"
			"nginx: [warn] something else\n",
			notice);
	char *three = cat(two, "[confcheck] 1 of 63 configs need a look (templates up to "
			       "2026-04-08; confcheck status for all)\n"
			       "[confcheck] conflict  cut.conf  2024-12-17 -> 2026-03-07  merg\n");

	parse(&t, two);
	is_int(t.seen, 2, "two notices seen");
	ok(file_named(&t, "old.conf") == NULL, "the older notice is dropped");
	is_str(t.set_id, "3f9a21c0", "the last complete notice wins");
	ok(has_note(&t, "found 2 notices"), "and a note says so");
	cc_triage_release(&t);
	parse(&t, three);
	is_str(t.set_id, "3f9a21c0", "a last notice without its summary does not win");
	ok(file_named(&t, "cut.conf") == NULL, "its files are not mixed in");
	ok(has_note(&t, "no summary line"), "and a note says so");
	cc_triage_release(&t);
	parse(&t, "[confcheck] 1 of 2 configs need a look (templates up to 2026-04-08; "
		  "confcheck status for all)\n"
		  "[confcheck] orphaned  a.conf  template dropped by the image\n");
	is_int(t.format, CC_TRIAGE_CONFCHECK, "a notice cut before its summary is still read");
	ok(!t.complete, "as incomplete");
	ok(file_named(&t, "a.conf") != NULL, "with its files");
	cc_triage_release(&t);
	free(two);
	free(three);
}

static void test_warnings(void)
{
	struct cc_triage t;

	parse(&t, "[confcheck] warning: cannot read history '/config/.confcheck/history': "
		  "corrupt, rebuilding\n"
		  "[confcheck] summary current=1 customized=0 outdated=0 "
		  "conflict=0 unverified=0 orphaned=0 error=0 unused=0 set=aa version=0.1.0\n");
	is_int(t.nwarnings, 1, "a warning before the notice belongs to it");
	ok(t.nwarnings && strstr(t.warnings[0], "corrupt, rebuilding"), "with its text");
	cc_triage_release(&t);
}

static void test_lsio_table(void)
{
	struct cc_triage t;
	const struct cc_triage_file *f;
	char *want = picture(lsio_table), *got, *text, *ascii;
	static const size_t widths[] = {40, 60, 80};
	size_t w, bad = 0, i;

	parse(&t, lsio_table);
	is_int(t.format, CC_TRIAGE_LSIO, "the box table is recognised");
	ok(t.complete, "with its bottom border");
	is_int(t.nfiles, 3, "three rows");
	is_int(t.unverified, 3, "each one unverified");
	f = file_named(&t, "nginx/site-confs/default.conf");
	ok(f && strcmp(f->state, "unverified") == 0, "path relative to /config");
	ok(f && f->old_version && strcmp(f->old_version, "2024-05-27") == 0, "old date");
	f = file_named(&t, "nginx/proxy-confs/sonarr.subdomain.conf");
	ok(f && f->new_version && strcmp(f->new_version, "2024-12-17") == 0,
	   "slashed dates come back as YYYY-MM-DD");
	f = file_named(&t, "nginx/ssl.conf");
	ok(f && !f->old_version, "a blank date is no date");
	cc_triage_release(&t);

	/* what a font or a mail client leaves of the box characters */
	ascii = strdup(lsio_table);
	for (i = 0; ascii[i]; i++) {
		const char *repl = NULL;
		unsigned char *u = (unsigned char *)ascii + i;

		if (u[0] == 0xe2 && u[1] == 0x94)
			repl = u[2] == 0x82 ? "|" : u[2] == 0x80 ? "-" : "+";
		if (repl) {
			ascii[i] = repl[0];
			memmove(ascii + i + 1, ascii + i + 3, strlen(ascii + i + 3) + 1);
		}
	}
	got = picture(ascii);
	is_str(got, want, "the ASCII fallback reads the same");
	free(got);

	for (w = 0; w < 3; w++) {
		const char *variants[] = {lsio_table, ascii};

		for (i = 0; i < 2; i++) {
			char *ts = prefixed(variants[i], "2026-11-28T16:20:12.123456789Z ");
			char *a = wrapped(variants[i], widths[w], 0, 0);
			char *b = wrapped(ts, widths[w], 0, 1);

			got = picture(a);
			bad += strcmp(got, want) != 0;
			free(got);
			got = picture(b);
			bad += strcmp(got, want) != 0;
			free(got);
			free(a);
			free(b);
			free(ts);
		}
	}
	is_int(bad, 0, "the table broken at 40, 60 and 80 columns reads the same");

	text = cat(lsio_table, notice);
	parse(&t, text);
	is_int(t.format, CC_TRIAGE_CONFCHECK, "a notice wins over a table");
	ok(has_note(&t, "version date table"), "and says so");
	cc_triage_release(&t);
	free(text);
	free(ascii);
	free(want);
}

/* A date the calendar lacks is no date, in a table row or a notice line; the row and the
 * line still name their file. */
static void test_impossible_dates(void)
{
	struct cc_triage t;
	const struct cc_triage_file *f;
	char *text = strdup(lsio_table), *at;

	at = strstr(text, "2024-05-27");
	memcpy(at, "2024-02-31", 10);
	at = strstr(text, "2024-07-16");
	memcpy(at, "2023-02-29", 10);
	at = strstr(text, "2023/08/13");
	memcpy(at, "2024/02/29", 10);
	parse(&t, text);
	is_int(t.nfiles, 3, "a table row dated 2024-02-31 is still a row");
	f = file_named(&t, "nginx/site-confs/default.conf");
	ok(f && !f->old_version, "but 2024-02-31 is not taken as its old date");
	ok(f && !f->new_version, "nor 2023-02-29 as its new date");
	f = file_named(&t, "nginx/proxy-confs/sonarr.subdomain.conf");
	ok(f && f->old_version && strcmp(f->old_version, "2024-02-29") == 0,
	   "2024/02/29 is a date");
	cc_triage_release(&t);
	free(text);

	parse(&t, "[confcheck] 1 of 1 configs need a look (templates up to 2025-02-31; "
		  "confcheck status for all)\n"
		  "[confcheck] outdated  a.conf  2024-02-31 -> 2025-01-01  unchanged by you: "
		  "replace it with the .sample\n"
		  "[confcheck] summary outdated=1 version=0.1.0\n");
	f = file_named(&t, "a.conf");
	ok(f && !f->old_version && f->new_version && strcmp(f->new_version, "2025-01-01") == 0,
	   "a notice line's 2024-02-31 is no date either");
	ok(!t.newest_version, "nor the header's 2025-02-31");
	cc_triage_release(&t);
}

static void test_lsio_legacy(void)
{
	struct cc_triage t;

	parse(&t, "**** The following active confs have different version dates than the "
		  "samples that are shipped. ****\n"
		  "**** This may be due to user customization or an update to the samples. ****\n"
		  "**** You should compare the following files to the samples in the same folder "
		  "and update them. ****\n"
		  "**** Use the link at the top of the file to view the changelog. ****\n"
		  "/config/nginx/site-confs/default.conf\n"
		  "/config/nginx/nginx.conf\n"
		  "\n"
		  "**** The following site-confs have extensions other than .conf ****\n"
		  "/config/nginx/site-confs/foo.bak\n");
	is_int(t.format, CC_TRIAGE_LSIO, "the older bare list is recognised");
	is_int(t.nfiles, 2, "its paths are files, the next block's are not");
	ok(file_named(&t, "nginx/nginx.conf") != NULL, "relative to /config");
	cc_triage_release(&t);
}

static void test_hostile(void)
{
	struct cc_triage t;
	json_t *j;
	char *junk = malloc(1 << 20), *big;
	unsigned int seed = 12345;
	size_t i;

	for (i = 0; i < (1 << 20); i++) {
		seed = seed * 1103515245u + 12345u;
		junk[i] = (char)(seed >> 16);
	}
	is_int(cc_triage_parse(&t, junk, 1 << 20), 0, "a MiB of binary junk parses");
	j = cc_triage_to_json(&t);
	ok(j != NULL, "and turns into JSON");
	json_decref(j);
	cc_triage_release(&t);

	big = malloc((1 << 20) + 256);
	strcpy(big, "[confcheck] error  ");
	memset(big + 19, 'a', 1 << 20);
	strcpy(big + 19 + (1 << 20), "  reason\n");
	is_int(cc_triage_parse(&t, big, strlen(big)), 0, "a MiB-long line parses");
	ok(has_note(&t, "longer than"), "and is noted as cut");
	ok(t.nfiles == 0 || strlen(t.files[0].path) <= 65536, "nothing longer than the cap");
	cc_triage_release(&t);

	memcpy(big,
	       "[confcheck] error  a\0b.conf  bad\0 reason\n[confcheck] summary error=1 "
	       "version=0.1.0\n",
	       76);
	is_int(cc_triage_parse(&t, big, 76), 0, "NUL bytes inside a line parse");
	ok(t.nfiles == 1 && strcmp(t.files[0].path, "ab.conf") == 0, "they are dropped");
	cc_triage_release(&t);

	parse(&t, "[confcheck] orphaned  caf\xc3\xa9/\xff\xfe.conf  template dropped by the image\n"
		  "[confcheck] summary orphaned=1 current=99999999999999999999 version=0.1.0\n");
	is_str(t.nfiles ? t.files[0].path : NULL, "caf\xc3\xa9/\\xff\\xfe.conf",
	       "bytes that are not UTF-8 come back escaped");
	is_int(t.current, -1, "a count that does not fit is unseen");
	j = cc_triage_to_json(&t);
	ok(j != NULL, "and the JSON is valid");
	json_decref(j);
	cc_triage_release(&t);

	for (i = 0; i < 4096; i++)
		big[i] = "\n\r[confcheck] \x1b[│┌|+-"[i % 23];
	is_int(cc_triage_parse(&t, big, 4096), 0, "separators and prefixes alone parse");
	cc_triage_release(&t);
	free(big);
	free(junk);
}

static void test_json(void)
{
	struct cc_triage t;
	json_t *j, *files, *f;

	parse(&t, notice);
	j = cc_triage_to_json(&t);
	is_int(json_integer_value(json_object_get(j, "schema")), 1, "schema 1");
	is_str(json_string_value(json_object_get(j, "source")), "triage", "source triage");
	is_str(json_string_value(json_object_get(j, "format")), "confcheck", "format");
	is_int(json_integer_value(json_object_get(json_object_get(j, "summary"), "need_look")), 3,
	       "summary need_look");
	is_str(json_string_value(json_object_get(json_object_get(j, "template_set"), "id")),
	       "3f9a21c0", "template_set id");
	files = json_object_get(j, "files");
	f = json_array_get(files, 0);
	is_str(json_string_value(json_object_get(f, "merge")), "clean",
	       "merge of a clean conflict");
	is_str(json_string_value(json_object_get(f, "template_version")), "2026-03-07",
	       "template_version");
	f = json_array_get(files, 2);
	is_str(json_string_value(json_object_get(f, "baseline_version")), "2022-09-08",
	       "outdated: the old date is the baseline");
	f = json_array_get(files, 5);
	is_str(json_string_value(json_object_get(f, "reason")), "not a regular file (fifo)",
	       "error reason");
	json_decref(j);
	cc_triage_release(&t);
	parse(&t, "nothing to see\n");
	j = cc_triage_to_json(&t);
	ok(json_is_null(json_object_get(j, "format")), "nothing recognised: format null");
	is_int(json_array_size(json_object_get(j, "files")), 0, "and no files");
	json_decref(j);
	cc_triage_release(&t);
}

static void test_api(void)
{
	struct cc_triage t;

	errno = 0;
	is_int(cc_triage_parse(NULL, "x", 1), -1, "no out: -1");
	is_int(errno, EINVAL, "with EINVAL");
	is_int(cc_triage_parse(&t, NULL, 5), -1, "no buffer with a length: -1");
	is_int(cc_triage_parse(&t, NULL, 0), 0, "an empty paste is fine");
	is_int(t.format, CC_TRIAGE_NONE, "and holds nothing");
	cc_triage_release(&t);
	cc_triage_release(&t);
	cc_triage_release(NULL);
	ok(cc_triage_to_json(NULL) == NULL, "no JSON for nothing");
	ok(1, "release takes NULL and an already released result");
}

int main(void)
{
	test_notice();
	test_summary_only();
	test_wrapping();
	test_wrap_inside_tokens();
	test_escapes_and_line_ends();
	test_interleaved();
	test_several_starts();
	test_warnings();
	test_lsio_table();
	test_impossible_dates();
	test_lsio_legacy();
	test_hostile();
	test_json();
	test_api();
	return done_testing();
}
