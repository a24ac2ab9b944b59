#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# The watcher watches what a mapping file places: a suffix-less file at the top of the config
# root, a file in a folder the user has not made yet, a renamed file from outside the template
# roots; a file a map says is not the user's stays without a verdict however it changes.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

D=$T/defaults C=$T/config A=$T/app
STATUS=$C/.confcheck/status.json
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C
mkdir -p "$D/smoke-conf" "$A/www" "$C/www" "$C/fail2ban/filter.d" "$D/fail2ban/filter.d"
printf '*** Alerts ***\nto = a@example.org\n' >"$D/smoke-conf/Alerts"
printf '[Preferences]\nWebUI\\Port=8080\n' >"$D/qBittorrent.conf"
printf 'APP_KEY=\n' >"$A/www/.env.example"
printf '[Definition]\n' >"$D/fail2ban/filter.d/bad.conf"
cat >"$D/confcheck.map" <<EOF
smoke-conf/*          *
qBittorrent.conf      qBittorrent/qBittorrent.conf
$A/www/.env.example   www/.env
fail2ban/filter.d/*   -
EOF
cp "$D/smoke-conf/Alerts" "$C/Alerts"
cp "$A/www/.env.example" "$C/www/.env"
cp "$D/fail2ban/filter.d/bad.conf" "$C/fail2ban/filter.d/bad.conf"
"$CONFCHECK" check --quiet >/dev/null 2>&1

watch_start
ok $? "the watcher starts over a mapped volume"
is "$(state_of Alerts)" current "a file at the top of the config root has its verdict"
is "$(jq .summary.unused "$STATUS")" 1 "qBittorrent.conf has no user file yet"

echo 'from = me@example.org' >>"$C/Alerts"
wait_status '.files[] | select(.path == "Alerts") | .state == "customized"'
ok $? "an edit to a suffix-less file at the top is seen"
wait_grep '^\[confcheck\] Alerts: current -> customized$' "$T/watch.out"
ok $? "and logged once"

echo 'APP_KEY=base64:x' >"$C/www/.env"
wait_status '.files[] | select(.path == "www/.env") | .state == "customized"'
ok $? "an edit to a renamed file from outside the template roots is seen"

mkdir "$C/qBittorrent"
cp "$D/qBittorrent.conf" "$C/qBittorrent/qBittorrent.conf"
wait_status '.files[] | select(.path == "qBittorrent/qBittorrent.conf") | .state == "current"'
ok $? "a mapped file in a folder made after the start is seen"
is "$(jq .summary.unused "$STATUS")" 0 "and is no longer unused"

# the edit first, then one that is a verdict: when that is seen, so was the first
echo 'failregex = mine' >>"$C/fail2ban/filter.d/bad.conf"
cp "$A/www/.env.example" "$C/www/.env"
wait_status '.files[] | select(.path == "www/.env") | .state == "current"'
ok $? "an edit back to the template is seen"
is "$(state_of fail2ban/filter.d/bad.conf)" missing "a file a map says is not the user's gets no verdict"
is "$(said fail2ban/filter.d/bad.conf)" 0 "and no transition"

watch_stop
is "$watch_rc" 0 "SIGTERM ends it cleanly"

done_testing
