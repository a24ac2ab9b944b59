#!/usr/bin/env bash
# Every way a user file can be unusable is an `error` verdict with its reason,
# and none of them stops, slows or hangs the check.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D" "$C"

# check [RUNNER...]: the check, under `timeout` so that a hang fails instead of blocking.
check() {
	run "$@" timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" "${state[@]}"
}
state=()

masked() {
	printf '%s\n' "$out" | sed -E 's/ set=[0-9a-f]{8} / set=SET /; s/ version=[0-9.]+$/ version=VER/'
}

names=(chardev dir fifo large loop notdir/x ok outside socket unreadable up)
for n in "${names[@]}"; do
	mkdir -p "$(dirname "$D/$n")"
	printf '## Version 2024/01/01\n%s on;\n' "${n//\//_}" >"$D/$n.conf.sample"
done
echo 'outside the volume' >"$T/outside.txt"

mkfifo "$C/fifo.conf"
(cd "$C" && perl -MIO::Socket::UNIX -e \
	'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1) or die "$!\n"' socket.conf)
ln -s /etc/passwd "$C/outside.conf"
ln -s ../outside.txt "$C/up.conf"
ln -s loop.conf "$C/loop.conf"
mkdir "$C/dir.conf"
truncate -s 1G "$C/large.conf"
echo 'not a directory' >"$C/notdir"
cp "$D/ok.conf.sample" "$C/ok.conf"
cp "$D/unreadable.conf.sample" "$C/unreadable.conf"
chmod 000 "$C/unreadable.conf"
have_chardev=0
if mknod "$C/chardev.conf" c 1 3 2>/dev/null; then have_chardev=1; fi

check
ok $((rc == 124)) "the check finishes (no hang on a FIFO, a socket or a device)"
is "$rc" 1 "errors need a look: exit 1"
{
	if [ "$(id -u)" -eq 0 ]; then current=2; else current=1; fi
	errors=$((8 + have_chardev + (current == 1)))
	echo "[confcheck] $errors of $((errors + current)) configs need a look (templates up to 2024-01-01; confcheck status for all)"
	[ "$have_chardev" = 1 ] && echo '[confcheck] error  chardev.conf  not a regular file (character device)'
	cat <<'EOF'
[confcheck] error  dir.conf  not a regular file (directory)
[confcheck] error  fifo.conf  not a regular file (fifo)
[confcheck] error  large.conf  too large (1073741824 bytes, limit 4 MiB)
[confcheck] error  loop.conf  too many levels of symlinks
[confcheck] error  notdir/x.conf  'notdir' is not a directory
[confcheck] error  outside.conf  symlink leaves the config root
[confcheck] error  socket.conf  not a regular file (socket)
EOF
	[ "$current" = 1 ] && echo '[confcheck] error  unreadable.conf  cannot open: permission denied'
	echo '[confcheck] error  up.conf  symlink leaves the config root'
	echo "[confcheck] summary current=$current customized=0 outdated=0 conflict=0 unverified=0 orphaned=0 error=$errors unused=0 set=SET version=VER"
} >"$T/want"
masked >"$T/got"
diff_ok "$T/want" "$T/got" "one error line for each, with its reason"
is "$err" "" "nothing on stderr: a bad user file is a verdict, not a warning"
if [ "$have_chardev" = 0 ]; then skip "mknod of a character device is not permitted here"; else
	is "$(jq -r '.files[] | select(.path == "chardev.conf") | .reason' "$S/status.json")" \
		"not a regular file (character device)" "status.json: the device's reason"
fi
is "$(jq -r '[.files[] | select(.state == "error") | .reason] | map(length > 0) | all' "$S/status.json")" true \
	"status.json: every error has a reason"
is "$(jq -r '.files[] | select(.path == "large.conf") | [.state, .template_version, .user_hash] | map(. // "-") | @tsv' "$S/status.json")" \
	"$(printf 'error\t2024-01-01\t-')" "status.json: an error keeps the template's version, has no user hash"
is "$(jq -r '.files[] | select(.path == "fifo.conf") | .reason' "$S/status.json")" \
	"not a regular file (fifo)" "status.json: the FIFO's reason"
is "$(stat -c %F "$C/fifo.conf")" fifo "the FIFO is still a FIFO"

check
is "$rc" 1 "the next start gives the same verdicts"
masked >"$T/got"
diff_ok "$T/want" "$T/got" "... and the same notice"

# an unreadable file: only a user other than root can meet one
if ! command -v setpriv >/dev/null; then
	skip "setpriv is missing: cannot run as an unprivileged user"
	skip "setpriv is missing"
	skip "setpriv is missing"
elif [ "$(id -u)" -ne 0 ]; then
	skip "not root: the unreadable file was already checked above"
	skip "not root"
	skip "not root"
else
	chmod 755 "$T"
	mkdir "$T/state-nobody"
	chown 65534:65534 "$T/state-nobody"
	state=(--state "$T/state-nobody")
	mkdir -m 700 "$T/roothome"
	check env HOME="$T/roothome" setpriv --reuid=65534 --regid=65534 --clear-groups
	is "$err" "" "as an unprivileged user with root's HOME: no warning (the history was created)"
	like "$out" '^\[confcheck\] error  unreadable\.conf  cannot open: permission denied$' \
		"as an unprivileged user: an unreadable file is an error that says so"
	is "$(jq -r '.files[] | select(.path == "unreadable.conf") | .reason' "$T/state-nobody/status.json")" \
		"cannot open: permission denied" "status.json: the unreadable file's reason"
fi

done_testing
