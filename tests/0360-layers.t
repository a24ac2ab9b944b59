#!/usr/bin/env bash
# The engine is a library that never prints and never exits: the command line (cli.c,
# main.c, cmd_*.c) is the tool's, not the library's. Nothing in libconfcheck.a may call
# into the tool, and the library holds none of the tool's objects.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

B=$(dirname "$CONFCHECK")
LIB=$B/libconfcheck.a
[ -f "$LIB" ] || skip_all "$LIB is not built"
command -v nm >/dev/null 2>&1 || skip_all "nm is not installed"

is "$(ar t "$LIB" | grep -E '^(cli|main|cmd_[a-z_]+)\.o$')" "" "the library holds no object of the tool"

tool=$(nm -g --defined-only "$B"/cmd/*.o 2>/dev/null |
	awk 'NF == 3 { print $3 }' | sort -u)
[ -n "$tool" ]
ok $? "the tool's objects define symbols ($(printf '%s\n' "$tool" | wc -l))"
used=$(nm -u "$LIB" 2>/dev/null | awk '{ print $NF }' | sort -u)
is "$(comm -12 <(printf '%s\n' "$tool") <(printf '%s\n' "$used"))" "" \
	"no object of the library uses a symbol of the tool"

done_testing
