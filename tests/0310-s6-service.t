#!/usr/bin/env bash
# 0310-s6-service.t - svc-confcheck under a real s6 supervision tree.
#
# The service directory is copied into a scandir in $T, with a stand-in for
# s6-overlay's with-contenv (it loads the "container environment" from an
# envdir, then runs the rest) and first a stand-in confcheck that records how
# the watcher was started, signals readiness and idles, then the real one.
# Checked: idle by default, and ready; with CONFCHECK_WATCH=true
# `confcheck watch --ready-fd 3` runs as CONFCHECK_USER and its readiness
# reaches s6; a missing user idles instead of looping; the real watcher sees
# an edit under supervision; `s6-svc -d` stops it cleanly.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

for p in s6-svscan s6-supervise s6-svc s6-svstat s6-svwait s6-svok s6-svscanctl s6-setuidgid; do
	command -v "$p" >/dev/null 2>&1 || skip_all "s6 is not installed ($p is missing)"
done

src=$TOP/root/etc/s6-overlay/s6-rc.d/svc-confcheck
scan=$T/scan
svc=$scan/svc-confcheck
envdir=$T/env
out=$T/out

# wait_until TENTHS CMD...: poll CMD every tenth of a second, at most TENTHS times.
wait_until() {
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# gone PID: the process has exited.
gone() { ! kill -0 "$1" 2>/dev/null; }
# is_sleep PID: the process is 'sleep infinity' (exec'd already).
is_sleep() { [ "$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" = "sleep infinity " ]; }

# The watcher runs as another user, who must reach the stand-ins in $T.
if [ "$(id -u)" -eq 0 ]; then
	watch_user=nobody
else
	watch_user=$(id -un)
fi
watch_uid=$(id -u "$watch_user" 2>/dev/null) || watch_uid=
can_setuid=0
if [ -n "$watch_uid" ] && s6-setuidgid "$watch_user" true 2>/dev/null; then
	can_setuid=1
fi
chmod 0711 "$T"
mkdir -p "$T/bin" "$envdir" "$out" "$svc"
chmod 1777 "$out"

cat >"$T/bin/with-contenv" <<EOF
#!/bin/sh
# stand-in for s6-overlay's with-contenv: load the container environment
for f in "$envdir"/*; do
	[ -f "\$f" ] && export "\${f##*/}=\$(cat "\$f")"
done
exec "\$@"
EOF
cat >"$T/bin/confcheck" <<EOF
#!/bin/sh
# stand-in for the watcher: record how it was started, signal readiness, idle
fd=
for a in "\$@"; do
	[ "\$prev" = --ready-fd ] && fd=\$a
	prev=\$a
done
{
	echo "argv: \$*"
	echo "uid: \$(id -u)"
	echo "config: \${CONFCHECK_CONFIG:-}"
} >"$out/watch.log.tmp" && mv "$out/watch.log.tmp" "$out/watch.log"
case \$fd in
[0-9]) eval "echo >&\$fd" ;;
esac
exec sleep infinity
EOF
chmod 0755 "$T/bin/with-contenv" "$T/bin/confcheck"

# The service as s6-overlay would install it, but with our with-contenv.
first=$(head -n 1 "$src/run")
is "$first" "#!/usr/bin/with-contenv bash" "run starts with the with-contenv bash shebang"
is "$(cat "$src/type")" "longrun" "svc-confcheck is a longrun"
is "$(cat "$src/notification-fd")" "3" "readiness is notified on fd 3"
ok "$([ -f "$src/dependencies.d/init-services" ] && echo 0 || echo 1)" "svc-confcheck depends on init-services"
{
	echo "#!$T/bin/with-contenv bash"
	tail -n +2 "$src/run"
} >"$svc/run"
chmod 0755 "$svc/run"
cp "$src/notification-fd" "$svc/notification-fd"

svscan_pid=
stop_s6() {
	if [ -n "$svscan_pid" ]; then
		s6-svc -d "$svc" 2>/dev/null
		s6-svscanctl -t "$scan" 2>/dev/null
		wait_until 50 gone "$svscan_pid" || kill -9 "$svscan_pid" 2>/dev/null
		wait "$svscan_pid" 2>/dev/null
		svscan_pid=
	fi
}
trap 'stop_s6; cleanup' EXIT

PATH="$T/bin:$PATH" s6-svscan "$scan" >"$T/svscan.log" 2>&1 &
svscan_pid=$!

wait_until 100 s6-svok "$svc"
ok $? "s6-supervise is watching the service"
supervise_pids=$(ps -o pid= --ppid "$svscan_pid")

# --- idle by default ------------------------------------------------------
s6-svwait -U -t 10000 "$svc"
ok $? "with CONFCHECK_WATCH unset the service comes up and signals readiness"
read -r up ready pid <<<"$(s6-svstat -o up,ready,pid "$svc")"
is "$up $ready" "true true" "s6-svstat: up and ready"
# readiness is signalled just before the exec: wait for it to land
wait_until 50 is_sleep "$pid"
is "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" "sleep infinity " \
	"the supervised process is 'sleep infinity'"
ok "$([ ! -e "$out/watch.log" ] && echo 0 || echo 1)" "confcheck watch was not started"

s6-svc -d "$svc"
s6-svwait -D -t 10000 "$svc"
ok $? "s6-svc -d stops the idle service (s6-svwait -D)"
wait_until 50 gone "$pid"
ok $? "the sleep process is gone"

# --- watching ----------------------------------------------------------------
if [ "$can_setuid" -eq 1 ]; then
	echo true >"$envdir/CONFCHECK_WATCH"
	echo "$watch_user" >"$envdir/CONFCHECK_USER"
	echo "$T/config" >"$envdir/CONFCHECK_CONFIG"
	s6-svc -u "$svc"
	s6-svwait -U -t 10000 "$svc"
	ok $? "with CONFCHECK_WATCH=true the watcher's readiness on fd 3 reaches s6"
	wait_until 100 test -s "$out/watch.log"
	ok $? "the watcher was started"
	log=$(cat "$out/watch.log" 2>/dev/null)
	like "$log" "^argv: watch --ready-fd 3\$" "it runs 'confcheck watch --ready-fd 3'"
	like "$log" "^uid: $watch_uid\$" "it runs as CONFCHECK_USER ($watch_user)"
	like "$log" "config: $T/config" "it sees the container environment"
	pid=$(s6-svstat -o pid "$svc")
	s6-svc -d "$svc"
	s6-svwait -D -t 10000 "$svc"
	ok $? "s6-svc -d stops the watcher cleanly"
	wait_until 50 gone "$pid"
	ok $? "the watcher process is gone"
else
	for n in "watcher readiness" "watcher started" "watch argv" "watch uid" "watch env" "watcher stops" "watcher gone"; do
		ok 0 "$n # SKIP cannot switch to another user here"
	done
fi

# --- a user that does not exist: idle, not a restart loop ---------------------
rm -f "$out/watch.log"
echo true >"$envdir/CONFCHECK_WATCH"
echo no-such-user-for-confcheck >"$envdir/CONFCHECK_USER"
s6-svc -u "$svc"
s6-svwait -U -t 10000 "$svc"
ok $? "with an unknown CONFCHECK_USER the service still comes up ready"
pid=$(s6-svstat -o pid "$svc")
wait_until 50 is_sleep "$pid"
is "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" "sleep infinity " "and idles instead of failing"
like "$(cat "$T/svscan.log")" "no user 'no-such-user-for-confcheck'" "it says why it is not watching"
ok "$([ ! -e "$out/watch.log" ] && echo 0 || echo 1)" "confcheck watch was not started"
s6-svc -d "$svc"
s6-svwait -D -t 10000 "$svc"
ok $? "and stops cleanly"

# --- the real watcher under s6 ---------------------------------------------------
if [ "$can_setuid" -eq 1 ] && [ -x "$CONFCHECK" ]; then
	mkdir -p "$T/defaults/app" "$T/config/app"
	printf '## Version 2024/01/01\nkey 1;\n' >"$T/defaults/app/a.conf.sample"
	cp "$T/defaults/app/a.conf.sample" "$T/config/app/a.conf"
	chmod -R a+rX "$T/defaults" "$T/config"
	# the app user's volume, as in a container
	chown -R "$watch_uid:$(id -g "$watch_user")" "$T/config"
	# the init check, started as root, runs as PUID: the state dir is the watcher's user's
	PUID=$watch_uid PGID=$(id -g "$watch_user") "$CONFCHECK" check --init \
		--templates "$T/defaults" --config "$T/config" >/dev/null 2>&1
	ln -sf "$CONFCHECK" "$T/bin/confcheck"
	echo "$T/defaults" >"$envdir/CONFCHECK_TEMPLATES"
	echo "$T/config" >"$envdir/CONFCHECK_CONFIG"
	echo "$watch_user" >"$envdir/CONFCHECK_USER"
	s6-svc -u "$svc"
	s6-svwait -U -t 20000 "$svc"
	ok $? "the real watcher signals readiness to s6 once its first status is written"
	is "$(jq -r .watch "$T/config/.confcheck/status.json")" "inotify" "status.json says it watches"
	like "$("$CONFCHECK" status --config "$T/config")" '^watch: inotify$' "confcheck status says so too"
	pid=$(s6-svstat -o pid "$svc")
	is "$(stat -c %u "/proc/$pid")" "$watch_uid" "it runs as $watch_user"
	echo 'key 2;' >>"$T/config/app/a.conf"
	customized() { [ "$(jq -r '.files[0].state' "$T/config/.confcheck/status.json")" = customized ]; }
	wait_until 100 customized
	ok $? "an edit under supervision: status.json says customized"
	s6-svc -d "$svc"
	s6-svwait -D -t 10000 "$svc"
	ok $? "s6-svc -d stops the real watcher"
	wait_until 20 gone "$pid"
	ok $? "within two seconds"
	is "$(jq -r .watch "$T/config/.confcheck/status.json")" "stopped" "and status.json says it stopped"
else
	for n in "real watcher ready" "watching" "as the user" "edit seen" "stops" "gone" "stopped"; do
		ok 0 "$n # SKIP cannot switch to another user here"
	done
fi

stop_s6
left=0
for p in $pid $supervise_pids; do
	wait_until 50 gone "$p" || left=1
done
ok "$left" "s6-svscan -t leaves nothing running"

done_testing
