#!/usr/bin/env bash
# The main paths under valgrind: no memory errors, nothing definitely or
# indirectly lost (libgit2 and libcurl keep some memory reachable until exit).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
[ -z "${CONFCHECK_SANITIZED:-}" ] || skip_all "a sanitized build does not run under valgrind"

D=$T/defaults C=$T/config
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C
mkdir -p "$D/app" "$C/app"
conf() { printf '## Version %s\n%s\n\n\n\n\nkeep 1;\n%s\n' "$1" "$2" "$3"; }
conf 2024/01/01 'a 1;' 'z 1;' >"$D/app/one.conf.sample"
conf 2024/01/01 'b 1;' 'y 1;' >"$D/app/two.conf.sample"
conf 2024/01/01 'c 1;' 'x 1;' >"$D/app/gone.conf.sample"
for f in one two gone; do cp "$D/app/$f.conf.sample" "$C/app/$f.conf"; done

# vg NAME CMD...: runs confcheck CMD under valgrind and checks its verdict.
vg() {
	local name=$1
	shift
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$T/vg.log" "$CONFCHECK" "$@" >"$T/out" 2>"$T/err" </dev/null
	local rc=$?
	if [ "$rc" -eq 99 ] || [ -s "$T/vg.log" ]; then
		ok 1 "$name: clean under valgrind"
		sed 's/^/# /' "$T/vg.log" | head -40
	else
		ok 0 "$name: clean under valgrind (exit $rc)"
	fi
}

vg "check, first start" check
sed -i 's/a 1;/a 2;/' "$C/app/one.conf"
conf 2024/06/01 'b 1;' 'y 2;' >"$D/app/two.conf.sample"
conf 2024/06/01 'a 1;' 'z 2;' >"$D/app/one.conf.sample"
rm "$D/app/gone.conf.sample"
vg "check, a new image" check
vg "check, the same image again" check --json
vg "status" status --all
vg "diff" diff app/one.conf
vg "diff --upstream" diff app/one.conf --upstream
vg "merge" merge app/one.conf
vg "ack" ack app/one.conf
vg "ack --list" ack --list
vg "report --diff --full" report --diff --full
"$CONFCHECK" check >"$T/notice"
vg "triage" triage --json "$T/notice"
vg "check --format lsio" check --format lsio
vg "a bad option" check --no-such-option

done_testing
