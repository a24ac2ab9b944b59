/* tcache.c - the template stat cache. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "escape.h"
#include "fs.h"
#include "tcache.h"

#define HEADER "confcheck-templates 1"

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int same(const struct cc_tcache_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == (long long)st->st_size &&
	       e->mtime == ns(&st->st_mtim) && e->ctime == ns(&st->st_ctim);
}

static void clear(struct cc_tcache *c)
{
	size_t i = 0;
	struct cc_map_slot *s;

	while ((s = cc_map_next(&c->map, &i)))
		free(s->value);
	cc_map_release(&c->map);
}

/* Reads one tab-terminated decimal field at *p; returns 0 or -1. */
static int field(char **p, long long *out, char term)
{
	char *end;

	errno = 0;
	*out = strtoll(*p, &end, 10);
	if (errno || end == *p || *end != term)
		return -1;
	*p = end + 1;
	return 0;
}

/* Parses one line; returns 0 or -1. */
static int parse_line(struct cc_tcache *c, char *line)
{
	struct cc_tcache_entry *e = cc_calloc(1, sizeof(*e));
	struct cc_buf path = CC_BUF_INIT;
	char *p = strchr(line, '\t');
	long long dev, ino, date, findings;

	if (!p)
		goto fail;
	cc_unescape_log(&path, line, (size_t)(p - line));
	p++;
	if (field(&p, &dev, '\t') < 0 || field(&p, &ino, '\t') < 0 ||
	    field(&p, &e->size, '\t') < 0 || field(&p, &e->mtime, '\t') < 0 ||
	    field(&p, &e->ctime, '\t') < 0 || strlen(p) < CC_HASH_HEXLEN + 1 ||
	    p[CC_HASH_HEXLEN] != '\t')
		goto fail;
	p[CC_HASH_HEXLEN] = '\0';
	if (cc_hash_parse(&e->raw, p) < 0)
		goto fail;
	p += CC_HASH_HEXLEN + 1;
	if (field(&p, &date, '\t') < 0 || field(&p, &findings, '\0') < 0)
		goto fail;
	e->dev = (dev_t)dev;
	e->ino = (ino_t)ino;
	e->date = (int)date;
	e->findings = (int)findings;
	cc_map_put(&c->map, cc_buf_str(&path), e, NULL);
	cc_buf_release(&path);
	return 0;
fail:
	free(e);
	cc_buf_release(&path);
	return -1;
}

void cc_tcache_load(struct cc_tcache *c, const char *dir)
{
	char *file = cc_path_join(dir, CC_STATE_TCACHE), *line, *next;
	struct cc_buf b = CC_BUF_INIT;
	int first = 1;

	memset(c, 0, sizeof(*c));
	if (cc_fs_read_path(&b, file) < 0 || !b.len || b.data[b.len - 1] != '\n' ||
	    memchr(b.data, '\0', b.len))
		goto done;
	for (line = b.data; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (first ? strcmp(line, HEADER) != 0 : parse_line(c, line) < 0) {
			clear(c);
			break;
		}
		first = 0;
	}
done:
	c->dirty = 0;
	free(file);
	cc_buf_release(&b);
}

int cc_tcache_save(struct cc_tcache *c, const char *dir)
{
	struct cc_buf b = CC_BUF_INIT;
	struct cc_map_slot *s;
	char hex[CC_HASH_HEXLEN + 1];
	size_t i = 0;
	int ret;

	while ((s = cc_map_next(&c->map, &i)))
		if (!((struct cc_tcache_entry *)s->value)->used)
			c->dirty = 1; /* a template went away: drop it */
	if (!c->dirty)
		return 0;
	cc_buf_adds(&b, HEADER "\n");
	i = 0;
	while ((s = cc_map_next(&c->map, &i))) {
		const struct cc_tcache_entry *e = s->value;

		if (!e->used)
			continue;
		cc_escape_log(&b, s->key, strlen(s->key));
		cc_hash_hex(hex, e->raw);
		cc_buf_addf(&b, "\t%llu\t%llu\t%lld\t%lld\t%lld\t%s\t%d\t%d\n",
			    (unsigned long long)e->dev, (unsigned long long)e->ino, e->size, e->mtime,
			    e->ctime, hex, e->date, e->findings);
	}
	ret = cc_fs_write_atomic(dir, CC_STATE_TCACHE, b.data, b.len);
	if (ret == 0)
		c->dirty = 0;
	cc_buf_release(&b);
	return ret;
}

void cc_tcache_release(struct cc_tcache *c)
{
	if (!c)
		return;
	clear(c);
	c->dirty = 0;
}

struct cc_tcache_entry *cc_tcache_get(struct cc_tcache *c, const char *path,
				      const struct stat *st)
{
	struct cc_tcache_entry *e = cc_map_get(&c->map, path);

	if (!e || !same(e, st))
		return NULL;
	e->used = 1;
	return e;
}

void cc_tcache_put(struct cc_tcache *c, const char *path, const struct stat *st, cc_hash raw,
		   int date, int findings)
{
	struct cc_tcache_entry *e = cc_calloc(1, sizeof(*e)), *old = NULL;

	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = (long long)st->st_size;
	e->mtime = ns(&st->st_mtim);
	e->ctime = ns(&st->st_ctim);
	e->raw = raw;
	e->date = date;
	e->findings = findings;
	e->used = 1;
	cc_map_put(&c->map, path, e, (void **)&old);
	free(old);
	c->dirty = 1;
}
