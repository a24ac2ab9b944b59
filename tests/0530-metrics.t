#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# Prometheus gauges for node_exporter's textfile collector: `check --metrics FILE` and
# CONFCHECK_METRICS write them; the watcher keeps them current, with its mode. The file is
# replaced atomically and agrees with status.json.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

fixture
M=$T/textfile/confcheck.prom
mkdir -p "$T/textfile"

# value NAME{LABELS}: the sample's value in $M
value() {
	awk -v k="$1" '$1 == k { print $2 }' "$M"
}

# --- check --metrics ---------------------------------------------------------------------------

"$CONFCHECK" check --quiet --metrics "$M"
is "$?" 1 "check --metrics keeps the exit code (something needs a look)"
ok "$([ -s "$M" ] && echo 0 || echo 1)" "it writes the metrics file"
bad=$(grep -Ev '^# (HELP|TYPE) [a-z_]+ .+$|^[a-z_]+(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? [0-9]+(\.[0-9]+)?$' "$M")
is "$bad" "" "every line is a HELP, a TYPE or a sample in the text format"
for s in current customized outdated conflict unverified orphaned error; do
	is "$(value "confcheck_files{state=\"$s\"}")" "$(jq ".summary.$s" "$STATUS")" \
		"confcheck_files{state=\"$s\"} agrees with status.json"
done
is "$(value confcheck_unused_templates)" "$(jq .summary.unused "$STATUS")" "unused templates agree"
is "$(value confcheck_need_look)" 1 "need_look counts the outdated file"
now=$(date +%s)
ts=$(value confcheck_last_check_timestamp_seconds)
[ $((now - ts)) -ge 0 ] && [ $((now - ts)) -lt 60 ]
ok $? "the last verdict's time is now"
like "$(grep '^confcheck_info' "$M")" '^confcheck_info\{version="[^"]+",template_set="[0-9a-f]{8}"\} 1$' \
	"confcheck_info names the version and the template set"
is "$(grep -c confcheck_watch_mode "$M")" 0 "a check has no watch mode"
is "$(grep -c '^# TYPE' "$M")" 5 "each metric has its TYPE"
is "$(find "$T/textfile" -mindepth 1 | wc -l)" 1 "no temp file is left beside it"

rm "$M"
CONFCHECK_METRICS=$M "$CONFCHECK" check --quiet
ok "$([ -s "$M" ] && echo 0 || echo 1)" "CONFCHECK_METRICS does the same"

"$CONFCHECK" check --quiet --metrics "$T/nowhere/x.prom" 2>"$T/err"
is "$?" 1 "a metrics file that cannot be written does not change the exit code"
like "$(cat "$T/err")" "^\[confcheck\] warning: cannot write '.*/nowhere/x\.prom'" "it warns"

# --- the watcher -------------------------------------------------------------------------------

watch_start --metrics "$M"
ok $? "watch --metrics starts"
is "$(value 'confcheck_watch_mode{mode="inotify"}')" 1 "the watch mode is inotify"
is "$(grep -c '^confcheck_watch_mode{mode="[a-z]*"} 0$' "$M")" 3 "and every other mode 0"
echo '# mine' >>"$C/nginx/nginx.conf"
wait_status '.files[] | select(.path == "nginx/nginx.conf") | .state == "customized"'
is "$(value 'confcheck_files{state="customized"}')" "$(jq .summary.customized "$STATUS")" \
	"after an edit the metrics follow the status"
watch_stop
is "$(value 'confcheck_watch_mode{mode="stopped"}')" 1 "a stopped watcher says so"
is "$(find "$T/textfile" -mindepth 1 | wc -l)" 1 "still no temp file left"

CONFCHECK_TEST_FSTYPE=0x6969 CONFCHECK_METRICS=$M watch_start
is "$(value 'confcheck_watch_mode{mode="degraded"}')" 1 "a degraded watcher says so"
watch_stop

httpd_dir=$T/httpd
if command -v python3 >/dev/null 2>&1; then
	mkdir -p "$httpd_dir"
	bg_start python3 "$TOP/tests/httpd.py" "$httpd_dir"
	end=$(($(now_ms) + WAIT * 1000))
	while [ ! -s "$httpd_dir/port" ] && [ "$(now_ms)" -lt "$end" ]; do sleep 0.02; done
	CONFCHECK_NOTIFY_URL=http://127.0.0.1:$(cat "$httpd_dir/port")/x watch_start --metrics "$M"
	like "$(grep '^confcheck_notifications_total' "$M" | paste -sd ' ')" \
		'result="sent"\} 0 .*result="failed"\} 0 .*result="summarized"\} 0$' \
		"with notifications on, their counters are there too"
	mkfifo "$C/nginx/proxy-confs/radarr.subdomain.conf"
	wait_status '.watcher.notifications.sent == 1'
	ok $? "a file that needs a look is notified, and the status counts it once it is sent"
	is "$(value 'confcheck_notifications_total{result="sent"}')" 1 "the metrics count it too"
	watch_stop
else
	ok 0 "notification counters # SKIP python3 is not installed"
fi

done_testing
