# tests/lib.sh - TAP helpers for the shell integration tests.
# shellcheck shell=bash
# Source it from a test: `. "$(dirname "$0")/lib.sh"`. It gives:
#   $TOP      the repository root;   $CONFCHECK  the binary under test
#   $T        a fresh temp dir, removed on exit
#   ok COND-STATUS NAME / is GOT WANT NAME / like GOT REGEX NAME / diff_ok WANTFILE GOTFILE NAME
#   run CMD... (sets $out, $err, $rc) / skip REASON / skip_all REASON / done_testing
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
CONFCHECK=${CONFCHECK:-$TOP/confcheck}
T=$(mktemp -d "${TMPDIR:-/tmp}/confcheck-test.XXXXXX")
# shellcheck disable=SC2317
cleanup() { chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
_tap_n=0
_tap_failed=0
unset CONFCHECK_TEMPLATES CONFCHECK_CONFIG CONFCHECK_STATE CONFCHECK_IMAGE CONFCHECK_STRICT \
	CONFCHECK_HISTORY CONFCHECK_WATCH CONFCHECK_NOTIFY_URL CONFCHECK_METRICS CONFCHECK_MAP PUID PGID \
	NO_COLOR

# ok STATUS NAME: passes when STATUS is 0 (use as: cmd; ok $? "name").
ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

# is GOT WANT NAME: string equality.
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		printf '#   got: %s\n#  want: %s\n' "$1" "$2"
	fi
}

# like GOT EXTENDED-REGEX NAME: the text matches the regex.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   got: /'
		printf '#  want match: %s\n' "$2"
	fi
}

# unlike GOT EXTENDED-REGEX NAME: the text does not match the regex.
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   got: /'
	else ok 0 "$3"; fi
}

# diff_ok WANT-FILE GOT-FILE NAME: files are equal; the diff goes to the TAP diagnostics.
diff_ok() {
	if diff -u "$1" "$2" >"$T/.diff" 2>&1; then ok 0 "$3"; else
		ok 1 "$3"
		sed 's/^/# /' "$T/.diff"
	fi
}

# run CMD...: runs CMD with stdin from /dev/null; $out and $err receive its
# stdout and stderr (trailing newlines stripped, also kept whole in $T/out
# and $T/err), $rc its exit status.
# shellcheck disable=SC2034
run() {
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# skip REASON: one test that could not run here, reported as skipped.
skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # skip $1"
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# sample_conf N DATE [SED...]: a conf of a version header and N directive lines, edited
# by sed expressions, for stories that need templates and confs that differ by a line.
sample_conf() {
	local n=$1 date=$2 i
	shift 2
	{
		printf '## Version %s\n' "$date"
		for i in $(seq 1 "$n"); do printf 'directive_%02d value_%02d;\n' "$i" "$i"; done
	} | if [ $# -gt 0 ]; then sed "$@"; else cat; fi
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
