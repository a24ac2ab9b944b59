#!/bin/sh
# bench/mapvol.sh VOLUME - give a volume from bench/gen.sh a second template root that
# places its templates with a mapping file instead of the .sample rule.
#
# VOLUME/defaults-mapped/image/REL   every template VOLUME/defaults/REL.sample, byte for byte,
#                                    under another folder and without the suffix (as images
#                                    that copy a whole folder of templates ship them)
# VOLUME/defaults-mapped/confcheck.map
#                                    one `image/DIR/*  DIR/*` line per folder that holds
#                                    templates, so every template goes to the same user file
#                                    as before: checking VOLUME/config against either root
#                                    must give the same verdicts
# Exit status: 0, or 2 on a usage error or when VOLUME has no template root.
set -eu
if [ $# -ne 1 ] || [ ! -d "$1/defaults" ]; then
	echo "usage: mapvol.sh VOLUME (a volume made by bench/gen.sh)" >&2
	exit 2
fi
V=${1%/}
M=$V/defaults-mapped
if [ -e "$M" ]; then
	echo "mapvol.sh: $M exists already" >&2
	exit 2
fi
mkdir -p "$M"
cp -pR "$V/defaults" "$M/image"
find "$M/image" -type f -name '*.sample' -print0 |
	perl -0ne 'chomp; (my $n = $_) =~ s/\.sample\z//; rename $_, $n or die "mapvol.sh: $_: $!\n"'
cd "$V/defaults"
{
	echo "# written by bench/mapvol.sh: every folder of image/ to the same folder of the config root"
	find . -type f -name '*.sample' | sed 's|/[^/]*$||' | LC_ALL=C sort -u | while IFS= read -r d; do
		d=${d#./}
		if [ "$d" = . ]; then
			printf 'image/*\t*\n'
		else
			printf 'image/%s/*\t%s/*\n' "$d" "$d"
		fi
	done
} >"$M/confcheck.map"
