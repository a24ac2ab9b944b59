#!/usr/bin/env bash
# The init runs as root; the app (and the watcher) run as PUID:PGID. Whatever
# the init creates in the state dir must belong to PUID:PGID, history included.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "not root: PUID/PGID only apply to a check run as root"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D/nginx" "$C/nginx"
for n in a b c; do
	printf '## Version 2024/01/01\n%s on;\n' "$n" >"$D/nginx/$n.conf.sample"
	cp "$D/nginx/$n.conf.sample" "$C/nginx/$n.conf"
done
echo 'customised;' >>"$C/nginx/b.conf"

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
is "$(stat -c %u:%g "$C" "$C/nginx/a.conf" | sort -u)" "0:0" "the config root and user files keep their owner"

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

check --state "$T/a/b/state"
is "$(foreign "$T/a")" "" "a state dir made several levels deep: every level belongs to 65534:65534"

# The app user runs with root's environment (s6-setuidgid keeps HOME) and
# cannot read root's home.
chmod 755 "$T"
mkdir -m 700 "$T/roothome"
printf '## Version 2024/09/01\na off;\n' >"$D/nginx/a.conf.sample"
run timeout 20 env HOME="$T/roothome" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 1 "the app user can run the check on the state the init left"
is "$err" "" "... and record a new image without a warning (HOME unreadable)"

check
is "$(foreign "$S")" "" "after both: still everything 65534:65534"

run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" --state "$T/rootstate"
is "$(find "$T/rootstate" -not -user 0 | wc -l)" 0 "without PUID/PGID the state stays root's"

done_testing
