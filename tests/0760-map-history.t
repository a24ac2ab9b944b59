#!/bin/bash
# Mapped templates in the history an image ships, and in lint: `history import --map-file`
# records the files a mapping file names, so that the first start with confcheck gives exact
# verdicts on them too, dated by the image's commits; lint reports a root's bad map lines and
# asks no version header of a file a map names.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

R=$T/image
Dd=$R/root/defaults
H=$T/history
C=$T/config
M=$T/image.map
git_repo "$R"

# put FILE LINE...: writes the lines as FILE, making its folder.
put() {
	local f=$1
	shift
	mkdir -p "$(dirname "$f")"
	printf '%s\n' "$@" >"$f"
}

put "$M" '# kept outside the image repository, as the maps confcheck ships are' \
	'custom.cnf    custom.cnf' 'smoke-conf/*  *'
put "$Dd/custom.cnf" '[mysqld]' 'max_connections = 100' 'wait_timeout = 600' 'pool = 128M'
put "$Dd/smoke-conf/Alerts" '*** Alerts ***' 'to = a@example.org' 'from = b@example.org'
put "$Dd/smoke-conf/Targets" '*** Targets ***' 'menu = Top'
tpl "$Dd/nginx/a.conf.sample" 2024/01/01 'a 1'
put "$Dd/README" 'not a template'
commit "$R" "Add templates"
v1=$(date -u -d "@$GIT_TIME" +%F)

# The user's volume as the first image left it, then the user's edit.
mkdir -p "$C/nginx"
cp "$Dd/custom.cnf" "$C/custom.cnf"
cp "$Dd/smoke-conf/Alerts" "$Dd/smoke-conf/Targets" "$C/"
cp "$Dd/nginx/a.conf.sample" "$C/nginx/a.conf"
sed -i 's/^max_connections = 100$/max_connections = 500/' "$C/custom.cnf"

put "$Dd/custom.cnf" '[mysqld]' 'max_connections = 100' 'wait_timeout = 600' 'pool = 256M'
put "$Dd/smoke-conf/Alerts" '*** Alerts ***' 'to = a@example.org' 'from = alerts@example.org'
commit "$R" "Raise the pool, new sender"
v2=$(date -u -d "@$GIT_TIME" +%F)

run "$CONFCHECK" history import --map root/defaults/= --map-file "$M" --out "$H" "$R"
is "$rc" 0 "the history is imported with the mapping file"
like "$out" "2 new template sets, 6 new template versions; 4 templates in the newest commit" \
	"every file the map names is a template, and README is not"

# check: the first start with confcheck, the image's history shipped; sets $out, $err, $rc.
check() {
	run timeout 20 "$CONFCHECK" check --templates "$Dd" --config "$C" --history "$H" \
		--map "$M" --json
}
check
is "$err" "" "the first check warns about nothing"
printf '%s\n' "$out" | jq -r '.files[] | [.path, .state, .baseline_version, .template_version, .merge] |
	map(. // "-") | @tsv' >"$T/got"
cat >"$T/want" <<EOF
Alerts	outdated	$v1	$v2	-
Targets	current	$v1	$v1	-
custom.cnf	conflict	$v1	$v2	clean
nginx/a.conf	current	2024-01-01	2024-01-01	-
EOF
diff_ok "$T/want" "$T/got" \
	"exact verdicts on the first start for mapped files: outdated and conflict, not unverified"

rm -rf "$C/.confcheck" "$T/h2"
"$CONFCHECK" history import --map root/defaults/= --out "$T/h2" "$R" >/dev/null 2>&1
run timeout 20 "$CONFCHECK" check --templates "$Dd" --config "$C" --history "$T/h2" --map "$M" --json
is "$(printf '%s\n' "$out" | jq -r '.files[] | select(.path == "Alerts") | .state')" unverified \
	"without --map-file the import leaves them out, and the verdict cannot be exact"

run "$CONFCHECK" history import --map root/defaults/= --map-file "$T/none.map" --out "$T/h3" "$R"
is "$rc" 2 "a mapping file that cannot be read fails the import"
like "$err" "none\.map" "naming it"
put "$T/bad.map" 'custom.cnf ../custom.cnf' 'smoke-conf/* *'
run "$CONFCHECK" history import --map root/defaults/= --map-file "$T/bad.map" --out "$T/h4" "$R"
is "$rc" 0 "a bad line does not fail it"
like "$err" "bad\.map:1: USER '\.\./custom\.cnf' leaves the config root.*: line skipped" \
	"but is a warning with its line"
like "$out" "3 templates in the newest commit" "and what the other lines name is imported"

# --- lint -------------------------------------------------------------------------------------
cp "$M" "$Dd/confcheck.map"
printf '%s\n' 'lonely' 'x /etc/x' >>"$Dd/confcheck.map"
put "$Dd/fail2ban/jail.local" '## Version 2024/01/01' '[DEFAULT]' 'bantime = 1h'
printf '%s\n' 'fail2ban/jail.local  fail2ban/jail.local' >>"$Dd/confcheck.map"
(cd "$R" && "$CONFCHECK" lint --history "$H" root/defaults >"$T/out" 2>"$T/err")
is "$?" 1 "lint fails on bad map lines"
cat >"$T/want" <<'EOF'
root/defaults/confcheck.map:4: error: expected TEMPLATE and USER, found one word: the line is skipped
root/defaults/confcheck.map:5: error: USER '/etc/x' leaves the config root (an absolute path): the line is skipped
EOF
diff_ok "$T/want" "$T/out" "it names the map and each bad line, and asks no header of mapped files"
is "$(cat "$T/err")" "confcheck lint: 2 errors, 0 warnings in 5 templates" \
	"the mapped files are linted all the same"
# A mapped file that does carry a version header gets the date check.
cp "$M" "$T/jail.map"
printf '%s\n' 'fail2ban/jail.local  fail2ban/jail.local' >>"$T/jail.map"
commit "$R" "Add jail.local"
"$CONFCHECK" history import --map root/defaults/= --map-file "$T/jail.map" --out "$T/h5" "$R" \
	>/dev/null 2>&1
cp "$T/jail.map" "$Dd/confcheck.map"
put "$Dd/fail2ban/jail.local" '## Version 2024/01/01' '[DEFAULT]' 'bantime = 3h'
(cd "$R" && "$CONFCHECK" lint --history "$T/h5" root/defaults >"$T/out" 2>"$T/err")
like "$(cat "$T/out")" "^root/defaults/fail2ban/jail\.local:1: error: content changed since the recorded version of 2024-01-01 .* but the version date was not bumped\$" \
	"a mapped file with a version header gets the date check against its history"

done_testing
