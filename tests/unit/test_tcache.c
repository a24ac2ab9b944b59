/* test_tcache.c - the template stat cache: read whole, or not at all. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "tap.h"
#include "engine/tcache.h"

#define HEAD "confcheck-templates 1\n"
#define H1 "0123456789abcdef"
#define LINE_A "a.conf.sample\t1\t2\t3\t4\t5\t" H1 "\t20240101\t0\n"
#define LINE_B                                                                                     \
	"b\\x09c.conf.sample\t18446744073709551615\t9223372036854775808\t0\t-1\t6\t" H1 "\t0\t3\n"

static int dirfd_of(void)
{
	int fd = open(fx_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		fx_bail("open", fx_dir());
	return fd;
}

/* Loads the cache from text; returns the number of entries read. */
static size_t load(struct cc_tcache *c, const char *text)
{
	int fd = dirfd_of();

	fx_write(CC_STATE_TCACHE, text);
	cc_tcache_load(c, fd, fx_dir());
	close(fd);
	return c->nold;
}

static void test_good(void)
{
	struct cc_tcache c, back;
	struct stat st;
	int fd;

	is_int(load(&c, HEAD LINE_B LINE_A), 2, "a cache as confcheck writes it: every entry");
	is_str(c.old[0].path, "a.conf.sample", "sorted by path");
	ok(c.old[0].dev == 1 && c.old[0].ino == 2 && c.old[0].size == 3 && c.old[0].mtime == 4 &&
	       c.old[0].ctime == 5 && c.old[0].raw == 0x0123456789abcdefULL &&
	       c.old[0].date == 20240101 && c.old[0].findings == 0,
	   "its fields are read");
	is_str(c.old[1].path, "b\tc.conf.sample", "an escaped path is decoded");
	ok((unsigned long long)c.old[1].dev == 18446744073709551615ULL &&
	       (unsigned long long)c.old[1].ino == 9223372036854775808ULL && c.old[1].mtime == -1 &&
	       c.old[1].findings == 3,
	   "dev and ino at or above 2^63 read back, and a time before 1970");

	/* what a scan saw, written and read again */
	memset(&st, 0, sizeof(st));
	st.st_dev = c.old[0].dev;
	st.st_ino = c.old[0].ino;
	st.st_size = 3;
	st.st_mtim.tv_nsec = 4;
	st.st_ctim.tv_nsec = 5;
	ok(cc_tcache_get(&c, "a.conf.sample", &st) != NULL, "an entry is found by its signature");
	cc_tcache_put(&c, "new\nname.sample", &st, 42, 20250101, 1);
	fd = dirfd_of();
	ok(cc_tcache_save(&c, fd, fx_dir()) == 0, "the cache is written");
	cc_tcache_load(&back, fd, fx_dir());
	close(fd);
	ok(back.nold == 2 && !strcmp(back.old[1].path, "new\nname.sample") &&
	       back.old[1].raw == 42 && back.old[1].date == 20250101,
	   "and read back, a newline in a name included");
	cc_tcache_release(&back);
	cc_tcache_release(&c);

	is_int(load(&c, HEAD), 0, "a header alone: an empty cache");
	cc_tcache_release(&c);
}

static void refused(const char *text, const char *what)
{
	struct cc_tcache c;

	is_int(load(&c, text), 0, "%s: the cache is empty", what);
	cc_tcache_release(&c);
}

static void test_malformed(void)
{
	refused(HEAD LINE_A "b.conf.sample\t1\t2\t3\t4\t5\t" H1 "\t0\n", "eight fields");
	refused(HEAD "b.conf.sample\t1\t2\t3\t4\t5\t" H1 "\t0\t0\t0\n" LINE_A, "ten fields");
	refused(HEAD LINE_A "b.conf.sample\t1\t2\t3\t4\t5\t0123\t0\t0\n", "a short hash");
	refused(HEAD LINE_A "b.conf.sample\t1\t2\t3\t4\t5\t" H1 "0\t0\t0\n", "a long hash");
	refused(HEAD LINE_A "b.conf.sample\t-1\t2\t3\t4\t5\t" H1 "\t0\t0\n", "a negative dev");
	refused(HEAD LINE_A "b.conf.sample\t1\t18446744073709551616\t3\t4\t5\t" H1 "\t0\t0\n",
		"an ino past 64 bits");
	refused(HEAD LINE_A "b.conf.sample\t1\t2\tx\t4\t5\t" H1 "\t0\t0\n", "a size not a number");
	refused(HEAD LINE_A "b.conf.sample\t1\t2\t3\t4\t5\t" H1 "\t4294967297\t0\n",
		"a date past an int");
	refused(HEAD LINE_A "b.conf.sample\t1\t2\t3\t4\t5\t" H1 "\t0\t\n", "an empty field");
	refused(HEAD LINE_A "b.conf.sample\t1\t\t2\t3\t4\t5\t" H1 "\t0\n",
		"an empty field before a number");
	refused(HEAD LINE_A "\n", "an empty line");
	refused(HEAD LINE_A "b.conf.sample\t1\t2", "a last line cut short");
	refused("confcheck-templates 2\n" LINE_A, "another header");
}

int main(void)
{
	test_good();
	test_malformed();
	return done_testing();
}
