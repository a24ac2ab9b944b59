#!/bin/bash
# Shipped histories at check time: --history (repeatable) or CONFCHECK_HISTORY
# (colon-separated) are consulted beside the state dir's own history, never written; a
# missing, empty or corrupt one is a warning, not a failure.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

# Two repositories, each with two versions of one template, imported into two histories.
for name in base app; do
	git_repo "$T/$name"
	tpl "$T/$name/$name.conf.sample" 2024/01/01 "$name 1" "$name 2" "$name 3"
	commit "$T/$name" "Version 1"
	tpl "$T/$name/$name.conf.sample" 2024/02/01 "$name 1" "$name 2" "$name 3 in v2"
	commit "$T/$name" "Version 2"
	"$CONFCHECK" history import --map =nginx/ --out "$T/h-$name" "$T/$name" >/dev/null 2>&1
	mkdir -p "$T/defaults/nginx" "$T/config/nginx"
	cp "$T/$name/$name.conf.sample" "$T/defaults/nginx/"
	git -C "$T/$name" show "HEAD~1:$name.conf.sample" >"$T/config/nginx/$name.conf"
done
C=(--templates "$T/defaults" --config "$T/config")
sums() { for h in base app; do tree_sum "$T/h-$h"; done; }
before=$(sums)

# states JSON: "path state" for every file.
states() { jq -r '.files[] | "\(.path) \(.state)"' "$1" | paste -sd ' '; }
check() {
	rm -rf "$T/state"
	"$CONFCHECK" check "${C[@]}" --state "$T/state" --json "$@" >"$T/status.json" 2>"$T/err"
}

check
is "$(states "$T/status.json")" "nginx/app.conf unverified nginx/base.conf unverified" \
	"without a shipped history both files are unverified"
check --history "$T/h-base" --history "$T/h-app"
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf outdated" \
	"--history, given twice, finds both baselines"
is "$(cat "$T/err")" "" "without a warning"
CONFCHECK_HISTORY="$T/h-base:$T/h-app" check
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf outdated" \
	"CONFCHECK_HISTORY, colon-separated, does the same"
CONFCHECK_HISTORY="$T/h-base:$T/h-app" check --history "$T/h-app"
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf unverified" \
	"--history replaces CONFCHECK_HISTORY"

check --history "$T/missing" --history "$T/h-app"
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf unverified" \
	"a missing history is skipped and the others are used"
like "$(cat "$T/err")" "^\[confcheck\] warning: cannot open template history '$T/missing': no such directory\$" \
	"with a warning"
is "$(jq -r '.warnings | length' "$T/status.json")" 1 "which the status file keeps too"

mkdir "$T/garbage"
echo "not an index" >"$T/garbage/confcheck-index"
echo "junk" >"$T/garbage/HEAD"
check --history "$T/garbage" --history "$T/h-app"
is "$?" 1 "a corrupt history does not fail the check (1: a file needs a look)"
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf unverified" \
	"the others are still used"
like "$(cat "$T/err")" "^\[confcheck\] warning: cannot open template history '$T/garbage': " \
	"and it is named in a warning"
is "$(grep -o 'template history' "$T/err" | wc -l)" 1 "once: the reason does not repeat it"
is "$(cat "$T/garbage/confcheck-index")" "not an index" "a corrupt shipped history is not moved or repaired"

cp -r "$T/h-base" "$T/h-noindex"
rm "$T/h-noindex/confcheck-index"
check --history "$T/h-noindex"
is "$(states "$T/status.json")" "nginx/app.conf unverified nginx/base.conf outdated" \
	"a shipped history without its index is read from its commits"
[ ! -e "$T/h-noindex/confcheck-index" ]
ok $? "and the index is not written into it"
printf 'confcheck-history 1\nset\tbroken\n' >"$T/h-noindex/confcheck-index"
check --history "$T/h-noindex"
is "$(states "$T/status.json")" "nginx/app.conf unverified nginx/base.conf outdated" \
	"one with a corrupt index is read from its commits too"
like "$(cat "$T/err")" "index of template history '$T/h-noindex' was unreadable; rebuilt it" \
	"with a warning"

git init -q --bare "$T/h-empty"
check --history "$T/h-empty" --history "$T/h-app"
is "$(cat "$T/err")" "" "an empty history (no set yet) is no warning"
is "$(states "$T/status.json")" "nginx/app.conf outdated nginx/base.conf unverified" \
	"and changes nothing"

# Everything that reads histories leaves the shipped ones as they were.
H=(--history "$T/h-base" --history "$T/h-app")
"$CONFCHECK" check "${C[@]}" --state "$T/state" "${H[@]}" --quiet >/dev/null 2>&1
"$CONFCHECK" diff --upstream "${C[@]}" --state "$T/state" "${H[@]}" nginx/app.conf >/dev/null 2>&1
"$CONFCHECK" merge "${C[@]}" --state "$T/state" "${H[@]}" nginx/app.conf >/dev/null 2>&1
"$CONFCHECK" ack "${C[@]}" --state "$T/state" "${H[@]}" nginx/app.conf >/dev/null 2>&1
"$CONFCHECK" history list "${C[@]}" --state "$T/state" "${H[@]}" nginx/app.conf >/dev/null 2>&1
is "$(sums)" "$before" "check, diff, merge, ack and history list never write a shipped history"

# A file without a version header, customised from the version shipped now, on the first
# start with confcheck: the shipped history knows that version, so it is a candidate
# baseline even though the state dir's history records it in the same run.
git_repo "$T/nh"
printf '%s\n' one two three four five six >"$T/nh/plain.conf.sample"
commit "$T/nh" "Version 1"
printf '%s\n' one two three four five "six in v2" >"$T/nh/plain.conf.sample"
commit "$T/nh" "Version 2"
"$CONFCHECK" history import --out "$T/h-nh" "$T/nh" >/dev/null 2>&1
mkdir -p "$T/nh-defaults" "$T/nh-config"
cp "$T/nh/plain.conf.sample" "$T/nh-defaults/"
printf '%s\n' one "two, mine" three four five "six in v2" >"$T/nh-config/plain.conf"
"$CONFCHECK" check --templates "$T/nh-defaults" --config "$T/nh-config" --state "$T/nh-state" \
	--history "$T/h-nh" --json >"$T/status.json" 2>/dev/null
is "$(states "$T/status.json")" "plain.conf customized" \
	"a headerless file customised from the shipped-now version is customized, not a conflict"

done_testing
