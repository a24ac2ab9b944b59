#!/usr/bin/env bash
# Who confcheck runs as. The init starts it as root, over a volume that the
# app user (PUID) owns and may have turned hostile: before it opens anything
# there it becomes that user for good (PUID/PGID, else the config root's
# owner), with no supplementary groups. Whatever it creates is then the app
# user's without a single chown, and a file the app user cannot read is an
# error verdict.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "not root: confcheck changes user only when started as root"

chmod 755 "$T"
D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D/nginx" "$C/nginx"
for n in a b c; do
	printf '## Version 2024/01/01\n%s on;\n' "$n" >"$D/nginx/$n.conf.sample"
	cp "$D/nginx/$n.conf.sample" "$C/nginx/$n.conf"
done
echo 'customised;' >>"$C/nginx/b.conf"
chown -R 65534:65534 "$C"

# foreign PATH: every entry under PATH not owned by 65534:65534.
foreign() {
	find "$1" \( -not -user 65534 -o -not -group 65534 \) -printf '%u:%g %P\n'
}

check() {
	run timeout 20 env PUID=65534 PGID=65534 "$CONFCHECK" check --templates "$D" --config "$C" "$@"
}

check
is "$rc" 0 "first start as root with PUID/PGID: exit 0"
is "$err" "" "first start: no warning (the history was recorded)"
is "$(foreign "$S")" "" "first start: the state dir and everything in it belong to 65534:65534"
[ -n "$(find "$S/history/objects" -type f)" ]
ok $? "first start: the history holds objects (so they were checked above)"

printf '## Version 2024/06/01\nb off;\n' >"$D/nginx/b.conf.sample"
printf '## Version 2024/06/01\nc off;\n' >"$D/nginx/c.conf.sample"
check
is "$rc" 1 "new image: exit 1"
is "$err" "" "new image: no warning"
is "$(grep -c '^set' "$S/history/confcheck-index")" 2 "new image: two sets in the history"
is "$(foreign "$S")" "" "new image: the new history objects, index, files and status belong to 65534:65534"

printf 'garbage\n' >"$S/history/confcheck-index"
check
like "$err" 'was unreadable; rebuilt it' "a rebuilt index: warned"
is "$(foreign "$S")" "" "a rebuilt index belongs to 65534:65534 too"

# Without PUID, the config root's owner is the app user.
rm -rf "$S"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc:$err" "1:" "no PUID: the check runs as the config root's owner"
is "$(foreign "$S")" "" "no PUID: what it made belongs to the config root's owner"

# PGID defaults to PUID's number; a PUID that is no number stops it.
rm -rf "$S"
run timeout 20 env PUID=65534 "$CONFCHECK" check --templates "$D" --config "$C"
is "$(foreign "$S")" "" "PUID alone: the group is PUID's number"
run timeout 20 env PUID=abc "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 2 "PUID that is not a number: exit 2"
like "$err" "^confcheck: PUID 'abc' is not a user id" "PUID that is not a number: says so"
listing() { find "$S" -printf '%P %u %s %T@\n' | sort; }
before=$(listing)
run timeout 20 env PUID=abc "$CONFCHECK" check --init --templates "$D" --config "$C"
is "$rc" 0 "PUID that is not a number with --init: the init goes on"
is "$(listing)" "$before" "... and nothing is written as root"

# The supplementary groups go too: a file only root's extra group may read
# is an error verdict, read by nobody.
chown 0:4242 "$C/nginx/a.conf"
chmod 640 "$C/nginx/a.conf"
run timeout 20 setpriv --groups=4242 env PUID=65534 PGID=65534 "$CONFCHECK" check --json \
	--templates "$D" --config "$C"
is "$(printf '%s' "$out" | jq -r '.files[] | select(.path == "nginx/a.conf") | .state + " " + .reason')" \
	"error cannot open: permission denied" "root's supplementary groups are cleared"
chown 65534:65534 "$C/nginx/a.conf"

# A user file the app user cannot read is an error, with its reason.
chown 0:0 "$C/nginx/c.conf"
chmod 600 "$C/nginx/c.conf"
check --json
is "$(printf '%s' "$out" | jq -r '.files[] | select(.path == "nginx/c.conf") | .state + " " + .reason')" \
	"error cannot open: permission denied" "a file the app user cannot read: an error with its reason"
chown 65534:65534 "$C/nginx/c.conf"
chmod 644 "$C/nginx/c.conf"

# PUID=0 runs as root, and root writes no state dir that another user owns.
run timeout 20 env PUID=0 "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 1 "PUID=0: the check runs"
like "$err" "state dir '$S' belongs to uid 65534, not to uid 0 that confcheck runs as" \
	"PUID=0: root refuses the app user's state dir"
is "$(foreign "$S")" "" "PUID=0: nothing in it becomes root's"

# Nor one of root's own that lies in the app user's volume: the app user
# could move it away during the run and put a symlink in its place, where
# libgit2, which works by path, would follow it.
rm -rf "$S"
mkdir -m 755 "$S"
run timeout 20 env PUID=0 "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 1 "PUID=0, a state dir of root's in a config root of 65534's: the check runs"
like "$err" "state dir '$S' lies in a folder that another user may change \(owner uid 65534," \
	"PUID=0: a state dir whose folder the app user may change is not written"
is "$(find "$S" -mindepth 1 | wc -l)" 0 "PUID=0: nothing is written there"
rm -rf "$S"
check

# Root stays root only over a config root that nobody else can point
# elsewhere: a link in the app user's own folder that names a directory of
# root's must not make root read it.
mkdir -m 700 "$T/rootonly"
printf 'root secret\n' >"$T/rootonly/nginx.conf"
mkdir -p "$T/rootonly/nginx"
cp "$T/rootonly/nginx.conf" "$T/rootonly/nginx/a.conf"
ln -s "$T/rootonly" "$C/app2"
chown -h 65534:65534 "$C/app2"
run timeout 20 "$CONFCHECK" diff --templates "$D" --config "$C/app2" nginx/a.conf
is "$rc" 2 "a config root named through the app user's link to root's folder: refused"
like "$err" "config root '$C/app2' goes through '$C', which uid 65534 may change" \
	"... saying where the path could be turned"
unlike "$out$err" "root secret" "... and root's file is never read"
rm "$C/app2"

# A root-owned config root that a group may write: root keeps root's group
# alone, so that group's folders are not taken for root's own.
mkdir -p "$T/groupconf/nginx"
cp "$C/nginx/a.conf" "$T/groupconf/nginx/a.conf"
chown root:65534 "$T/groupconf"
chmod 2775 "$T/groupconf"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$T/groupconf"
like "$err" "state dir '$T/groupconf/.confcheck' lies in a folder that another user may change \(owner uid 0, group 65534, mode 2775\)" \
	"a group-writable config root of root's: root writes no state dir there"
ok "$([ ! -e "$T/groupconf/.confcheck/history" ] && echo 0 || echo 1)" "... and no history"

# The app user runs with root's environment (s6-setuidgid keeps HOME) and
# cannot read root's home.
mkdir -m 700 "$T/roothome"
printf '## Version 2024/09/01\na off;\n' >"$D/nginx/a.conf.sample"
run timeout 20 env HOME="$T/roothome" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 1 "the app user can run the check on the state the init left"
is "$err" "" "... and record a new image without a warning (HOME unreadable)"

check
is "$(foreign "$S")" "" "after both: still everything 65534:65534"

mkdir -p "$T/rootconfig"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$T/rootconfig" --state "$T/rootstate"
is "$(find "$T/rootstate" -not -user 0 | wc -l)" 0 "a config root that root owns: the state stays root's"

done_testing
