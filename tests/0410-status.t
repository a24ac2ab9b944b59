#!/usr/bin/env bash
# confcheck status reads back what the last check wrote and shows it as the notice does:
# the same files listed, the same groups, the same next step, before and after an ack and
# its undo. A status.json that the app user made hostile (a symlink, a FIFO, a huge file,
# values of the wrong type, escape sequences) is refused in one line, or shown escaped.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C NO_COLOR=
mkdir -p "$D/app" "$C/app"

# conf DATE [SED...]: a 12-line conf with a version header (sample_conf).
conf() { sample_conf 12 "$@"; }

# masked: status output with the time of the check masked, trailing blanks dropped.
masked() {
	printf '%s\n' "$out" | sed -E 's/checked [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$/checked TIME/; s/ +$//'
}

# advice FILE: the notice's or the table's listed and grouped lines, as "STATE PATH NEXT"
# and "STATE N more ...", whatever the layout.
advice() {
	sed -nE '/^(\[confcheck\] )?(STATE|summary|[0-9]+ of [0-9]+ configs) /d
		s/^\[confcheck\] //
		/^[a-z]+ +[0-9]+ more /{
			s/ +/ /p
			d
		}
		s/^([a-z]+) +([^ ]+) +(([0-9-]+|-) +-> +([0-9-]+|-) +)?(.*)$/\1 \2 \6/p' "$1"
}

# Image 1: every conf as shipped; then the user edits some and image 2 moves most.
for f in clean conflict outdated cosmetic current custom gone err; do
	conf 2024/01/01 >"$D/app/$f.conf.sample"
	cp "$D/app/$f.conf.sample" "$C/app/$f.conf"
done
conf 2024/01/01 >"$D/app/unused.conf.sample"
rm "$C/app/err.conf"
run "$CONFCHECK" check
is "$rc" 0 "image 1: all current"
sed -i 's/value_02;/mine_02;/' "$C/app/clean.conf"
sed -i 's/value_11;/mine_11;/' "$C/app/conflict.conf"
sed -i 's/value_03;/mine_03;/' "$C/app/custom.conf"
for f in clean conflict outdated; do
	conf 2024/06/01 's/value_11;/theirs_11;/' >"$D/app/$f.conf.sample"
done
{
	conf 2024/01/01
	echo '# a comment'
} >"$D/app/cosmetic.conf.sample"
rm "$D/app/gone.conf.sample"
conf 2023/01/01 's/value_05;/old_05;/' >"$C/app/legacy.conf"
conf 2024/06/01 >"$D/app/legacy.conf.sample"
mkfifo "$C/app/err.conf"
run "$CONFCHECK" check
is "$rc" 1 "image 2: something needs a look"
cp "$T/out" "$T/notice"

# --- status: the notice's listing, grouping and advice, as a table ------------------------
run timeout 10 "$CONFCHECK" status
is "$rc" 1 "status: exit 1 when something needs a look"
cat >"$T/want" <<'EOF'
STATE       PATH               BASELINE      TEMPLATE    NEXT
conflict    app/clean.conf     2024-01-01 -> 2024-06-01  merges cleanly: confcheck merge app/clean.conf
conflict    app/conflict.conf  2024-01-01 -> 2024-06-01  both changed the same lines: confcheck diff app/conflict.conf
error       app/err.conf       -          -> 2024-01-01  not a regular file (fifo)
orphaned    app/gone.conf      -          -> 2024-01-01  template dropped by the image
unverified  app/legacy.conf    -          -> 2024-06-01  baseline unknown: confcheck diff app/legacy.conf
outdated    app/outdated.conf  2024-01-01 -> 2024-06-01  unchanged by you: replace it with the .sample
outdated    1 more with comment-only template changes
6 of 9 configs need a look; templates up to 2024-06-01; checked TIME
summary current=1 customized=1 outdated=2 conflict=2 unverified=1 orphaned=1 error=1 unused=1
EOF
masked >"$T/status1"
diff_ok "$T/want" "$T/status1" "status: the exact table"
like "$out" '^conflict +app/clean\.conf +2024-01-01 -> 2024-06-01 +merges cleanly: confcheck merge app/clean\.conf$' \
	"a conflict that merges cleanly: confcheck merge"
like "$out" '^conflict +app/conflict\.conf +2024-01-01 -> 2024-06-01 +both changed the same lines: confcheck diff app/conflict\.conf$' \
	"a conflict that does not: confcheck diff, as the notice says"
like "$out" '^error +app/err\.conf .* not a regular file \(fifo\)$' "an error's reason reads as the notice's"
like "$out" '^outdated +1 more with comment-only template changes$' "the cosmetic file is grouped, as in the notice"
advice "$T/notice" >"$T/a.notice"
advice "$T/out" >"$T/a.status"
diff_ok "$T/a.notice" "$T/a.status" "status lists, groups and advises what the notice does"
jq -S . "$S/status.json" >"$T/json1"

run "$CONFCHECK" status --all
is "$rc" 1 "status --all: the same exit"
cat >"$T/want" <<'EOF'
STATE       PATH               BASELINE      TEMPLATE    NEXT
conflict    app/clean.conf     2024-01-01 -> 2024-06-01  merges cleanly: confcheck merge app/clean.conf
conflict    app/conflict.conf  2024-01-01 -> 2024-06-01  both changed the same lines: confcheck diff app/conflict.conf
outdated    app/cosmetic.conf  2024-01-01 -> 2024-01-01  unchanged by you: replace it with the .sample [cosmetic]
current     app/current.conf   2024-01-01 -> 2024-01-01
customized  app/custom.conf    2024-01-01 -> 2024-01-01
error       app/err.conf       -          -> 2024-01-01  not a regular file (fifo)
orphaned    app/gone.conf      -          -> 2024-01-01  template dropped by the image
unverified  app/legacy.conf    -          -> 2024-06-01  baseline unknown: confcheck diff app/legacy.conf
outdated    app/outdated.conf  2024-01-01 -> 2024-06-01  unchanged by you: replace it with the .sample
6 of 9 configs need a look; templates up to 2024-06-01; checked TIME
summary current=1 customized=1 outdated=2 conflict=2 unverified=1 orphaned=1 error=1 unused=1
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "status --all: every file on its own line, with its flags, and no group"

# --- after an ack, and after its undo --------------------------------------------------------
run "$CONFCHECK" ack app/clean.conf
is "$rc" 0 "ack of the clean conflict"
run "$CONFCHECK" status
is "$rc" 1 "status after the ack: other files still need a look"
cat >"$T/want" <<'EOF'
STATE       PATH               BASELINE      TEMPLATE    NEXT
conflict    app/conflict.conf  2024-01-01 -> 2024-06-01  both changed the same lines: confcheck diff app/conflict.conf
error       app/err.conf       -          -> 2024-01-01  not a regular file (fifo)
orphaned    app/gone.conf      -          -> 2024-01-01  template dropped by the image
unverified  app/legacy.conf    -          -> 2024-06-01  baseline unknown: confcheck diff app/legacy.conf
outdated    app/outdated.conf  2024-01-01 -> 2024-06-01  unchanged by you: replace it with the .sample
outdated    1 more with comment-only template changes
conflict    1 more acknowledged
5 of 9 configs need a look; templates up to 2024-06-01; checked TIME
summary current=1 customized=1 outdated=2 conflict=2 unverified=1 orphaned=1 error=1 unused=1
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "status after ack: the file is counted in its group, not listed"
run "$CONFCHECK" status --json
is "$(printf '%s\n' "$out" | jq -c '[.summary.need_look, (.files[] | select(.path == "app/clean.conf") | .flags)]')" \
	'[5,["acknowledged"]]' "status --json after ack: the flag, and need_look counted again"
is "$(printf '%s\n' "$out" | jq -S .)" "$(jq -S . "$S/status.json")" "status --json: the status file as it is"
run "$CONFCHECK" check
like "$out" '^\[confcheck\] conflict  1 more acknowledged$' "the next check's notice groups it the same way"
run "$CONFCHECK" status
masked | diff -u "$T/want" - >/dev/null
ok $? "and status after that check says what it said after the ack"

run "$CONFCHECK" ack --undo app/clean.conf
is "$rc" 0 "ack --undo"
run "$CONFCHECK" status
is "$rc" 1 "status after the undo: exit 1"
masked >"$T/got"
diff_ok "$T/status1" "$T/got" "status after the undo: the file is listed again, as before the ack"
run "$CONFCHECK" status --json
is "$(printf '%s\n' "$out" | jq -c '[.summary.need_look, (.files[] | select(.path == "app/clean.conf") | .flags)]')" \
	'[6,[]]' "status --json after the undo: no flag, and need_look counted again"
jq -S . "$S/status.json" | sed '/"generated_at"/d' >"$T/json2"
sed '/"generated_at"/d' "$T/json1" | diff -u - "$T/json2" >/dev/null
ok $? "the status file is the one before the ack"

# --- nothing to look at ---------------------------------------------------------------------
C2=$T/quiet
mkdir -p "$C2/app"
cp "$D/app/current.conf.sample" "$C2/app/current.conf"
"$CONFCHECK" check --config "$C2" >/dev/null
run "$CONFCHECK" status --config "$C2"
is "$rc" 0 "status with nothing to look at: exit 0"
like "$out" '^0 of 1 configs need a look; ' "and says so, without a table"
unlike "$out" '^STATE' "no header row"

# --- a hostile status.json -------------------------------------------------------------------
cp "$S/status.json" "$T/good.json"

# refused NAME WANT-REGEX [ARGS]: status (with ARGS) exits 2 at once, with one line on stderr
# that matches WANT-REGEX and nothing on stdout.
refused() {
	local name=$1 want=$2
	shift 2
	run timeout 10 "$CONFCHECK" status "$@"
	is "$rc" 2 "$name: exit 2, at once"
	is "$(printf '%s\n' "$err" | wc -l):$out" "1:" "$name: one line on stderr, nothing on stdout"
	like "$err" "$want" "$name: it says why"
}

rm "$S/status.json"
refused "no status file" "no status yet in '$S': run 'confcheck check' first$"
ln -s "$T/good.json" "$S/status.json"
refused "a symlink to a good status file" "status file '$S/status.json' is a symlink, which confcheck never follows: run 'confcheck check' to write it again$"
rm "$S/status.json"
mkfifo "$S/status.json"
refused "a FIFO" "cannot read '$S/status.json': not a regular file \(fifo\): run 'confcheck check'"
refused "a FIFO, with --json" "not a regular file \(fifo\)" --json
rm "$S/status.json"
truncate -s 65M "$S/status.json"
refused "a 65 MiB file" "cannot read '$S/status.json': too large"
{
	printf '{"schema": 1, "files": ['
	yes '{},' | head -n 100000 | tr -d '\n'
	printf '{}]}\n'
} >"$S/status.json"
refused "100,001 files" "status file '.*' lists more than 100000 files"
{
	printf '{"schema": 1, "files": [], "x": ['
	yes '[],' | head -n 250000 | tr -d '\n'
	printf '[]]}\n'
} >"$S/status.json"
refused "250,000 empty arrays" "holds more than 100000 files' worth of values"
printf 'garbage\n' >"$S/status.json"
refused "not JSON" "status file '.*' is not valid JSON \(line 1\)"
jq '.schema = 2' "$T/good.json" >"$S/status.json"
refused "another schema" "is from another version of confcheck"
for bad in '.files = {}|files is not a list of files' \
	'.files[0].state = 3|files\[0\]\.state is not a string' \
	'.files[0].state = "fine"|files\[0\]\.state is not a verdict' \
	'.files[0].flags = "cosmetic"|files\[0\]\.flags is not a list of flags' \
	'.files[0].baseline_version = "yesterday"|files\[0\]\.baseline_version is not a date' \
	'.files[1].merge = 1|files\[1\]\.merge is not a string' \
	'.summary.unused = "1"|summary is not a set of counts' \
	'.generated_at = "\u001b[2J"|generated_at is not a time' \
	'.watcher = {"reason": 5}|watcher\.reason is not a string'; do
	jq "${bad%%|*}" "$T/good.json" >"$S/status.json"
	refused "status.json with ${bad%%|*}" "status file '.*' is damaged: ${bad#*|}: run 'confcheck check' to write it again$"
done
run "$CONFCHECK" ack app/clean.conf
is "$rc" 0 "ack with a damaged status file still works"
is "$(jq -c .watcher "$S/status.json")" '{"reason":5}' "and leaves the status file for the next check"
run "$CONFCHECK" check
run "$CONFCHECK" status
is "$rc" 1 "the next check writes it again, and status reads it"

# values of the right type that would write on the terminal are escaped
jq '.watch = "inotify" | .watcher = {"reason": "gone\u001b[2J\nforged line"} |
	(.files[] | select(.path == "app/err.conf") | .reason) = "bad\u001b]0;title\u0007 name\nforged"' \
	"$S/status.json" >"$T/hostile.json"
cp "$T/hostile.json" "$S/status.json"
run "$CONFCHECK" status
is "$rc" 1 "escape sequences in a reason: status still shows the verdicts"
unlike "$out" $'\e|\a' "no escape sequence reaches the terminal"
like "$out" '^error +app/err\.conf .* bad\\x1b\]0;title\\x07 name\\x0aforged$' "an error's reason: escaped, on its one line"
like "$out" '^watch: inotify - gone\\x1b\[2J\\x0aforged line$' "the watcher's reason: escaped, on its one line"
unlike "$out" '^forged' "no line is forged"

done_testing
