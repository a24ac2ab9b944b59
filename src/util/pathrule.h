/* pathrule.h - which user file a template belongs to, and back.
 *
 * The mapping contract (DESIGN §3): a template REL.sample under a template
 * root belongs to the user file REL under the config root. Everything that
 * turns one path into the other goes through the two functions below, so
 * that the rule is spelled out here alone. Paths are relative to their
 * roots.
 */
#ifndef CC_PATHRULE_H
#define CC_PATHRULE_H

#define CC_SAMPLE_SUFFIX ".sample"

/* Returns 1 when name ends in ".sample" with something before it other
 * than a '/': "a.conf.sample" is a template, ".sample" and "dir/.sample"
 * are not. */
int cc_is_sample(const char *name);

/* The user path the template path tpath belongs to ("nginx/a.conf.sample"
 * gives "nginx/a.conf"), or NULL when tpath is not a template
 * (cc_is_sample). The caller frees it. */
char *cc_template_user_path(const char *tpath);

/* The path of the template the user path upath would belong to
 * ("nginx/a.conf" gives "nginx/a.conf.sample"); never NULL, whether or not
 * such a template exists. The caller frees it. */
char *cc_user_template_path(const char *upath);

#endif
