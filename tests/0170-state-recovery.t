#!/usr/bin/env bash
# A state dir that cannot be used never stops the check: a read-only volume,
# a state path that cannot be created, a truncated state file, a status file
# that is a directory, a full disk. Each time the verdicts are given, a
# warning says what could not be done, and the exit code is the usual one.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D" "$C"
for n in a b c; do
	printf '## Version 2024/01/01\n%s on;\n' "$n" >"$D/$n.conf.sample"
	cp "$D/$n.conf.sample" "$C/$n.conf"
done
echo 'customised;' >>"$C/c.conf"

check() {
	run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" "$@"
}

# states FILE: path=state of every entry of a status document.
states() {
	jq -r '[.files[] | "\(.path)=\(.state)"] | join(" ")' "$1"
}

# only_warnings: every stderr line is a warning.
only_warnings() {
	[ -n "$err" ] && ! printf '%s\n' "$err" | grep -qv '^\[confcheck\] warning: '
}

check
is "$rc" 0 "image 1: exit 0"
printf '## Version 2024/06/01\nb off;\n' >"$D/b.conf.sample"
check
is "$rc" 1 "image 2: exit 1 (b outdated)"
want="a.conf=current b.conf=outdated c.conf=customized"
is "$(states "$S/status.json")" "$want" "image 2: the verdicts"

# --- a state path that cannot be created ------------------------------------------
echo 'a file' >"$T/file"
check --state "$T/file/state" --json
is "$rc" 1 "state under a file: exit as usual"
is "$(states "$T/out")" "a.conf=current b.conf=unverified c.conf=unverified" \
	"state under a file: verdicts (with no history to go by)"
only_warnings
ok $? "state under a file: warnings on stderr, nothing else"
like "$err" "^\[confcheck\] warning: state dir not writable, nothing is remembered: cannot open state dir '$T/file/state': not a directory$" \
	"state under a file: the warning names the path and the reason"
like "$err" "^\[confcheck\] warning: cannot write the status file: " \
	"state under a file: a warning that no status file was written"
unlike "$err" "was unreadable" "state under a file: no state file is called unreadable (there is none)"

# --- a truncated files state --------------------------------------------------------
head -c 40 "$S/files" >"$T/files.part"
cp "$T/files.part" "$S/files"
check
is "$rc" 1 "truncated files: exit as usual"
is "$(states "$S/status.json")" "$want" "truncated files: the same verdicts"
is "$err" "[confcheck] warning: state file '$S/files' was unreadable; started it again" \
	"truncated files: one warning that says so"
check
is "$err" "" "truncated files: the next start is quiet"
is "$(head -n 1 "$S/files")" "confcheck-files 1" "truncated files: written whole again"

printf 'confcheck-files 1\nfile\tb.conf\tnot-a-number\t-\t-\t0\t-\t0\n' >"$S/files"
check
like "$err" "state file '$S/files' was unreadable" "a malformed files line: warned"
is "$(states "$S/status.json")" "$want" "a malformed files line: the same verdicts"

# --- a malformed acks line: the acks are started again, and written so ----------------------
acked() {
	jq -r '[.files[] | select(.flags | index("acknowledged")) | .path] | join(" ")' "$S/status.json"
}
run timeout 20 "$CONFCHECK" ack --templates "$D" --config "$C" c.conf
check
is "$(acked)" "c.conf" "an ack: c.conf is acknowledged"
printf 'ack\tb.conf\t0123456789abcdef\t0123456789abcdef\tyesterday\n' >>"$S/acks"
check
is "$err" "[confcheck] warning: state file '$S/acks' was unreadable; started it again" \
	"a malformed acks line: one warning that says so"
is "$(acked)" "" "a malformed acks line: the acks before it are dropped too"
is "$(states "$S/status.json")" "$want" "a malformed acks line: the same verdicts"
is "$(cat "$S/acks")" "confcheck-acks 1" "a malformed acks line: the acks are written again, empty"
check
is "$err" "" "a malformed acks line: the next start is quiet"

# --- status.json replaced by a directory ------------------------------------------------
rm "$S/status.json"
mkdir "$S/status.json"
check
is "$rc" 1 "status.json a directory: exit as usual"
like "$out" '^\[confcheck\] outdated  b\.conf ' "status.json a directory: the notice is printed"
like "$err" "^\[confcheck\] warning: cannot write the status file: cannot write '$S/status.json': is a directory$" \
	"status.json a directory: a warning says why"
is "$(find "$S" -maxdepth 1 -name '.status.json.tmp*' | wc -l)" 0 "status.json a directory: no temp file is left"
check --json
is "$(states "$T/out")" "$want" "status.json a directory: --json still prints the verdicts"
rmdir "$S/status.json"

# --- a read-only volume ------------------------------------------------------------------
# ro_check CONFIG ARGS...: the check with CONFIG bind-mounted read-only onto itself.
ro_check() {
	local config=$1
	shift
	# shellcheck disable=SC2016 # the inner shell expands them
	run unshare -m sh -c 'mount --bind -o ro "$1" "$1" && shift && exec "$@"' sh "$config" \
		timeout 20 "$CONFCHECK" check --templates "$D" --config "$config" "$@"
}
if [ "$(id -u)" -ne 0 ] || ! unshare -m sh -c "mount --bind -o ro '$T' '$T'" 2>/dev/null; then
	for _ in 1 2 3 4 5 6 7; do skip "cannot bind-mount read-only here (needs root and unshare -m)"; done
else
	printf '## Version 2024/09/01\na off;\n' >"$D/a.conf.sample"
	ro_check "$C"
	is "$rc" 1 "read-only volume: exit as usual"
	like "$out" '^\[confcheck\] outdated  a\.conf  2024-01-01 -> 2024-09-01 ' \
		"read-only volume: verdicts from the history that is there"
	like "$out" '^\[confcheck\] outdated  b\.conf ' "read-only volume: all of them"
	like "$err" "^\[confcheck\] warning: state dir not writable, nothing is remembered: cannot lock '$S/lock': read-only file system$" \
		"read-only volume: a warning says the state dir is not writable, and why"
	only_warnings
	ok $? "read-only volume: warnings only on stderr"

	mkdir "$T/fresh"
	cp "$C"/*.conf "$T/fresh/"
	ro_check "$T/fresh"
	is "$rc" 1 "read-only fresh volume: exit as usual (nothing recorded: a is unverified)"
	like "$err" "^\[confcheck\] warning: state dir not writable, nothing is remembered: cannot create directory '$T/fresh/\.confcheck': read-only file system$" \
		"read-only fresh volume: a warning names the state dir"
fi

# --- a full disk ------------------------------------------------------------------------------
# The state dir on a tiny tmpfs, in a mount namespace of its own; the steps
# run inside it and leave their outputs in $T/full.N.{out,err,rc,json}.
cat >"$T/full.sh" <<'EOF'
set -u
state=$1 confcheck=$2 D=$3 C=$4 out=$5
step() { # step N ARGS...
	n=$1
	shift
	timeout 20 "$confcheck" check --templates "$D" --config "$C" --state "$state" "$@" \
		>"$out.$n.out" 2>"$out.$n.err"
	echo $? >"$out.$n.rc"
	cp "$state/status.json" "$out.$n.json" 2>/dev/null
}
fill() { head -c 64M /dev/zero >"$state/fill" 2>/dev/null; }
mount -t tmpfs -o size=256k,mode=0755 tmpfs "$state" || exit 1
fill
step 1
rm -f "$state/fill"
step 2
printf '## Version 2024/12/01\nc off;\n' >"$D/c.conf.sample"
fill
step 3
rm -f "$state/fill"
step 4
step 5
EOF
mkdir "$T/tiny"
if [ "$(id -u)" -ne 0 ] || ! unshare -m mount -t tmpfs -o size=256k,mode=0755 tmpfs "$T/tiny" 2>/dev/null; then
	for _ in $(seq 11); do skip "cannot mount a tmpfs here (needs root and unshare -m)"; done
else
	unshare -m bash "$T/full.sh" "$T/tiny" "$CONFCHECK" "$D" "$C" "$T/full"
	is "$(cat "$T/full.1.rc")" 1 "full disk, first start: exit as usual"
	like "$(cat "$T/full.1.out")" '^\[confcheck\] unverified  b\.conf  2024-01-01 -> 2024-06-01 ' \
		"full disk, first start: verdicts (nothing could be recorded)"
	like "$(cat "$T/full.1.err")" '^\[confcheck\] warning: .*no space left on device' \
		"full disk, first start: a warning says the disk is full"
	is "$(grep -vc '^\[confcheck\] warning: ' "$T/full.1.err")" 0 "full disk: warnings only on stderr"
	is "$(cat "$T/full.2.rc")" 1 "space again: exit as usual"
	like "$(cat "$T/full.2.out")" '^\[confcheck\] summary ' "space again: verdicts"
	is "$(cat "$T/full.3.rc")" 1 "full disk with a new image: exit as usual"
	like "$(cat "$T/full.3.out")" '^\[confcheck\] conflict  c\.conf  2024-01-01 -> 2024-12-01 ' \
		"full disk with a new image: verdicts from the history recorded before"
	like "$(cat "$T/full.3.err")" '^\[confcheck\] warning: .*no space left on device' \
		"full disk with a new image: a warning says the disk is full"
	is "$(cat "$T/full.4.rc")" 1 "space again: exit as usual"
	is "$(cat "$T/full.5.err")" "" "after one good start with space, the next one is quiet"
fi

done_testing
