#!/bin/bash
# history list FILE: the recorded versions of a template from every history in force,
# oldest first, with version date, short hash, date first recorded and where it came from;
# '*' marks the user file's baseline and '>' the version shipped now.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

R=$T/image
H=$T/history
D=$T/defaults
C=$T/config
git_repo "$R"
tpl "$R/nginx/site.conf.sample" 2024/01/01 one two three
commit "$R" "Version 1"
tpl "$R/nginx/site.conf.sample" 2024/02/01 one two "three in v2"
commit "$R" "Version 2"
tpl "$R/nginx/site.conf.sample" 2024/03/01 one two "three in v2" four
commit "$R" "Version 3"
"$CONFCHECK" history import --out "$H" "$R" >/dev/null 2>&1
mkdir -p "$D/nginx" "$C/nginx"
cp "$R/nginx/site.conf.sample" "$D/nginx/"
v() { git -C "$R" show "HEAD~$1:nginx/site.conf.sample"; }

# row MARK DATE COMMIT: the line of the version with that date, from the source commit.
row() {
	raw=$(awk -F '\t' -v d="${2//-/}" '$1 == "ver" && $6 == d { print substr($3, 1, 8) }' "$H/confcheck-index")
	since=$(date -u -d "@$(git -C "$R" log -1 --format=%ct "$3")" +%Y-%m-%d)
	printf '%-2s %s  %s  %s  image@%s %s\n' "$1" "$2" "$raw" "$since" \
		"$(git -C "$R" rev-parse --short=7 "$3")" "$(git -C "$R" log -1 --format=%s "$3")"
}
header() {
	echo "template nginx/site.conf.sample: $1 recorded versions, oldest first"
	echo "   VERSION     HASH      SINCE       FROM"
}
list() { "$CONFCHECK" history list --templates "$D" --config "$C" --state "$T/state" "$@"; }

v 2 | sed 's/^one$/one, mine/' >"$C/nginx/site.conf"
{
	header 3
	row '*' 2024-01-01 HEAD~2
	row ' ' 2024-02-01 HEAD~1
	row ' >' 2024-03-01 HEAD
	echo "* baseline of nginx/site.conf (named by its version header); > shipped now"
} >"$T/want"
list --history "$H" nginx/site.conf >"$T/got" 2>&1
ok $? "history list exits 0"
diff_ok "$T/want" "$T/got" "a customised version 1: its baseline, found by its header, and the shipped version"
list --history "$H" nginx/site.conf.sample >"$T/got" 2>&1
diff_ok "$T/want" "$T/got" "the template path gives the same list"
list --history "$H" "$D/nginx/site.conf.sample" >"$T/got" 2>&1
diff_ok "$T/want" "$T/got" "and so does the template's absolute path"
list --history "$H" "$C/nginx/site.conf" >"$T/got" 2>&1
diff_ok "$T/want" "$T/got" "and the user file's absolute path"

# --json: the same listing for machines
list --history "$H" --json nginx/site.conf >"$T/got.json" 2>"$T/err"
ok $? "history list --json exits 0"
is "$(cat "$T/err")" "" "and prints nothing on stderr"
is "$(jq -r '[.schema, .template, .file, .file_exists, .shipped, .baseline_from, .baseline_error] | map(tostring) | join(" ")' "$T/got.json")" \
	"1 nginx/site.conf.sample nginx/site.conf true true header null" \
	"it names the template, the file, and how the baseline was found"
jq -r '.versions[] | [(if .baseline then "*" else " " end) + (if .shipped then ">" else " " end),
	.version, .hash[0:8], .recorded[0:10], .label] | join(" ")' "$T/got.json" >"$T/got"
sed -n '3,5p' "$T/want" | awk '{ r = substr($0, 4); gsub(/  /, " ", r); print substr($0, 1, 2) " " r }' \
	>"$T/want.json"
diff_ok "$T/want.json" "$T/got" "its versions are the text listing's, with the same marks, hashes, dates and labels"
like "$(jq -r '.versions[0].hash' "$T/got.json")" '^[0-9a-f]{16}$' "hashes are whole, as in status.json"
like "$(jq -r '.versions[0].commit' "$T/got.json")" '^[0-9a-f]{40}$' "commits too"

"$CONFCHECK" check --templates "$D" --config "$C" --state "$T/state" --history "$H" --json \
	>"$T/status.json" 2>/dev/null
list --history "$H" nginx/site.conf >"$T/got" 2>&1
diff_ok "$T/want" "$T/got" "after a check has recorded the set in the state dir, nothing is listed twice"
is "$(jq -r '.files[0].template_hash[0:8]' "$T/status.json")" \
	"$(awk '$1 == ">" { print $3 }' "$T/got")" "the short hash is the start of the status file's hash"

v 1 >"$C/nginx/site.conf"
list --history "$H" nginx/site.conf >"$T/got" 2>&1
like "$(cat "$T/got")" "^\*  2024-02-01 " "a copy of version 2 has version 2 as its baseline"
like "$(tail -n 1 "$T/got")" "^\* baseline of nginx/site.conf \(identical to it\); > shipped now\$" \
	"found by identity"
cp "$D/nginx/site.conf.sample" "$C/nginx/site.conf"
list --history "$H" nginx/site.conf >"$T/got" 2>&1
like "$(cat "$T/got")" "^\*> 2024-03-01 " "a file equal to the shipped template has it as its baseline"
like "$(tail -n 1 "$T/got")" "\(identical to the shipped template\)" "and says so"
printf '%s\n' "something" "else" "entirely" >"$C/nginx/site.conf"
list --history "$H" nginx/site.conf >"$T/got" 2>&1
unlike "$(cat "$T/got")" '^\*' "a file unlike every version has no baseline"
like "$(tail -n 1 "$T/got")" "^the baseline of nginx/site.conf is unknown; > shipped now\$" "which is said"
is "$(list --history "$H" --json nginx/site.conf | jq -c '[.baseline_from, ([.versions[] | select(.baseline)] | length)]')" \
	"[null,0]" "and in --json, no baseline_from and no version marked"
rm "$C/nginx/site.conf"
list --history "$H" nginx/site.conf >"$T/got" 2>&1
like "$(tail -n 1 "$T/got")" "^no user file nginx/site.conf; > shipped now\$" "without a user file, no baseline"

tpl "$D/nginx/site.conf.sample" 2024/04/01 one two "three in v2" four five
rm -rf "$T/state"
list --history "$H" nginx/site.conf.sample >"$T/got" 2>&1
like "$(sed -n 6p "$T/got")" "^ > 2024-04-01  [0-9a-f]{8}  -           shipped now, not recorded yet\$" \
	"a shipped version no history has recorded yet is listed last"
is "$(list --history "$H" --json nginx/site.conf.sample | jq -c '.versions[-1] | [.version, .recorded, .commit, .shipped]')" \
	'["2024-04-01",null,null,true]' "in --json too, with no record"

mkdir -p "$T/c2/nginx" "$T/d2/nginx"
tpl "$T/d2/nginx/own.conf.sample" 2025/01/01 own
CONFCHECK_IMAGE="example/app:1.0" "$CONFCHECK" check --templates "$T/d2" --config "$T/c2" \
	--quiet >/dev/null 2>&1
"$CONFCHECK" history list --templates "$T/d2" --config "$T/c2" nginx/own.conf.sample >"$T/got" 2>&1
like "$(sed -n 3p "$T/got")" "^ > 2025-01-01  [0-9a-f]{8}  [0-9-]{10}  example/app:1.0\$" \
	"a version the state dir recorded shows the image label it was recorded with"
"$CONFCHECK" check --templates "$T/d2" --config "$T/c2" --quiet >/dev/null 2>&1
tpl "$T/d2/nginx/own.conf.sample" 2025/02/01 own two
"$CONFCHECK" check --templates "$T/d2" --config "$T/c2" --quiet >/dev/null 2>&1
"$CONFCHECK" history list --templates "$T/d2" --config "$T/c2" nginx/own.conf.sample >"$T/got" 2>&1
like "$(sed -n 4p "$T/got")" "^ > 2025-02-01  [0-9a-f]{8}  [0-9-]{10}  commit [0-9a-f]{7}\$" \
	"and one recorded without a label shows its commit in the history"

{
	header 3
	row ' ' 2024-01-01 HEAD~2
	row ' ' 2024-02-01 HEAD~1
	row ' ' 2024-03-01 HEAD
	echo "no config or template root: baseline and shipped version not shown"
} >"$T/want"
"$CONFCHECK" history list --config "$T/nowhere" --templates "$T/nowhere" --history "$H" \
	nginx/site.conf.sample >"$T/got" 2>&1
ok $? "a template path needs no config root"
diff_ok "$T/want" "$T/got" "it lists the shipped histories alone, without marks"
"$CONFCHECK" history list --json --config "$T/nowhere" --templates "$T/nowhere" --history "$H" \
	nginx/site.conf.sample >"$T/got.json" 2>&1
is "$(jq -c '[.file_exists, .shipped, (.versions | length)]' "$T/got.json")" "[null,null,3]" \
	"--json without a config root: whether the file exists and what ships are unknown"
"$CONFCHECK" history list --config "$T/nowhere" --history "$H" nginx/site.conf >"$T/got" 2>&1
is "$?" 2 "a user path needs the config root"

"$CONFCHECK" history list --templates "$D" --config "$C" --history "$H" nginx/none.conf >"$T/got" 2>"$T/err"
is "$?" 1 "a template with no recorded version exits 1"
is "$(cat "$T/err")" "confcheck: no recorded version of 'nginx/none.conf.sample' in the template histories" \
	"and says so"

git -C "$R" mv nginx/site.conf.sample "nginx/odd$(printf '\t')name.conf.sample"
commit "$R" "$(printf 'Rename \033[31mred\033[m')"
"$CONFCHECK" history import --out "$H" "$R" >/dev/null 2>&1
"$CONFCHECK" history list --config "$T/nowhere" --history "$H" "nginx/odd$(printf '\t')name.conf.sample" >"$T/got" 2>&1
like "$(head -n 1 "$T/got")" '^template nginx/odd\\x09name.conf.sample: 1 recorded version,' \
	"a control character in a name is escaped"
like "$(sed -n 3p "$T/got")" 'Rename \\x1b\[31mred\\x1b\[m$' "and so is one in a label"

"$CONFCHECK" history list >"$T/got" 2>&1
is "$?" 2 "history list without FILE is a usage error"
"$CONFCHECK" history >"$T/got" 2>&1
is "$?" 2 "history without a subcommand is a usage error"
like "$(tr "\n" " " <"$T/got")" "usage: confcheck history import .*confcheck history list" "showing both"
"$CONFCHECK" history frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown subcommand is a usage error"

done_testing
