/* test_pathrule.c - the rule between a template path and its user's path. */
#include <stdio.h>
#include <stdlib.h>

#include "util/pathrule.h"
#include "tap.h"

/* s (freed) in a static buffer, "(none)" for NULL. */
static const char *show(char *s)
{
	static char out[256];

	snprintf(out, sizeof(out), "%s", s ? s : "(none)");
	free(s);
	return out;
}

#define user_of(tpath) show(cc_template_user_path(tpath))
#define template_of(upath) show(cc_user_template_path(upath))

static void test_template_user(void)
{
	is_str(user_of("a.conf.sample"), "a.conf", "a.conf.sample belongs to a.conf");
	is_str(user_of("nginx/site-confs/default.conf.sample"), "nginx/site-confs/default.conf",
	       "a nested template belongs to the same path in the config root");
	is_str(user_of("a.sample.sample"), "a.sample", "only the last suffix is taken off");
	is_str(user_of(".git.sample"), ".git", "a dot file's template");
	is_str(user_of("x.sample"), "x", "a one-letter name");
	is_str(user_of(".sample"), "(none)", ".sample alone is no template");
	is_str(user_of("dir/.sample"), "(none)", "nor is dir/.sample");
	is_str(user_of("a/b/.sample"), "(none)", "nor a/b/.sample");
	is_str(user_of("a.conf"), "(none)", "a file without the suffix is no template");
	is_str(user_of("a.conf.Sample"), "(none)", "the suffix is matched as written");
	is_str(user_of("a.conf.sample.bak"), "(none)", "nor in the middle of a name");
	is_str(user_of(""), "(none)", "nor is the empty path");
	is_str(user_of("sample"), "(none)", "nor a name of the suffix without its dot");

	ok(cc_is_sample("a.conf.sample") && cc_is_sample("d/a.sample"), "cc_is_sample: templates");
	ok(!cc_is_sample(".sample") && !cc_is_sample("d/.sample") && !cc_is_sample("a.conf"),
	   "cc_is_sample: the rest");
}

static void test_user_template(void)
{
	is_str(template_of("a.conf"), "a.conf.sample", "a.conf's template is a.conf.sample");
	is_str(template_of("nginx/proxy-confs/app.subdomain.conf"),
	       "nginx/proxy-confs/app.subdomain.conf.sample", "a nested user path");
	is_str(user_of(template_of("nginx/ssl.conf")), "nginx/ssl.conf",
	       "and back to the user path");
}

int main(void)
{
	test_template_user();
	test_user_template();
	return done_testing();
}
