#!/usr/bin/env bash
# 0300-s6-oneshot.t - init-confcheck run the way s6-rc runs a oneshot.
#
# The service directory is copied into $T with its paths mapped there; the
# `up` file is run with execlineb, as s6-rc does, and execs the run script,
# whose `#!/usr/bin/with-contenv bash` line is pointed at a stand-in that
# loads the container environment from an envdir in $T. Everything else in
# the environment is cleared, as in a supervision tree.
#
# First with a stand-in confcheck (argv, exit codes, CONFCHECK_STRICT, no
# hand-over of the state dir to the watcher's user), then with the real
# binary: the notice and status.json on a first start and after an image
# update, and exit 0 with drift, with a corrupt state dir and with a
# read-only config root.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

s6=/etc/s6-overlay/s6-rc.d
src=$TOP/root$s6/init-confcheck
svc=$T/s6-rc.d/init-confcheck
mkdir -p "$T/bin" "$T/env" "$svc" "$T/defaults" "$T/config"

# --- the definition -----------------------------------------------------------
is "$(cat "$src/type")" "oneshot" "init-confcheck is a oneshot"
is "$(wc -l <"$src/up" | tr -d ' ')" "1" "up is one line"
read -r up_word up_rest <"$src/up"
is "$up_word" "$s6/init-confcheck/run" "up names the run script by its installed path"
is "$up_rest" "" "and nothing else"
is "$(head -n 1 "$src/run")" "#!/usr/bin/with-contenv bash" "run starts with the with-contenv bash shebang"
ok "$([ -x "$src/run" ] && echo 0 || echo 1)" "run is executable"
ok "$([ -f "$src/dependencies.d/init-config" ] && echo 0 || echo 1)" "init-confcheck runs after init-config"
ok "$([ -f "$TOP/root$s6/init-config-end/dependencies.d/init-confcheck" ] && echo 0 || echo 1)" \
	"init-config-end waits for init-confcheck"
ok "$([ -f "$TOP/root$s6/user/contents.d/init-confcheck" ] && echo 0 || echo 1)" "it is in the user bundle"

# --- the stand-ins --------------------------------------------------------------
cat >"$T/bin/with-contenv" <<EOF
#!/bin/sh
# stand-in for s6-overlay's with-contenv: load the container environment
for f in "$T/env"/*; do
	[ -f "\$f" ] && export "\${f##*/}=\$(cat "\$f")"
done
exec "\$@"
EOF
chmod 0755 "$T/bin/with-contenv"
{
	echo "#!$T/bin/with-contenv bash"
	tail -n +2 "$src/run"
} >"$svc/run"
chmod 0755 "$svc/run"
up_cmd=$(sed "s#$s6/#$T/s6-rc.d/#g" "$src/up")

# container_env NAME=VALUE...: the container environment for the next start.
container_env() {
	rm -f "$T/env"/*
	local kv
	for kv in "$@"; do
		printf '%s\n' "${kv#*=}" >"$T/env/${kv%%=*}"
	done
}

# start [WRAPPER...]: run the oneshot as s6-rc would, stdout and stderr to
# $T/stdout and $T/stderr; returns its exit code. WRAPPER (unshare...) runs
# first when given.
if command -v execlineb >/dev/null 2>&1; then
	runner=(execlineb -Pc "$up_cmd")
else
	runner=("$up_cmd")
	echo "# execlineb is missing: running the up command directly"
fi
start() {
	"$@" env -i PATH="$T/bin:/usr/bin:/bin" "${runner[@]}" >"$T/stdout" 2>"$T/stderr"
}

# The stand-in confcheck records how it ran; $T/standin/rc sets its exit
# code, $T/standin/make-state makes it write a status file.
mkdir -p "$T/standin"
cat >"$T/bin/confcheck" <<EOF
#!/bin/sh
# stand-in confcheck: record how it was run
{
	echo "argv: \$*"
	env | grep '^CONFCHECK_' | sort
} >"$T/standin/log"
state=\${CONFCHECK_STATE:-\${CONFCHECK_CONFIG:-/config}/.confcheck}
case \$state in
"$T"/*) ;;
*) echo "stand-in: state '\$state' is outside the test dir" >&2; exit 2 ;;
esac
if [ -f "$T/standin/make-state" ]; then
	mkdir -p "\$state" && echo '{}' >"\$state/status.json"
fi
echo "[confcheck] summary (stand-in)"
exit "\$(cat "$T/standin/rc" 2>/dev/null || echo 0)"
EOF
chmod 0755 "$T/bin/confcheck"

container_env CONFCHECK_TEMPLATES="$T/defaults" CONFCHECK_CONFIG="$T/config" CONFCHECK_IMAGE=app:1
start
ok $? "the oneshot succeeds"
log=$(cat "$T/standin/log" 2>/dev/null)
like "$log" "^argv: check --init\$" "it runs 'confcheck check --init'"
like "$log" "^CONFCHECK_CONFIG=$T/config\$" "with the container environment"
like "$log" "^CONFCHECK_IMAGE=app:1\$" "all of it"
is "$(cat "$T/stdout")" "[confcheck] summary (stand-in)" "the notice goes to the init log as it is"

echo 2 >"$T/standin/rc"
start
ok $? "a failing confcheck (exit 2) does not stop the init"
like "$(cat "$T/stderr")" "^\[confcheck\] warning: .*exited 2" "it is reported"

echo 1 >"$T/standin/rc"
container_env CONFCHECK_CONFIG="$T/config" CONFCHECK_STRICT=1
start
is "$?" "1" "with CONFCHECK_STRICT=1 the check's exit code stops the init"
echo 0 >"$T/standin/rc"
start
ok $? "with CONFCHECK_STRICT=1 and nothing to report the init goes on"

mv "$T/bin/confcheck" "$T/standin/confcheck"
container_env CONFCHECK_CONFIG="$T/config"
start
ok $? "without a confcheck binary the init goes on"
like "$(cat "$T/stderr")" "^\[confcheck\] warning: confcheck is not installed" "and says so"
mv "$T/standin/confcheck" "$T/bin/confcheck"

# The oneshot hands nothing over: confcheck itself runs as the app user, so
# no chown of a tree the app user controls (a race with a swapped-in symlink
# could hand over any file) is ever run as root.
state=$T/config/.confcheck
owner() { stat -c %u "$1"; }
is "$(grep -c 'chown\|find ' "$src/run")" 0 "the run script changes no owner"
if [ "$(id -u)" -eq 0 ] && id -u nobody >/dev/null 2>&1; then
	touch "$T/standin/make-state"
	container_env CONFCHECK_CONFIG="$T/config" CONFCHECK_WATCH=true CONFCHECK_USER=nobody
	start
	is "$(owner "$state"):$(owner "$state/status.json")" "0:0" \
		"with CONFCHECK_WATCH=true a state dir stays whoever's made it"
	rm -rf "$state" "$T/standin/make-state"
else
	ok 0 "watch: nothing handed over # SKIP needs root and a 'nobody' user"
fi

# --- the real confcheck ----------------------------------------------------------
if [ ! -x "$CONFCHECK" ]; then
	echo "# $CONFCHECK is not built: the checks with the real binary are skipped"
	done_testing
	exit
fi
rm -f "$T/bin/confcheck"
ln -s "$CONFCHECK" "$T/bin/confcheck"
have_jq=0
command -v jq >/dev/null 2>&1 && have_jq=1
# json FILTER: jq on the status file; SKIP-able when jq is missing.
json() { jq -r "$1" "$state/status.json" 2>&1; }
json_is() {
	if [ "$have_jq" -eq 1 ]; then
		is "$(json "$1")" "$2" "$3"
	else
		ok 0 "$3 # SKIP jq is not installed"
	fi
}

# A tiny image: two configs in a folder, one at the top.
sample() { # REL DATE BODY
	mkdir -p "$(dirname "$T/defaults/$1.sample")"
	printf '## Version %s\n# %s\n%s\n' "$2" "$1" "$3" >"$T/defaults/$1.sample"
}
copy_samples() { # what the image's init does before init-confcheck
	local s rel
	while IFS= read -r s; do
		rel=${s#"$T/defaults/"}
		rel=${rel%.sample}
		mkdir -p "$(dirname "$T/config/$rel")"
		[ -e "$T/config/$rel" ] || cp "$s" "$T/config/$rel"
	done < <(find "$T/defaults" -type f -name '*.sample')
}
sample app/a.conf 2025/01/01 "listen 8080;"
sample app/b.conf 2025/01/01 "workers 2;"
sample c.conf 2025/01/01 "log info;"
copy_samples
container_env CONFCHECK_TEMPLATES="$T/defaults" CONFCHECK_CONFIG="$T/config" CONFCHECK_IMAGE=app:1

start
ok $? "first start: the oneshot succeeds"
like "$(cat "$T/stdout")" "^\[confcheck\] summary current=3 customized=0 outdated=0 conflict=0 unverified=0 orphaned=0 error=0 unused=0 set=[0-9a-f]+ version=" \
	"first start: the notice is the summary line"
is "$(grep -c . "$T/stdout")" "1" "first start: and nothing else"
ok "$([ -f "$state/status.json" ] && echo 0 || echo 1)" "first start: status.json is written"
json_is .schema 1 "status.json: schema 1"
json_is .config_root "$T/config" "status.json: config_root"
json_is '.template_roots | join(":")' "$T/defaults" "status.json: template_roots"
json_is .template_set.label "app:1" "status.json: the CONFCHECK_IMAGE label"

# The user edits one file; the image update changes another.
sed -i 's/workers 2;/workers 8;/' "$T/config/app/b.conf"
sample app/a.conf 2025/06/01 "listen 8443 ssl;"
container_env CONFCHECK_TEMPLATES="$T/defaults" CONFCHECK_CONFIG="$T/config" CONFCHECK_IMAGE=app:2
start
ok $? "with drift: the oneshot still succeeds"
out=$(cat "$T/stdout")
like "$out" "^\[confcheck\] 1 of 3 configs need a look \(templates up to 2025-06-01; confcheck status for all\)\$" \
	"with drift: the headline"
like "$out" "^\[confcheck\] outdated  app/a\.conf  2025-01-01 -> 2025-06-01  unchanged by you: replace it with the \.sample\$" \
	"with drift: the outdated file"
like "$out" "^\[confcheck\] summary current=1 customized=1 outdated=1 conflict=0 unverified=0 orphaned=0 error=0 unused=0 " \
	"with drift: the summary"
unlike "$out" "app/b\.conf|c\.conf" "with drift: customized and current files are not listed"
json_is '[.files[] | "\(.path)=\(.state)"] | sort | join(" ")' \
	"app/a.conf=outdated app/b.conf=customized c.conf=current" "status.json: each file's state"
json_is '.summary.need_look' 1 "status.json: need_look"

container_env CONFCHECK_TEMPLATES="$T/defaults" CONFCHECK_CONFIG="$T/config" CONFCHECK_STRICT=1
start
is "$?" "1" "CONFCHECK_STRICT=1: drift stops the init"
container_env CONFCHECK_TEMPLATES="$T/defaults" CONFCHECK_CONFIG="$T/config"

# A corrupt state dir: garbage status file, history replaced by garbage.
printf 'not json {' >"$state/status.json"
rm -rf "$state/history"
printf 'garbage\n' >"$state/history"
start
ok $? "corrupt status.json and history: the oneshot succeeds"
like "$(cat "$T/stdout")" "^\[confcheck\] summary " "corrupt status.json and history: the summary is printed"
like "$(cat "$T/stderr")" "^\[confcheck\] warning: " "corrupt status.json and history: a warning says what went wrong"
if [ "$have_jq" -eq 1 ]; then
	jq . "$state/status.json" >/dev/null 2>&1
	ok $? "corrupt status.json and history: status.json is rebuilt"
else
	ok 0 "status.json is rebuilt # SKIP jq is not installed"
fi

# Every file of the state dir overwritten with garbage.
find "$state" -type f -exec sh -c 'for f; do printf "\\377garbage" >"$f"; done' sh {} +
start
ok $? "every state file garbage: the oneshot succeeds"
like "$(cat "$T/stdout")" "^\[confcheck\] summary " "every state file garbage: the summary is printed"

# A read-only config root. Root ignores permission bits, so as root the
# config is bind-mounted read-only in a private mount namespace.
readonly_start() { # run start with $T/config read-only
	if [ "$(id -u)" -ne 0 ]; then
		chmod -R a-w "$T/config"
		start
		local rc=$?
		chmod -R u+w "$T/config"
		return "$rc"
	fi
	# shellcheck disable=SC2016
	start unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' \
		sh "$T/config"
}
ro_ok=1
if [ "$(id -u)" -eq 0 ] && ! unshare -m sh -c "mount --bind '$T/config' '$T/config' && mount -o remount,bind,ro '$T/config'" 2>/dev/null; then
	ro_ok=0
fi
if [ "$ro_ok" -eq 1 ]; then
	before=$(cat "$state/status.json")
	readonly_start
	ok $? "read-only config root with a state dir: the oneshot succeeds"
	like "$(cat "$T/stdout")" "^\[confcheck\] summary " "read-only config root with a state dir: the summary is printed"
	like "$(cat "$T/stderr")" "^\[confcheck\] warning: " "read-only config root with a state dir: a warning says what it could not do"
	is "$(cat "$state/status.json")" "$before" "read-only config root with a state dir: nothing was written"
	rm -rf "$state"
	readonly_start
	ok $? "read-only config root, no state dir: the oneshot succeeds"
	like "$(cat "$T/stdout")" "^\[confcheck\] summary " "read-only config root, no state dir: the summary is printed"
	ok "$([ ! -e "$state" ] && echo 0 || echo 1)" "read-only config root, no state dir: nothing was created"
else
	for n in "ro: succeeds" "ro: summary" "ro: warning" "ro: nothing written" "ro fresh: succeeds" "ro fresh: summary" "ro fresh: nothing created"; do
		ok 0 "$n # SKIP running as root without the right to mount a read-only bind mount (unshare -m)"
	done
fi

done_testing
