#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# Polling, asked for with --poll or forced on the watcher when inotify cannot see the tree: a
# filesystem where it is blind, or the watch limit reached (a real ENOSPC, in a user namespace
# whose limit the test lowers). The status says so, with the reason, and edits still land.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

fixture
NG=nginx/nginx.conf
DEF=nginx/site-confs/default.conf

# --- --poll ----------------------------------------------------------------------------------

watch_start --poll 0.2
ok $? "watch --poll starts"
is "$(jq -r .watch "$STATUS")" poll 'status.json says "watch": "poll"'
is "$(jq -r .watcher.reason "$STATUS")" "polling was asked for (--poll)" "with the reason"
is "$(jq -r .watcher.poll_seconds "$STATUS")" 0.2 "and the interval"
is "$(jq -r .watcher.polled_files "$STATUS")" 7 "it polls the mapped files"
like "$(head -n 1 "$T/watch.out")" '^\[confcheck\] watching .*/config by polling every 0\.2 s: 7 files$' \
	"the log says how it watches"

echo '# mine' >>"$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"customized\""
ok $? "an edit is seen at the next tick"
is "$(said "$NG")" 1 "and told once"

printf '## Version 2024/01/01\nserver { listen 81; }\n' >"$C/nginx/site-confs/.tmp"
mv "$C/nginx/site-confs/.tmp" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "an atomic save is seen"

mkdir "$C/fail2ban" && cp "$D/fail2ban/jail.local.sample" "$C/fail2ban/jail.local"
wait_status '.files[] | select(.path == "fail2ban/jail.local") | .state == "current"'
ok $? "a new directory with a conf is seen"

rm -r "$C/nginx/site-confs"
wait_status "[.files[] | select(.path == \"$DEF\")] | length == 0"
ok $? "rm -r of a directory is seen"

rescans=$(jq .watcher.rescans "$STATUS")
"$CONFCHECK" ack nginx/ssl.conf >/dev/null 2>&1
wait_status ".watcher.rescans > $rescans and (.files[] | select(.path == \"nginx/ssl.conf\") | .flags | index(\"acknowledged\"))"
ok $? "an ack is seen by polling too"

rescans=$(jq .watcher.rescans "$STATUS")
kill -HUP "$WATCH_PID"
wait_status ".watcher.rescans > $rescans"
ok $? "SIGHUP rescans"
watch_stop
is "$watch_rc" 0 "SIGTERM stops it"

CONFCHECK_WATCH_POLL=0.3 watch_start
is "$(jq -r .watch "$STATUS")/$(jq -r .watcher.poll_seconds "$STATUS")" poll/0.3 \
	"CONFCHECK_WATCH_POLL does what --poll does"
watch_stop

"$CONFCHECK" watch --poll 0 >/dev/null 2>"$T/err"
is "$?" 2 "--poll 0 is a usage error"
like "$(cat "$T/err")" "^confcheck: --poll wants seconds" "that says what it wants"
"$CONFCHECK" watch --debounce x >/dev/null 2>&1
is "$?" 2 "so is a debounce that is not a number"
"$CONFCHECK" watch --ready-fd 97 >/dev/null 2>"$T/err"
is "$?" 2 "and a ready fd that is not open"

# --- degraded: a filesystem where inotify is blind -------------------------------------------

for fs in 0x6969:nfs 0x65735546:fuse 0x01021997:9p 0xff534d42:cifs; do
	CONFCHECK_TEST_FSTYPE=${fs%%:*} CONFCHECK_WATCH_FALLBACK=0.2 watch_start
	is "$(jq -r .watch "$STATUS")" degraded "on ${fs#*:} the watch is degraded"
	like "$(jq -r .watcher.reason "$STATUS")" "^the config root is on ${fs#*:}, where inotify misses" \
		"and the status says why"
	watch_stop
done
grep -q '^\[confcheck\] watch degraded to polling every 0\.2 s: the config root is on cifs, ' \
	"$T/watch.out"
ok $? "the log says it once, with the interval and the reason"

CONFCHECK_TEST_FSTYPE=0x6969 CONFCHECK_WATCH_FALLBACK=0.2 watch_start
cp "$D/$NG.sample" "$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"current\""
ok $? "degraded, edits are still seen"
watch_stop

# --- degraded: the watch limit reached (a real ENOSPC) ----------------------------------------

# A user namespace has its own inotify watch limit, which its root may lower.
limit_start() {
	local n=$1
	shift
	unshare -Ur sh -c "echo $n >/proc/sys/user/max_inotify_watches && exec \"\$@\"" sh \
		env CONFCHECK_WATCH_FALLBACK=0.2 "$CONFCHECK" watch "$@" \
		>"$T/watch.out" 2>"$T/watch.err" &
	WATCH_PID=$!
	wait_status ".watcher.pid == $WATCH_PID and .watch != \"stopped\""
}
if ! unshare -Ur sh -c 'echo 3 >/proc/sys/user/max_inotify_watches' 2>/dev/null; then
	for _ in 1 2 3 4 5; do ok 0 "the watch limit # SKIP no user namespace with its own limits"; done
else
	limit_start 2
	is "$(jq -r .watch "$STATUS")" degraded "with too few watches for the tree, it starts degraded"
	is "$(jq -r .watcher.reason "$STATUS")" \
		"the inotify watch limit is reached (fs.inotify.max_user_watches)" "and says why"
	watch_stop

	# enough for the tree as it is (4 directories and the state dir), not for one more
	rm -r "$C/fail2ban"
	mkdir -p "$C/nginx/site-confs" && cp "$D/$DEF.sample" "$C/$DEF"
	limit_start 5
	is "$(jq -r .watch "$STATUS")" inotify "with just enough watches it uses inotify"
	mkdir "$C/fail2ban" && cp "$D/fail2ban/jail.local.sample" "$C/fail2ban/jail.local"
	wait_status '.watch == "degraded" and (.files[] | select(.path == "fail2ban/jail.local") | .state == "current")'
	ok $? "a new directory past the limit degrades it at run time, and its conf is still seen"
	wait_grep '^\[confcheck\] rescanning: falling back to polling$' "$T/watch.out"
	ok $? "after a rescan, since events may have been lost"
	watch_stop
fi

done_testing
