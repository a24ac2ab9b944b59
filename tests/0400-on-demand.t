#!/usr/bin/env bash
# On demand in docker exec: status, diff, merge and ack on a volume that went
# through an image update, with the files users really have (CRLF, no final
# newline) and the errors that must help.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C NO_COLOR=
mkdir -p "$D/app" "$C/app" "$T/v1"

# conf DATE [SED...]: a 24-line conf with a version header (sample_conf).
conf() { sample_conf 23 "$@"; }

# Image 1: four confs; the user takes them all.
for f in clean conflict crlf nonl current; do
	conf 2024/01/01 >"$D/app/$f.conf.sample"
	cp "$D/app/$f.conf.sample" "$T/v1/$f.conf"
	cp "$D/app/$f.conf.sample" "$C/app/$f.conf"
done
run "$CONFCHECK" check
is "$rc" 0 "image 1: all current"

# The user's edits: top of the file, except conflict (bottom), a CRLF copy
# and a file whose final newline an editor dropped.
sed -i 's/value_02;/mine_02;/' "$C/app/clean.conf"
sed -i 's/value_22;/mine_22;/' "$C/app/conflict.conf"
sed -i 's/$/\r/' "$C/app/crlf.conf"
sed -i 's/value_03;/mine_03;/' "$C/app/nonl.conf"
printf '%s' "$(cat "$C/app/nonl.conf")" >"$T/nonl" && mv "$T/nonl" "$C/app/nonl.conf"

# Image 2: every template but current.conf changes line 22 (nonl.conf line 10:
# next to a final line whose newline went, a change would touch the same hunk).
for f in clean conflict crlf; do
	conf 2024/06/01 's/value_22;/theirs_22;/' >"$D/app/$f.conf.sample"
done
conf 2024/06/01 's/value_10;/theirs_10;/' >"$D/app/nonl.conf.sample"
run "$CONFCHECK" check
is "$rc" 1 "image 2: something needs a look"
states=$(jq -r '.files[] | "\(.path) \(.state) \(.merge // "-")"' "$S/status.json" | sort | tr '\n' ' ')
is "$states" "app/clean.conf conflict clean app/conflict.conf conflict conflicts app/crlf.conf conflict clean app/current.conf current - app/nonl.conf conflict clean " \
	"image 2: the states and merges status.json records"

# --- status ---------------------------------------------------------------
run "$CONFCHECK" status
is "$rc" 1 "status: exit 1 when something needs a look"
like "$out" '^STATE +PATH +BASELINE +TEMPLATE +NEXT' "status: a header row"
like "$out" 'conflict +app/clean\.conf +2024-01-01 -> 2024-06-01 +merges cleanly: confcheck merge app/clean\.conf' \
	"status: a clean conflict and its next step"
unlike "$out" 'app/current\.conf' "status: current files only with --all"
unlike "$out" $'\e' "status: no colour when not on a terminal"
run "$CONFCHECK" status --all
like "$out" 'current +app/current\.conf' "status --all: current files too"
run "$CONFCHECK" status --json
is "$(printf '%s\n' "$out" | jq -S .)" "$(jq -S . "$S/status.json")" "status --json: the status file"

# status on a read-only volume, as root through a read-only bind mount
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -c 'mount --bind -o ro "$1" "$1" && exec "$2" status --config "$1"' sh "$C" "$CONFCHECK" \
		>"$T/ro.out" 2>"$T/ro.err"
	is "$?" 1 "status on a read-only volume: works"
	like "$(cat "$T/ro.out")" 'conflict +app/clean\.conf' "status on a read-only volume: the verdicts"
else
	skip "no read-only bind mount here"
	skip "no read-only bind mount here"
fi

# --- diff -------------------------------------------------------------------
run "$CONFCHECK" diff app/clean.conf
is "$rc" 1 "diff: exit 1 when the files differ"
like "$out" '^--- yours/app/clean\.conf' "diff: yours first"
like "$out" '^\+\+\+ template/app/clean\.conf\.sample' "diff: the template second"
like "$out" '^-directive_02 mine_02;' "diff: your change"
like "$out" '^\+directive_22 theirs_22;' "diff: the template's change"
run "$CONFCHECK" diff app/clean.conf --upstream
like "$out" '^--- baseline/app/clean\.conf\.sample' "diff --upstream: from the baseline"
unlike "$out" 'mine_02' "diff --upstream: only what the image changed"
like "$out" '^\+directive_22 theirs_22;' "diff --upstream: the template's change"
run "$CONFCHECK" diff app/clean.conf --mine
like "$out" '^\+directive_02 mine_02;' "diff --mine: your change"
unlike "$out" 'theirs_22' "diff --mine: nothing of the image's"
run "$CONFCHECK" diff "$C/app/clean.conf"
is "$rc" 1 "diff: an absolute path inside the config root"
run "$CONFCHECK" diff app/current.conf
is "$rc:$out" "0:" "diff of a current file: nothing, exit 0"
run "$CONFCHECK" diff app/clean.conf --upstream --mine
is "$rc" 2 "diff --upstream --mine: usage error"

# --- merge ------------------------------------------------------------------
# what git merge-file gives for the same three files
gitmerge() {
	cp "$C/app/$1.conf" "$T/ours"
	git merge-file -p "$T/ours" "$T/v1/$1.conf" "$D/app/$1.conf.sample" >"$T/want" 2>/dev/null
}
run "$CONFCHECK" merge app/clean.conf
is "$rc" 0 "merge of a clean conflict: exit 0"
gitmerge clean
cmp -s "$T/out" "$T/want"
ok $? "merge: byte-identical to git merge-file -p"
like "$out" 'mine_02' "merge: keeps your change"
like "$out" 'theirs_22' "merge: takes the template's"
is "$(grep -c theirs_22 "$C/app/clean.conf")" 0 "merge: your file is not written"

run "$CONFCHECK" merge app/conflict.conf
is "$rc" 1 "merge with conflicts: exit 1"
like "$out" '^<<<<<<< yours' "merge with conflicts: markers"
like "$out" '^>>>>>>> template 2024-06-01' "merge with conflicts: the template side is named"
like "$err" 'resolve the <<<<<<< markers' "merge with conflicts: one line says so"

run "$CONFCHECK" merge app/crlf.conf
is "$rc" 0 "merge of a file converted to CRLF: clean"
is "$(grep -c $'\r$' "$T/out")" 24 "merge of a CRLF file: every line stays CRLF"
like "$out" 'theirs_22' "merge of a CRLF file: the template's change is in"

run "$CONFCHECK" merge app/nonl.conf
is "$rc" 0 "merge of a file without a final newline: clean"
gitmerge nonl
cmp -s "$T/out" "$T/want"
ok $? "merge without a final newline: byte-identical to git merge-file -p"

# --- ack ----------------------------------------------------------------------
run "$CONFCHECK" ack app/conflict.conf
is "$rc" 0 "ack: exit 0"
like "$out" "acknowledged 'app/conflict\\.conf' \\(conflict\\)" "ack: says what it did"
is "$(jq -r '.files[] | select(.path == "app/conflict.conf") | .flags | join(",")' "$S/status.json")" \
	"acknowledged" "ack: status.json shows the flag at once"
run "$CONFCHECK" check
like "$out" '^\[confcheck\] conflict  1 more acknowledged$' "ack: the notice groups it"
unlike "$out" 'conflict  app/conflict\.conf' "ack: and does not list it"
run "$CONFCHECK" ack --list
like "$out" '^app/conflict\.conf  acknowledged [0-9-]+  in force$' "ack --list: in force"
run "$CONFCHECK" ack app/current.conf
is "$rc" 2 "ack of a current file: refused"

# Image 3 changes the acknowledged file's template again: it comes back.
conf 2024/09/01 's/value_22;/theirs_22;/; s/value_23;/theirs_23;/' >"$D/app/conflict.conf.sample"
run "$CONFCHECK" check
like "$out" '^\[confcheck\] conflict  app/conflict\.conf  ' "ack: a new template raises the file again"
is "$(jq -r '.files[] | select(.path == "app/conflict.conf") | .flags | join(",")' "$S/status.json")" \
	"" "ack: without the flag"
run "$CONFCHECK" ack --list
like "$out" 'stale: the template changed since' "ack --list: the ack is stale"
run "$CONFCHECK" ack --undo app/conflict.conf
is "$rc" 0 "ack --undo: exit 0"
run "$CONFCHECK" ack --undo app/conflict.conf
is "$rc" 2 "ack --undo of a file not acknowledged: exit 2"

# --- errors that help ----------------------------------------------------------
for cmd in diff merge ack; do
	run "$CONFCHECK" "$cmd" ../outside.conf
	is "$rc:$(printf '%s\n' "$err" | wc -l)" "2:1" "$cmd outside the config root: exit 2, one line"
	run "$CONFCHECK" "$cmd" /etc/passwd
	like "$err" "is not inside the config root" "$cmd /etc/passwd: says it is outside"
	run "$CONFCHECK" "$cmd" app/none.conf
	like "$err" "does not exist in the config root" "$cmd of a missing file: says so"
done
echo 'mine' >"$C/app/own.conf"
run "$CONFCHECK" diff app/own.conf
is "$rc" 2 "diff of a file with no template: exit 2"
like "$err" "has no template" "diff of a file with no template: says so"

# A file whose baseline is unknown: a template confcheck never saw it come from.
conf 2023/01/01 's/value_05;/old_05;/' >"$C/app/legacy.conf"
conf 2024/09/01 >"$D/app/legacy.conf.sample"
run "$CONFCHECK" check
like "$out" 'unverified  app/legacy\.conf  2023-01-01 -> 2024-09-01' "legacy: unverified, with both dates"
run "$CONFCHECK" diff app/legacy.conf
is "$rc" 1 "legacy: diff against the template still works"
run "$CONFCHECK" merge app/legacy.conf
is "$rc" 2 "legacy: merge cannot"
like "$err" "baseline is unknown" "legacy: and says why"
run "$CONFCHECK" diff app/legacy.conf --upstream
is "$rc" 2 "legacy: diff --upstream cannot either"

# What a check would warn about, the commands that look at one file say too: here a
# history that is unsafe to read, so merge's "baseline is unknown" has its reason. The
# first to read a version through its index finds it damaged and drops the index; the
# commands after it are warned as the history is opened.
mkdir -p "$S/history/objects/info"
echo /tmp >"$S/history/objects/info/alternates"
run "$CONFCHECK" diff app/clean.conf
like "$err" "unsafe to read: 'objects/info/alternates' is not allowed" "diff names the unsafe history"
for cmd in "merge app/clean.conf" "ack --list" "history list app/clean.conf"; do
	# shellcheck disable=SC2086 # the command is words
	run "$CONFCHECK" $cmd
	like "$err" "^\[confcheck\] warning: template history '.*' is unsafe to read: 'objects/info/alternates' is not allowed" \
		"$cmd warns that the history is unsafe to read"
	is "$(printf '%s\n' "$err" | grep -c 'unsafe to read')" 1 "$cmd says it once"
done
run "$CONFCHECK" merge app/clean.conf
like "$err" "baseline is unknown" "merge then cannot, and says why after the warning"
rm "$S/history/objects/info/alternates"

done_testing
