#!/bin/sh
# tools/musl-check.sh - compile every source against musl's C headers, as the Alpine image
# builds them, on a glibc machine: musl-gcc (Debian's musl-tools) with the libraries'
# own headers, and nothing else of glibc's. Compiles only; prints the failures.
#   tools/musl-check.sh CFLAGS...
set -eu

cc=${MUSL_CC:-musl-gcc}
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "musl-check: $cc not found (apt-get install musl-tools)" >&2
	exit 1
fi
inc=$(mktemp -d)
trap 'rm -rf "$inc"' EXIT
arch=$(gcc -print-multiarch 2>/dev/null || true)
for h in git2.h git2 curl jansson.h jansson_config.h xxhash.h; do
	for d in /usr/include ${arch:+/usr/include/$arch}; do
		if [ -e "$d/$h" ]; then
			ln -s "$d/$h" "$inc/$h"
			break
		fi
	done
	if [ ! -e "$inc/$h" ]; then
		echo "musl-check: no $h among the installed headers" >&2
		exit 1
	fi
done
failed=0 n=0
for f in src/*/*.c tests/unit/*.c; do
	n=$((n + 1))
	# shellcheck disable=SC2068 # the flags are words
	if ! "$cc" $@ -I"$inc" -fsyntax-only "$f"; then
		failed=$((failed + 1))
	fi
done
echo "musl-check: $((n - failed)) of $n sources compile against musl"
[ "$failed" -eq 0 ]
