#!/usr/bin/env bash
# 0340-shellcheck.t - shellcheck on every shell script we ship and on the
# tests: the s6 run scripts (bash, through with-contenv), tools/*.sh,
# .ci/run when there is one, tests/lib.sh and tests/*.t. A test sources
# lib.sh under a `# shellcheck source=tests/lib.sh` line, so that shellcheck
# (run from the top of the repository with -x) knows what lib.sh defines.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

command -v shellcheck >/dev/null 2>&1 || skip_all "shellcheck is not installed"

cd "$TOP" || exit 1

# check FILE [OPTIONS...]: one TAP line per file, the findings as diagnostics.
check() {
	local f=$1
	shift
	if shellcheck "$@" "$f" >"$T/sc.out" 2>&1; then
		ok 0 "shellcheck $f"
	else
		ok 1 "shellcheck $f"
		sed 's/^/# /' "$T/sc.out"
	fi
}

n=0
# The run scripts start with `#!/usr/bin/with-contenv bash`; shellcheck
# cannot read that shebang, so say the shell.
while IFS= read -r f; do
	check "$f" -s bash
	n=$((n + 1))
done < <(find root -type f -name run | sort)
ok "$([ "$n" -ge 2 ] && echo 0 || echo 1)" "found the s6 run scripts ($n)"

for f in tools/*.sh; do
	[ -f "$f" ] && check "$f"
done
if [ -f .ci/run ]; then
	check .ci/run -s bash
fi
check tests/lib.sh -s bash
for f in tests/*.t; do
	check "$f" -x
done

done_testing
