#!/bin/bash
# lint TEMPLATE_ROOT: one line per finding as path:line: error|warning: message, or GitHub
# workflow annotations; every finding of the issue, against the newest recorded version in
# the histories given; exit 1 on any error.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"

R=$T/image
N=$R/root/defaults/nginx
H=$T/history
git_repo "$R"
for f in nobump bump headeronly comment real; do
	tpl "$N/$f.conf.sample" 2024/01/01 "# about $f" "$f 1" "$f 2"
done
commit "$R" "Add templates"
first=$(git -C "$R" rev-parse --short=7 HEAD)
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >/dev/null 2>&1

# lint ARGS...: runs lint in the repository, as CI does; stdout to $T/out, stderr to $T/err.
lint() {
	(cd "$R" && "$CONFCHECK" lint "$@" >"$T/out" 2>"$T/err")
}

lint --history "$H" root/defaults
ok $? "templates as recorded have no finding"
is "$(cat "$T/out")" "" "and lint prints nothing"
is "$(cat "$T/err")" "confcheck lint: 0 errors, 0 warnings in 5 templates" "but a summary on stderr"

# Every finding at once.
tpl "$N/nobump.conf.sample" 2024/01/01 "# about nobump" "nobump 1" "nobump 2 changed"
tpl "$N/bump.conf.sample" 2024/02/01 "# about bump, reworded" "bump 1" "bump 2  "
tpl "$N/headeronly.conf.sample" 2024/02/01 "# about headeronly" "headeronly 1" "headeronly 2"
tpl "$N/comment.conf.sample" 2024/01/01 "# about comment, reworded" "comment 1" "comment 2"
tpl "$N/real.conf.sample" 2024/02/01 "# about real" "real 1" "real 2 changed"
tpl "$N/new.conf.sample" 2024/02/01 "new 1"
printf '%s\n' "# no header here" "x 1" >"$N/missing.conf.sample"
printf '%s\n' "## Version 2024/13/45" "x 1" >"$N/malformed.conf.sample"
printf '%s\n' "## Version 2024/01/01" "x 1" "## Version 2024/05/05" "x 2" >"$N/dup.conf.sample"
printf '%s\n' "## Version 2024/01/01" "x 1" "# version: soon" >"$N/oddline.conf.sample"
printf '## Version 2024/01/01\nx 1\r\nx 2\r\n' >"$N/crlf.conf.sample"
tpl "$N/exec.conf.sample" 2024/01/01 "x 1"
chmod +x "$N/exec.conf.sample"
echo "not a template" >"$N/notes.txt"

P=root/defaults/nginx
cat >"$T/want" <<EOF
$P/bump.conf.sample:1: warning: version date bumped from 2024-01-01 (image@$first) to 2024-02-01 but only comments or white space changed
$P/crlf.conf.sample:2: warning: CRLF line endings (2 lines)
$P/dup.conf.sample:3: warning: second version header (2024-05-05); the first, on line 1 (2024-01-01), counts
$P/exec.conf.sample:1: warning: executable bit set: the init copies templates as config files
$P/headeronly.conf.sample:1: warning: version date bumped from 2024-01-01 (image@$first) to 2024-02-01 but nothing else changed
$P/malformed.conf.sample:1: error: malformed version header: its date does not parse (want '## Version YYYY/MM/DD')
$P/missing.conf.sample:1: error: missing version header (want '## Version YYYY/MM/DD' in the first 10 lines)
$P/nobump.conf.sample:1: error: content changed since the recorded version of 2024-01-01 (image@$first) but the version date was not bumped
$P/oddline.conf.sample:3: warning: looks like a version header but its date does not parse
EOF
lint --history "$H" root/defaults
is "$?" 1 "lint exits 1 when it finds an error"
diff_ok "$T/want" "$T/out" "one line per finding, sorted by path"
is "$(cat "$T/err")" "confcheck lint: 3 errors, 6 warnings in 12 templates" "the summary counts them"
unlike "$(cat "$T/out")" "comment.conf|real.conf|new.conf|notes.txt" \
	"a comment change without a bump, a real change with one, a new template and a non-template are fine"

lint --history "$H" --format github root/defaults
is "$?" 1 "--format github exits the same way"
like "$(sed -n 1p "$T/out")" "^::warning file=$P/bump.conf.sample,line=1::version date bumped from 2024-01-01 \(image@$first\) to 2024-02-01 but only comments or white space changed\$" \
	"and prints workflow annotations"
like "$(grep nobump "$T/out")" "^::error file=$P/nobump.conf.sample,line=1::content changed since" \
	"with errors as ::error"
is "$(wc -l <"$T/out")" 9 "one annotation per finding"

tpl "$N/we,ird:name.conf.sample" 2024/01/01 "x"
chmod +x "$N/we,ird:name.conf.sample"
lint --format github root/defaults
like "$(grep 'we%2Cird' "$T/out")" "^::warning file=$P/we%2Cird%3Aname.conf.sample,line=1::executable bit set" \
	"commas and colons in a file name are escaped in the annotation"
lint root/defaults
like "$(cat "$T/out")" "^$P/we,ird:name.conf.sample:1: warning: executable bit" "and kept in text"
rm "$N/we,ird:name.conf.sample"

lint root/defaults
is "$?" 1 "without a history lint still checks each template"
unlike "$(cat "$T/out")" "bump|headeronly" "but compares with no recorded version"
CONFCHECK_HISTORY=$H lint root/defaults
like "$(cat "$T/out")" "nobump.conf.sample:1: error: content changed" "CONFCHECK_HISTORY works as --history"
lint --history "$T/nowhere" root/defaults
is "$?" 2 "a history that cannot be used is an error, not a silent pass"
like "$(cat "$T/err")" "cannot open template history '$T/nowhere'" "naming it"

# Only warnings: exit 0.
git -C "$R" checkout -q -- root/defaults
git -C "$R" clean -qfd
tpl "$N/bump.conf.sample" 2024/02/01 "# about bump, reworded" "bump 1" "bump 2"
lint --history "$H" root/defaults
is "$?" 0 "warnings alone exit 0"
is "$(wc -l <"$T/out")" 1 "and are printed"

# The history already holds the template: the last change is checked.
git -C "$R" checkout -q -- root/defaults
tpl "$N/nobump.conf.sample" 2024/01/01 "# about nobump" "nobump 1" "nobump 2 changed"
commit "$R" "Change nobump without a bump"
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >/dev/null 2>&1
lint --history "$H" root/defaults
is "$?" 1 "after the change is imported, lint still finds it"
like "$(cat "$T/out")" "^$P/nobump.conf.sample:1: error: content changed since the recorded version of 2024-01-01 \(image@$first\)" \
	"comparing with the version before it"
tpl "$N/nobump.conf.sample" 2024/03/01 "# about nobump" "nobump 1" "nobump 2 changed"
commit "$R" "Bump nobump"
"$CONFCHECK" history import --map root/defaults/= --out "$H" "$R" >/dev/null 2>&1
lint --history "$H" root/defaults
ok $? "once the date is bumped, it is clean"

# A repository of proxy confs at its root: --map gives lint the template paths.
Q=$T/proxy-confs
git_repo "$Q"
tpl "$Q/app.subdomain.conf.sample" 2024/01/01 "app 1"
commit "$Q" "Add app"
"$CONFCHECK" history import --map =nginx/proxy-confs/ --out "$T/hq" "$Q" >/dev/null 2>&1
tpl "$Q/app.subdomain.conf.sample" 2024/01/01 "app 1 changed"
(cd "$Q" && "$CONFCHECK" lint --history "$T/hq" --map =nginx/proxy-confs/ . >"$T/out" 2>&1)
like "$(cat "$T/out")" "^app.subdomain.conf.sample:1: error: content changed since" \
	"--map =nginx/proxy-confs/ compares a root-level repository with its history"
(cd "$Q" && "$CONFCHECK" lint --history "$T/hq" . >"$T/out" 2>&1)
ok $? "without the map its paths are not the history's"
unlike "$(cat "$T/out")" '\.git/hooks' "git's own sample hooks are no templates"

# Usage.
lint
is "$?" 2 "lint without a template root is a usage error"
like "$(cat "$T/err")" "^usage: confcheck lint " "with the usage"
lint --format xml root/defaults
is "$?" 2 "an unknown format is a usage error"
lint "$T/nowhere"
is "$?" 2 "a missing template root is an error"

done_testing
