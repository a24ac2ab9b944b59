#!/usr/bin/env bash
# 0330-make-run.t - the demo shows every state.
#
# tools/demo.sh runs with the binary under test, in a TMPDIR, HOME and
# working directory of its own, so that we can see it writes nowhere but its
# temp dir. Its v3 notice must show each state the template releases were
# designed for (see templates/VERSIONS): current, customized, outdated, a
# conflict that merges cleanly, one that does not, orphaned, and the group
# line of the comment-only changes; status.json must agree file by file.
# Then `make run` runs in a fresh clone of the repository (its HEAD), to
# prove the demo works from a checkout with nothing but the committed files.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

[ -x "$CONFCHECK" ] || skip_all "$CONFCHECK is not built"

# section OUTPUT VERSION: the notice lines of that container start (not the
# warnings, which make run mixes in from stderr).
section() {
	awk -v v="$2" '/^== / { on = index($0, "image release " v " (") > 0; next } on' "$1" |
		grep '^\[confcheck\] ' | grep -v '^\[confcheck\] warning: '
}

# check_demo OUTPUT LABEL: the notices of the three starts.
check_demo() {
	local out=$1 l=$2 v1 v2 v3
	v1=$(section "$out" v1)
	v2=$(section "$out" v2)
	v3=$(section "$out" v3)

	like "$v1" "^\[confcheck\] summary current=11 customized=0 outdated=0 conflict=0 unverified=0 orphaned=0 error=0 unused=0 set=[0-9a-f]+ version=" \
		"$l: v1, first start: all 11 configs current"
	is "$(printf '%s\n' "$v1" | grep -c .)" "1" "$l: v1: the notice is the summary line alone"

	like "$v2" "^\[confcheck\] 2 of 12 configs need a look \(templates up to 2025-07-18; confcheck status for all\)\$" \
		"$l: v2: headline"
	like "$v2" "^\[confcheck\] outdated  nginx/ssl\.conf  2024-08-13 -> 2025-07-18  unchanged by you: replace it with the \.sample\$" \
		"$l: v2: ssl.conf outdated"
	like "$v2" "^\[confcheck\] outdated  nginx/ldap\.conf  2023-11-20 -> 2025-07-18  unchanged by you: replace it with the \.sample\$" \
		"$l: v2: ldap.conf outdated"
	like "$v2" "^\[confcheck\] summary current=7 customized=3 outdated=2 conflict=0 unverified=0 orphaned=0 error=0 unused=0 " \
		"$l: v2: summary (the three edits are customized)"

	like "$v3" "^\[confcheck\] 5 of 15 configs need a look \(templates up to 2026-03-07; confcheck status for all\)\$" \
		"$l: v3: headline"
	like "$v3" "^\[confcheck\] conflict  nginx/site-confs/default\.conf  2024-12-17 -> 2026-03-07  merges cleanly: confcheck merge nginx/site-confs/default\.conf\$" \
		"$l: v3: conflict that merges cleanly (default.conf)"
	like "$v3" "^\[confcheck\] conflict  nginx/nginx\.conf  2024-12-17 -> 2026-03-07  both changed the same lines: confcheck diff nginx/nginx\.conf\$" \
		"$l: v3: conflict that does not merge (nginx.conf)"
	like "$v3" "^\[confcheck\] outdated  nginx/ssl\.conf  2025-07-18 -> 2026-03-07  unchanged by you: replace it with the \.sample\$" \
		"$l: v3: outdated (ssl.conf, from the v2 sample the user copied)"
	like "$v3" "^\[confcheck\] outdated  nginx/proxy-confs/jellyfin\.subdomain\.conf  2025-07-18 -> 2025-07-18  unchanged by you: replace it with the \.sample\$" \
		"$l: v3: outdated with the same version date (jellyfin)"
	like "$v3" "^\[confcheck\] orphaned  nginx/ldap\.conf  template dropped by the image\$" \
		"$l: v3: orphaned (ldap.conf)"
	like "$v3" "^\[confcheck\] outdated  4 more with comment-only template changes\$" \
		"$l: v3: the cosmetic group line"
	like "$v3" "^\[confcheck\] summary current=5 customized=1 outdated=6 conflict=2 unverified=0 orphaned=1 error=0 unused=0 set=[0-9a-f]+ version=" \
		"$l: v3: summary: current and customized counted"
	unlike "$v3" "  nginx/(proxy\.conf|authelia-|proxy-confs/(sonarr|radarr|lidarr|prowlarr|heimdall|nextcloud|overseerr))" \
		"$l: v3: no line for current, customized or cosmetic files"
	is "$(printf '%s\n' "$v3" | grep -c .)" "8" "$l: v3: eight notice lines"
	like "$(printf '%s\n' "$v3" | tail -n 1)" "^\[confcheck\] summary " "$l: v3: the summary comes last"
	like "$(printf '%s\n' "$v3" | tail -n 2 | head -n 1)" " more with comment-only " \
		"$l: v3: the group line comes after the file lines"
}

mkdir -p "$T/tmp" "$T/home" "$T/cwd"
(cd "$T/cwd" && TMPDIR="$T/tmp" HOME="$T/home" CONFCHECK="$CONFCHECK" "$TOP/tools/demo.sh") \
	>"$T/demo.out" 2>"$T/demo.err"
ok $? "tools/demo.sh succeeds"
sed 's/^/# stderr: /' "$T/demo.err"
check_demo "$T/demo.out" demo.sh

# The demo prints its edits, keeps its dir, and writes nowhere else.
like "$(cat "$T/demo.out")" "sed -e 's/worker_connections 512;/worker_connections 2048;/'" \
	"the demo prints the user's edits"
demo=$(find "$T/tmp" -mindepth 1 -maxdepth 1)
like "$demo" "^$T/tmp/confcheck-demo\.[^/]+\$" "the demo made one temp dir"
like "$(cat "$T/demo.out")" "^Remove them with: rm -rf $demo\$" "and says how to remove it"
like "$(cat "$T/demo.out")" "status file: $demo/config/\.confcheck/status\.json\$" "and where status.json is"
is "$(find "$T/home" "$T/cwd" -mindepth 1 | head -n 3)" "" "nothing written to HOME or the working directory"

# status.json after v3, file by file.
status=$demo/config/.confcheck/status.json
if command -v jq >/dev/null 2>&1; then
	got=$(jq -r '.files[] | .path + "=" + .state
		+ (if .merge then "/" + .merge else "" end)
		+ (if ((.flags // []) | index("cosmetic")) then "+cosmetic" else "" end)' "$status" | sort)
	want="nginx/authelia-location.conf=current
nginx/authelia-server.conf=current
nginx/ldap.conf=orphaned
nginx/nginx.conf=conflict/conflicts
nginx/proxy-confs/heimdall.subdomain.conf=current
nginx/proxy-confs/jellyfin.subdomain.conf=outdated
nginx/proxy-confs/lidarr.subdomain.conf=outdated+cosmetic
nginx/proxy-confs/nextcloud.subdomain.conf=customized
nginx/proxy-confs/overseerr.subdomain.conf=current
nginx/proxy-confs/prowlarr.subdomain.conf=outdated+cosmetic
nginx/proxy-confs/radarr.subdomain.conf=outdated+cosmetic
nginx/proxy-confs/sonarr.subdomain.conf=outdated+cosmetic
nginx/proxy.conf=current
nginx/site-confs/default.conf=conflict/clean
nginx/ssl.conf=outdated"
	printf '%s\n' "$want" >"$T/want"
	printf '%s\n' "$got" >"$T/got"
	diff_ok "$T/want" "$T/got" "status.json: every file's state, merge and cosmetic flag"
	is "$(jq -r '.files[] | select(.path == "nginx/ssl.conf") | .baseline_version' "$status")" "2025-07-18" \
		"status.json: ssl.conf's baseline is the v2 sample the user copied"
	is "$(jq -r '.files[] | select(.path == "nginx/proxy-confs/jellyfin.subdomain.conf") | "\(.user_version) \(.template_version)"' "$status")" \
		"2025-07-18 2025-07-18" "status.json: jellyfin changed without a date bump"
	is "$(jq -r '.summary.need_look' "$status")" "5" "status.json: need_look"
else
	for n in "states" "ssl baseline" "jellyfin dates" "need_look"; do
		ok 0 "status.json: $n # SKIP jq is not installed"
	done
fi

# make run, from a fresh clone.
if ! command -v git >/dev/null 2>&1; then
	ok 0 "make run in a fresh clone # SKIP git is not installed"
elif ! git clone -q "$TOP" "$T/clone" 2>"$T/clone.err"; then
	ok 1 "git clone of $TOP"
	sed 's/^/# /' "$T/clone.err"
elif ! make -C "$T/clone" -n run >/dev/null 2>&1; then
	ok 0 "make run in a fresh clone # SKIP the committed Makefile has no run target yet"
else
	mkdir -p "$T/tmp2"
	(cd "$T/clone" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CONFCHECK TMPDIR="$T/tmp2" HOME="$T/home" make run) \
		>"$T/make-run.out" 2>&1
	rc=$?
	ok "$rc" "make run in a fresh clone"
	[ "$rc" -eq 0 ] || tail -n 30 "$T/make-run.out" | sed 's/^/# /'
	check_demo "$T/make-run.out" "make run"

	# a plain make, as root, with a dependency missing: it names what is missing and runs no
	# package manager (the fakes record a call; pkg-config reports the libraries absent)
	mkdir -p "$T/fakebin"
	for tool in apt-get apk; do
		# shellcheck disable=SC2016 # the fake's own $0 and $*
		printf '#!/bin/sh\necho "$0 $*" >>"%s/installed"\n' "$T" >"$T/fakebin/$tool"
	done
	printf '#!/bin/sh\nexit 1\n' >"$T/fakebin/pkg-config"
	chmod +x "$T/fakebin/"*
	make -C "$T/clone" clean >/dev/null 2>&1
	(cd "$T/clone" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$T/fakebin:$PATH" make) \
		>"$T/make.out" 2>&1
	rc=$?
	is "$rc" 2 "a plain make with a library missing fails"
	like "$(cat "$T/make.out")" "run 'make deps' as root" "and says how to install it"
	like "$(cat "$T/make.out")" "apt-get install .*libgit2-dev" "naming the packages"
	[ ! -e "$T/installed" ]
	ok $? "without running apt-get or apk"
	[ ! -e "$T/clone/build/main.o" ]
	ok $? "and before compiling anything"
fi

done_testing
