/* test_context.c - a context that was never opened, or failed to open, is safe to
 * release: it closes no descriptor it does not hold (standard input's is 0). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "engine/check.h"
#include "util/error.h"
#include "tap.h"

/* 1 when descriptor 0 is still open, as the test set it up. */
static int stdin_open(void)
{
	return fcntl(0, F_GETFD) != -1;
}

int main(void)
{
	struct cc_context ctx;
	struct cc_config cfg;
	int p[2];

	if (pipe(p) < 0 || dup2(p[0], 0) < 0)
		return 1;
	cc_context_init(&ctx);
	cc_context_release(&ctx);
	ok(stdin_open(), "releasing an empty context leaves descriptor 0 open");
	cc_context_release(&ctx);
	ok(stdin_open(), "and so does releasing it twice");

	memset(&cfg, 0, sizeof(cfg));
	cfg.config_root = "/nonexistent/confcheck-config";
	cfg.no_write = 1;
	is_int(cc_context_open(&ctx, &cfg, 0), -1, "a missing config root fails to open");
	ok(strstr(cc_error_last(), "/nonexistent/confcheck-config") != NULL,
	   "with a message naming it");
	cc_context_release(&ctx);
	ok(stdin_open(), "releasing the context that failed leaves descriptor 0 open");
	close(p[1]);
	return done_testing();
}
