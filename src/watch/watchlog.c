/* watchlog.c - the log line, the event log and the notification of a transition. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/fs.h"
#include "util/header.h"
#include "util/json.h"
#include "watch/watchlog.h"

void cc_wverdict_of(struct cc_wverdict *v, const struct cc_entry *e)
{
	memset(v, 0, sizeof(*v));
	if (!e)
		return;
	v->exists = 1;
	v->state = (int)e->state;
	v->flags = e->flags;
	v->user_date = e->user_date;
	v->template_date = e->template_date;
}

int cc_wverdict_changed(const struct cc_wverdict *a, const struct cc_wverdict *b)
{
	return a->exists != b->exists ||
	       (a->exists && (a->state != b->state || a->flags != b->flags));
}

static int listed(const struct cc_wverdict *v)
{
	return v->exists && cc_verdict_needs_look((enum cc_verdict)v->state) &&
	       !(v->flags & (CC_FLAG_COSMETIC | CC_FLAG_ACKNOWLEDGED));
}

int cc_wverdict_notify(const struct cc_wverdict *a, const struct cc_wverdict *b)
{
	return listed(b) && !(listed(a) && a->state == b->state);
}

static const char *state_name(const struct cc_wverdict *v)
{
	return v->exists ? cc_verdict_name((enum cc_verdict)v->state) : "missing";
}

static const char *const flag_names[] = {"cosmetic", "header-only", "acknowledged"};

static void add_state(struct cc_buf *out, const struct cc_wverdict *v)
{
	size_t i;
	int first = 1;

	cc_buf_adds(out, state_name(v));
	for (i = 0; v->exists && i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (!(v->flags & (1 << i)))
			continue;
		cc_buf_adds(out, first ? " (" : ", ");
		cc_buf_adds(out, flag_names[i]);
		first = 0;
	}
	if (!first)
		cc_buf_addc(out, ')');
}

void cc_wlog_line(struct cc_buf *out, const char *path, const struct cc_wverdict *a,
		  const struct cc_wverdict *b)
{
	cc_escape_log(out, path, strlen(path));
	cc_buf_adds(out, ": ");
	add_state(out, a);
	cc_buf_adds(out, " -> ");
	add_state(out, b);
}

static json_t *flags_json(const struct cc_wverdict *v)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; v->exists && i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (v->flags & (1 << i))
			json_array_append_new(arr, json_string(flag_names[i]));
	return arr;
}

void cc_wlog_event(struct cc_buf *out, const char *path, const struct cc_wverdict *a,
		   const struct cc_wverdict *b, long long time, const char *mode)
{
	const struct cc_wverdict *now = b->exists ? b : a;
	json_t *o = json_object();
	char when[32], *s;
	time_t t = (time_t)time;
	struct tm tm;
	int esc;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "path", cc_json_path(path, &esc));
	if (esc)
		json_object_set_new(o, "path_escaped", json_true());
	json_object_set_new(o, "from", json_string(state_name(a)));
	json_object_set_new(o, "to", json_string(state_name(b)));
	json_object_set_new(o, "from_flags", flags_json(a));
	json_object_set_new(o, "flags", flags_json(b));
	json_object_set_new(o, "need_look", json_boolean(listed(b)));
	json_object_set_new(o, "user_version", cc_json_date(b->exists ? b->user_date : 0));
	json_object_set_new(o, "template_version", cc_json_date(now->template_date));
	json_object_set_new(o, "watch", json_string(mode));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (s) {
		cc_buf_adds(out, s);
		cc_buf_addc(out, '\n');
	}
	free(s);
	json_decref(o);
}

void cc_wlog_notification(struct cc_notification *n, const char *path, const struct cc_wverdict *a,
			  const struct cc_wverdict *b, long long time)
{
	memset(n, 0, sizeof(*n));
	n->kind = CC_NOTIFY_TRANSITION;
	n->path = cc_strdup(path);
	n->from = cc_strdup(state_name(a));
	n->to = cc_strdup(state_name(b));
	n->user_date = b->user_date;
	n->template_date = b->template_date;
	n->time = time;
}

static int open_log(int dirfd)
{
	int fd = openat(
	    dirfd, CC_EVENTLOG_NAME,
	    O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
	struct stat st;

	/* a FIFO or device planted there is never written */
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int cc_eventlog_append(int dirfd, const char *dir, const char *text, size_t len, size_t max)
{
	char *path = cc_path_join(dir, CC_EVENTLOG_NAME), *old = NULL;
	struct stat st;
	ssize_t n;
	int fd = dirfd < 0 ? -1 : open_log(dirfd), ret = -1;

	if (fd < 0) {
		cc_error_errno(errno, "cannot write '%s'", path);
		goto done;
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (size_t)st.st_size + len > max) {
		close(fd);
		old = cc_asprintf("%s.1", CC_EVENTLOG_NAME);
		if (renameat(dirfd, CC_EVENTLOG_NAME, dirfd, old) < 0) {
			cc_error_errno(errno, "cannot rotate '%s'", path);
			fd = -1;
			goto done;
		}
		fd = open_log(dirfd);
		if (fd < 0) {
			cc_error_errno(errno, "cannot write '%s'", path);
			goto done;
		}
	}
	/* one write: appends of whole lines never interleave */
	n = write(fd, text, len);
	if (n < 0 || (size_t)n != len) {
		cc_error_errno(n < 0 ? errno : ENOSPC, "cannot write '%s'", path);
		goto done;
	}
	ret = 0;
done:
	if (fd >= 0 && close(fd) < 0 && ret == 0)
		ret = cc_error_errno(errno, "cannot write '%s'", path);
	free(path);
	free(old);
	return ret;
}
