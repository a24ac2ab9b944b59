#!/bin/sh
# build-local.sh - build and run the C unit tests of the triage, lsio and mask modules with
# the sanitizers (gcc and clang) and under valgrind, until the Makefile has a rule for them.
# Usage: tests/unit/build-local.sh   (from anywhere; builds into build/unit/)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/unit
mkdir -p "$out"
cd "$top"
json=$(pkg-config --cflags --libs jansson)
flags="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -Isrc -Itests/unit"
status=0

# test name and the module sources it links
tests="test_triage:src/triage.c src/triage_clean.c src/triage_json.c src/triage_lines.c src/triage_match.c src/triage_notice.c src/triage_prefix.c src/triage_result.c src/triage_table.c
test_lsio:src/lsio.c src/triage.c src/triage_clean.c src/triage_json.c src/triage_lines.c src/triage_match.c src/triage_notice.c src/triage_prefix.c src/triage_result.c src/triage_table.c
test_mask:src/mask.c src/mask_key.c src/mask_text.c src/mask_value.c"

echo "$tests" | while IFS=: read -r name srcs; do
	for cc in gcc clang; do
		# shellcheck disable=SC2086
		$cc $flags -fsanitize=address,undefined -fno-sanitize-recover=all \
			tests/unit/$name.c $srcs $json -o "$out/$name.$cc.test"
		"$out/$name.$cc.test" >"$out/$name.$cc.tap" || { echo "not ok - $name ($cc)"; exit 1; }
		echo "ok - $name with $cc and the sanitizers ($(tail -n 1 "$out/$name.$cc.tap"))"
	done
	# shellcheck disable=SC2086
	gcc $flags -O1 tests/unit/$name.c $srcs $json -o "$out/$name.vg"
	if command -v valgrind >/dev/null; then
		valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=9 \
			"$out/$name.vg" >"$out/$name.vg.tap" || { echo "not ok - $name (valgrind)"; exit 1; }
		echo "ok - $name under valgrind"
	fi
done || status=1
exit $status
