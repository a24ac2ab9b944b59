/* test_state.c - the files and acks state files: read whole, or started again. */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "fixture.h"
#include "engine/state.h"
#include "tap.h"

#define H1 "0123456789abcdef"
#define H2 "fedcba9876543210"
#define FILES_HEAD "confcheck-files 1\n"
#define ACKS_HEAD "confcheck-acks 1\n"
#define FILE_LINE "file\tapp/a.conf\t1\t" H1 "\t" H2 "\t1\t" H1 "\t2\n"
#define MERGE_LINE "merge\t" H1 "\t" H2 "\t" H1 "\tclean\n"
#define ACK_LINE "ack\tapp/b\\x09c.conf\t" H1 "\t" H2 "\t1700000000\n"

/* Opens the state dir read-only, as status and diff do, with files and acks as given
 * (NULL: no such file). */
static void open_with(struct cc_state *st, const char *files, const char *acks)
{
	unlink(fx_path("state/%s", CC_STATE_FILES));
	unlink(fx_path("state/%s", CC_STATE_ACKS));
	if (files)
		fx_write_n("state/" CC_STATE_FILES, files, strlen(files));
	if (acks)
		fx_write_n("state/" CC_STATE_ACKS, acks, strlen(acks));
	cc_state_open(st, -1, fx_path("state"), 1, 0, 0);
}

static void test_good(void)
{
	struct cc_state st;
	struct cc_filemem *m;

	open_with(&st, FILES_HEAD FILE_LINE MERGE_LINE, ACKS_HEAD ACK_LINE);
	ok(!st.warning, "files and acks as confcheck writes them: no warning");
	m = cc_map_get(&st.files, "app/a.conf");
	ok(m && m->first_seen == 1 && m->has_remembered && m->has_cache &&
	       m->cache_method == CC_BASE_EXACT && m->cache_nver == 2,
	   "the file line is read");
	is_int(st.nmerges, 1, "the merge line is read");
	is_int(cc_state_merge_get(&st, 0x0123456789abcdefULL, 0xfedcba9876543210ULL,
				  0x0123456789abcdefULL),
	       1, "and says clean");
	ok(st.nacks == 1 && !strcmp(st.acks[0].path, "app/b\tc.conf") &&
	       st.acks[0].time == 1700000000,
	   "the ack line is read, its path decoded");
	cc_state_release(&st);

	open_with(&st, NULL, NULL);
	ok(!st.warning && !st.files.len && !st.nacks, "missing files and acks: empty, no warning");
	cc_state_release(&st);
	open_with(&st, FILES_HEAD, ACKS_HEAD);
	ok(!st.warning && !st.files.len && !st.nacks, "a header and nothing else: empty");
	cc_state_release(&st);
}

/* A files state with one bad line is dropped whole, with the warning. */
static void files_refused(const char *text, const char *what, int line)
{
	struct cc_state st;
	char want[256];

	open_with(&st, text, ACKS_HEAD ACK_LINE);
	snprintf(want, sizeof(want), "malformed line %d in '%s/files'", line, fx_path("state"));
	ok(st.warning && strstr(st.warning, "state file '") &&
	       strstr(st.warning, "/files' was unreadable; started it again") && !st.files.len &&
	       !st.nmerges && !st.files_loaded,
	   "files, %s: dropped whole, with a warning", what);
	is_str(cc_error_last(), want, "files, %s: the message names line %d", what, line);
	is_int(st.nacks, 1, "files, %s: the acks are read all the same", what);
	cc_state_release(&st);
}

static void acks_refused(const char *text, const char *what)
{
	struct cc_state st;

	open_with(&st, FILES_HEAD FILE_LINE, text);
	ok(st.warning && strstr(st.warning, "/acks' was unreadable; started it again") && !st.nacks,
	   "acks, %s: dropped whole, with a warning", what);
	is_int(st.files.len, 1, "acks, %s: the files state is read all the same", what);
	cc_state_release(&st);
}

static void test_malformed(void)
{
	files_refused(FILES_HEAD FILE_LINE "file\tapp/b.conf\t1\t-\t-\t0\t-\n", "seven fields", 3);
	files_refused(FILES_HEAD "file\tapp/b.conf\t1\t-\t-\t0\t-\t0\t0\n" FILE_LINE, "nine fields",
		      2);
	files_refused(FILES_HEAD FILE_LINE "file\tapp/b.conf\tx\t-\t-\t0\t-\t0\n", "a bad number",
		      3);
	files_refused(FILES_HEAD "file\tapp/b.conf\t1\t-\t-\t5\t-\t0\n", "an unknown method", 2);
	files_refused(FILES_HEAD "file\tapp/b.conf\t1\t-\t" H1 "\t1\t-\t0\n",
		      "a cached method without its baseline", 2);
	files_refused(FILES_HEAD FILE_LINE FILE_LINE, "a path said twice", 3);
	files_refused(FILES_HEAD "merge\t" H1 "\t" H2 "\t" H1 "\tmaybe\n", "a merge result unknown",
		      2);
	files_refused(FILES_HEAD "merge\t" H1 "\t" H2 "\t" H1 "\n", "a merge line of four fields",
		      2);
	files_refused(FILES_HEAD MERGE_LINE "merge\t" H1 "\t" H2 "\tx\tclean\n", "a bad hash", 3);
	files_refused(FILES_HEAD FILE_LINE "\n", "an empty line", 3);
	files_refused(FILES_HEAD "flie\tapp/b.conf\n", "an unknown kind of line", 2);
	files_refused(FILES_HEAD ACK_LINE, "an ack line", 2);
	files_refused(FILES_HEAD FILE_LINE "file\tapp/b.conf", "a last line cut short", 3);
	files_refused("confcheck-files 2\n" FILE_LINE, "another header", 1);

	acks_refused(ACKS_HEAD "ack\tapp/b.conf\t" H1 "\t" H2 "\n", "four fields");
	acks_refused(ACKS_HEAD "ack\tapp/b.conf\t" H1 "\t" H2 "\t1\t2\n", "six fields");
	acks_refused(ACKS_HEAD ACK_LINE "ack\tapp/b.conf\t" H1 "\t" H2 "\t12x\n", "a bad time");
	acks_refused(ACKS_HEAD MERGE_LINE, "a merge line");
	acks_refused(ACKS_HEAD ACK_LINE "ack", "a last line cut short");
}

int main(void)
{
	fx_mkdir("state");
	test_good();
	test_malformed();
	return done_testing();
}
