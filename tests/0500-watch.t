#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# The watcher keeps status.json true while files change: edits, editors' atomic saves, new and
# removed directories, directories moved out and back, a file deleted and recreated, a burst of
# a thousand edits, an overflowed event queue, SIGHUP, ack while it runs, readiness for s6,
# SIGTERM and SIGINT, and dropping to PUID/PGID. Every step waits on status.json with a
# deadline; nothing sleeps and hopes.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

fixture
NG=nginx/nginx.conf
DEF=nginx/site-confs/default.conf
SON=nginx/proxy-confs/sonarr.subdomain.conf

# --- start, readiness ------------------------------------------------------------------------

watch_start --ready-fd 3 3>"$T/ready"
ok $? "the watcher starts and writes its first status"
is "$(jq -r .watch "$STATUS")" inotify 'status.json says "watch": "inotify"'
is "$(jq -r .watcher.reason "$STATUS")" null "with no reason to degrade"
wait_grep '^$' "$T/ready" 5
is "$(od -An -c "$T/ready" | tr -d ' ')" '\n' "readiness: one newline on the notification fd"
like "$(head -n 1 "$T/watch.out")" \
	'^\[confcheck\] watching .*/config with inotify: 4 directories, 7 files, debounce 200 ms$' \
	"it says what it watches: only the directories on the way to a mapped path"
is "$(jq -r .watcher.watched_directories "$STATUS")" 4 "the status counts them too"
is "$(jq .summary.unused "$STATUS")" 3 "three templates have no user file yet: unused"

# --- an edit ---------------------------------------------------------------------------------

echo 'worker_connections 512;' >>"$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"customized\""
ok $? "an edit makes the file customized"
wait_grep "^\[confcheck\] $NG: current -> customized\$" "$T/watch.out"
ok $? "the transition is logged in the agreed form"
is "$(said "$NG")" 1 "once"
is "$(jq -c 'select(.path == "nginx/nginx.conf") | [.from, .to, .template_version]' "$EVENTS")" \
	'["current","customized","2024-02-01"]' "and appended to events.ndjson"

# --- an editor's atomic save: temp file renamed over the conf --------------------------------

printf '## Version 2024/01/01\nserver { listen 8080; }\n' >"$C/nginx/site-confs/.default.conf.swp"
mv "$C/nginx/site-confs/.default.conf.swp" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "a temp file renamed over the conf is seen"
cp "$D/$DEF.sample" "$C/nginx/site-confs/default.conf~"
mv "$C/nginx/site-confs/default.conf~" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "and a second atomic save back to the template"
is "$(said "$DEF")" 2 "two saves, two transitions"
is "$(said 'nginx/site-confs/.default.conf.swp')" 0 "the temp file itself is no verdict"

# --- a new directory, then a conf in it --------------------------------------------------------

mkdir "$C/fail2ban"
cp "$D/fail2ban/jail.local.sample" "$C/fail2ban/jail.local"
wait_status '.files[] | select(.path == "fail2ban/jail.local") | .state == "current"'
ok $? "mkdir followed at once by a new conf is seen"
is "$(jq .summary.unused "$STATUS")" 2 "a template that gets its user file is no longer unused"
mkdir -p "$C/app/conf.d/deep" && echo 'x = 2' >"$C/app/conf.d/deep/x.conf"
wait_status '.files[] | select(.path == "app/conf.d/deep/x.conf") | .state != null'
ok $? "mkdir -p of three levels and a conf at the bottom is seen"
is "$(state_of app/conf.d/deep/x.conf)" unverified "with the right verdict"
is "$(jq .summary.unused "$STATUS")" 1 "and one template is left unused"

# --- rm -r of a directory, a directory moved out and back in ---------------------------------

rm -r "$C/nginx/proxy-confs"
wait_status "[.files[] | select(.path == \"$SON\")] | length == 0"
ok $? "rm -r of a directory removes its confs from the status"
wait_line -F "[confcheck] $SON: current -> missing" "$T/watch.out"
ok $? "and logs them as missing"
is "$(jq .summary.unused "$STATUS")" 2 "the removed conf's template is unused again"
run "$CONFCHECK" status
like "$out" '^summary current=[0-9]+ customized=[0-9]+ outdated=[0-9]+ conflict=0 unverified=1 orphaned=0 error=0 unused=2$' \
	"confcheck status shows the watcher's unused count"
like "$out" '^watch: inotify$' "and that the watcher keeps it"

mv "$C/nginx/site-confs" "$T/site-confs.away"
wait_status "[.files[] | select(.path == \"$DEF\")] | length == 0"
ok $? "a directory moved out of the config root takes its conf with it"
echo '# edited while away' >>"$T/site-confs.away/default.conf"
mv "$T/site-confs.away" "$C/nginx/site-confs"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "moved back in, it is watched again with the verdict of what it holds now"
printf '## Version 2024/01/01\nserver { listen 81; }\n' >"$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .user_hash != null and (.flags | length) == 0 and .state == \"customized\""
cp "$D/$DEF.sample" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "and edits inside it are seen (the directory is watched again, not the old one)"

# --- a directory deleted and made again at once ----------------------------------------------

echo '# looked up last' >>"$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
rm -r "$C/nginx/site-confs" && mkdir "$C/nginx/site-confs" && cp "$D/$DEF.sample" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "a directory removed and made again in one burst: the conf in the new one is read"

# --- a file deleted, then recreated ----------------------------------------------------------

rm "$C/$NG"
wait_status "[.files[] | select(.path == \"$NG\")] | length == 0"
ok $? "a deleted conf goes"
cp "$D/$NG.sample" "$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"current\""
ok $? "the same file recreated comes back"

# --- a thousand quick edits ------------------------------------------------------------------

before=$(said "$DEF")
batches=$(jq .watcher.batches "$STATUS")
f=$C/$DEF
for i in $(seq 1 1000); do
	printf '## Version 2024/01/01\nserver { listen %d; }\n' "$i" >"$f"
done
printf '## Version 2024/01/01\nserver { listen 9999; }\n' >"$f"
hash=$(xxhsum -H3 "$f" 2>/dev/null | awk '{ print $NF }')
wait_status ".files[] | select(.path == \"$DEF\") | .user_hash == \"$hash\""
ok $? "after 1,000 quick edits the status holds the last content"
is "$(state_of "$DEF")" customized "with the right verdict"
is "$(($(said "$DEF") - before))" 1 "the burst told one transition"
spent=$(($(jq .watcher.batches "$STATUS") - batches))
[ "$spent" -ge 1 ] && [ "$spent" -le 10 ]
ok $? "and cost a few debounced re-verdicts, not a thousand ($spent)"

# --- .sample files, the state dir and other files are left out -------------------------------

echo '# noise' >>"$C/nginx/nginx.conf.sample"
echo 'more' >>"$C/log/nginx/access.log"
touch "$C/.confcheck/noise"
mkdir -p "$C/nginx/proxy-confs"
cp "$D/$SON.sample" "$C/$SON.sample"
cp "$D/$SON.sample" "$C/$SON"
wait_status ".files[] | select(.path == \"$SON\") | .state == \"current\""
ok $? "a later change is seen (the sentinel for the next assertions)"
is "$(grep -c 'sample\|access.log\|noise' "$T/watch.out")" 0 \
	"*.sample, unrelated files and the state dir gave no transition"

# --- an overflowed event queue: a real one, with the watcher stopped -------------------------

max=$(cat /proc/sys/fs/inotify/max_queued_events 2>/dev/null || echo 16384)
if [ "$max" -gt 200000 ]; then
	ok 0 "an overflowed queue triggers a rescan # SKIP max_queued_events is $max"
	ok 0 "the edit lost in the overflow is found # SKIP"
else
	rescans=$(jq .watcher.rescans "$STATUS")
	kill -STOP "$WATCH_PID"
	# each new file queues a create and a close; the queue holds $max events
	for i in $(seq 1 $((max / 2 + 500))); do : >"$C/nginx/j$i"; done
	echo '# lost in the overflow' >>"$C/$NG"
	kill -CONT "$WATCH_PID"
	wait_status ".watcher.rescans > $rescans and (.files[] | select(.path == \"$NG\") | .state == \"customized\")"
	ok $? "an overflowed queue triggers a rescan"
	wait_grep '^\[confcheck\] rescanning: the event queue overflowed$' "$T/watch.out"
	ok $? "the edit lost in the overflow is found, and the rescan is logged"
	find "$C/nginx" -maxdepth 1 -name 'j*' -delete
fi

# --- SIGHUP: a full rescan that reads the templates again ------------------------------------

tpl nginx/proxy-confs/lidarr.subdomain.conf 2024/06/01 'location /lidarr {}'
cp "$D/nginx/proxy-confs/lidarr.subdomain.conf.sample" "$C/nginx/proxy-confs/lidarr.subdomain.conf"
rescans=$(jq .watcher.rescans "$STATUS")
kill -HUP "$WATCH_PID"
wait_status ".watcher.rescans > $rescans and (.files[] | select(.path == \"nginx/proxy-confs/lidarr.subdomain.conf\") | .state == \"current\")"
ok $? "SIGHUP rescans and picks up a template added to the image"
echo '# mine' >>"$C/nginx/proxy-confs/lidarr.subdomain.conf"
wait_status '.files[] | select(.path == "nginx/proxy-confs/lidarr.subdomain.conf") | .state == "customized"'
ok $? "and the new conf is watched from then on"

# --- ack while the watcher runs --------------------------------------------------------------

SSL=nginx/ssl.conf
is "$(state_of "$SSL")" outdated "a file whose template moved on is outdated"
rescans=$(jq .watcher.rescans "$STATUS")
timeout 10 "$CONFCHECK" ack "$SSL" >"$T/ack.out" 2>&1
is "$?" 0 "confcheck ack does not wait for the watcher's lock"
wait_status ".watcher.rescans > $rescans and (.files[] | select(.path == \"$SSL\") | .flags | index(\"acknowledged\"))"
ok $? "the watcher reads the acks again and keeps the flag in the status it writes"
wait_line -F "[confcheck] $SSL: outdated -> outdated (acknowledged)" "$T/watch.out"
ok $? "and logs the acknowledgement"
echo '# after the ack' >>"$C/$SSL"
wait_status ".files[] | select(.path == \"$SSL\") | .state == \"conflict\" and (.flags | index(\"acknowledged\")) == null"
ok $? "an edit after the ack makes it a conflict that needs a look again"
wait_line -F "[confcheck] $SSL: outdated (acknowledged) -> conflict" "$T/watch.out"
ok $? "the log shows the flag that went"

# --- names are data --------------------------------------------------------------------------

tpl "nginx/odd name.conf" 2024/01/01 'odd'
rescans=$(jq .watcher.rescans "$STATUS")
kill -HUP "$WATCH_PID"
wait_status ".watcher.rescans > $rescans"
printf 'x\n' >"$C/nginx/odd name.conf"
wait_status '.files[] | select(.path == "nginx/odd name.conf") | .state != null'
wait_grep '^\[confcheck\] nginx/odd\\x20name.conf: missing -> ' "$T/watch.out"
ok $? "a name with a space is escaped in the log line"

# --- stopping --------------------------------------------------------------------------------

watch_stop TERM
is "$watch_rc" 0 "SIGTERM: exit 0"
limit=1000
[ -n "${CONFCHECK_SANITIZED:-}" ] && limit=5000
[ "$watch_ms" -lt "$limit" ]
ok $? "within a second (${watch_ms} ms)"
is "$(jq -r .watch "$STATUS")" stopped 'status.json says "watch": "stopped"'
is "$(tail -n 1 "$T/watch.out")" '[confcheck] stopped' "and the log says so"
is "$(cat "$T/watch.err")" "" "nothing on stderr"

watch_start
ok $? "it starts again"
is "$(grep -c ' -> ' "$T/watch.out")" 0 "a restart on an unchanged tree tells no transition"
watch_stop INT
is "$watch_rc" 0 "SIGINT: exit 0"

# --- dropping to PUID/PGID -------------------------------------------------------------------

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	why="not root"
	[ "$(id -u)" = 0 ] && why="no setpriv to prepare the user's state dir"
	ok 0 "drops to PUID/PGID # SKIP $why"
	ok 0 "with no supplementary group # SKIP $why"
	ok 0 "still sees edits as that user # SKIP $why"
	ok 0 "with no warning # SKIP $why"
else
	# a state dir that belongs to that user, as the image's init leaves it
	chmod 755 "$T"
	export CONFCHECK_STATE=$T/state-nobody
	STATUS=$CONFCHECK_STATE/status.json
	mkdir "$CONFCHECK_STATE" && chown 65534:65534 "$CONFCHECK_STATE"
	# (HOME too: libgit2 in the check would stat root's .gitconfig and fail)
	HOME=$CONFCHECK_STATE setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CONFCHECK" check --quiet >/dev/null 2>&1
	PUID=65534 PGID=65534 watch_start
	ids=$(awk '/^Uid:|^Gid:/ { print $1, $2, $3, $4, $5 }' "/proc/$WATCH_PID/status" | paste -sd ' ')
	is "$ids" "Uid: 65534 65534 65534 65534 Gid: 65534 65534 65534 65534" \
		"as root with PUID/PGID it drops to that user, real, effective and saved"
	is "$(awk '/^Groups:/ { print $2 }' "/proc/$WATCH_PID/status")" "" "with no supplementary group"
	echo '# as nobody' >>"$C/$SON"
	wait_status ".files[] | select(.path == \"$SON\") | .state == \"customized\""
	ok $? "and still sees edits and writes the status as that user"
	watch_stop
	is "$(cat "$T/watch.err")" "" "with no warning"
fi

done_testing
