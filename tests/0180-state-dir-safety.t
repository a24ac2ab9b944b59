#!/usr/bin/env bash
# The state dir is confcheck's only place to write, and it must not be turned
# into a way to write elsewhere: it is opened once, never through a symlink,
# and written only when it belongs to the user confcheck runs as.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D/app" "$C/app" "$T/elsewhere" "$C/inside"
printf '## Version 2024/01/01\nkey 1;\n' >"$D/app/a.conf.sample"
cp "$D/app/a.conf.sample" "$C/app/a.conf"
tree_sum() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum); }

# A default state dir that is a symlink, out of the config root or inside it.
for target in "$T/elsewhere" "$C/inside"; do
	where=${target#"$T"/}
	ln -s "$target" "$S"
	run "$CONFCHECK" check --templates "$D" --config "$C"
	is "$rc" 0 "a state dir symlinked to $where: the check still gives its verdicts"
	like "$out" '^\[confcheck\] summary current=1 ' "a state dir symlinked to $where: the summary"
	like "$err" "warning: state dir '.*' is a symlink, which confcheck never follows: nothing is read or written there" \
		"a state dir symlinked to $where: a warning says so"
	is "$(find "$target" -mindepth 1 | wc -l)" 0 "a state dir symlinked to $where: nothing is written where it points"
	run "$CONFCHECK" ack --templates "$D" --config "$C" app/a.conf
	is "$rc" 2 "ack through a state dir symlinked to $where: refused"
	like "$err" 'is a symlink, which confcheck never follows' "ack through a symlinked state dir: says why"
	is "$(find "$target" -mindepth 1 | wc -l)" 0 "ack through a symlinked state dir: nothing written"
	rm "$S"
done

# A state dir named on purpose is taken as named, but for its last component.
ln -s "$T/elsewhere" "$T/named"
run "$CONFCHECK" check --templates "$D" --config "$C" --state "$T/named"
is "$rc" 0 "--state naming a symlink: the check runs"
like "$err" "state dir '$T/named' is a symlink, which confcheck never follows" "--state naming a symlink: refused"
is "$(find "$T/elsewhere" -mindepth 1 | wc -l)" 0 "--state naming a symlink: nothing written where it points"
ln -s "$T/elsewhere" "$T/via"
run "$CONFCHECK" check --templates "$D" --config "$C" --state "$T/via/state"
is "$rc:$err" "0:" "--state through a symlinked folder: used, as named"
ok "$([ -f "$T/elsewhere/state/status.json" ] && echo 0 || echo 1)" "... and written"
rm -rf "$T/elsewhere/state"

# A state dir that another user may write, or that belongs to another user,
# is read but never written.
mkdir -p "$S"
chmod 777 "$S"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 0 "a world-writable state dir: the check runs"
like "$err" "state dir not writable, nothing is remembered: state dir '$S' may be written by other users \(mode 777\)" \
	"a world-writable state dir: a warning says why nothing is remembered"
is "$(find "$S" -mindepth 1 | wc -l)" 0 "a world-writable state dir: nothing is written there"
chmod 755 "$S"
if [ "$(id -u)" -ne 0 ]; then
	for _ in 1 2 3 4 5; do skip "needs root"; done
else
	chown 65534:65534 "$S"
	run "$CONFCHECK" check --templates "$D" --config "$C"
	is "$rc" 0 "root and a state dir of another user: the check runs"
	like "$err" "state dir '$S' belongs to uid 65534, not to uid 0 that confcheck runs as" \
		"root and a state dir of another user: a warning says so"
	is "$(find "$S" -mindepth 1 | wc -l)" 0 "root and a state dir of another user: nothing is written there"
	chown 0:0 "$S"
	# no chown at all: PUID/PGID make confcheck run as that user, and a file
	# planted to get root to hand it over stays root's
	echo "root's file" >"$T/rootfile"
	ln "$T/rootfile" "$S/planted"
	chmod 755 "$T"
	run env PUID=65534 PGID=65534 "$CONFCHECK" check --templates "$D" --config "$C"
	is "$rc" 0 "PUID/PGID with a planted hardlink: the check runs"
	is "$(stat -c %u:%g "$T/rootfile")" "0:0" "a hardlinked file is never chowned"
	rm "$S/planted"
fi

# Temp files get fresh names: nothing planted at an old-style name is opened.
printf 'untouched\n' >"$T/victim"
ln -s "$T/victim" "$S/.status.json.tmp.1"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$(cat "$T/victim")" "untouched" "a symlink at a temp-looking name is never written through"

# A history that is a symlink (into an image's shipped history, say) is never
# followed: the link is moved aside and a history started in its place.
printf '## Version 2024/02/01\nkey 2;\n' >"$D/app/a.conf.sample"
echo 'mine;' >>"$C/app/a.conf"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$(jq -r '.files[0].state' "$S/status.json")" conflict "a conflict, with its baseline in the history"
mv "$S/history" "$T/shipped"
ln -s "$T/shipped" "$S/history"
before=$(tree_sum "$T/shipped")
printf '## Version 2024/03/01\nkey 3;\n' >"$D/app/a.conf.sample"
run "$CONFCHECK" check --templates "$D" --config "$C"
like "$err" "warning: template history '$S/history' is unreadable \(a symlink\); moved to '$S/history.corrupt-[0-9]+'" \
	"a symlinked history: moved aside, with a warning"
is "$(tree_sum "$T/shipped")" "$before" "and nothing is written where it leads"
ok "$([ -d "$S/history" ] && [ ! -L "$S/history" ] && echo 0 || echo 1)" "a history of its own is started"
# ... and it can still be named on purpose, read-only
run "$CONFCHECK" check --templates "$D" --config "$C" --history "$T/shipped"
is "$(tree_sum "$T/shipped")" "$before" "a shipped history named with --history is read, never written"
rm -rf "$S/history" "$S"/history.corrupt-*
mv "$T/shipped" "$S/history"

# Damaged git data behind a good index: report, which only looks, leaves it.
printf '## Version 2024/02/01\nkey 2;\n' >"$D/app/a.conf.sample"
rm -f "$S"/history/objects/pack/*
run "$CONFCHECK" report --diff --templates "$D" --config "$C"
ok "$([ -f "$S/history/confcheck-index" ] && echo 0 || echo 1)" \
	"report, which only looks, leaves the index of a damaged history alone"

done_testing
