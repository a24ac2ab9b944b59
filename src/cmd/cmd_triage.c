/* cmd_triage.c - `confcheck triage [--json] [FILE]`: read a pasted log back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/error.h"
#include "util/fs.h"
#include "paste/triage.h"

enum { TRIAGE_JSON };

const struct cc_option cmd_triage_opts[] = {
    [TRIAGE_JSON] = {"json", no_argument, NULL, 0},
    {NULL, 0, NULL, 0},
};

/* Pastes are small; a cap keeps a wrong file from eating the machine. */
#define PASTE_MAX ((size_t)256 * 1024 * 1024)

static void print_counts(const struct cc_triage *t)
{
	static const char *const names[] = {"current",	  "customized", "outdated", "conflict",
					    "unverified", "orphaned",	"error",    "unused"};
	const long counts[] = {t->current,    t->customized, t->outdated, t->conflict,
			       t->unverified, t->orphaned,   t->error,	  t->unused};
	size_t i;

	fputs("summary", stdout);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (counts[i] >= 0)
			printf(" %s=%ld", names[i], counts[i]);
	putchar('\n');
}

static void print_picture(const struct cc_triage *t)
{
	size_t i;

	printf("read: %s%s",
	       t->format == CC_TRIAGE_LSIO ? "the nginx version date table" : "a confcheck notice",
	       t->complete ? "" : " (incomplete)");
	if (t->tool_version)
		printf(", confcheck %s", t->tool_version);
	if (t->set_id)
		printf(", template set %s", t->set_id);
	if (t->newest_version)
		printf(", templates up to %s", t->newest_version);
	putchar('\n');
	print_counts(t);
	for (i = 0; i < t->nfiles; i++) {
		const struct cc_triage_file *f = &t->files[i];

		printf("%-10s  %s  %s -> %s%s%s\n", f->state, f->path,
		       f->old_version ? f->old_version : "-", f->new_version ? f->new_version : "-",
		       f->detail ? "  " : "", f->detail ? f->detail : "");
	}
	for (i = 0; i < t->ngroups; i++)
		printf("%-10s  %ld more (%s)\n", t->groups[i].state, t->groups[i].count,
		       t->groups[i].kind);
	for (i = 0; i < t->nwarnings; i++)
		printf("warning: %s\n", t->warnings[i]);
	for (i = 0; i < t->nnotes; i++)
		printf("note: %s\n", t->notes[i]);
}

int cmd_triage(struct cc_run *r)
{
	struct cc_buf in = CC_BUF_INIT;
	struct cc_triage t;
	json_t *doc = NULL;
	char *text = NULL;
	int fd = 0, code = CC_EXIT_ERROR;

	memset(&t, 0, sizeof(t));
	if (r->nargs && strcmp(r->args[0], "-")) {
		fd = open(r->args[0], O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0) {
			cc_error_errno(errno, "cannot read '%s'", r->args[0]);
			code = cc_die_engine();
			goto done;
		}
		/* a FIFO named on purpose is read like standard input */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	if (cc_fs_read_all(&in, fd, PASTE_MAX, fd ? "the log" : "standard input") < 0) {
		code = cc_die_engine();
		goto done;
	}
	if (cc_triage_parse(&t, in.data, in.len) < 0) {
		cc_error_errno(errno, "cannot read the log");
		code = cc_die_engine();
		goto done;
	}
	if (t.format == CC_TRIAGE_NONE) {
		code = cc_die("no confcheck notice or nginx version table found in the log");
		goto done;
	}
	if (r->opt[TRIAGE_JSON].n) {
		doc = cc_triage_to_json(&t);
		text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		if (!text) {
			code = cc_die("cannot build the JSON document");
			goto done;
		}
		puts(text);
	} else {
		print_picture(&t);
	}
	code = t.need_look > 0 || t.nfiles > 0 ? CC_EXIT_LOOK : CC_EXIT_OK;
done:
	if (fd > 0)
		close(fd);
	free(text);
	json_decref(doc);
	cc_triage_release(&t);
	cc_buf_release(&in);
	return code;
}
