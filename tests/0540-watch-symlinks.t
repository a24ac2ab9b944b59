#!/bin/bash
# shellcheck disable=SC2119 # the watch helpers take optional arguments
# Symlinked directories on the way to a conf. One that stays inside the config root is watched
# where it leads: edits behind it are seen, and so are a symlink retargeted, removed or left
# dangling (a target made again later is found by the next rescan). One that leaves the root
# is not followed, and a symlink loop costs nothing.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

fixture
DEF=nginx/site-confs/default.conf
SON=nginx/proxy-confs/sonarr.subdomain.conf

# hash_is PATH FILE: the status holds FILE's content as PATH's
hash_is() {
	wait_status ".files[] | select(.path == \"$1\") | .user_hash == \"$(xxhsum -H3 <"$2" | awk '{ print $NF }')\""
}
# settle: waits until an edit of a sentinel is seen, so that the batch a start makes of files
# changed just before it is done, and what follows is seen through the watches alone
settle() {
	echo '# sentinel' >>"$C/nginx/nginx.conf"
	hash_is nginx/nginx.conf "$C/nginx/nginx.conf"
}

# the site confs live in a folder of the user's, reached through a symlink
mv "$C/nginx/site-confs" "$C/my-sites"
ln -s ../my-sites "$C/nginx/site-confs"
watch_start
ok $? "the watcher starts with a symlinked directory on the way to a conf"
is "$(state_of "$DEF")" current "the conf behind it has its verdict"
settle

echo '# mine' >>"$C/my-sites/default.conf"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "an edit made in the target directory is seen"
cp "$D/$DEF.sample" "$C/nginx/site-confs/.default.conf.tmp"
mv "$C/nginx/site-confs/.default.conf.tmp" "$C/nginx/site-confs/default.conf"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "and so is an atomic save made through the symlink"
is "$(said "$DEF")" 2 "each change told once, not once per way to the directory"

# --- retargeted, dangling, removed -------------------------------------------------------------

mkdir "$C/other-sites"
printf '## Version 2024/01/01\nserver { listen 8443; }\n' >"$C/other-sites/default.conf"
ln -s ../other-sites "$C/nginx/site-confs.new"
mv -T "$C/nginx/site-confs.new" "$C/nginx/site-confs"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "a symlink replaced by one to another directory: the conf there is read"
echo '# old target' >>"$C/my-sites/default.conf"
echo '# new target' >>"$C/other-sites/default.conf"
hash_is "$DEF" "$C/other-sites/default.conf"
ok $? "edits in the new target are seen"
is "$(grep -c "$DEF" "$T/watch.out")" 3 "and the old target's no longer count"

rm -r "$C/other-sites"
wait_status "[.files[] | select(.path == \"$DEF\")] | length == 0"
ok $? "the target removed, the symlink dangles: the conf is gone"
mkdir "$C/other-sites" && cp "$D/$DEF.sample" "$C/other-sites/default.conf"
kill -HUP "$WATCH_PID"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"current\""
ok $? "the target made again: a rescan brings the conf back"
echo '# found again' >>"$C/other-sites/default.conf"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "and watches it again"

rm "$C/nginx/site-confs"
wait_status "[.files[] | select(.path == \"$DEF\")] | length == 0"
ok $? "the symlink removed: the conf is gone"
ln -s ../my-sites "$C/nginx/site-confs"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "and a new symlink brings the conf behind it back"

# --- two ways to one directory ------------------------------------------------------------------

tpl nginx/site-confs/sonarr.subdomain.conf 2024/03/01 'location /sonarr {}'
rescans=$(jq .watcher.rescans "$STATUS")
kill -HUP "$WATCH_PID"
wait_status ".watcher.rescans > $rescans"
rm -r "$C/nginx/proxy-confs"
ln -s ../my-sites "$C/nginx/proxy-confs"
cp "$D/$SON.sample" "$C/my-sites/sonarr.subdomain.conf"
wait_status "[.files[] | select(.path == \"$SON\" or .path == \"nginx/site-confs/sonarr.subdomain.conf\") | .state] == [\"current\", \"current\"]"
ok $? "two symlinks to one directory: a new file there is seen on both ways"
echo '# both' >>"$C/my-sites/sonarr.subdomain.conf"
wait_status "[.files[] | select(.path == \"$SON\" or .path == \"nginx/site-confs/sonarr.subdomain.conf\") | .state] == [\"customized\", \"customized\"]"
ok $? "and so is an edit"

# --- out of the root, and loops ----------------------------------------------------------------

mkdir -p "$T/outside"
cp "$D/$SON.sample" "$T/outside/sonarr.subdomain.conf"
rm "$C/nginx/proxy-confs"
ln -s "$T/outside" "$C/nginx/proxy-confs"
wait_status ".files[] | select(.path == \"$SON\") | .state == \"error\""
ok $? "a symlink out of the config root: its conf is an error"
dirs=$(jq .watcher.watched_directories "$STATUS")
echo '# outside' >>"$T/outside/sonarr.subdomain.conf"
settle
is "$(state_of "$SON")" error "an edit out there changes nothing"
is "$(jq .watcher.watched_directories "$STATUS")" "$dirs" "and nothing out there is watched"

rm "$C/nginx/proxy-confs"
ln -s proxy-confs "$C/nginx/proxy-confs"
wait_status ".files[] | select(.path == \"$SON\") | .state == \"error\" or ([.files[] | select(.path == \"$SON\")] | length == 0)"
ok $? "a symlink to itself: no hang, and no verdict it cannot back"
echo '# after the loop' >>"$C/my-sites/default.conf"
hash_is "$DEF" "$C/my-sites/default.conf"
ok $? "the watcher goes on"

watch_stop
is "$watch_rc" 0 "and stops cleanly"

# --- a link further along the way -------------------------------------------------------------

rm -r "$C/nginx/proxy-confs" "$C/nginx/site-confs"
mkdir -p "$C/data/sites-a" "$C/data/sites-b"
cp "$D/$DEF.sample" "$C/data/sites-a/default.conf"
printf '## Version 2024/01/01\nserver { listen 8443; }\n' >"$C/data/sites-b/default.conf"
ln -s data/sites-a "$C/sites"
ln -s ../sites "$C/nginx/site-confs"
watch_start
is "$(state_of "$DEF")" current "a conf behind two symlinks has its verdict"
settle
ln -s data/sites-b "$C/sites.new" && mv -T "$C/sites.new" "$C/sites"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "the second link retargeted: the conf it leads to now is read"
echo '# in b' >>"$C/data/sites-b/default.conf"
hash_is "$DEF" "$C/data/sites-b/default.conf"
ok $? "and edits there are seen"
watch_stop

# --- a target made unreadable ----------------------------------------------------------------

if [ "$(id -u)" = 0 ]; then
	# root reads anything: the watcher drops to an unprivileged user, who owns its state dir
	chmod 755 "$T"
	export CONFCHECK_STATE=$T/state-nobody
	STATUS=$CONFCHECK_STATE/status.json
	mkdir "$CONFCHECK_STATE" && chown 65534:65534 "$CONFCHECK_STATE"
	PUID=65534 PGID=65534 watch_start
else
	watch_start
fi
is "$(state_of "$DEF")" customized "the watcher reads the conf behind the links"
settle
chmod 000 "$C/data/sites-b"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"error\""
ok $? "its target directory made unreadable: the conf is an error"
chmod 755 "$C/data/sites-b"
wait_status ".files[] | select(.path == \"$DEF\") | .state == \"customized\""
ok $? "and readable again: its verdict is back"
watch_stop
unset CONFCHECK_STATE
STATUS=$C/.confcheck/status.json

# --- a state dir that holds the config root ----------------------------------------------------

STATUS=$T/status.json
CONFCHECK_STATE=$T watch_start
is "$(jq -r .watch "$STATUS")" inotify "a state dir that holds the config root leaves inotify on"
echo '# above' >>"$C/nginx/nginx.conf"
hash_is nginx/nginx.conf "$C/nginx/nginx.conf"
ok $? "and edits are seen"
watch_stop

done_testing
