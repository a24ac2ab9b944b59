/* test_mapping.c - the rule between a template path and its user's path, and the maps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mapping.h"
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
	is_str(user_of("a.sample.sample"), "(none)", "a user file is never a .sample itself");
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

/* What rel in root maps to, as "user", "-" or "(none)". */
static const char *mapped(const struct cc_mapping *m, int root, const char *rel)
{
	static char out[256];
	char *user;
	size_t line;
	enum cc_mapped r = cc_mapping_user(m, root, rel, &user, &line);

	snprintf(out, sizeof(out), "%s",
		 r == CC_MAPPED_USER	    ? user
		 : r == CC_MAPPED_NOT_USERS ? "-"
					    : "(none)");
	free(user);
	return out;
}

static void parse(struct cc_mapping *m, const char *text, int scope)
{
	cc_mapping_parse(m, text, strlen(text), "t.map", scope);
}

static void test_lines(void)
{
	struct cc_mapping m;

	memset(&m, 0, sizeof(m));
	parse(&m,
	      "# comment\n"
	      "\n"
	      "   custom.cnf\tcustom.cnf   # same path\n"
	      "smoke-conf/*  *\n"
	      "dns-conf/*.ini dns-conf/*.ini\n"
	      "x*  *\n"
	      "/app/www/.env.example  www/.env\n"
	      "nginx/a.conf.sample  -\n"
	      "custom.cnf  mine/custom.cnf\n",
	      0);
	is_int((int)m.nw, 0, "a good map has no warnings");
	is_int((int)m.n, 7, "and every line counts");
	is_str(mapped(&m, 0, "custom.cnf"), "mine/custom.cnf", "the later of two lines wins");
	is_str(mapped(&m, 0, "smoke-conf/Alerts"), "Alerts", "a '*' maps a folder to the top");
	is_str(mapped(&m, 0, "smoke-conf/.hidden"), "(none)", "a leading '*' skips dot files");
	is_str(mapped(&m, 0, "smoke-conf/sub/Alerts"), "(none)", "and matches within one folder");
	is_str(mapped(&m, 0, "dns-conf/cloudflare.ini"), "dns-conf/cloudflare.ini",
	       "a '*' inside a name");
	is_str(mapped(&m, 0, "dns-conf/.ini"), "(none)", "it matches one character at least");
	is_str(mapped(&m, 0, "x.."), "(none)",
	       "what a '*' matched never makes a path leave the root");
	is_str(mapped(&m, 0, "xa"), "a", "but makes the path it can");
	is_str(mapped(&m, 0, "/app/www/.env.example"), "www/.env", "an absolute template");
	is_str(mapped(&m, 0, "nginx/a.conf.sample"), "-", "'-' is not the user's");
	is_str(mapped(&m, 0, "nginx/b.conf.sample"), "nginx/b.conf", "the .sample rule stays");
	is_str(mapped(&m, 0, "notes.txt"), "(none)", "a file no line names is no template");
	is_str(mapped(&m, 1, "custom.cnf"), "(none)", "a root's lines are that root's alone");
	parse(&m, "other.conf  o.conf\n", -1);
	is_str(mapped(&m, 1, "other.conf"), "o.conf",
	       "a map named on purpose applies to every root");
	cc_mapping_release(&m);

	memset(&m, 0, sizeof(m));
	{
		static const char bad[] = "one\n"
					  "a b c\n"
					  "a ../b\n"
					  "a /b\n"
					  "a b//c\n"
					  "a ./b\n"
					  "../a b\n"
					  "a/*/b c\n"
					  "a** b*\n"
					  "a* b\n"
					  "a b*\n"
					  "a b.sample\n"
					  "a .GIT/x\n"
					  "a\0b c\n"
					  "ok ok.conf";

		cc_mapping_parse(&m, bad, sizeof(bad) - 1, "t.map", 0);
	}

	is_int((int)m.n, 1, "of fifteen lines one is good (the last, without a newline)");
	is_int((int)m.nw, 14, "and each other one is a warning");
	is_int(m.w[0].line, 1, "with its line number");
	is_int(m.w[13].line, 14, "every one");
	cc_mapping_release(&m);
}

int main(void)
{
	test_template_user();
	test_user_template();
	test_lines();
	return done_testing();
}
