/* pathrule.c - the rule between template paths and user paths. */
#include <string.h>

#include "util/alloc.h"
#include "util/pathrule.h"

int cc_is_sample(const char *name)
{
	size_t n = strlen(name), k = strlen(CC_SAMPLE_SUFFIX);

	return n > k && !strcmp(name + n - k, CC_SAMPLE_SUFFIX) && name[n - k - 1] != '/';
}

char *cc_template_user_path(const char *tpath)
{
	if (!cc_is_sample(tpath))
		return NULL;
	return cc_strndup(tpath, strlen(tpath) - strlen(CC_SAMPLE_SUFFIX));
}

char *cc_user_template_path(const char *upath)
{
	return cc_asprintf("%s%s", upath, CC_SAMPLE_SUFFIX);
}
