# shellcheck shell=bash disable=SC2034 # sets variables for the tests that source it
# tests/watchlib.sh - what the watcher tests share. Source it after lib.sh:
#   . "$(dirname "$0")/watchlib.sh"
# It gives:
#   fixture            templates in $D, a config root in $C as SWAG leaves it, checked once;
#                      CONFCHECK_TEMPLATES/CONFCHECK_CONFIG point at them; $STATUS, $EVENTS.
#                      nginx/ssl.conf is outdated: its template moved on since the user's
#                      copy ($T/ssl.v1 holds that older version), so it needs a look
#   tpl REL DATE LINE  writes the template $D/REL.sample
#   watch_start ARGS   starts `confcheck watch ARGS` in the background (stdout in $T/watch.out,
#                      stderr in $T/watch.err) and waits for its first status; $WATCH_PID
#   wait_status JQ [S] waits, at most S seconds ($WAIT by default), until `jq -e JQ` holds on
#                      status.json; returns 1 on timeout (never a fixed sleep)
#   wait_grep RE FILE [S]  the same for a line matching the extended regex RE in FILE
#   wait_line TEXT FILE [S]  the same for a line that is TEXT, or holds it with -F (wait_line -F
#                      TEXT FILE [S]): a status can tell what a line says before the line is there
#   state_of PATH      the state of PATH in status.json, or "missing"
#   said PATH          how many transition lines the watcher logged for PATH
#   httpd_start NAME [ARGS]  a webhook receiver (tests/httpd.py ARGS) logging into $T/NAME;
#                      sets $URL (http://127.0.0.1:PORT) and $REQ (its request log)
#   httpd_stop         stops it
#   watch_stop [SIG]   sends SIGTERM (or SIG), waits at most $WAIT seconds (then SIGKILL);
#                      $watch_rc is the exit status, $watch_ms how long it took
# The watcher and any helper started with bg_start are killed on exit, whatever happens.
WAIT=${CONFCHECK_TEST_WAIT:-20}
WATCH_PID=
_bg_pids=
watch_rc=
watch_ms=

# shellcheck disable=SC2317
watch_cleanup() {
	local p
	for p in $WATCH_PID $_bg_pids; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	cleanup
}
trap watch_cleanup EXIT

# bg_start CMD...: runs a helper in the background; it is killed on exit. Sets $BG_PID.
bg_start() {
	"$@" &
	BG_PID=$!
	_bg_pids="$_bg_pids $BG_PID"
}

now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

tpl() {
	mkdir -p "$(dirname "$D/$1")"
	printf '## Version %s\n%s\n' "$2" "$3" >"$D/$1.sample"
}

fixture() {
	D=$T/defaults
	C=$T/config
	STATUS=$C/.confcheck/status.json
	EVENTS=$C/.confcheck/events.ndjson
	export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C
	tpl nginx/nginx.conf 2024/02/01 'worker_processes 4;'
	tpl nginx/site-confs/default.conf 2024/01/01 'server { listen 80; }'
	tpl nginx/proxy-confs/sonarr.subdomain.conf 2024/03/01 'location /sonarr {}'
	tpl nginx/proxy-confs/radarr.subdomain.conf 2024/03/01 'location /radarr {}'
	tpl fail2ban/jail.local 2024/04/01 '[sshd]'
	tpl app/conf.d/deep/x.conf 2024/05/01 'x = 1'
	mkdir -p "$C/nginx/site-confs" "$C/nginx/proxy-confs" "$C/log/nginx" "$C/keys"
	for f in nginx/nginx.conf nginx/site-confs/default.conf \
		nginx/proxy-confs/sonarr.subdomain.conf nginx/proxy-confs/radarr.subdomain.conf; do
		cp "$D/$f.sample" "$C/$f.sample"
	done
	for f in nginx/nginx.conf nginx/site-confs/default.conf nginx/proxy-confs/sonarr.subdomain.conf; do
		cp "$D/$f.sample" "$C/$f"
	done
	echo 'access' >"$C/log/nginx/access.log"
	tpl nginx/ssl.conf 2023/06/01 'ssl_protocols TLSv1.2;'
	cp "$D/nginx/ssl.conf.sample" "$C/nginx/ssl.conf"
	cp "$D/nginx/ssl.conf.sample" "$T/ssl.v1"
	"$CONFCHECK" check --quiet >/dev/null 2>&1
	tpl nginx/ssl.conf 2024/06/01 'ssl_protocols TLSv1.2 TLSv1.3;'
	"$CONFCHECK" check --quiet >/dev/null 2>&1
}

wait_status() {
	local expr=$1 end
	end=$(($(now_ms) + ${2:-$WAIT} * 1000))
	while :; do
		jq -e "$expr" "$STATUS" >/dev/null 2>&1 && return 0
		[ "$(now_ms)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

wait_line() {
	local how=-qxF end
	if [ "$1" = -F ]; then
		how=-qF
		shift
	fi
	end=$(($(now_ms) + ${3:-$WAIT} * 1000))
	while :; do
		grep "$how" -- "$1" "$2" 2>/dev/null && return 0
		[ "$(now_ms)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

wait_grep() {
	local end
	end=$(($(now_ms) + ${3:-$WAIT} * 1000))
	while :; do
		grep -Eq -- "$1" "$2" 2>/dev/null && return 0
		[ "$(now_ms)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

state_of() {
	jq -r --arg p "$1" '(.files[] | select(.path == $p) | .state) // "missing"' "$STATUS" |
		head -n 1 | sed 's/^$/missing/'
}

said() {
	grep -cF "[confcheck] $1: " "$T/watch.out"
}

watch_start() {
	"$CONFCHECK" watch "$@" >"$T/watch.out" 2>"$T/watch.err" &
	WATCH_PID=$!
	if ! wait_status ".watcher.pid == $WATCH_PID and .watch != \"stopped\""; then
		echo "# the watcher did not write its first status; stderr:"
		sed 's/^/#   /' "$T/watch.err"
		return 1
	fi
}

watch_stop() {
	local t0 end
	t0=$(now_ms)
	end=$((t0 + WAIT * 1000))
	kill "-${1:-TERM}" "$WATCH_PID" 2>/dev/null
	while kill -0 "$WATCH_PID" 2>/dev/null && [ "$(now_ms)" -lt "$end" ]; do
		sleep 0.01
	done
	watch_ms=$(($(now_ms) - t0))
	kill -KILL "$WATCH_PID" 2>/dev/null
	wait "$WATCH_PID"
	watch_rc=$?
	WATCH_PID=
}

httpd_start() {
	local dir=$T/$1 end
	shift
	mkdir -p "$dir"
	bg_start python3 "$TOP/tests/httpd.py" "$dir" "$@"
	HTTPD_PID=$BG_PID
	REQ=$dir/requests
	end=$(($(now_ms) + WAIT * 1000))
	while [ ! -s "$dir/port" ] && [ "$(now_ms)" -lt "$end" ]; do sleep 0.02; done
	URL=http://127.0.0.1:$(cat "$dir/port")
}
httpd_stop() {
	kill "$HTTPD_PID" 2>/dev/null
	wait "$HTTPD_PID" 2>/dev/null
}
