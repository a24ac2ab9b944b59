#!/usr/bin/env bash
# The state dir is confcheck's only place to write, and it must not be turned
# into a way to write elsewhere: not through a symlink, not through a
# hardlink planted for root to chown.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D/app" "$C/app" "$T/elsewhere"
printf '## Version 2024/01/01\nkey 1;\n' >"$D/app/a.conf.sample"
cp "$D/app/a.conf.sample" "$C/app/a.conf"

# A default state dir that is a symlink out of the config root.
ln -s "$T/elsewhere" "$S"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 0 "a symlinked state dir: the check still gives its verdicts"
like "$out" '^\[confcheck\] summary current=1 ' "a symlinked state dir: the summary"
like "$err" "warning: state dir '.*' is a symlink out of the config root; nothing is written there" \
	"a symlinked state dir: a warning says so"
is "$(find "$T/elsewhere" -mindepth 1 | wc -l)" 0 "a symlinked state dir: nothing is written where it points"
run "$CONFCHECK" ack --templates "$D" --config "$C" app/a.conf
is "$rc" 2 "ack through a symlinked state dir: refused"
like "$err" 'symlink out of the config root' "ack through a symlinked state dir: says why"
is "$(find "$T/elsewhere" -mindepth 1 | wc -l)" 0 "ack through a symlinked state dir: nothing written"

# A state dir named on purpose may be anywhere, symlink or not.
run "$CONFCHECK" check --templates "$D" --config "$C" --state "$S"
is "$rc" 0 "a state dir named with --state is used"
ok "$([ -f "$T/elsewhere/status.json" ] && echo 0 || echo 1)" "... and written"
rm "$S"
rm -rf "$T/elsewhere"

# Run as root for PUID/PGID, the state dir is chowned, but never a file that
# has a second name: a hardlink planted there to get another file chowned.
if [ "$(id -u)" -ne 0 ]; then
	skip "needs root"
	skip "needs root"
	skip "needs root"
else
	mkdir -p "$S"
	echo "root's file" >"$T/rootfile"
	ln "$T/rootfile" "$S/planted"
	ln "$T/rootfile" "$S/lock"
	run env PUID=65534 PGID=65534 "$CONFCHECK" check --templates "$D" --config "$C"
	is "$rc" 0 "PUID/PGID with planted hardlinks: the check runs"
	is "$(stat -c %u:%g "$T/rootfile")" "0:0" "a hardlinked file is never chowned"
	is "$(stat -c %u "$S/status.json")" 65534 "the state dir's own files are"
fi

# Temp files get fresh names: nothing planted at an old-style name is opened.
printf 'untouched\n' >"$T/victim"
ln -s "$T/victim" "$S/.status.json.tmp.1"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$(cat "$T/victim")" "untouched" "a symlink at a temp-looking name is never written through"

# A history that is a symlink (into an image's shipped history, say) is read,
# never written through: not by a new image, not when its git data is damaged.
tree_sum() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum); }
printf '## Version 2024/02/01\nkey 2;\n' >"$D/app/a.conf.sample"
echo 'mine;' >>"$C/app/a.conf"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$(jq -r '.files[0].state' "$S/status.json")" conflict "a conflict, with its baseline in the history"
mv "$S/history" "$T/shipped"
ln -s "$T/shipped" "$S/history"
before=$(tree_sum "$T/shipped")
printf '## Version 2024/03/01\nkey 3;\n' >"$D/app/a.conf.sample"
run "$CONFCHECK" check --templates "$D" --config "$C"
like "$err" "warning: template history '$S/history' is a symlink; nothing is written through it" \
	"a symlinked history: a new image warns"
is "$(tree_sum "$T/shipped")" "$before" "and writes nothing where it leads"
printf '## Version 2024/02/01\nkey 2;\n' >"$D/app/a.conf.sample"
rm -f "$T/shipped"/objects/pack/*
before=$(tree_sum "$T/shipped")
run "$CONFCHECK" merge --templates "$D" --config "$C" app/a.conf
is "$rc" 2 "damaged git data behind a symlinked history: merge fails"
unlike "$err" "the next check starts it again" "without promising a repair"
is "$(tree_sum "$T/shipped")" "$before" "and its index stays where the symlink leads"
run "$CONFCHECK" check --templates "$D" --config "$C"
is "$(tree_sum "$T/shipped")" "$before" "so does a check's"
rm "$S/history"
mv "$T/shipped" "$S/history"
run "$CONFCHECK" report --diff --templates "$D" --config "$C"
ok "$([ -f "$S/history/confcheck-index" ] && echo 0 || echo 1)" \
	"report, which only looks, leaves the index of a damaged history alone"

done_testing
