#!/usr/bin/env bash
# Support triage: the notice survives a paste (timestamps, colours, wraps,
# other programs, CRLF) and triage rebuilds the same picture as status.json;
# report fits one message and never shows a secret.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C

# tpl REL TEXT: the template REL.sample of the image being built.
tpl() {
	mkdir -p "$(dirname "$D/$1")"
	printf '%s' "$2" >"$D/$1.sample"
}

# body VERSION LINE...: a config with a version header and the given lines.
body() {
	local v=$1
	shift
	printf '## Version %s\n' "$v"
	printf '%s\n' "$@"
}

# Image 1: many proxy confs, a site conf, an ldap conf; the user copies them all.
for i in $(seq 1 40); do
	tpl "nginx/proxy-confs/app$i.subdomain.conf" "$(body 2024/01/01 "server_name app$i.*;" "" "" "" "" "" "proxy_pass http://app$i:80;")"$'\n'
done
tpl nginx/site-confs/default.conf "$(body 2024/01/01 "listen 443;" "" "" "" "" "" "root /app/www;")"$'\n'
tpl nginx/ldap.conf "$(body 2024/01/01 "ldap on;")"$'\n'
tpl nginx/auth.conf "$(body 2024/01/01 "# put your password below" "password = changeme" "" "" "" "" "" "user admin;")"$'\n'
# shellcheck disable=SC2016 # a literal htpasswd hash
printf '%s\n' 'htuser:$apr1$EXAMPLE' >"$D/nginx/.htpasswd.sample"
(cd "$D" && find . -name '*.sample') | while read -r f; do
	mkdir -p "$(dirname "$C/$f")"
	cp "$D/$f" "$C/${f%.sample}"
done
run "$CONFCHECK" check --init
is "$rc" 0 "image 1: first start"

# The user customises; a secret goes into a file that will conflict.
for i in $(seq 1 12); do
	sed -i "s/proxy_pass http:/proxy_pass https:/" "$C/nginx/proxy-confs/app$i.subdomain.conf"
done
sed -i 's/changeme/hunter2-SECRET-42/' "$C/nginx/auth.conf"
printf 'token: tok-SECRET-42\n' >>"$C/nginx/auth.conf"
# shellcheck disable=SC2016 # a literal htpasswd hash
printf '%s\n' 'htuser:$apr1$SECRET-HASH' >"$C/nginx/.htpasswd"

# Image 2: changes everywhere, comment-only changes, a dropped template.
for i in $(seq 1 40); do
	f=nginx/proxy-confs/app$i.subdomain.conf
	if [ "$i" -le 30 ]; then
		tpl "$f" "$(body 2025/02/02 "server_name app$i.*;" "" "" "" "" "" "proxy_pass http://app$i:80;" "include /config/nginx/resolver.conf;")"$'\n'
	else
		tpl "$f" "$(body 2025/02/02 "# app$i: see its docs" "server_name app$i.*;" "" "" "" "" "" "proxy_pass http://app$i:80;")"$'\n'
	fi
done
tpl nginx/auth.conf "$(body 2025/02/02 "# put your password below" "password = changeme" "" "" "" "" "" "user nobody;")"$'\n'
rm "$D/nginx/ldap.conf.sample"
# shellcheck disable=SC2016 # a literal htpasswd hash
printf '%s\n' 'htuser:$apr1$OTHER' >"$D/nginx/.htpasswd.sample"
run "$CONFCHECK" check
is "$rc" 1 "image 2: something needs a look"
printf '%s\n' "$out" >"$T/notice"

# mangle: what a notice looks like after docker logs -t, colours, a 60-column
# terminal, other programs and a Windows clipboard.
mangle() {
	local n=0 line
	while IFS= read -r line; do
		n=$((n + 1))
		printf '2026-11-28T16:20:%02d.123456789Z s6-rc: info: service %s successfully started\n' $((n % 60)) "svc$n"
		line=${line/conflict/$'\e[31mconflict\e[0m'}
		line=${line/outdated/$'\e[33moutdated\e[0m'}
		# a terminal wraps the whole physical line, timestamp included
		printf '2026-11-28T16:21:%02d.000000001Z %s\n' $((n % 60)) "$line" | fold -w 60
	done
	echo "[custom-init] no custom files found, skipping..."
}
mangle <"$T/notice" | sed 's/$/\r/' >"$T/paste"
ok "$(grep -q $'\e\\[31m' "$T/paste" && echo 0 || echo 1)" "the paste holds colours"
is "$(awk 'length > 61' "$T/paste" | grep -v 's6-rc: info' | head -1)" "" "the paste is wrapped at 60 columns"

run "$CONFCHECK" triage --json "$T/paste"
is "$rc" 1 "triage: exit 1, something needs a look"
printf '%s\n' "$out" >"$T/triage.json"
want=$(jq -c '.summary | del(.need_look)' "$S/status.json")
got=$(jq -c '.summary | {current, customized, outdated, conflict, unverified, orphaned, error, unused}' "$T/triage.json")
is "$got" "$want" "triage: the summary counts are those of status.json"
# every listed file with its state, as status.json has them
jq -r '.files[] | select((.flags | index("cosmetic") | not) and (.flags | index("acknowledged") | not)
	and (.state != "current") and (.state != "customized")) | [.path, .state] | @tsv' \
	"$S/status.json" | sort >"$T/want-files"
jq -r '.files[] | [.path, .state] | @tsv' "$T/triage.json" | sort >"$T/got-files"
diff_ok "$T/want-files" "$T/got-files" "triage: the same state for every listed file"
is "$(jq -r '.template_set.id' "$T/triage.json")" "$(jq -r '.template_set.id[0:8]' "$S/status.json")" \
	"triage: the template set"
is "$(jq -r '.tool_version' "$T/triage.json")" "$(jq -r '.tool_version' "$S/status.json")" \
	"triage: the tool version"

out=$("$CONFCHECK" triage <"$T/paste")
like "$out" '^summary current=' "triage from stdin: a readable summary"
like "$out" 'conflict +nginx/auth\.conf' "triage from stdin: the conflict is listed"

# The nginx box table, as a drop-in for what parses it.
run "$CONFCHECK" check --format lsio
like "$out" '│  old date  │  new date  │ path' "--format lsio: the original header row"
like "$out" '│ 2024-01-01 │ 2025-02-02 │ /config/nginx/proxy-confs/app13\.subdomain\.conf ' "--format lsio: a row"
unlike "$out" 'app3[3-9]\.subdomain' "--format lsio: comment-only changes are not rows"
printf '%s\n' "$out" >"$T/table"
run "$CONFCHECK" triage --json "$T/table"
is "$(jq -r '[.files[].state] | unique | join(",")' "$T/out")" "unverified" \
	"triage of the table: every row is unverified"
is "$(jq -r '.files | length' "$T/out")" "$(grep -c '^│ .*│ /config/' "$T/table")" \
	"triage of the table: one file a row"

# The report: one chat message, masked, and triage reads it like a log.
run "$CONFCHECK" report
is "$rc" 1 "report: exit 1, something needs a look"
ok "$([ "$(wc -c <"$T/out")" -le 2000 ] && echo 0 || echo 1)" "report: at most 2,000 characters"
like "$(head -1 "$T/out")" '^```$' "report: a code fence first"
like "$(tail -1 "$T/out")" '^```$' "report: and last"
like "$out" '\[confcheck\] summary current=' "report: the summary line"
like "$out" 'cut to fit one message' "report: says what it cut"
cp "$T/out" "$T/report"
run "$CONFCHECK" triage --json "$T/report"
is "$(jq -c '.summary.conflict' "$T/out")" "$(jq -c '.summary.conflict' "$S/status.json")" \
	"triage reads a report"
run "$CONFCHECK" report --full
ok "$([ "$(wc -c <"$T/out")" -gt 2000 ] && echo 0 || echo 1)" "report --full: everything"
like "$out" 'all files:' "report --full: every file"

# No secret leaves: the password, the token and the htpasswd file.
for args in "" "--diff" "--full" "--diff --full"; do
	# shellcheck disable=SC2086
	run "$CONFCHECK" report $args
	unlike "$out" 'SECRET' "report $args: no secret"
done
run "$CONFCHECK" report --diff --full
like "$out" 'password = \*\*\*\*' "report --diff --full: the key stays, the value goes"
like "$out" 'nginx/\.htpasswd: yours -> template' "report --diff --full: the htpasswd conflict is named"
like "$out" 'not shown: a secrets file' "report --diff --full: but its contents are not shown"

# Bad input: one line, exit 2.
run "$CONFCHECK" triage "$T/nope"
is "$rc" 2 "triage of a missing file: exit 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "triage of a missing file: one line"
printf 'hello\nworld\n' >"$T/junk"
run "$CONFCHECK" triage "$T/junk"
is "$rc" 2 "triage of a log without a notice: exit 2"
like "$err" 'no confcheck notice' "triage of a log without a notice: says so"
head -c 100000 /dev/urandom >"$T/random"
run timeout 20 "$CONFCHECK" triage "$T/random"
ok "$([ "$rc" -eq 2 ] && echo 0 || echo 1)" "triage of random bytes: exit 2, no crash"

done_testing
