#!/bin/sh
# tools/install-data.sh - install what confcheck ships besides the binary and
# the man page. `make install` calls it as: tools/install-data.sh DESTDIR PREFIX
#
#   $DESTDIR/etc/s6-overlay/s6-rc.d/...        the s6-overlay definitions, whatever
#                                              PREFIX is: s6-overlay only looks there
#   $DESTDIR$PREFIX/share/confcheck/templates  the newest release listed in
#                                              templates/VERSIONS, replacing any older one
#   $DESTDIR$PREFIX/share/confcheck/maps       the mapping files of maps/*.map, 0644,
#                                              replacing any older set
#
# Files keep their executable bit as 0755, others become 0644, folders 0755.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 DESTDIR PREFIX" >&2
	exit 2
fi
destdir=$1
prefix=$2
top=$(cd "$(dirname "$0")/.." && pwd)
umask 022

# copy_tree SRC DST: copy the regular files under SRC to DST with fixed modes.
copy_tree() {
	(cd "$1" && find . -type f) | sort | while IFS= read -r f; do
		f=${f#./}
		mode=0644
		if [ -x "$1/$f" ]; then
			mode=0755
		fi
		install -d -m 0755 "$2/$(dirname "$f")"
		install -m "$mode" "$1/$f" "$2/$f"
	done
}

copy_tree "$top/root/etc/s6-overlay/s6-rc.d" "$destdir/etc/s6-overlay/s6-rc.d"

newest=$(awk '/^v[0-9]+[ \t]/ { v = $1 } END { print v }' "$top/templates/VERSIONS")
if [ -z "$newest" ] || [ ! -d "$top/templates/$newest" ]; then
	echo "$0: no template release found in templates/VERSIONS" >&2
	exit 1
fi
templates=$destdir$prefix/share/confcheck/templates
rm -rf "$templates"
copy_tree "$top/templates/$newest" "$templates"

maps=$destdir$prefix/share/confcheck/maps
rm -rf "$maps"
install -d -m 0755 "$maps"
for f in "$top"/maps/*.map; do
	[ -f "$f" ] || continue
	install -m 0644 "$f" "$maps/"
done
