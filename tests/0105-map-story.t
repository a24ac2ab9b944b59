#!/usr/bin/env bash
# The image-update story for templates a mapping file places: suffix-less,
# into another folder, renamed, from outside the template roots, with a '*',
# not the user's at all ('-'), overridden by a later root, and the lines a
# map must skip. First start, the user's edits, two new images: every
# verdict exact, with no version header anywhere.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

B=$T/base D=$T/defaults A=$T/app C=$T/config S=$T/config/.confcheck
TODAY=$(date -u +%F)

# check [OPTION...]: the init check of this volume; sets $out, $err, $rc.
check() {
	run timeout 20 "$CONFCHECK" check --templates "$B" --templates "$D" --config "$C" "$@"
}

# entries: path, state, template and merge of every entry of status.json.
entries() {
	jq -r '.files[] | [.path, .state, .template, .merge] | map(. // "-") | @tsv' "$S/status.json"
}

# put FILE LINE...: writes the lines as FILE, making its folder.
put() {
	local f=$1
	shift
	mkdir -p "$(dirname "$f")"
	printf '%s\n' "$@" >"$f"
}

# --- image 1 ------------------------------------------------------------------
# The base image: one nginx sample under the default rule, and a map of its own.
put "$B/nginx/site-confs/default.conf.sample" '## Version 2024/01/10' 'server {' '	listen 80;' '}'
put "$B/fail2ban/jail.local" '[DEFAULT]' 'bantime = 1h' '# base'
put "$B/app/app.ini" 'name = base'
put "$B/confcheck.map" \
	'# the base image' \
	'fail2ban/jail.local  fail2ban/jail.local' \
	'app/app.ini          app.ini'
# The app image: suffix-less, other folders, a '*', a template from outside the roots.
put "$D/custom.cnf" '[mysqld]' 'max_connections = 100' 'wait_timeout = 600' \
	'innodb_buffer_pool_size = 128M'
put "$D/smoke-conf/Alerts" '*** Alerts ***' 'to = alertee@example.org' 'from = smokealert@example.org'
put "$D/smoke-conf/Targets" '*** Targets ***' 'probe = FPing' 'menu = Top'
put "$D/smoke-conf/Probes" '*** Probes ***' '+ FPing' 'binary = /usr/sbin/fping'
put "$D/smoke-conf/.hidden" 'not a template: a leading dot is no match for the *'
put "$D/qBittorrent.conf" '[Preferences]' 'WebUI\Port=8080' 'Downloads\SavePath=/downloads/'
put "$A/www/.env.example" 'APP_NAME=Heimdall' 'APP_ENV=production' 'APP_KEY=' 'APP_DEBUG=false'
put "$D/fail2ban/jail.local" '[DEFAULT]' 'bantime = 1h' '# app'
put "$D/fail2ban/filter.d/nginx-badbots.conf" '[Definition]' 'failregex = bad'
put "$D/nginx/proxy.conf.sample" '## Version 2024/01/10' 'proxy_buffers 32 4k;'
put "$D/other/app.ini" 'name = app'
put "$D/confcheck.map" \
	'# the app image' \
	'custom.cnf           custom.cnf      # same path, no suffix' \
	'smoke-conf/*         *               # every file of the folder, to the top' \
	'qBittorrent.conf     qBittorrent/qBittorrent.conf' \
	"$A/www/.env.example  www/.env" \
	'fail2ban/jail.local  fail2ban/jail.local' \
	'fail2ban/filter.d/*  -               # overwritten at every start' \
	'nginx/proxy.conf.sample  -' \
	'other/app.ini        app.ini' \
	'lonely' \
	'evil.conf            ../evil.conf' \
	'abs.conf             /etc/abs.conf' \
	'smoke-conf/*/x       x' \
	'many/*               one.conf' \
	'state.conf           .confcheck/status.json' \
	'git.conf             .git/config'
put "$D/state.conf" 'would shadow the status'

# The init's copies: each template where the image's init puts it.
mkdir -p "$C"
cp "$D/custom.cnf" "$C/custom.cnf"
cp "$D/smoke-conf/Alerts" "$D/smoke-conf/Targets" "$D/smoke-conf/Probes" "$C/"
mkdir -p "$C/qBittorrent" "$C/www" "$C/fail2ban/filter.d" "$C/nginx/site-confs"
cp "$D/qBittorrent.conf" "$C/qBittorrent/"
cp "$A/www/.env.example" "$C/www/.env"
cp "$D/fail2ban/jail.local" "$C/fail2ban/"
cp "$D/fail2ban/filter.d/nginx-badbots.conf" "$C/fail2ban/filter.d/"
cp "$D/nginx/proxy.conf.sample" "$C/nginx/proxy.conf"
cp "$B/nginx/site-confs/default.conf.sample" "$C/nginx/site-confs/default.conf"
cp "$D/other/app.ini" "$C/app.ini"

check --init
is "$rc" 0 "first start: a map with bad lines never fails the init"
printf '%s\n' "$err" | grep -c 'confcheck.map:' >"$T/nwarn"
is "$(cat "$T/nwarn")" 6 "each bad line is one warning"
like "$err" "^\[confcheck\] warning: $D/confcheck\.map:10: expected TEMPLATE and USER, found one word: line skipped\$" \
	"a line of one word names the map and its line"
like "$err" "confcheck\.map:11: USER '\.\./evil\.conf' leaves the config root" "a USER with '..' is skipped"
like "$err" "confcheck\.map:12: USER '/etc/abs\.conf' leaves the config root" "and an absolute USER"
like "$err" "confcheck\.map:13: TEMPLATE 'smoke-conf/\*/x' may hold one '\*', in its last component" \
	"a '*' in a folder of TEMPLATE is refused"
like "$err" "confcheck\.map:14: USER 'one\.conf' must hold one '\*'" "a '*' that would map many files to one"
like "$err" "confcheck\.map:16: USER '\.git/config' has a '\.git' component" "a USER inside a .git folder"
entries >"$T/got"
cat >"$T/want" <<EOF
Alerts	current	smoke-conf/Alerts	-
Probes	current	smoke-conf/Probes	-
Targets	current	smoke-conf/Targets	-
app.ini	current	other/app.ini	-
custom.cnf	current	custom.cnf	-
fail2ban/jail.local	current	fail2ban/jail.local	-
nginx/site-confs/default.conf	current	nginx/site-confs/default.conf.sample	-
qBittorrent/qBittorrent.conf	current	qBittorrent.conf	-
www/.env	current	$A/www/.env.example	-
EOF
diff_ok "$T/want" "$T/got" "every mapped file is judged, against the template the map names"
# jail.local and app.ini are current with the app image's copies, which differ from the
# base image's: the later root's map won for the same user path.
is "$(jq -r '.summary.unused' "$S/status.json")" 0 \
	"the state.conf line gives no verdict and no unused template: its user path is the state dir"
is "$(jq -r '[.files[] | select(.path | test("filter.d|proxy.conf|hidden|evil|abs.conf"))] | length' \
	"$S/status.json")" 0 "templates mapped to '-', bad lines and dot files give no verdict"
is "$(jq -r '.files[] | select(.path == "custom.cnf") | .template_version' "$S/status.json")" "$TODAY" \
	"a template with no header is dated by the day its history first held it"

# --- the user's edits -----------------------------------------------------------
sed -i 's/^max_connections = 100$/max_connections = 500/' "$C/custom.cnf"
sed -i 's/^menu = Top$/menu = Mine/' "$C/Targets"
sed -i 's/^APP_KEY=$/APP_KEY=base64:secret/' "$C/www/.env"
check
entries >"$T/got"
cat >"$T/want" <<EOF
Alerts	current	smoke-conf/Alerts	-
Probes	current	smoke-conf/Probes	-
Targets	customized	smoke-conf/Targets	-
app.ini	current	other/app.ini	-
custom.cnf	customized	custom.cnf	-
fail2ban/jail.local	current	fail2ban/jail.local	-
nginx/site-confs/default.conf	current	nginx/site-confs/default.conf.sample	-
qBittorrent/qBittorrent.conf	current	qBittorrent.conf	-
www/.env	customized	$A/www/.env.example	-
EOF
diff_ok "$T/want" "$T/got" "the user's edits are customisations, known exactly without a header"

# --- image 2: templates change, one is dropped, one is new ----------------------
put "$D/custom.cnf" '[mysqld]' 'max_connections = 100' 'wait_timeout = 600' \
	'innodb_buffer_pool_size = 256M'
put "$D/smoke-conf/Alerts" '*** Alerts ***' 'to = alertee@example.org' 'from = alerts@example.org'
rm "$D/smoke-conf/Probes"
put "$D/smoke-conf/Database" '*** Database ***' 'step = 300'
put "$D/qBittorrent.conf" '[Preferences]' 'WebUI\Port=8080' 'Downloads\SavePath=/downloads/complete/'
put "$A/www/.env.example" 'APP_NAME=Heimdall' 'APP_ENV=production' 'APP_KEY=' 'APP_DEBUG=false' \
	'APP_URL=http://localhost'
check
is "$rc" 1 "image 2: files need a look"
entries >"$T/got"
cat >"$T/want" <<EOF
Alerts	outdated	smoke-conf/Alerts	-
Probes	orphaned	Probes.sample	-
Targets	customized	smoke-conf/Targets	-
app.ini	current	other/app.ini	-
custom.cnf	conflict	custom.cnf	clean
fail2ban/jail.local	current	fail2ban/jail.local	-
nginx/site-confs/default.conf	current	nginx/site-confs/default.conf.sample	-
qBittorrent/qBittorrent.conf	outdated	qBittorrent.conf	-
www/.env	conflict	$A/www/.env.example	clean
EOF
diff_ok "$T/want" "$T/got" "outdated, customized, conflict and orphaned, exact for every map form"
like "$out" "^\[confcheck\] conflict  custom\.cnf  $TODAY -> $TODAY  merges cleanly: confcheck merge custom\.cnf\$" \
	"the notice dates headerless files from the history"
like "$out" "^\[confcheck\] orphaned  Probes  template dropped by the image\$" "a dropped mapped template is orphaned"
is "$(jq -r '.summary.unused' "$S/status.json")" 1 "the new Database template has no user file yet"

run "$CONFCHECK" merge --templates "$B" --templates "$D" --config "$C" www/.env
is "$rc" 0 "merge works on a renamed template from outside the roots"
like "$out" "^APP_KEY=base64:secret\$" "and keeps the user's line"
like "$out" "^APP_URL=http://localhost\$" "and takes the image's"
run "$CONFCHECK" diff --templates "$B" --templates "$D" --config "$C" qBittorrent/qBittorrent.conf
like "$out" "^\+Downloads\\\\SavePath=/downloads/complete/\$" "diff shows the mapped template's change"
run "$CONFCHECK" history list --templates "$B" --templates "$D" --config "$C" smoke-conf/Alerts
like "$out" "^template smoke-conf/Alerts: 2 recorded versions" "history list takes a mapped template's path"
run "$CONFCHECK" history list --templates "$B" --templates "$D" --config "$C" Alerts
like "$out" "^template smoke-conf/Alerts: 2 recorded versions" "and its user file's"

# --- image 3: the image moves a template, and the map follows ---------------------
mkdir -p "$D/qbt"
mv "$D/qBittorrent.conf" "$D/qbt/qBittorrent.conf"
sed -i 's#^qBittorrent.conf .*#qbt/qBittorrent.conf  qBittorrent/qBittorrent.conf#' "$D/confcheck.map"
check
is "$(entries | grep '^qBittorrent/')" "qBittorrent/qBittorrent.conf	outdated	qbt/qBittorrent.conf	-" \
	"a template the image moves keeps its user file's history: still outdated, not unverified"

# An image may ship the app's file as an absolute link into a release folder.
mkdir -p "$A/releases/2"
mv "$A/www/.env.example" "$A/releases/2/env.example"
ln -s "$A/releases/2/env.example" "$A/www/.env.example"
check
is "$(entries | grep '^www/')" "www/.env	conflict	$A/www/.env.example	clean" \
	"an absolute template that is an absolute symlink in the image is read through it"
unlike "$err" "cannot read template" "and without a warning about it"
rm "$A/www/.env.example"
mv "$A/releases/2/env.example" "$A/www/.env.example"
put "$T/file-as-folder.map" "$A/www/.env.example/*  x/*"
check --map "$T/file-as-folder.map"
like "$err" "cannot read templates '$A/www/\.env\.example/\*': not a directory \(regular file\)" \
	"a '*' line whose folder is a file is one warning that says so"

# --- maps named on the command line, and in CONFCHECK_MAP --------------------------
put "$T/extra.map" 'custom.cnf  -' 'nginx/site-confs/default.conf.sample  nginx/default.conf'
check --map "$T/extra.map"
is "$(entries | grep -c '^custom.cnf')" 0 \
	"a --map line applies to every root and beats the root's own map: no verdict, not even orphaned"
is "$(entries | grep '^nginx/')" "nginx/site-confs/default.conf	orphaned	nginx/site-confs/default.conf.sample	-" \
	"a line that moves a .sample's user file leaves the old one without a template"
run env CONFCHECK_MAP="$T/none.map:$T/extra.map" "$CONFCHECK" check --templates "$B" --templates "$D" \
	--config "$C"
is "$(entries | grep -c '^custom.cnf')" 0 "CONFCHECK_MAP names maps, colon-separated"
like "$err" "cannot read map '$T/none\.map': No such file or directory" "a map that is missing is a warning"
run env CONFCHECK_MAP="$T/extra.map" "$CONFCHECK" check --templates "$B" --templates "$D" --config "$C" \
	--map /dev/null
is "$(entries | grep -c '^custom.cnf')" 1 "--map replaces CONFCHECK_MAP"
like "$err" "cannot read map '/dev/null': not a regular file" "a map that is no file is refused unread"
mkfifo "$T/fifo.map"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" --map "$T/fifo.map"
like "$err" "cannot read map '$T/fifo\.map': not a regular file \(fifo\)" "a FIFO map is never read (no hang)"
check
is "$(entries | grep -c '^custom.cnf')" 1 "without them the verdict is back"

done_testing
