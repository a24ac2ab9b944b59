#!/usr/bin/env bash
# 0370-format.t - the layout of every C file is what .clang-format says, so that
# no change brings a layout of its own. Versions of clang-format lay out some
# constructs differently; the layout was settled with 14 (Debian 12's), and
# another version is not asked to agree.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

command -v clang-format >/dev/null 2>&1 || skip_all "clang-format is not installed"
major=$(clang-format --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
[ "$major" = 14 ] || skip_all "clang-format $major is not 14, with which the layout was settled"

cd "$TOP" || exit 1

# The check itself can fail: a file laid out otherwise is named.
printf 'int  f( void ){return 0;}\n' >"$T/bad.c"
cp .clang-format "$T/.clang-format"
clang-format --dry-run -Werror "$T/bad.c" >/dev/null 2>&1
ok $((! $?)) "a file laid out otherwise fails the check"

n=0
while IFS= read -r f; do
	n=$((n + 1))
	if clang-format --dry-run -Werror "$f" >"$T/fmt.out" 2>&1; then
		ok 0 "$f is laid out as .clang-format says"
	else
		ok 1 "$f is laid out as .clang-format says (clang-format -i $f)"
		head -20 "$T/fmt.out" | sed 's/^/# /'
	fi
done < <(find src fuzz bench tests -maxdepth 2 -name '*.[ch]' -not -path 'fuzz/out/*' | sort)
[ "$n" -gt 100 ]
ok $? "every C file was looked at ($n)"

done_testing
