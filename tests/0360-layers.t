#!/usr/bin/env bash
# The sources are in layers, and dependencies run one way:
#   util <- history <- engine <- output <- watch <- cmd, and util <- paste <- cmd.
# A file includes headers of its own folder and of the folders below it, always as
# "folder/name.h", so that a wrong way shows in the line itself. The engine is a
# library that never prints and never exits: src/cmd is the tool's, not the
# library's. Nothing in libconfcheck.a may call into the tool, and the library holds
# none of the tool's objects.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# The folders a layer may include from.
layer_deps() {
	case $1 in
	util) echo "util" ;;
	history) echo "util history" ;;
	engine) echo "util history engine" ;;
	output) echo "util history engine output" ;;
	watch) echo "util history engine output watch" ;;
	paste) echo "util paste" ;;
	cmd) echo "util history engine output watch paste cmd" ;;
	*) return 1 ;;
	esac
}

# wrong_includes SRC: one line for each file outside a layer folder and each include
# that names no header of a layer or runs against the layers.
wrong_includes() {
	local src=$1 f layer inc dir
	for f in "$src"/*; do
		if [ ! -d "$f" ]; then
			echo "$f: not in a layer folder"
		elif ! layer_deps "${f##*/}" >/dev/null; then
			echo "$f: not a layer"
		fi
	done
	for f in "$src"/*/*.[ch]; do
		layer=${f%/*}
		layer=${layer##*/}
		sed -n 's/^#[[:space:]]*include[[:space:]]*"\(.*\)".*/\1/p' "$f" | while read -r inc; do
			dir=${inc%%/*}
			if [ "$dir" = "$inc" ] || [ ! -f "$src/$inc" ]; then
				echo "$f: \"$inc\" names no header of a layer"
			elif ! layer_deps "$layer" | tr ' ' '\n' | grep -qx "$dir"; then
				echo "$f: $layer includes $inc"
			fi
		done
	done
}

is "$(wrong_includes "$TOP/src")" "" "every include runs down the layers"

# The check itself: a tree with each kind of wrong include is named, line by line.
mkdir -p "$T/src/util" "$T/src/engine" "$T/src/watch" "$T/src/paste" "$T/src/misc"
printf '#include "engine/check.h"\n' >"$T/src/util/buf.c"
printf '#include "watch/watch.h"\n#include "util/buf.h"\n' >"$T/src/engine/check.h"
printf '#include "buf.h"\n#include "engine/check.h"\n' >"$T/src/paste/mask.c"
printf '#include "util/none.h"\n' >"$T/src/watch/watch.h"
: >"$T/src/util/buf.h"
: >"$T/src/flat.c"
got=$(wrong_includes "$T/src" | sed "s#$T/##")
want='src/flat.c: not in a layer folder
src/misc: not a layer
src/engine/check.h: engine includes watch/watch.h
src/paste/mask.c: "buf.h" names no header of a layer
src/paste/mask.c: paste includes engine/check.h
src/util/buf.c: util includes engine/check.h
src/watch/watch.h: "util/none.h" names no header of a layer'
is "$got" "$want" "an include up the layers, a bare or dangling one and a stray file are named"

# The library and the tool, as built.
B=$(dirname "$CONFCHECK")
LIB=$B/libconfcheck.a
if [ ! -f "$LIB" ] || ! command -v nm >/dev/null 2>&1; then
	skip "$LIB is not built, or nm is not installed"
	done_testing
	exit
fi

is "$(ar t "$LIB" | grep -xF -f <(for f in "$TOP"/src/cmd/*.c; do f=${f##*/}; echo "${f%.c}.o"; done))" "" \
	"the library holds no object of the tool"

tool=$(nm -g --defined-only "$B"/cmd/*.o 2>/dev/null |
	awk 'NF == 3 { print $3 }' | sort -u)
[ -n "$tool" ]
ok $? "the tool's objects define symbols ($(printf '%s\n' "$tool" | wc -l))"
used=$(nm -u "$LIB" 2>/dev/null | awk '{ print $NF }' | sort -u)
is "$(comm -12 <(printf '%s\n' "$tool") <(printf '%s\n' "$used"))" "" \
	"no object of the library uses a symbol of the tool"

done_testing
