/* test_lint.c - the lint rules, one template at a time, and their output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "engine/lint.h"
#include "tap.h"

/* Lints data (with prev, when not NULL) and returns its findings as
 * "line level message" lines (static buffer). */
static const char *lint(const char *data, unsigned mode, const char *prev, const char *label)
{
	static char out[2048];
	struct cc_lint l;
	struct cc_version v;
	size_t i, n = 0;

	memset(&l, 0, sizeof(l));
	memset(&v, 0, sizeof(v));
	if (prev)
		cc_version_fill(&v, prev, strlen(prev));
	cc_lint_template(&l, "t.conf.sample", data, strlen(data), mode, prev ? &v : NULL, label, 0);
	out[0] = '\0';
	for (i = 0; i < l.n; i++)
		n += (size_t)snprintf(
		    out + n, sizeof(out) - n, "%s%d %s %s", i ? "\n" : "", l.f[i].line,
		    l.f[i].level == CC_LINT_ERROR ? "error" : "warning", l.f[i].message);
	cc_lint_release(&l);
	return out;
}

static void test_header(void)
{
	is_str(lint("## Version 2024/01/01\nx\n", 0644, NULL, NULL), "",
	       "a template with a version header has no finding");
	is_str(
	    lint("# about\nx\n", 0644, NULL, NULL),
	    "1 error missing version header (want '## Version YYYY/MM/DD' in the first 10 lines)",
	    "no header is an error on line 1");
	is_str(lint("# about\n## Version 2024/02/30\nx\n", 0644, NULL, NULL),
	       "2 error malformed version header: its date does not parse (want '## Version "
	       "YYYY/MM/DD')",
	       "only a malformed header is an error on its line");
	is_str(lint("## Version 2024/01/01\n# version: soon\n", 0644, NULL, NULL),
	       "2 warning looks like a version header but its date does not parse",
	       "a malformed line beside a valid header is a warning");
	is_str(lint("## Version 2024/01/01\nx\n## Version 2024-05-05\n", 0644, NULL, NULL),
	       "3 warning second version header (2024-05-05); the first, on line 1 (2024-01-01), "
	       "counts",
	       "a second header is a warning naming both dates");
	is_str(
	    lint("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n## Version 2024/01/01\n", 0644, NULL, NULL),
	    "1 error missing version header (want '## Version YYYY/MM/DD' in the first 10 lines)",
	    "a header below line 10 does not count");
}

static void test_file(void)
{
	is_str(lint("## Version 2024/01/01\r\nx\r\ny\n", 0644, NULL, NULL),
	       "1 warning CRLF line endings (2 lines)", "CRLF is a warning counting the lines");
	is_str(lint("## Version 2024/01/01\nx\ny\r\n", 0644, NULL, NULL),
	       "3 warning CRLF line endings (1 line)", "on the first line that has one");
	is_str(lint("## Version 2024/01/01\nx\r", 0644, NULL, NULL), "",
	       "a lone CR is not a line ending");
	is_str(lint("## Version 2024/01/01\n", 0755, NULL, NULL),
	       "1 warning executable bit set: the init copies templates as config files",
	       "the executable bit is a warning");
	is_str(lint("## Version 2024/01/01\n", 0640, NULL, NULL), "", "other modes are not");
}

static void test_change(void)
{
	const char *prev = "# about\n## Version 2024/01/01\nkey value;\n";

	is_str(lint("# about\n## Version 2024/01/01\nkey other;\n", 0644, prev, "img@abc1234 Fix"),
	       "2 error content changed since the recorded version of 2024-01-01 (img@abc1234) but "
	       "the version date was not bumped",
	       "content changed without a date bump is an error on the header line");
	is_str(lint("# about this\n## Version 2024/02/01\nkey value;  \n", 0644, prev, NULL),
	       "2 warning version date bumped from 2024-01-01 to 2024-02-01 but only comments or "
	       "white space changed",
	       "a date bumped for a comment and white space is a warning");
	is_str(lint("# about\n## Version 2024/02/01\nkey value;\n", 0644, prev, "img@abc1234"),
	       "2 warning version date bumped from 2024-01-01 (img@abc1234) to 2024-02-01 but "
	       "nothing else changed",
	       "a date bumped alone is a warning saying so");
	is_str(lint("# about that\n## Version 2024/01/01\n\nkey value;\n", 0644, prev, NULL), "",
	       "a comment or blank line changed without a bump is fine");
	is_str(lint("# about\n## Version 2024/02/01\nkey other;\n", 0644, prev, NULL), "",
	       "a real change with a bump is fine");
	is_str(lint(prev, 0644, prev, NULL), "", "the recorded version itself is fine");
	is_str(
	    lint("# about\nkey other;\n", 0644, prev, NULL),
	    "1 error missing version header (want '## Version YYYY/MM/DD' in the first 10 lines)",
	    "without a header there is no date to compare");
}

/* A history with the given sets (seq i+1 at times[i]) and versions of "p". */
static void fake(struct cc_history *h, const long long *times, size_t nsets,
		 const struct cc_version *v, size_t nv, const char *const *labels)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->sets = calloc(nsets, sizeof(*h->sets));
	for (i = 0; i < nsets; i++) {
		h->sets[i].seq = (int)i + 1;
		h->sets[i].time = times[i];
		h->sets[i].label = (char *)labels[i];
	}
	h->nsets = nsets;
	h->versions = calloc(nv, sizeof(*h->versions));
	memcpy(h->versions, v, nv * sizeof(*v));
	h->nversions = nv;
}

static struct cc_version ver(cc_hash raw, int first, int last)
{
	struct cc_version v;

	memset(&v, 0, sizeof(v));
	v.path = (char *)"p";
	v.raw = raw;
	v.first_set = first;
	v.last_set = last;
	return v;
}

static void test_previous(void)
{
	static const char *const labels[] = {"one", "two", "three"};
	const long long t0[] = {100, 200, 300}, t1[] = {250};
	struct cc_version v0[3], v1[1];
	struct cc_history list[2];
	struct cc_histories hs;
	const struct cc_version *p;
	const char *label;

	v0[0] = ver(0xa, 1, 3); /* A, then B, then back to A */
	v0[1] = ver(0xb, 2, 2);
	v0[2] = ver(0xc, 1, 1);
	v0[2].path = (char *)"q";
	v1[0] = ver(0xd, 1, 1);
	fake(&list[0], t0, 3, v0, 3, labels);
	fake(&list[1], t1, 1, v1, 1, labels);
	memset(&hs, 0, sizeof(hs));
	hs.list = list;
	hs.n = 1;
	p = cc_lint_previous(&hs, "p", 0xe, &label);
	ok(p && p->raw == 0xa,
	   "the version in the latest set is the previous one, after a revert too");
	is_str(label, "one", "named by the set that introduced it");
	p = cc_lint_previous(&hs, "p", 0xa, &label);
	ok(p && p->raw == 0xb,
	   "a template already recorded is compared with the version before it");
	ok(cc_lint_previous(&hs, "r", 0xa, &label) == NULL && label == NULL,
	   "a path with no version has none");
	hs.n = 2;
	list[0].sets[2].time = 240;
	p = cc_lint_previous(&hs, "p", 0xe, &label);
	ok(p && p->raw == 0xd, "across histories the latest set by time wins");
	free(list[0].sets);
	free(list[0].versions);
	free(list[1].sets);
	free(list[1].versions);
}

static void test_output(void)
{
	struct cc_lint l;
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	memset(&l, 0, sizeof(l));
	cc_lint_template(&l, "b.sample", "x\n", 2, 0755, NULL, NULL, 0);
	cc_lint_template(&l, "a,b:c\t.sample", "## Version 2024/01/01\r\n", 23, 0644, NULL, NULL,
			 0);
	is_int(l.errors, 1, "errors are counted");
	is_int(l.warnings, 2, "and warnings");
	cc_lint_sort(&l);
	for (i = 0; i < l.n; i++)
		cc_lint_format(&b, &l.f[i], 0);
	is_str(b.data,
	       "a,b:c\\x09.sample:1: warning: CRLF line endings (1 line)\n"
	       "b.sample:1: error: missing version header (want '## Version YYYY/MM/DD' in the "
	       "first 10 lines)\n"
	       "b.sample:1: warning: executable bit set: the init copies templates as config "
	       "files\n",
	       "text: sorted by path and line, errors first, control bytes escaped");
	cc_buf_reset(&b);
	free(l.f[0].message);
	l.f[0].message = strdup("50% done,\nnext: line");
	cc_lint_format(&b, &l.f[0], 1);
	is_str(b.data, "::warning file=a%2Cb%3Ac%09.sample,line=1::50%25 done,%0Anext: line\n",
	       "github: a workflow command with its properties and data escaped");
	cc_buf_release(&b);
	cc_lint_release(&l);
}

int main(void)
{
	test_header();
	test_file();
	test_change();
	test_previous();
	test_output();
	return done_testing();
}
