#!/usr/bin/env bash
# A file name with a bidirectional mark in it (U+200F, U+200E, U+061C) reads one way
# and is another: every output that shows names escapes the mark as the notice does,
# the nginx table (`check --format lsio`) too, with its columns still in place, and
# triage never gives one back raw, whether it reads a table or a pasted notice.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C

rlm=$'\xe2\x80\x8f' lrm=$'\xe2\x80\x8e' alm=$'\xd8\x9c'
names=("nginx/a${rlm}b.conf" "nginx/c${lrm}d.conf" "nginx/e${alm}f.conf")
escaped=('nginx/a\xe2\x80\x8fb.conf' 'nginx/c\xe2\x80\x8ed.conf' 'nginx/e\xd8\x9cf.conf')
marks=("U+200F" "U+200E" "U+061C")

# tpl REL VERSION: the template of REL, its body changing with VERSION.
tpl() {
	mkdir -p "$(dirname "$D/$1")"
	printf '## Version %s\nadd_header X-Image "%s";\n' "$2" "$2" >"$D/$1.sample"
}

mkdir -p "$C/nginx"
for f in "${names[@]}"; do
	tpl "$f" 2024/01/01
	cp "$D/$f.sample" "$C/$f"
done
run "$CONFCHECK" check --init
is "$rc" 0 "image 1: first start"
for f in "${names[@]}"; do
	tpl "$f" 2025/02/02
done

# the count of raw marks in a file
raw_marks() {
	LC_ALL=C grep -c -e "$rlm" -e "$lrm" -e "$alm" "$1"
}
# the width in characters of each line of a file, one a line
widths() {
	while IFS= read -r line; do
		printf '%s' "$line" | LC_ALL=C tr -d '\200-\277' | wc -c
	done <"$1"
}

run "$CONFCHECK" check
is "$rc" 1 "image 2: the three files need a look"
for i in 0 1 2; do
	like "$out" "^\\[confcheck\\] outdated  ${escaped[i]//\\/\\\\}  " "the notice escapes ${marks[i]}"
done

run "$CONFCHECK" check --format lsio
cp "$T/out" "$T/table"
is "$(raw_marks "$T/table")" 0 "the table holds no raw mark"
for i in 0 1 2; do
	like "$out" "│ 2024-01-01 │ 2025-02-02 │ /config/${escaped[i]//\\/\\\\} +│$" \
		"the table escapes ${marks[i]} as the notice does"
done
grep '^[│┌├└]' "$T/table" >"$T/box"
is "$(widths "$T/box" | sort -u | wc -l)" 1 "every line of the box is as wide as the others"

run "$CONFCHECK" triage --json "$T/table"
is "$rc" 1 "triage of the table: exit 1"
jq -r '.files[].path' "$T/out" | sort >"$T/got"
printf '%s\n' "${escaped[@]}" | sort >"$T/want"
diff_ok "$T/want" "$T/got" "triage of the table: the paths in the notice's form"

# a paste whose names lost their escapes on the way (an editor, a chat client)
{
	echo "[confcheck] 3 of 3 configs need a look (templates up to 2025-02-02; confcheck status for all)"
	for f in "${names[@]}"; do
		echo "[confcheck] outdated  $f  2024-01-01 -> 2025-02-02  unchanged by you: replace it with the .sample"
	done
	echo "[confcheck] summary current=0 customized=0 outdated=3 conflict=0 unverified=0 orphaned=0 error=0 set=3f9a21c0 version=0.1.0"
} >"$T/paste"
run "$CONFCHECK" triage --json "$T/paste"
is "$(raw_marks "$T/out")" 0 "triage of a pasted notice gives no raw mark back"
jq -r '.files[].path' "$T/out" | sort >"$T/got"
diff_ok "$T/want" "$T/got" "triage of a pasted notice: the marks escaped"
run "$CONFCHECK" triage "$T/paste"
is "$(raw_marks "$T/out")" 0 "nor does its picture"

done_testing
