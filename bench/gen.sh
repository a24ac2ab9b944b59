#!/bin/sh
# bench/gen.sh N OUTDIR [SEED] - generate a SWAG-shaped volume for the benchmark.
#
# OUTDIR/defaults      template root: N proxy-conf templates
#                      (nginx/proxy-confs/<app>.subdomain.conf.sample, a quarter of the apps
#                      also .subfolder.) and nine base templates (nginx.conf, ssl.conf,
#                      proxy.conf, site-confs/default.conf, the auth snippets), 1-4 KiB each,
#                      `## Version YYYY/MM/DD` on line 1
# OUTDIR/config        config root as SWAG leaves it: every .sample copied next to where it
#                      goes, the base confs and min(N, 300) proxy confs active (about 10%
#                      customised, a few outdated, a few in conflict, a few whose template
#                      changed without a date bump), plus keys, logs and other clutter
# OUTDIR/manifest.tsv  one line per active user file that has a template:
#                      path (relative to config/), kind, user date, template date
#
# Kinds: current, customized, outdated, conflict, outdated-samedate. The same N and SEED
# (default 1) always give the same bytes.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: gen.sh N OUTDIR [SEED]" >&2
	exit 2
fi
case $1 in
'' | *[!0-9]*)
	echo "gen.sh: N must be a number: '$1'" >&2
	exit 2
	;;
esac
mkdir -p "$2"
exec perl "$(dirname "$0")/gen.pl" "$1" "$2" "${3:-1}"
