#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# The config root itself goes under a running watcher: deleted (rm -rf) or moved away, with a
# gap or made again at once, a new directory renamed into its place. While it is gone the status
# says the watch is degraded and why; when a directory is there again the watcher opens it, watches
# it with inotify, and the status holds the verdicts of the files in it, not those of the old tree.
# Every step waits on status.json (or the log, when the status went with the root) with a deadline.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

fixture
NG=nginx/nginx.conf
DEF=nginx/site-confs/default.conf
SON=nginx/proxy-confs/sonarr.subdomain.conf
SSL=nginx/ssl.conf

# new_tree DIR: a config tree whose files have known verdicts: nginx.conf as shipped (current),
# default.conf changed by the user (customized), ssl.conf the older template (outdated, while the
# history that knows that version is kept); no sonarr conf.
new_tree() {
	mkdir -p "$1/nginx/site-confs"
	cp "$D/$NG.sample" "$1/$NG"
	printf '## Version 2024/01/01\nserver { listen 8080; }\n' >"$1/$DEF"
	cp "$T/ssl.v1" "$1/$SSL"
}

# verdicts_are NG DEF SSL: the jq condition that the status holds those states and no sonarr conf
verdicts_are() {
	printf '%s' "(.files[] | select(.path == \"$NG\") | .state == \"$1\") and" \
		"(.files[] | select(.path == \"$DEF\") | .state == \"$2\") and" \
		"(.files[] | select(.path == \"$SSL\") | .state == \"$3\") and" \
		"([.files[] | select(.path == \"$SON\")] | length == 0)"
}
WATCHING='.watch == "inotify" and .watcher.reason == null'

# The state dir out of the root first, so that status.json outlives the root and tells what the
# watcher does meanwhile.
mv "$C/.confcheck" "$T/state"
export CONFCHECK_STATE=$T/state
STATUS=$CONFCHECK_STATE/status.json

watch_start
ok $? "the watcher starts"
is "$(jq -r .watch "$STATUS")" inotify "with inotify"

# --- the root deleted, made again later --------------------------------------------------------

rm -rf "$C"
wait_status '.watch == "degraded" and .watcher.reason == "the config root went away"'
ok $? "the config root deleted: the status says the watch is degraded, and why"
is "$(jq -r .watcher.poll_seconds "$STATUS")" 1 "it looks for the root every second"
grep -qxF '[confcheck] watch degraded to polling every 1 s: the config root went away' \
	"$T/watch.out"
ok $? "and the log says so"
[ ! -e "$C" ]
ok $? "it does not make the root itself"

new_tree "$C"
wait_status "$WATCHING and $(verdicts_are current customized outdated)"
ok $? "made again: watched with inotify again, with the verdicts of the new files"
wait_line '[confcheck] rescanning: the config root came back' "$T/watch.out"
ok $? "the log says the root came back"
wait_line -F "[confcheck] $DEF: current -> customized" "$T/watch.out" &&
	wait_line -F "[confcheck] $SON: current -> missing" "$T/watch.out"
ok $? "and tells what changed from the verdicts before the root went"
is "$(jq -r .watcher.watched_directories "$STATUS")" 3 "the new root's directories are watched"

echo '# mine' >>"$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"customized\""
ok $? "an edit in the new root is seen"

# --- the root moved away, a new one moved in later ---------------------------------------------

mv "$C" "$T/config.old"
wait_status '.watch == "degraded" and .watcher.reason == "the config root went away"'
ok $? "the config root moved away: degraded, and why"
new_tree "$T/config.new"
mv "$T/config.new" "$C"
wait_status "$WATCHING and $(verdicts_are current customized outdated)"
ok $? "a directory moved into its place: watched with inotify, with the verdicts of its files"

echo '# edited in the old tree' >>"$T/config.old/$NG"
cp "$D/$DEF.sample" "$C/$DEF"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "an edit in the new root is seen"
is "$(state_of "$NG")" current "an edit in the old tree, moved away, is not"

# --- replaced at once: no gap to see ------------------------------------------------------------

new_tree "$T/config.next"
mv "$C" "$T/config.prev" && mv "$T/config.next" "$C"
wait_status "$WATCHING and $(verdicts_are current customized outdated)"
ok $? "a root replaced by a rename in one go: the verdicts of the new tree"
wait_line '[confcheck] rescanning: the config root was replaced' "$T/watch.out"
ok $? "the log says the root was replaced"
echo '# mine' >>"$C/$NG"
wait_status ".files[] | select(.path == \"$NG\") | .state == \"customized\""
ok $? "and the new root is watched"

rm -rf "$C" && new_tree "$C"
wait_status "$WATCHING and $(verdicts_are current customized outdated)"
ok $? "rm -rf and made again in one burst: the verdicts of the new files"
watch_stop
is "$watch_rc" 0 "it stops cleanly"
is "$(cat "$T/watch.err")" "" "nothing on stderr"

# --- polling (--poll) ---------------------------------------------------------------------------

watch_start --poll 0.1
rm -rf "$C"
wait_status '.watch == "degraded" and .watcher.reason == "the config root went away"'
ok $? "polling: the root deleted is noticed too"
new_tree "$C"
wait_status ".watch == \"poll\" and $(verdicts_are current customized outdated)"
ok $? "and made again it is polled again, with the verdicts of the new files"
watch_stop

# --- the state dir inside the root: it goes with it ---------------------------------------------

unset CONFCHECK_STATE
STATUS=$C/.confcheck/status.json
watch_start
ok $? "the watcher starts with the state dir in the config root"
rm -rf "$C"
wait_grep '^\[confcheck\] watch degraded to polling every 1 s: the config root went away$' \
	"$T/watch.out"
ok $? "the root deleted with its state dir: the log says the watch is degraded"
new_tree "$C"
# a history made anew knows only the templates shipped now: the older ssl.conf is unverified
wait_status "$WATCHING and $(verdicts_are current customized unverified)"
ok $? "made again: a new state dir in it, and a status with the verdicts of the new files"
rm -rf "$C" && new_tree "$C" && echo '# mine' >>"$C/$NG"
wait_status "$WATCHING and $(verdicts_are customized customized unverified)"
ok $? "rm -rf and made again in one burst: the status is there again, with the new verdicts"
watch_stop
is "$(cat "$T/watch.err")" "" "nothing on stderr: no write was tried where the root was"

done_testing
