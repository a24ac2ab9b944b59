#!/bin/bash
# history import: an image repository's first-parent history becomes template sets in a
# bare history, one per commit whose templates changed, in the same form the state dir
# uses; importing again reads only new commits; the source repository is never written.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

R=$T/image
N=root/defaults/nginx
H=$T/history

# sets DIR: the number of template sets in a history; label SEQ DIR: the label of a set.
sets() { grep -c '^set	' "$1/confcheck-index"; }
label() { awk -F '\t' -v s="$1" '$1 == "set" && $2 == s { print $6 }' "$2/confcheck-index"; }
# versions DIR PATH: the version dates of a template, one a line, in the order recorded.
versions() { awk -F '\t' -v p="$2" '$1 == "ver" && $2 == p { print $6 }' "$1/confcheck-index"; }
short() { git -C "$R" rev-parse --short=7 "$1"; }

# --- the source repository: added, changed, changed without a date bump, renamed, deleted --

git_repo "$R"
tpl "$R/$N/a.conf.sample" 2024/01/01 "a one"
tpl "$R/$N/b.conf.sample" 2024/01/01 "b one"
echo "not a template" >"$R/$N/notes.txt"
echo "# image" >"$R/README.md"
commit "$R" "Add templates"                             # set 1
echo "more docs" >>"$R/README.md"
commit "$R" "Docs only"                                 # no set
tpl "$R/$N/a.conf.sample" 2024/02/01 "a two"
commit "$R" "Change a"                                  # set 2
tpl "$R/$N/a.conf.sample" 2024/02/01 "a three"
commit "$R" "Change a without a date bump"              # set 3
mkdir -p "$R/$N/site-confs"
git -C "$R" mv "$N/b.conf.sample" "$N/site-confs/b.conf.sample"
commit "$R" "Move b to site-confs"                      # set 4
tpl "$R/$N/c.conf.sample" 2024/03/01 "c one"
ln -s a.conf.sample "$R/$N/link.conf.sample"
commit "$R" "Add c, and a link"                         # set 5
git -C "$R" rm -q "$N/c.conf.sample"
commit "$R" "Drop c"                                    # set 6
git -C "$R" tag -a v1 -m "release 1"
git -C "$R" checkout -q -b side
tpl "$R/$N/a.conf.sample" 2024/04/01 "a four"
commit "$R" "Side change of a"                          # not first-parent
git -C "$R" checkout -q main
GIT_TIME=$((GIT_TIME + 86400))
GIT_AUTHOR_DATE="@$GIT_TIME +0000" GIT_COMMITTER_DATE="@$GIT_TIME +0000" \
	git -C "$R" merge -q --no-ff -m "Merge side" side       # set 7
side=$(short side)
git -C "$R" branch -q -D side
before=$(tree_sum "$R")

# --- the first import ------------------------------------------------------------------------

"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/out" 2>"$T/err"
ok $? "history import exits 0"
like "$(cat "$T/out")" "^imported image HEAD into '$H': 8 commits read \(0 imported before\), 7 new template sets, 7 new template versions; 2 templates in the newest commit, 7 sets in the history\$" \
	"it reports what it read and recorded"
is "$(cat "$T/err")" "" "and warns about nothing"
is "$(tree_sum "$R")" "$before" "the source repository is not written"
is "$(git -C "$R" status --porcelain)" "" "its work tree is clean"

is "$(sets "$H")" 7 "one set per first-parent commit whose templates changed"
is "$(git -C "$H" rev-list --count main)" 7 "one commit per set on the history's branch"
is "$(git -C "$H" rev-parse --is-bare-repository)" true "the history is a bare repository"
git -C "$H" fsck --strict >/dev/null 2>&1
ok $? "git fsck finds it sound"
is "$(git -C "$H" symbolic-ref HEAD)" refs/heads/main "its HEAD names the branch the sets are on"
is "$(label 1 "$H")" "image@$(short HEAD~7)\\x20Add\\x20templates" \
	"a set is labelled with the repository, the commit and its subject"
is "$(label 3 "$H")" "image@$(short HEAD~4)\\x20Change\\x20a\\x20without\\x20a\\x20date\\x20bump" \
	"the change without a date bump is a set of its own"
is "$(label 7 "$H")" "image@$(short HEAD)\\x20Merge\\x20side" \
	"the merge is a set; the side branch's own commit is not"
unlike "$(cat "$H/confcheck-index")" "$side" "no set names the side commit"
is "$(awk -F '\t' '$1 == "set" && $2 == 2 { print $5 }' "$H/confcheck-index")" \
	"$(git -C "$R" log -1 --format=%ct HEAD~5)" "a set keeps its source commit's time"
is "$(git -C "$H" log -1 --format=%ct main~5)" "$(git -C "$R" log -1 --format=%ct HEAD~5)" \
	"and so does its commit in the history"

is "$(versions "$H" nginx/a.conf.sample | paste -sd ' ')" "20240101 20240201 20240201 20240401" \
	"every version of a changed template is recorded, oldest first"
is "$(versions "$H" nginx/b.conf.sample | paste -sd ' ')" 20240101 "b under its old path"
is "$(versions "$H" nginx/site-confs/b.conf.sample | paste -sd ' ')" 20240101 "and under its new one"
is "$(versions "$H" nginx/c.conf.sample | paste -sd ' ')" 20240301 "a template deleted later stays recorded"
is "$(grep -c -e notes.txt -e README -e link.conf "$H/confcheck-index")" 0 \
	"files that are no templates, and symlinks, are left out"
git -C "$R" ls-tree -r HEAD root/defaults | awk -F '\t' '$2 ~ /\.sample$/ && $1 ~ /^100/' |
	sed 's|\troot/defaults/|\t|' | LC_ALL=C sort -k4 >"$T/want-tree"
git -C "$H" ls-tree -r main | LC_ALL=C sort -k4 >"$T/got-tree"
diff_ok "$T/want-tree" "$T/got-tree" "the newest set holds the mapped templates of HEAD, blob for blob"
is "$(find "$H/objects" -type f ! -path '*/pack/*' | wc -l)" 0 "the objects are packed, not one file each"

# --- the same form the state dir uses: check reads it ----------------------------------------

mkdir -p "$T/defaults/nginx/site-confs" "$T/config/nginx/site-confs"
git -C "$R" show "HEAD:$N/a.conf.sample" >"$T/defaults/nginx/a.conf.sample"
git -C "$R" show "HEAD:$N/site-confs/b.conf.sample" >"$T/defaults/nginx/site-confs/b.conf.sample"
git -C "$R" show "HEAD~5:$N/a.conf.sample" >"$T/config/nginx/a.conf"
"$CONFCHECK" check --templates "$T/defaults" --config "$T/config" --history "$H" --json \
	>"$T/status.json" 2>"$T/check.err"
is "$(jq -r '.files[] | select(.path == "nginx/a.conf") | "\(.state) \(.baseline_version)"' "$T/status.json")" \
	"outdated 2024-02-01" "check finds the baseline of a user file in the imported history"
is "$(cat "$T/check.err")" "" "and opens it without a warning"

# --- importing again -------------------------------------------------------------------------

cp "$H/confcheck-index" "$T/index-before"
ls "$H/objects/pack" >"$T/packs-before"
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/out" 2>&1
ok $? "importing the same repository again exits 0"
like "$(cat "$T/out")" ": 8 commits read \(8 imported before\), 0 new template sets, 0 new template versions;" \
	"it skips every commit it read before"
cmp -s "$T/index-before" "$H/confcheck-index"
ok $? "the history's index is unchanged"
ls "$H/objects/pack" >"$T/packs-after"
diff_ok "$T/packs-before" "$T/packs-after" "and so are its packs"

tpl "$R/$N/site-confs/b.conf.sample" 2024/05/01 "b two"
commit "$R" "Change b"
echo "docs again" >>"$R/README.md"
commit "$R" "More docs"
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/out" 2>&1
like "$(cat "$T/out")" ": 10 commits read \(8 imported before\), 1 new template sets, 1 new template versions;" \
	"after two new commits, only they are read, and one of them is a new set"
is "$(sets "$H")" 8 "the history has one set more"
is "$(grep -c '^seg	' "$H/confcheck-imports")" 1 \
	"confcheck-imports keeps one stretch for the repository and its maps"

git -C "$R" revert --no-edit HEAD~1 >/dev/null
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/out" 2>&1
like "$(cat "$T/out")" ", 1 new template sets, 0 new template versions;" \
	"a revert to an earlier set is recorded again, with no new version"
is "$(sets "$H")" 9 "so the history keeps the order the source went through"
is "$(awk -F '\t' '$1 == "set" { print $3 }' "$H/confcheck-index" | sed -n '7p;9p' | uniq | wc -l)" 1 \
	"the reverted-to set has the id it had before"

cp "$H/confcheck-index" "$T/index-before"
rm "$H/confcheck-imports"
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >"$T/out" 2>&1
like "$(cat "$T/out")" ": 11 commits read \(0 imported before\), 0 new template sets," \
	"without confcheck-imports every commit is read again, and nothing is recorded twice"
cmp -s "$T/index-before" "$H/confcheck-index"
ok $? "the index is the same"
[ -s "$H/confcheck-imports" ]
ok $? "confcheck-imports is written again"

# Many small imports: once there are more than eight packs they become one.
git clone -q "$R" "$T/many"
for i in 1 2 3 4 5 6 7 8 9 10; do
	tpl "$T/many/$N/a.conf.sample" "2024/06/$i" "a in June, $i"
	commit "$T/many" "June $i"
	"$CONFCHECK" history import --map root/defaults/= --out "$T/hp" "$T/many" >/dev/null 2>&1
done
is "$(find "$T/hp/objects" -name '*.pack' | wc -l)" 2 "after ten imports, the nine packs became one, and one more came"
is "$(find "$T/hp/objects" -type f ! -path '*/pack/*' | wc -l)" 0 "no loose object is left"
git -C "$T/hp" fsck --strict >/dev/null 2>&1
ok $? "and git fsck finds the history sound"
is "$(sets "$T/hp")" "$(($(sets "$H") + 10))" "with every set"
"$CONFCHECK" history list --config "$T/nowhere" --history "$T/hp" nginx/a.conf.sample >"$T/out" 2>&1
is "$(grep -c ' 2024-06-' "$T/out")" 10 "whose versions history list reads from the packs"

# --- revisions and ranges --------------------------------------------------------------------

"$CONFCHECK" history import --map root/defaults/= --rev v1 --out "$T/h2" "$R" >"$T/out" 2>&1
like "$(cat "$T/out")" "^imported image v1 into '$T/h2': 7 commits read .*, 6 new template sets," \
	"--rev v1 walks from the tag back to the root"
"$CONFCHECK" history import --map root/defaults/= --rev v1..HEAD --out "$T/h2" "$R" >"$T/out" 2>&1
like "$(cat "$T/out")" ": 4 commits read \(0 imported before\), 3 new template sets," \
	"--rev v1..HEAD walks the rest"
cmp -s "$H/confcheck-index" "$T/h2/confcheck-index"
ok $? "in two steps the history is the same as in one, set for set and commit for commit"
"$CONFCHECK" history import --map root/defaults/= --rev 'v1...HEAD' --out "$T/h3" "$R" >"$T/out" 2>&1
is "$?" 2 "a symmetric range is refused"
like "$(cat "$T/out")" "symmetric ranges" "with a reason"
"$CONFCHECK" history import --rev nosuchrev --out "$T/h3" "$R" >"$T/out" 2>&1
is "$?" 2 "an unknown revision is an error"
[ ! -e "$T/h3" ]
ok $? "and leaves no history behind"

git clone -q --depth 2 "file://$R" "$T/shallow"
"$CONFCHECK" history import --map root/defaults/= --out "$T/hs" "$T/shallow" >"$T/out" 2>&1
is "$?" 2 "a shallow clone cannot be walked to its root"
like "$(cat "$T/out")" "^confcheck: repository '$T/shallow' is a shallow clone: fetch its whole history" \
	"which the error says, with the way out"

# --- several repositories into one history ---------------------------------------------------

P=$T/proxy-confs
git_repo "$P"
tpl "$P/app.subdomain.conf.sample" 2023/06/01 "app one"
echo "# proxy confs" >"$P/README.md"
mkdir -p "$P/.github/workflows"
echo "on: push" >"$P/.github/workflows/ci.yml"
commit "$P" "Add app"
tpl "$P/app.subdomain.conf.sample" 2023/07/01 "app two"
commit "$P" "Update app"
grep '^ver	' "$H/confcheck-index" >"$T/image-versions"
"$CONFCHECK" history import --map =nginx/proxy-confs/ --out "$H" "$P" >"$T/out" 2>&1
like "$(cat "$T/out")" "^imported proxy-confs HEAD into .*, 2 new template sets, 2 new template versions; 1 templates in the newest commit, 11 sets in the history" \
	"a second repository goes into the same history, under its own paths"
is "$(versions "$H" nginx/proxy-confs/app.subdomain.conf.sample | paste -sd ' ')" "20230601 20230701" \
	"--map =nginx/proxy-confs/ puts a repository's root under a template folder"
grep '^ver	' "$H/confcheck-index" | grep -v proxy-confs >"$T/image-versions-after"
diff_ok "$T/image-versions" "$T/image-versions-after" "the first repository's versions are untouched"
is "$(grep -c '^seg	' "$H/confcheck-imports")" 2 "each repository has its own stretch"

# --- maps ------------------------------------------------------------------------------------

M=$T/maps
git_repo "$M"
tpl "$M/root/defaults/nginx/x.conf.sample" 2024/01/01 "x"
tpl "$M/root/other/y.conf.sample" 2024/01/01 "y"
tpl "$M/extra/nginx/x.conf.sample" 2024/01/01 "x from extra"
commit "$M" "Add"
"$CONFCHECK" history import --map root/=r/ --map root/defaults/= --out "$T/hm" "$M" >/dev/null 2>&1
git -C "$T/hm" ls-tree -r --name-only main >"$T/got"
printf '%s\n' nginx/x.conf.sample r/other/y.conf.sample >"$T/want"
diff_ok "$T/want" "$T/got" "the map with the longest FROM applies to a path"
"$CONFCHECK" history import --map root/defaults=nginx --map extra/nginx=nginx --out "$T/hm2" "$M" >/dev/null 2>&1
is "$(git -C "$T/hm2" show main:nginx/x.conf.sample | tail -n 1)" "x from extra" \
	"when two paths map to one template, the later map wins; a missing '/' is implied"
for bad in nofrom ../up= =/abs a//b=c ./a=b root/.git/= =nginx/.GIT; do
	"$CONFCHECK" history import --map "$bad" --out "$T/hx" "$M" >"$T/out" 2>&1
	is "$?" 2 "--map '$bad' is a usage error"
done
"$CONFCHECK" history import --map a/=b --map a=c --out "$T/hx" "$M" >"$T/out" 2>&1
like "$(cat "$T/out")" "mapped twice" "the same FROM twice is refused"

# --- where the history may go ----------------------------------------------------------------

mkdir "$T/busy"
echo "precious" >"$T/busy/file"
"$CONFCHECK" history import --out "$T/busy" "$M" >"$T/out" 2>&1
is "$?" 2 "a directory that is neither empty nor a history is refused"
is "$(cat "$T/busy/file")" precious "and left alone"
"$CONFCHECK" history import --out "$M/.git/confcheck" "$M" >"$T/out" 2>&1
is "$?" 2 "a history inside the source repository's git dir is refused"
mkdir "$T/empty"
"$CONFCHECK" history import --map root/defaults/= --out "$T/empty" "$M" >/dev/null 2>&1
is "$(sets "$T/empty")" 1 "an empty directory becomes a history"
"$CONFCHECK" history import --out "$T/hy" "$T/nonexistent" >"$T/out" 2>&1
is "$?" 2 "a missing repository is an error"
"$CONFCHECK" history import "$M" >"$T/out" 2>&1
is "$?" 2 "--out is required"
like "$(cat "$T/out")" "^usage: confcheck history import" "with the usage"
"$CONFCHECK" history import --map nowhere/= --out "$T/hz" "$M" >"$T/out" 2>&1
like "$(cat "$T/out")" "no templates" "without a map that yields templates, a warning says so"

# --- a template too large to be one ----------------------------------------------------------

B=$T/big
git_repo "$B"
tpl "$B/small.conf.sample" 2024/01/01 "small"
head -c 5000000 /dev/zero | tr '\0' 'x' >"$B/big.conf.sample"
commit "$B" "Add a big one"
"$CONFCHECK" history import --out "$T/hb" "$B" >"$T/out" 2>&1
ok $? "a template larger than the size cap does not stop the import"
like "$(cat "$T/out")" "warning: template 'big.conf.sample' .* is larger than 4194304 bytes; left out" \
	"it is left out with a warning"
is "$(git -C "$T/hb" ls-tree -r --name-only main)" small.conf.sample "the rest is recorded"

# --- .git paths in a mapped tree ------------------------------------------------------------

# git refuses to commit a .git path, but a tree can hold one: build the trees with mktree.
D=$T/dotgit
git_repo "$D"
blob() { printf '%s\n' "$@" | git -C "$D" hash-object -w --stdin; }
evil=$(blob "[core]" "	fsmonitor = touch $T/owned")
gitdir=$(printf '100644 blob %s\tconfig.sample\n100644 blob %s\tconfig\n' "$evil" "$evil" |
	git -C "$D" mktree)
sub=$(printf '100644 blob %s\t.git\n100644 blob %s\t.git.sample\n100644 blob %s\tb.conf.sample\n' \
	"$evil" "$evil" "$(blob "## Version 2024/01/01" b)" | git -C "$D" mktree)
# dotgit_commit A-LINE [PARENT]: a commit of root/defaults with a.conf.sample, sub, .git, .GIT
dotgit_commit() {
	defaults=$(printf '100644 blob %s\ta.conf.sample\n040000 tree %s\tsub\n040000 tree %s\t.git\n040000 tree %s\t.GIT\n' \
		"$(blob "## Version 2024/01/01" "$1")" "$sub" "$gitdir" "$gitdir" | git -C "$D" mktree)
	root=$(printf '040000 tree %s\tdefaults\n' "$defaults" | git -C "$D" mktree)
	top=$(printf '040000 tree %s\troot\n' "$root" | git -C "$D" mktree)
	GIT_TIME=$((GIT_TIME + 86400))
	GIT_AUTHOR_DATE="@$GIT_TIME +0000" GIT_COMMITTER_DATE="@$GIT_TIME +0000" \
		git -C "$D" commit-tree -m "$1" ${2:+-p "$2"} "$top"
}
c1=$(dotgit_commit "a one")
git -C "$D" update-ref refs/heads/main "$(dotgit_commit "a two" "$c1")"
"$CONFCHECK" history import --map root/defaults/= --out "$T/hd" "$D" >"$T/out" 2>"$T/err"
ok $? "a tree with .git paths imports"
printf '%s\n' a.conf.sample sub/b.conf.sample >"$T/want"
git -C "$T/hd" ls-tree -r --name-only main >"$T/got"
diff_ok "$T/want" "$T/got" \
	"a .git folder, a .git file and a template installed as .git are never templates, in any case"
is "$(grep -ci '\.git' "$T/hd/confcheck-index")" 0 "the index names no .git path"
printf "warning: path '%s' has a '.git' component; left out\n" root/defaults/.GIT \
	root/defaults/.git root/defaults/sub/.git root/defaults/sub/.git.sample >"$T/want"
grep -o "warning: .*" "$T/err" | LC_ALL=C sort >"$T/got"
diff_ok "$T/want" "$T/got" "each is said as left out, once over two commits"

# --- a failing import leaves no half-built history -------------------------------------------

# A repository whose newest template blob is gone: the walk reads, the second set cannot.
U=$T/unreadable
git clone -q "$M" "$U"
tpl "$U/root/defaults/nginx/x.conf.sample" 2024/02/01 "x two"
commit "$U" "Change x"
gone=$(git -C "$U" rev-parse HEAD:root/defaults/nginx/x.conf.sample)
rm -f "$U/.git/objects/${gone:0:2}/${gone:2}"

"$CONFCHECK" history import --map root/defaults/= --out "$T/new/deeper/h" "$U" >"$T/out" 2>&1
is "$?" 2 "an import that cannot read a set after the first fails"
like "$(cat "$T/out")" "^confcheck: cannot read repository '$U'" "and says why"
[ ! -e "$T/new" ]
ok $? "it leaves no --out it created behind, nor the parents it made for it"

mkdir "$T/was-empty"
"$CONFCHECK" history import --map root/defaults/= --out "$T/was-empty" "$U" >/dev/null 2>&1
is "$?" 2 "the same import into an empty --out fails"
[ -d "$T/was-empty" ] && [ -z "$(ls -A "$T/was-empty")" ]
ok $? "and leaves it there, empty"

"$CONFCHECK" history import --map root/defaults/= --out "$T/kept" "$M" >/dev/null 2>&1
sum=$(tree_sum "$T/kept")
find "$T/kept" | LC_ALL=C sort >"$T/kept-before"
"$CONFCHECK" history import --map root/defaults/= --out "$T/kept" "$U" >/dev/null 2>&1
is "$?" 2 "extending a history with the unreadable commit fails"
is "$(tree_sum "$T/kept")" "$sum" "and leaves the history byte for byte as it was"
find "$T/kept" | LC_ALL=C sort >"$T/kept-after"
diff_ok "$T/kept-before" "$T/kept-after" "with no file added or taken away"
"$CONFCHECK" history import --rev nosuchrev --out "$T/kept" "$M" >/dev/null 2>&1
is "$(tree_sum "$T/kept")" "$sum" "so does a bad range"

done_testing
