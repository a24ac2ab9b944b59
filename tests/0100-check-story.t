#!/usr/bin/env bash
# The image-update story: a volume lives through four images while its user
# customises, resolves and ignores; every verdict, the notice and the status.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck

# tpl REL: writes stdin as the template REL.sample of the image being built.
tpl() {
	mkdir -p "$(dirname "$D/$1")"
	cat >"$D/$1.sample"
}

# check: the init check of this volume; sets $out, $err, $rc.
check() {
	run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C"
}

# masked: the notice with the set id and tool version masked (they are not the story).
masked() {
	printf '%s\n' "$out" | sed -E 's/ set=[0-9a-f]{8} / set=SET /; s/ version=[0-9.]+$/ version=VER/'
}

# entries: one line a file from status.json: path, state, flags, user, template
# and baseline versions, where the baseline came from, merge, reason.
entries() {
	jq -r '.files[] | [.path, .state, (.flags | join(",") | if . == "" then null else . end), .user_version, .template_version,
		.baseline_version, .baseline_from, .merge, .reason] | map(. // "-") | @tsv' "$S/status.json"
}

# hashes_agree: the three hashes of every entry say what its state says.
hashes_agree() {
	jq -e '[.files[] |
		if .state == "current" then .user_hash == .template_hash and .baseline_hash == .template_hash
		elif .state == "customized" then .baseline_hash == .template_hash and .user_hash != .template_hash
		elif .state == "outdated" then .baseline_hash == .user_hash and .user_hash != .template_hash
		elif .state == "conflict" then .baseline_hash != null and .baseline_hash != .user_hash
			and .baseline_hash != .template_hash and .user_hash != .template_hash
		elif .state == "unverified" then .baseline_hash == null and .user_hash != .template_hash
		elif .state == "orphaned" then .template_hash == null and .user_hash != null
		elif .state == "error" then .user_hash == null and .reason != null
		else false end] | all' "$S/status.json" >/dev/null
}

# --- image 1 -------------------------------------------------------------
tpl nginx/nginx.conf <<'EOF'
## Version 2024/01/10
user abc;
worker_processes 4;
pid /run/nginx.pid;
events {
	worker_connections 768;
}
http {
	sendfile on;
	include /config/nginx/site-confs/*.conf;
}
EOF
tpl nginx/site-confs/default.conf <<'EOF'
## Version 2024/01/10
server {
	listen 80 default_server;
	server_name _;
	root /config/www;
	index index.html index.htm index.php;
	location / {
		try_files $uri $uri/ /index.html /index.php$is_args$args;
	}
}
EOF
tpl nginx/ssl.conf <<'EOF'
## Version 2023/08/13
ssl_session_timeout 1d;
ssl_session_cache shared:MozSSL:10m;
ssl_session_tickets off;
ssl_protocols TLSv1.2 TLSv1.3;
ssl_prefer_server_ciphers off;
EOF
tpl nginx/ldap.conf <<'EOF'
## Version 2022/05/01
auth_ldap_cache_enabled on;
auth_ldap_cache_expiration_time 10000;
EOF
tpl nginx/proxy-confs/sonarr.subdomain.conf <<'EOF'
## Version 2023/02/01
server {
	listen 443 ssl;
	server_name sonarr.*;
	location / {
		proxy_pass http://sonarr:8989;
	}
}
EOF
tpl nginx/proxy-confs/radarr.subdomain.conf <<'EOF'
## Version 2023/02/01
server {
	listen 443 ssl;
	server_name radarr.*;
}
EOF

# The init copies what the user gets; radarr stays a sample, also in the volume.
for f in nginx/nginx.conf nginx/site-confs/default.conf nginx/ssl.conf nginx/ldap.conf \
	nginx/proxy-confs/sonarr.subdomain.conf; do
	mkdir -p "$(dirname "$C/$f")"
	cp "$D/$f.sample" "$C/$f"
done
cp "$D/nginx/proxy-confs/radarr.subdomain.conf.sample" "$C/nginx/proxy-confs/"

check
is "$rc" 0 "first start: exit 0"
is "$(masked)" "[confcheck] summary current=5 customized=0 outdated=0 conflict=0 unverified=0 orphaned=0 error=0 unused=1 set=SET version=VER" \
	"first start: the notice is the summary line alone"
is "$err" "" "first start: nothing on stderr"
is "$(jq -r '[.files[].state] | unique | join(",")' "$S/status.json")" current \
	"first start: every file is current"
is "$(jq -r '[.files[].baseline_from] | unique | join(",")' "$S/status.json")" exact \
	"first start: every baseline is an exact match"
is "$(jq -r '.files[].path' "$S/status.json" | grep -c 'sample$')" 0 \
	"a .sample in the volume is a copy, never a verdict"
is "$(jq -r '.summary.unused' "$S/status.json")" 1 "the template nobody copied is counted unused"
is "$(jq -r '[.files[].path] | index("nginx/proxy-confs/radarr.subdomain.conf")' "$S/status.json")" null \
	"... and not listed"

# --- the user customises ssl.conf and default.conf ------------------------
echo 'ssl_stapling on;' >>"$C/nginx/ssl.conf"
sed -i 's/server_name _;/server_name example.org;/' "$C/nginx/site-confs/default.conf"
check
is "$rc" 0 "customised: exit 0 (nothing needs a look)"
like "$out" '^\[confcheck\] summary current=3 customized=2 outdated=0 conflict=0 ' \
	"customised: the summary alone counts two customized"
cat >"$T/want" <<'EOF'
nginx/ldap.conf	current	-	2022-05-01	2022-05-01	2022-05-01	exact	-	-
nginx/nginx.conf	current	-	2024-01-10	2024-01-10	2024-01-10	exact	-	-
nginx/proxy-confs/sonarr.subdomain.conf	current	-	2023-02-01	2023-02-01	2023-02-01	exact	-	-
nginx/site-confs/default.conf	customized	-	2024-01-10	2024-01-10	2024-01-10	header	-	-
nginx/ssl.conf	customized	-	2023-08-13	2023-08-13	2023-08-13	header	-	-
EOF
entries >"$T/got"
diff_ok "$T/want" "$T/got" "customised: status.json entries"
hashes_agree
ok $? "customised: the hashes agree with the states"

# --- image 2: three templates move on ---------------------------------------
sed -i 's|^## Version 2024/01/10|## Version 2024/06/01|; s/worker_processes 4;/worker_processes auto;/' \
	"$D/nginx/nginx.conf.sample"
sed -i 's|^## Version 2023/08/13|## Version 2024/06/01|; s/ssl_session_timeout 1d;/ssl_session_timeout 2d;/' \
	"$D/nginx/ssl.conf.sample"
sed -i 's|^## Version 2024/01/10|## Version 2024/06/01|; s/server_name _;/server_name localhost;/' \
	"$D/nginx/site-confs/default.conf.sample"
check
is "$rc" 1 "image 2: exit 1 (something needs a look)"
cat >"$T/want" <<'EOF'
[confcheck] 3 of 5 configs need a look (templates up to 2024-06-01; confcheck status for all)
[confcheck] outdated  nginx/nginx.conf  2024-01-10 -> 2024-06-01  unchanged by you: replace it with the .sample
[confcheck] conflict  nginx/site-confs/default.conf  2024-01-10 -> 2024-06-01  both changed the same lines: confcheck diff nginx/site-confs/default.conf
[confcheck] conflict  nginx/ssl.conf  2023-08-13 -> 2024-06-01  merges cleanly: confcheck merge nginx/ssl.conf
[confcheck] summary current=2 customized=0 outdated=1 conflict=2 unverified=0 orphaned=0 error=0 unused=1 set=SET version=VER
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "image 2: the exact notice"
cp "$T/want" "$T/notice2"
cat >"$T/want" <<'EOF'
nginx/ldap.conf	current	-	2022-05-01	2022-05-01	2022-05-01	exact	-	-
nginx/nginx.conf	outdated	-	2024-01-10	2024-06-01	2024-01-10	exact	-	-
nginx/proxy-confs/sonarr.subdomain.conf	current	-	2023-02-01	2023-02-01	2023-02-01	exact	-	-
nginx/site-confs/default.conf	conflict	-	2024-01-10	2024-06-01	2024-01-10	header	conflicts	-
nginx/ssl.conf	conflict	-	2023-08-13	2024-06-01	2023-08-13	header	clean	-
EOF
entries >"$T/got"
diff_ok "$T/want" "$T/got" "image 2: status.json entries, merge clean and conflicts"
hashes_agree
ok $? "image 2: the hashes agree with the states"
is "$(jq -c .summary "$S/status.json")" \
	'{"current":2,"customized":0,"outdated":1,"conflict":2,"unverified":0,"orphaned":0,"error":0,"unused":1,"need_look":3}' \
	"image 2: the summary"
is "$(jq -r .template_set.newest_version "$S/status.json")" 2024-06-01 "image 2: the newest template date"
set2=$(jq -r .template_set.id "$S/status.json")
like "$set2" '^[0-9a-f]{16}$' "image 2: the set id is 16 hex digits"
like "$out" "set=${set2:0:8} " "image 2: the notice names the set by its first 8 digits"

check
is "$rc" 1 "image 2, next start: the same exit"
masked >"$T/got"
diff_ok "$T/notice2" "$T/got" "image 2, next start: the same notice"

# --- image 3: default.conf moves again; the user takes the new templates ------
sed -i 's|^## Version 2024/06/01|## Version 2024/09/01|; s|^\troot /config/www;|\troot /config/www;\n\tclient_max_body_size 0;|' \
	"$D/nginx/site-confs/default.conf.sample"
check
is "$rc" 1 "image 3: exit 1"
like "$out" 'conflict  nginx/site-confs/default\.conf  2024-01-10 -> 2024-09-01  both changed the same lines' \
	"image 3: default.conf is still a conflict, against the newest template"
cp "$D/nginx/site-confs/default.conf.sample" "$C/nginx/site-confs/default.conf"
cp "$D/nginx/nginx.conf.sample" "$C/nginx/nginx.conf"
check
is "$rc" 1 "image 3, after the user took two templates: exit 1 (ssl.conf is left)"
cat >"$T/want" <<'EOF'
nginx/ldap.conf	current	-	2022-05-01	2022-05-01	2022-05-01	exact	-	-
nginx/nginx.conf	current	-	2024-06-01	2024-06-01	2024-06-01	exact	-	-
nginx/proxy-confs/sonarr.subdomain.conf	current	-	2023-02-01	2023-02-01	2023-02-01	exact	-	-
nginx/site-confs/default.conf	current	-	2024-09-01	2024-09-01	2024-09-01	exact	-	-
nginx/ssl.conf	conflict	-	2023-08-13	2024-06-01	2023-08-13	header	clean	-
EOF
entries >"$T/got"
diff_ok "$T/want" "$T/got" "image 3: a file edited to equal the new template is current"

# --- image 4: default.conf moves, ldap.conf is dropped, authelia is new -------
sed -i 's|^## Version 2024/09/01|## Version 2024/12/17|; s/index index.html index.htm index.php;/index index.html index.php;/' \
	"$D/nginx/site-confs/default.conf.sample"
rm "$D/nginx/ldap.conf.sample"
tpl nginx/authelia-server.conf <<'EOF'
## Version 2024/11/30
location /authelia {
	internal;
}
EOF
mkdir "$C/nginx/authelia-server.conf"
check
is "$rc" 1 "image 4: exit 1"
is "$err" "" "image 4: nothing on stderr"
cat >"$T/want" <<'EOF'
[confcheck] 4 of 6 configs need a look (templates up to 2024-12-17; confcheck status for all)
[confcheck] error  nginx/authelia-server.conf  not a regular file (directory)
[confcheck] orphaned  nginx/ldap.conf  template dropped by the image
[confcheck] outdated  nginx/site-confs/default.conf  2024-09-01 -> 2024-12-17  unchanged by you: replace it with the .sample
[confcheck] conflict  nginx/ssl.conf  2023-08-13 -> 2024-06-01  merges cleanly: confcheck merge nginx/ssl.conf
[confcheck] summary current=2 customized=0 outdated=1 conflict=1 unverified=0 orphaned=1 error=1 unused=1 set=SET version=VER
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "image 4: the exact notice (outdated, not conflict: the baseline moved)"
cat >"$T/want" <<'EOF'
nginx/authelia-server.conf	error	-	-	2024-11-30	-	-	-	not a regular file (directory)
nginx/ldap.conf	orphaned	-	2022-05-01	2022-05-01	-	-	-	-
nginx/nginx.conf	current	-	2024-06-01	2024-06-01	2024-06-01	exact	-	-
nginx/proxy-confs/sonarr.subdomain.conf	current	-	2023-02-01	2023-02-01	2023-02-01	exact	-	-
nginx/site-confs/default.conf	outdated	-	2024-09-01	2024-12-17	2024-09-01	exact	-	-
nginx/ssl.conf	conflict	-	2023-08-13	2024-06-01	2023-08-13	header	clean	-
EOF
entries >"$T/got"
diff_ok "$T/want" "$T/got" "image 4: status.json entries: error, orphaned, outdated"
hashes_agree
ok $? "image 4: the hashes agree with the states"
is "$(jq -r '[.files[] | has("path", "template", "state", "flags", "user_version", "template_version",
	"baseline_version", "user_hash", "template_hash", "baseline_hash")] | all' "$S/status.json")" true \
	"every entry has every key of the contract (null where unknown)"
is "$(jq -r '[.files[] | .template == .path + ".sample"] | all' "$S/status.json")" true \
	"every entry names its template: the path plus .sample"
is "$(jq -r '[.files[] | (.user_hash, .template_hash, .baseline_hash) | select(. != null) |
	test("^[0-9a-f]{16}$")] | all' "$S/status.json")" true "every hash is 16 hex digits"
is "$(jq -r '[.files[] | select(.state != "conflict") | has("merge")] | any' "$S/status.json")" false \
	"merge is given for conflicts only"
is "$(jq -r '[.files[] | select(.state != "error") | has("reason")] | any' "$S/status.json")" false \
	"reason is given for errors only"

# --- a first start on a volume filled by an image confcheck never saw ----------
C=$T/volume2 S=$T/volume2/.confcheck
mkdir -p "$C/nginx/site-confs" "$C/nginx/proxy-confs"
cat >"$C/nginx/nginx.conf" <<'EOF'
## Version 2022/02/02
user abc;
worker_processes 2;
pid /run/nginx.pid;
events {
	worker_connections 512;
}
http {
	sendfile on;
	include /config/nginx/site-confs/*.conf;
}
EOF
cp "$D/nginx/site-confs/default.conf.sample" "$C/nginx/site-confs/default.conf"
{
	cat "$D/nginx/ssl.conf.sample"
	echo 'ssl_stapling on;'
} >"$C/nginx/ssl.conf"
check
is "$rc" 1 "old volume, first start: exit 1"
cat >"$T/want" <<'EOF'
[confcheck] 1 of 3 configs need a look (templates up to 2024-12-17; confcheck status for all)
[confcheck] unverified  nginx/nginx.conf  2022-02-02 -> 2024-06-01  baseline unknown: confcheck diff nginx/nginx.conf
[confcheck] summary current=1 customized=1 outdated=0 conflict=0 unverified=1 orphaned=0 error=0 unused=3 set=SET version=VER
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "old volume: a header date never recorded is unverified; the notice"
cat >"$T/want" <<'EOF'
nginx/nginx.conf	unverified	-	2022-02-02	2024-06-01	-	none	-	-
nginx/site-confs/default.conf	current	-	2024-12-17	2024-12-17	2024-12-17	exact	-	-
nginx/ssl.conf	customized	-	2024-06-01	2024-06-01	2024-06-01	header	-	-
EOF
entries >"$T/got"
diff_ok "$T/want" "$T/got" "old volume: unverified, current, customized by its header"
hashes_agree
ok $? "old volume: the hashes agree with the states"
check
is "$rc" 1 "old volume, next start: still unverified (nothing to learn from)"

done_testing
