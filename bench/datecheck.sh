#!/bin/bash
# bench/datecheck.sh CONFIG_ROOT - the baseline that confcheck replaces.
#
# A date-line-only check written the way the nginx base image's init step
# (init-version-checks, run before init-nginx-end) does it: find the active *.conf files
# under CONFIG_ROOT/nginx, and for each one that has a .sample sibling, read the
# `## Version YYYY/MM/DD` line of both with sed and list the pairs whose dates differ in
# a box-drawn table; then list site-confs whose name does not end in .conf.
# It keeps the original's shape on purpose (a find into a variable, a for loop over its
# words, one sed per file and date, a string built up line by line), because its cost
# is what the benchmark compares against. Like the original, it breaks on paths with
# white space; the benchmark volume has none.
# Exit status: 0 whatever it finds, as in an init; 2 on a usage error.

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: datecheck.sh CONFIG_ROOT" >&2
	exit 2
fi
config_root=${1%/}

version_of() {
	sed -nE 's|^## Version ([0-9]{4}/[0-9]{2}/[0-9]{2}).*|\1|p' "$1"
}

active_confs=$(find "${config_root}/nginx/" -name "*.conf" -type f 2>/dev/null)

changed=""
for conf in ${active_confs}; do
	if [ -f "${conf}.sample" ]; then
		if [ "$(version_of "${conf}")" != "$(version_of "${conf}.sample")" ]; then
			old=$(version_of "${conf}" | tr / -)
			new=$(version_of "${conf}.sample" | tr / -)
			changed="│ $(printf '%10s' "${old}") │ $(printf '%10s' "${new}") │ $(printf '%-70s' "${conf}") │\n${changed}"
		fi
	fi
done

if [ -n "${changed}" ]; then
	echo "**** The following active confs have different version dates than the samples that are shipped. ****"
	echo "**** This may be due to user customization or an update to the samples. ****"
	echo "**** You should compare the following files to the samples in the same folder and update them. ****"
	echo "**** Use the link at the top of the file to view the changelog. ****"
	echo "┌────────────┬────────────┬────────────────────────────────────────────────────────────────────────┐"
	echo "│  old date  │  new date  │ path                                                                   │"
	echo "├────────────┼────────────┼────────────────────────────────────────────────────────────────────────┤"
	echo -e "${changed%%\\n}"
	echo "└────────────┴────────────┴────────────────────────────────────────────────────────────────────────┘"
fi

wrong_ext=$(find "${config_root}/nginx/site-confs/" -type f -not -name "*.conf" -not -name "*.conf.sample" 2>/dev/null)
if [ -n "${wrong_ext}" ]; then
	echo "**** The following site-confs have extensions other than .conf ****"
	echo "**** This may be due to user customization. ****"
	echo "**** You should review the files and rename them to use the .conf extension or remove them. ****"
	echo "**** nginx.conf will only include site-confs with the .conf extension. ****"
	echo -e "${wrong_ext}"
fi
exit 0
