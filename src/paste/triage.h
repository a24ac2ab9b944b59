/* triage.h - read a pasted init log back into the picture confcheck printed. */
#ifndef CC_TRIAGE_H
#define CC_TRIAGE_H

#include <stddef.h>

#include <jansson.h>

/*
 * What a pasted log can hold, newest wins:
 *
 *  - a confcheck init notice (`[confcheck] ...` lines, see notice.h and the README);
 *  - the LinuxServer.io nginx base image's version date table (box-drawn or its ASCII
 *    fallback), or its older form, a bare list of paths after the `****` intro.
 *
 * The reader tolerates `docker logs -t` and `docker compose logs` prefixes, syslog and
 * s6 prefixes (`[custom-init] `, `init-confcheck: `), ANSI escape sequences (also with the
 * ESC lost, as `[32m` or `^[[32m`), CRLF, no-break spaces, interleaved lines of other
 * programs, notices repeated by several container starts, and lines that a terminal or a
 * chat client broke into several physical lines (see cc_triage_parse).
 */

enum cc_triage_format {
	CC_TRIAGE_NONE = 0,	 /* nothing recognised */
	CC_TRIAGE_CONFCHECK = 1, /* a confcheck notice */
	CC_TRIAGE_LSIO = 2,	 /* the nginx base image's version date table */
};

/* One listed file. Every string is NUL-terminated, valid UTF-8 and owned by the cc_triage. */
struct cc_triage_file {
	char *path;	   /* relative to the config root, in the escaped form the notice uses
			      (`\xNN` for whitespace, control bytes and bytes that are not UTF-8);
			      never NULL */
	char *state;	   /* "conflict", "outdated", ... as printed; "unverified" for a table
			      row; never NULL */
	char *old_version; /* YYYY-MM-DD, or NULL when not shown or shown as `-` */
	char *new_version; /* YYYY-MM-DD, or NULL */
	char *detail;	   /* the advice or error reason as printed, or NULL */
};

/* A group line: `outdated  21 more with comment-only template changes`. */
struct cc_triage_group {
	char *state; /* never NULL */
	long count;
	char *kind; /* "cosmetic", "acknowledged", or the phrase as printed; never NULL */
};

/*
 * The picture read back. Counts are -1 when the log did not show them. For a table,
 * `unverified` and `need_look` are the number of rows and the other counts stay -1.
 */
struct cc_triage {
	int format;   /* enum cc_triage_format */
	int complete; /* the notice ended with its summary line, or the table with its border */
	long current, customized, outdated, conflict, unverified, orphaned, error, unused;
	long need_look;	      /* N of the header `N of M configs need a look` */
	long total;	      /* M of that header */
	char *set_id;	      /* `set=` of the summary, or NULL */
	char *tool_version;   /* `version=` of the summary, or NULL */
	char *newest_version; /* `templates up to YYYY-MM-DD` of the header, or NULL */
	struct cc_triage_file *files;
	size_t nfiles;
	struct cc_triage_group *groups;
	size_t ngroups;
	char **warnings; /* `[confcheck] warning:` messages of that notice, without the prefix */
	size_t nwarnings;
	char **notes; /* what the reader noticed: repeated notices, cut lines; lowercase, no
			 full stop */
	size_t nnotes;
	size_t seen; /* notices (or tables) found in the log, complete or not */
};

/*
 * cc_triage_parse reads len bytes of buf (any bytes, NULs included; buf may be NULL when
 * len is 0) into *out, which the caller owns and frees with cc_triage_release, also after
 * a failure. Returns 0, also when nothing was recognised (out->format is then
 * CC_TRIAGE_NONE), or -1 with errno EINVAL when out is NULL or buf is NULL with a len, and
 * *out left empty. Running out of memory aborts (alloc.h).
 *
 * The last complete notice wins; when none is complete, the last one is read and
 * out->complete is 0. A confcheck notice wins over a table in the same log.
 *
 * Broken lines: a physical line is joined to the confcheck record or table row before it
 * when that record is provably incomplete (a per-file line without its advice, an advice
 * whose command names only part of the path, a summary without a full `version=`, a
 * header without its closing parenthesis, a row without its closing bar), when the next
 * line starts no record of its own (no timestamp, compose, s6 or `[confcheck]` prefix)
 * and when the joined text still reads as that record. A join is tried as is first (a
 * terminal breaks anywhere, also in a path or a key=value token), then with one or two
 * spaces (a tool that dropped the spaces at the break); the first that reads right wins.
 * Free text (an error reason, a warning) cannot prove itself cut: between a notice's
 * header and its summary it takes the next plain line only when other joins showed the
 * paste broken at about the width of its last line.
 *
 * Cost is linear in len: a joined record is capped at 64 KiB (the rest of it is dropped,
 * with a note) and absorbs at most 16 physical lines.
 */
int cc_triage_parse(struct cc_triage *out, const char *buf, size_t len);

/* cc_triage_release frees what *t owns and leaves it empty; t may be NULL. */
void cc_triage_release(struct cc_triage *t);

/*
 * cc_triage_to_json returns a new reference (the caller decrefs it), or NULL when memory
 * runs out. Shape, a subset of status.json so one consumer reads both:
 *
 *   {"schema":1,"source":"triage","format":"confcheck"|"lsio"|null,"complete":true,
 *    "tool_version":"0.1.0"|null,
 *    "template_set":{"id":"3f9a21c0","newest_version":"2026-04-08"|null}|null,
 *    "summary":{"current":18,...,"need_look":3},      (only the counts the log showed)
 *    "files":[{"path","state","user_version","template_version","baseline_version",
 *              "merge":"clean"|"conflicts" (conflict),"reason" (error),"detail"}],
 *    "groups":[{"state","count","kind"}],"warnings":[...],"notes":[...]}
 *
 * user_version is the old date shown, template_version the new one; baseline_version is
 * set only for `outdated`, where the user's file is the baseline.
 */
json_t *cc_triage_to_json(const struct cc_triage *t);

#endif
