#!/usr/bin/env bash
# The main paths under valgrind: no memory errors, nothing definitely or
# indirectly lost (libgit2 and libcurl keep some memory reachable until exit).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
[ -z "${CONFCHECK_SANITIZED:-}" ] || skip_all "a sanitized build does not run under valgrind"

D=$T/defaults C=$T/config
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C
mkdir -p "$D/app" "$C/app"
conf() { printf '## Version %s\n%s\n\n\n\n\nkeep 1;\n%s\n' "$1" "$2" "$3"; }
conf 2024/01/01 'a 1;' 'z 1;' >"$D/app/one.conf.sample"
conf 2024/01/01 'b 1;' 'y 1;' >"$D/app/two.conf.sample"
conf 2024/01/01 'c 1;' 'x 1;' >"$D/app/gone.conf.sample"
for f in one two gone; do cp "$D/app/$f.conf.sample" "$C/app/$f.conf"; done

# vg NAME CMD...: runs confcheck CMD under valgrind and checks its verdict.
vg() {
	local name=$1
	shift
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$T/vg.log" "$CONFCHECK" "$@" >"$T/out" 2>"$T/err" </dev/null
	local rc=$?
	if [ "$rc" -eq 99 ] || [ -s "$T/vg.log" ]; then
		ok 1 "$name: clean under valgrind"
		sed 's/^/# /' "$T/vg.log" | head -40
	else
		ok 0 "$name: clean under valgrind (exit $rc)"
	fi
}

vg "check, first start" check
sed -i 's/a 1;/a 2;/' "$C/app/one.conf"
conf 2024/06/01 'b 1;' 'y 2;' >"$D/app/two.conf.sample"
conf 2024/06/01 'a 1;' 'z 2;' >"$D/app/one.conf.sample"
rm "$D/app/gone.conf.sample"
vg "check, a new image" check
vg "check, the same image again" check --json
vg "status" status --all
vg "diff" diff app/one.conf
vg "diff --upstream" diff app/one.conf --upstream
vg "merge" merge app/one.conf
vg "ack" ack app/one.conf
vg "ack --list" ack --list
vg "report --diff --full" report --diff --full
"$CONFCHECK" check >"$T/notice"
vg "triage" triage --json "$T/notice"
vg "check --format lsio" check --format lsio
vg "a bad option" check --no-such-option
vg "history list" history list app/one.conf
vg "history list --json" history list --json app/one.conf

# a maintainer's paths: import a repository's history, lint against it, use it shipped
R=$T/image H=$T/shipped
git init -q -b main "$R"
mkdir -p "$R/root/defaults/app"
for v in 1 2 3; do
	conf "2024/0$v/01" "a $v;" 'z 1;' >"$R/root/defaults/app/one.conf.sample"
	git -C "$R" add -A
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C "$R" -c user.name=t -c user.email=t@t \
		commit -q -m "v$v"
done
vg "history import" history import --map root/defaults/= --out "$H" "$R"
vg "history import, again" history import --map root/defaults/= --out "$H" "$R"
vg "lint" lint --history "$H" --map root/defaults/= "$R/root/defaults"
vg "check with a shipped history" check --history "$H"
mkdir "$T/garbage" && echo junk >"$T/garbage/HEAD"
vg "check with a shipped history that cannot be opened" check --history "$T/garbage"

# the watcher: started, told of an edit, notifying a server that is not there, stopped by SIGTERM
S=$C/.confcheck/status.json
CONFCHECK_NOTIFY_URL=http://127.0.0.1:1/hook CONFCHECK_NOTIFY_TRIES=1 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	--log-file="$T/vg.log" "$CONFCHECK" watch --debounce 0 >"$T/out" 2>"$T/err" </dev/null &
pid=$!
waitfor() {
	local _
	for _ in $(seq 600); do
		jq -e "$1" "$S" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
waitfor ".watcher.pid == $pid and .watch == \"inotify\""
ok $? "watch under valgrind starts"
echo '# mine' >>"$C/app/two.conf"
waitfor '.files[] | select(.path == "app/two.conf") | .state == "conflict"'
ok $? "and sees an edit (outdated -> conflict)"
waitfor '.watcher.notifications.failed == 1'
ok $? "whose notification fails, and is counted"
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 99 ] || [ -s "$T/vg.log" ]; then
	ok 1 "watch: clean under valgrind"
	sed 's/^/# /' "$T/vg.log" | head -40
else
	ok 0 "watch: clean under valgrind (exit $rc)"
fi

done_testing
