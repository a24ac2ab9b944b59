#!/bin/bash
# The story of issue #7: a user's config files come from version 1 of an image, and
# confcheck first runs when version 3 ships, together with the history imported from the
# image's repository. It must give the same verdicts as when confcheck had seen every
# version since the first start; without the history it could only say "unverified".
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

R=$T/image
N=$R/root/defaults/nginx
H=$T/history

# --- the image: three versions -----------------------------------------------------------

git_repo "$R"
tpl "$N/stable.conf.sample" 2024/01/01 "stable 1" "stable 2" "stable 3"
tpl "$N/same.conf.sample" 2024/01/01 "same 1" "same 2" "same 3" "same 4"
tpl "$N/changed.conf.sample" 2024/01/01 "changed 1" "changed 2" "changed 3" "changed 4"
tpl "$N/nobump.conf.sample" 2024/01/01 "nobump 1" "nobump 2" "nobump 3" "nobump 4" "nobump 5"
tpl "$N/cosmetic.conf.sample" 2024/01/01 "# a comment" "cosmetic 1" "cosmetic 2"
tpl "$N/renamed.conf.sample" 2024/01/01 "renamed 1" "renamed 2"
tpl "$N/dropped.conf.sample" 2024/01/01 "dropped 1" "dropped 2" "dropped 3"
mkdir -p "$N"
printf '%s\n' "noheader 1" "noheader 2" "noheader 3" "noheader 4" "noheader 5" "noheader 6" \
	>"$N/noheader.conf.sample"
echo "# image" >"$R/README.md"
commit "$R" "Version 1"
git -C "$R" tag v1

tpl "$N/changed.conf.sample" 2024/02/01 "changed 1" "changed 2" "changed 3 in v2" "changed 4"
tpl "$N/nobump.conf.sample" 2024/01/01 "nobump 1" "nobump 2" "nobump 3" "nobump 4 in v2" "nobump 5"
git -C "$R" mv root/defaults/nginx/renamed.conf.sample root/defaults/nginx/renamed-new.conf.sample
tpl "$N/added.conf.sample" 2024/02/01 "added 1"
sed -i 's/^noheader 6$/noheader 6 in v2/' "$N/noheader.conf.sample"
commit "$R" "Version 2"
git -C "$R" tag v2
echo "docs" >>"$R/README.md"
commit "$R" "Docs"

tpl "$N/changed.conf.sample" 2024/03/01 "changed 1" "changed 2" "changed 3 in v2" "changed 4 in v3"
tpl "$N/nobump.conf.sample" 2024/03/01 "nobump 1" "nobump 2" "nobump 3" "nobump 4 in v2" "nobump 5 in v3"
tpl "$N/cosmetic.conf.sample" 2024/03/01 "# a better comment" "cosmetic 1" "cosmetic 2"
git -C "$R" rm -q root/defaults/nginx/dropped.conf.sample
sed -i 's/^noheader 5$/noheader 5 in v3/' "$N/noheader.conf.sample"
commit "$R" "Version 3"
git -C "$R" tag v3

for v in v1 v2 v3; do
	mkdir -p "$T/$v"
	git -C "$R" archive "$v" root/defaults | tar -x -C "$T/$v"
done

# user_files DIR: the user's files as they are when version 3 ships: copied from version 1
# (what the init did), some edited since.
user_files() {
	mkdir -p "$1/nginx"
	for f in stable same changed nobump cosmetic renamed dropped noheader; do
		cp "$T/v1/root/defaults/nginx/$f.conf.sample" "$1/nginx/$f.conf"
	done
}
customise() {
	sed -i 's/^same 2$/same 2, mine/' "$1/nginx/same.conf"
	sed -i 's/^nobump 2$/nobump 2, mine/' "$1/nginx/nobump.conf"
	sed -i 's/^dropped 1$/dropped 1, mine/' "$1/nginx/dropped.conf"
	sed -i 's/^noheader 2$/noheader 2, mine/' "$1/nginx/noheader.conf"
}

# verdicts STATUS-JSON: what the two runs must agree on (how a baseline was found may differ,
# and so may the dates of a file without a version header: they are the day its history
# first held each version).
verdicts() {
	jq -S '{summary, files: [.files[] | {path, template, state, flags, user_version,
		template_version, baseline_version, user_hash, template_hash, baseline_hash, merge}
		| if .path == "nginx/noheader.conf" then del(.template_version, .baseline_version)
		  else . end]}' "$1"
}

# --- confcheck saw every version: it ran at the first start, then with v2 and v3 ---------

user_files "$T/seen"
"$CONFCHECK" check --templates "$T/v1/root/defaults" --config "$T/seen" --state "$T/seen-state" \
	--quiet >/dev/null 2>&1
customise "$T/seen"
"$CONFCHECK" check --templates "$T/v2/root/defaults" --config "$T/seen" --state "$T/seen-state" \
	--quiet >/dev/null 2>&1
"$CONFCHECK" check --templates "$T/v3/root/defaults" --config "$T/seen" --state "$T/seen-state" \
	--json >"$T/seen.json" 2>"$T/seen.err"
is "$(cat "$T/seen.err")" "" "confcheck with every version seen warns about nothing"

# --- confcheck first runs with version 3 and the imported history ------------------------

"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/import.out" 2>&1
ok $? "the image's history is imported"
shipped=$(tree_sum "$H")
user_files "$T/first"
customise "$T/first"
"$CONFCHECK" check --templates "$T/v3/root/defaults" --config "$T/first" --state "$T/first-state" \
	--history "$H" --json >"$T/first.json" 2>"$T/first.err"
is "$?" 1 "the first check with version 3 and the shipped history finds files that need a look"
is "$(cat "$T/first.err")" "" "and warns about nothing"

verdicts "$T/seen.json" >"$T/seen.verdicts"
verdicts "$T/first.json" >"$T/first.verdicts"
diff_ok "$T/seen.verdicts" "$T/first.verdicts" \
	"the first check gives the same verdicts as confcheck that saw every version"

jq -r '.files[] | "\(.path) \(.state) \(.flags | join(",")) \(.baseline_version)"' "$T/first.json" \
	>"$T/got"
cat >"$T/want" <<'EOF'
nginx/changed.conf outdated  2024-01-01
nginx/cosmetic.conf outdated cosmetic 2024-01-01
nginx/dropped.conf orphaned  null
nginx/nobump.conf conflict  2024-01-01
nginx/noheader.conf conflict  2023-11-15
nginx/renamed.conf orphaned  null
nginx/same.conf customized  2024-01-01
nginx/stable.conf current  2024-01-01
EOF
diff_ok "$T/want" "$T/got" "and they are the exact verdicts: outdated, conflict, orphaned, not unverified"
is "$(jq -r '.files[] | select(.path == "nginx/noheader.conf") | .baseline_hash' "$T/first.json")" \
	"$(jq -r '.files[] | select(.path == "nginx/noheader.conf") | .baseline_hash' "$T/seen.json")" \
	"a file without a version header finds the version it started from by content"
is "$(jq -r '.files[] | select(.path == "nginx/noheader.conf") | .template_version' "$T/first.json")" \
	2023-11-18 "and its dates are those of the image's commits that brought each version"
is "$(jq -r '[.files[] | select(.state == "conflict") | .merge] | join(" ")' "$T/first.json")" \
	"clean clean" "both conflicts merge cleanly against the version 1 baseline"
is "$(tree_sum "$H")" "$shipped" "the shipped history is never written"

"$CONFCHECK" check --templates "$T/v3/root/defaults" --config "$T/first" --state "$T/first-state" \
	--history "$H" --json >"$T/again.json" 2>/dev/null
verdicts "$T/again.json" >"$T/again.verdicts"
diff_ok "$T/first.verdicts" "$T/again.verdicts" "the next start gives the same verdicts"

opts=(--templates "$T/v3/root/defaults" --config "$T/first" --state "$T/first-state" --history "$H")
"$CONFCHECK" diff --upstream "${opts[@]}" nginx/nobump.conf >"$T/upstream" 2>&1
is "$?" 1 "diff --upstream shows what the template changed since the user's version 1"
like "$(cat "$T/upstream")" '^\+nobump 4 in v2$' "including the change made without a date bump"
"$CONFCHECK" merge "${opts[@]}" nginx/nobump.conf >"$T/merged" 2>"$T/merge.err"
ok $? "merge proposes a clean 3-way merge with the baseline from the shipped history"
printf '%s\n' "## Version 2024/03/01" "nobump 1" "nobump 2, mine" "nobump 3" "nobump 4 in v2" \
	"nobump 5 in v3" >"$T/want-merge"
diff_ok "$T/want-merge" "$T/merged" "which keeps the user's edit and takes both template changes"

# --- without the history: the problem the issue describes ---------------------------------

user_files "$T/bare"
customise "$T/bare"
"$CONFCHECK" check --templates "$T/v3/root/defaults" --config "$T/bare" --state "$T/bare-state" \
	--json >"$T/bare.json" 2>/dev/null
is "$(jq -r '[.files[] | select(.state == "unverified") | .path] | join(" ")' "$T/bare.json")" \
	"nginx/changed.conf nginx/cosmetic.conf nginx/nobump.conf nginx/noheader.conf" \
	"without a shipped history every file that changed is unverified"
is "$(jq -r '[.files[] | select(.state == "orphaned")] | length' "$T/bare.json")" 0 \
	"and the templates the image dropped are not even known"

done_testing
