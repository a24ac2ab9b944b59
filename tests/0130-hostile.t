#!/usr/bin/env bash
# A hostile volume and a hostile image: special files, forged names, loops,
# deep trees and a broken state dir. The check must still give its verdicts,
# keep every output line its own, warn on stderr, and exit as usual.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D/nginx" "$C/nginx"

check() {
	run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C"
}

# tpl REL VERSION: a template for REL whose header and body change with VERSION.
tpl() {
	mkdir -p "$(dirname "$D/$1")"
	printf '## Version %s\nkeepalive_timeout 65;\nadd_header X-Image "%s";\n' "$2" "$2" >"$D/$1.sample"
}

evil=$'nginx/evil\n[confcheck] summary current=99'
red=$'nginx/x\e[31mred'
bad=$'nginx/bad\xff.conf'
for f in nginx/fifo.conf nginx/shadow.conf nginx/big.conf "nginx/with space.conf" "$evil" "$red" "$bad"; do
	tpl "$f" 2024/01/01
done
mkfifo "$C/nginx/fifo.conf"
ln -s /etc/shadow "$C/nginx/shadow.conf"
truncate -s 1G "$C/nginx/big.conf"
for f in "nginx/with space.conf" "$evil" "$red" "$bad"; do
	cp "$D/$f.sample" "$C/$f"
done

mkfifo "$D/nginx/"$'fifo\n[confcheck] warning: forged.conf.sample'
check
ok $((rc == 124)) "hostile names and files: the check finishes"
is "$rc" 1 "hostile names and files: exit 1 (errors)"
is "$err" "[confcheck] warning: cannot read template 'nginx/fifo\x0a[confcheck] warning: forged.conf.sample' in '$D': not a regular file (fifo)" \
	"a template that is a FIFO is left out with one warning; its newline is escaped"
is "$(printf '%s\n' "$out" | grep -vc '^\[confcheck\] ')" 0 "every stdout line starts with '[confcheck] '"
is "$(printf '%s\n' "$out" | wc -l)" 5 "one line for the head, three errors, the summary"
like "$out" 'current=4 customized=0 outdated=0 conflict=0 unverified=0 orphaned=0 error=3 ' \
	"the forged summary in a name does not count; the real one does"

# a new image changes every template: the hostile names are listed
for f in nginx/fifo.conf nginx/shadow.conf nginx/big.conf "nginx/with space.conf" "$evil" "$red" "$bad"; do
	tpl "$f" 2024/06/01
done
check
is "$rc" 1 "image 2: exit 1"
is "$(printf '%s\n' "$out" | grep -vc '^\[confcheck\] ')" 0 "image 2: every stdout line starts with '[confcheck] '"
is "$(printf '%s\n' "$out" | wc -l)" 9 "image 2: head, seven entries, summary: nine lines"
is "$(grep -c $'\e' "$T/out")" 0 "no raw ESC byte in stdout"
is "$(LC_ALL=C grep -c $'\xff' "$T/out")" 0 "no raw invalid UTF-8 in stdout"
is "$(grep -c '^\[confcheck\] summary ' "$T/out")" 1 "exactly one summary line"
like "$out" '^\[confcheck\] outdated  nginx/evil\\x0a\[confcheck\]\\x20summary\\x20current=99  2024-01-01 -> 2024-06-01 ' \
	"a newline in a name is escaped"
like "$out" '^\[confcheck\] outdated  nginx/x\\x1b\[31mred  ' "an escape sequence in a name is escaped"
like "$out" '^\[confcheck\] outdated  nginx/with\\x20space\.conf  ' "a space in a name is escaped"
like "$out" '^\[confcheck\] outdated  nginx/bad\\xff\.conf  ' "an invalid UTF-8 byte in a name is escaped"
like "$out" '^\[confcheck\] error  nginx/fifo\.conf  not a regular file \(fifo\)$' "the FIFO is an error"
like "$out" '^\[confcheck\] error  nginx/shadow\.conf  symlink leaves the config root$' \
	"the symlink to /etc/shadow is an error"
like "$out" '^\[confcheck\] error  nginx/big\.conf  too large ' "the 1 GiB file is an error"
jq -e . "$S/status.json" >/dev/null
ok $? "status.json is valid JSON"
is "$(jq -r --arg p "$evil" '.files[] | select(.path == $p) | .state' "$S/status.json")" outdated \
	"status.json: a name with a newline is kept as it is (valid UTF-8)"
is "$(jq -r '.files[] | select(.path_escaped) | .path' "$S/status.json")" 'nginx/bad\xff.conf' \
	"status.json: a name that is not UTF-8 is escaped and marked path_escaped"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" --json
jq -e . "$T/out" >/dev/null
ok $? "--json is valid JSON whatever the names"

# symlinked directory loops in the config root and in a template root
D=$T/loops/defaults C=$T/loops/config S=$T/loops/config/.confcheck
mkdir -p "$D/nginx/real" "$C/nginx"
tpl nginx/real/a.conf 2024/01/01
tpl self/b.conf 2024/01/01
tpl cycle/c.conf 2024/01/01
ln -s .. "$D/nginx/real/up"
ln -s loop "$D/nginx/loop"
cp "$D/nginx/real/a.conf.sample" "$D/nginx/real/up/real/up/real/copy.conf.sample"
ln -s . "$C/nginx/here"
ln -s self "$C/self"
ln -s cycle2 "$C/cycle"
ln -s cycle "$C/cycle2"
mkdir -p "$C/nginx/real"
cp "$D/nginx/real/a.conf.sample" "$C/nginx/real/a.conf"
check
ok $((rc == 124)) "directory loops: the check finishes"
is "$rc" 1 "directory loops: exit 1"
cat >"$T/want" <<'EOF'
cycle/c.conf	error	too many levels of symlinks
nginx/real/a.conf	current	-
self/b.conf	error	too many levels of symlinks
EOF
jq -r '.files[] | [.path, .state, .reason // "-"] | @tsv' "$S/status.json" >"$T/got"
diff_ok "$T/want" "$T/got" "directory loops: a looping path is an error; the template loop is not walked"
is "$(jq .summary.unused "$S/status.json")" 1 "directory loops: the template set holds four templates"

# deep trees: 10,000 levels in the config root, 100 in a template root
D=$T/deep/modèles C=$T/deep/config S=$T/deep/config/.confcheck
mkdir -p "$D" "$C"
deep=$(printf 'd/%.0s' {1..10000})
# one mkdir -p (GNU walks a path that long by chdir); perl where mkdir cannot
mkdir -p "$C/$deep" 2>/dev/null ||
	perl -e 'chdir $ARGV[0] or die "$!\n"; for (1 .. 10000) { mkdir "d"; chdir "d" or die "$!\n" }' "$C"
is "$(find "$C/d" -type d | wc -l)" 10000 "deep trees: the config root holds 10,000 nested directories"
fifty=$(printf 't/%.0s' {1..50})
hundred=$(printf 't/%.0s' {1..100})
mkdir -p "$D/$hundred" "$C/$fifty"
tpl "${fifty}fifty.conf" 2024/01/01
tpl "${hundred}hundred.conf" 2024/01/01
tpl "${deep:0:40}shallow.conf" 2024/01/01
cp "$D/${fifty}fifty.conf.sample" "$C/${fifty}fifty.conf"
cp "$D/${deep:0:40}shallow.conf.sample" "$C/${deep:0:40}shallow.conf"
check
ok $((rc == 124)) "deep trees: the check finishes"
is "$rc" 0 "deep trees: exit 0 (everything reachable is current)"
is "$err" "[confcheck] warning: template tree under '$D' is deeper than 64 levels; the rest is not read" \
	"deep trees: a template tree deeper than 64 levels is a warning (UTF-8 in its name kept)"
is "$(printf '%s' "$err" | grep -vc '^\[confcheck\] warning: ')" 0 "deep trees: stderr holds warnings only"
is "$(jq -c '[.summary.current, .summary.unused]' "$S/status.json")" '[2,0]' \
	"deep trees: the reachable templates are checked, the one too deep is left out"

# a broken state dir: status.json truncated, then the history corrupted
D=$T/state/defaults C=$T/state/config S=$T/state/config/.confcheck H=$T/state/config/.confcheck/history
mkdir -p "$D" "$C"
tpl a.conf 2024/01/01
tpl b.conf 2024/01/01
cp "$D/a.conf.sample" "$C/a.conf"
cp "$D/b.conf.sample" "$C/b.conf"
check
tpl a.conf 2024/06/01
check
is "$rc" 1 "state: a outdated"

# states: path and state of every entry, on one line.
states() {
	jq -r '[.files[] | "\(.path)=\(.state)"] | join(" ")' "$S/status.json"
}
truncate -s 10 "$S/status.json"
check
is "$rc" 1 "truncated status.json: exit as usual"
is "$(states)" "a.conf=outdated b.conf=current" "truncated status.json: the same verdicts"
jq -e .schema "$S/status.json" >/dev/null
ok $? "truncated status.json: written whole again"

printf 'garbage\n\x01\x02' >"$H/confcheck-index"
check
is "$rc" 1 "garbage index: exit as usual"
is "$(states)" "a.conf=outdated b.conf=current" "garbage index: the same verdicts (rebuilt from git)"
like "$err" "^\[confcheck\] warning: index of template history '.*' was unreadable; rebuilt it from the history$" \
	"garbage index: a warning on stderr"
check
is "$err" "" "garbage index: the next start is quiet"

garble() {
	chmod -R u+w "$H/objects"
	find "$H/objects" -type f | while read -r f; do printf 'garbage\n' >"$f"; done
	printf 'garbage\n' >"$H/HEAD"
}
garble
tpl b.conf 2024/06/01
check
ok $((rc == 124)) "garbage git data, new image: the check finishes"
is "$rc" 1 "garbage git data, new image: exit as usual"
is "$(states)" "a.conf=unverified b.conf=unverified" \
	"garbage git data, new image: verdicts all the same (the old versions are lost)"
like "$err" "^\[confcheck\] warning: template history '.*' is unreadable \(.*\); moved to '.*\.corrupt-[0-9-]*' and started again" \
	"garbage git data, new image: a warning says where the history went"
is "$(find "$S" -maxdepth 1 -name 'history.corrupt-*' | wc -l)" 1 "the corrupt history is kept aside"

garble
printf 'confcheck-history 1\nset\tx\n' >"$H/confcheck-index"
check
is "$rc" 1 "garbage everywhere, same image: exit as usual"
is "$(states)" "a.conf=unverified b.conf=unverified" "garbage everywhere, same image: the same verdicts"
like "$err" "^\[confcheck\] warning: template history '.*' is unreadable \(.*\); moved to " \
	"garbage everywhere, same image: a warning"
is "$(printf '%s' "$err" | grep -vc '^\[confcheck\] warning: ')" 0 "warnings are the only lines on stderr"
check
is "$err" "" "recovered: the next start is quiet"
is "$(states)" "a.conf=unverified b.conf=unverified" "recovered: the same verdicts"

# Garbage git data behind a good index, same image: the everyday check reads
# the index only (DESIGN §10), so it is not even noticed; the verdicts stand.
garble
check
is "$rc" 1 "garbage git data, same image: exit as usual"
is "$(states)" "a.conf=unverified b.conf=unverified" "garbage git data, same image: the same verdicts"
is "$(printf '%s' "$err" | grep -vc '^\[confcheck\] warning: ')" 0 \
	"garbage git data, same image: nothing on stderr but warnings"

# ... until a command needs a version from git: diff and merge say the history
# is damaged, and drop its index so that the next check finds the damage and
# starts the history again, instead of every later merge failing the same way.
# fresh NAME: a new tree under $T/NAME, its a.conf a copy of version 2024/01/01, checked once.
fresh() {
	D=$T/$1/defaults C=$T/$1/config S=$T/$1/config/.confcheck H=$T/$1/config/.confcheck/history
	mkdir -p "$D" "$C"
	tpl a.conf 2024/01/01
	cp "$D/a.conf.sample" "$C/a.conf"
	check
}
fresh damage
tpl a.conf 2024/06/01
echo 'mine;' >>"$C/a.conf"
check
is "$(states)" "a.conf=conflict" "damage: a conflict, whose baseline is in the history"
rm -f "$H"/objects/pack/*
check
is "$(states)" "a.conf=conflict" "damage: git data gone behind a good index: not noticed by check"
run "$CONFCHECK" merge --templates "$D" --config "$C" a.conf
is "$rc" 2 "damage: merge fails"
like "$err" "^confcheck: cannot read a template version from history '$H': .*; the history is damaged: the next check starts it again from the templates shipped now\$" \
	"damage: and says the history is damaged and what happens next"
[ ! -e "$H/confcheck-index" ]
ok $? "damage: the index is dropped"
check
like "$err" "^\[confcheck\] warning: template history '$H' is unreadable \(.*\); moved to " \
	"damage: the next check moves the damaged history aside"
is "$(states)" "a.conf=unverified" "damage: and gives the verdict it can back (the baseline is lost)"
run "$CONFCHECK" merge --templates "$D" --config "$C" a.conf
like "$err" "its baseline is unknown" "damage: merge now says why it cannot merge"
run "$CONFCHECK" diff --templates "$D" --config "$C" a.conf
is "$rc" 1 "damage: and diff against the template works (exit 1: they differ)"

# A check that must read a version to try a new conflict's merge says so at once.
fresh damage2
tpl a.conf 2024/06/01
check
rm -f "$H"/objects/pack/*
echo 'mine;' >>"$C/a.conf"
check
is "$rc" 1 "damage found by a check: exit as usual"
like "$err" "^\[confcheck\] warning: cannot tell whether conflicts merge cleanly: cannot read a template version from history '$H': .*; the history is damaged: the next check starts it again" \
	"damage found by a check: a warning says so at once"
is "$(jq -r '.files[0] | "\(.state) \(.merge)"' "$S/status.json")" "conflict null" \
	"damage found by a check: the conflict stands, its merge unknown"
check
like "$err" "moved to " "damage found by a check: the next check starts the history again"

# A history started again knows nothing of the sets a file was first seen
# with: a headerless copy of an older template must not be matched to the
# template shipped now and called customised (it would never be listed).
D=$T/restart/defaults C=$T/restart/config S=$T/restart/config/.confcheck H=$T/restart/config/.confcheck/history
mkdir -p "$D" "$C"
# headerless TAG: a template without version header, the way some images ship them.
headerless() {
	printf 'server {\n\tlisten 443 ssl;\n\tserver_name %s;\n\troot /config/www;\n\tindex index.html;\n}\n' "$1"
}
tpl keep.conf 2024/01/01
check
headerless app >"$D/proxy.conf.sample"
check
cp "$D/proxy.conf.sample" "$C/proxy.conf"
check
is "$(states)" "proxy.conf=current" "restart: the user copied the headerless template"
headerless app.example >"$D/proxy.conf.sample"
check
is "$(jq -r '.files[] | select(.path == "proxy.conf") | .state' "$S/status.json")" outdated \
	"restart: a new headerless template: outdated"
for index in bad good; do
	garble
	if [ "$index" = bad ]; then
		printf 'garbage\n' >"$H/confcheck-index"
	else
		headerless app.example.org >"$D/proxy.conf.sample"
	fi
	check
	like "$err" "moved to " "restart ($index index): the history starts again"
	is "$(jq -r '.files[] | select(.path == "proxy.conf") | "\(.state) \(.baseline_from)"' "$S/status.json")" \
		"unverified none" "restart ($index index): the old copy is unverified, not customised"
	check
	is "$(jq -r '.files[] | select(.path == "proxy.conf") | .state' "$S/status.json")" unverified \
		"restart ($index index): and still on the next start"
done

done_testing
