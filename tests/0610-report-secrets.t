#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2119 # literal secrets are single-quoted; helpers take optional arguments
# A support paste never leaks a secret. Hundreds of secrets, planted the way real users
# keep them (tests/secrets-corpus.py: nginx confs, SWAG's dns-conf files, PHP, YAML, JSON,
# XML, env files, keys of every armour), in files that are customised and that conflict
# with a new image: none of them reaches `report` in any of its forms, a webhook or the
# watcher's log, and every line that holds no secret comes through a masked diff as it is.
# The config tree belongs to an unprivileged user, as in a container; the tests run as root.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

APP=65534
chmod 755 "$T"
python3 "$TOP/tests/secrets-corpus.py" "$T/corpus"
ok $? "the corpus is planted"
nsecrets=$(wc -l <"$T/corpus/secrets")
nkept=$(wc -l <"$T/corpus/kept")
[ "$nsecrets" -ge 300 ] && [ "$nkept" -ge 100 ]
ok $? "it holds $nsecrets secrets and $nkept lines that are none"

D=$T/defaults C=$T/config
STATUS=$C/.confcheck/status.json
EVENTS=$C/.confcheck/events.ndjson
export CONFCHECK_TEMPLATES=$D CONFCHECK_CONFIG=$C

# image 1 copies its templates; the user customises them, with secrets; image 2 moves on
cp -r "$T/corpus/v1" "$D"
(cd "$D" && find . -name '*.sample') | while read -r f; do
	mkdir -p "$(dirname "$C/$f")"
	cp "$D/$f" "$C/${f%.sample}"
done
chown -R "$APP:$APP" "$C"
run "$CONFCHECK" check --init
is "$rc" 0 "image 1: first start"
cp -r "$T/corpus/user/." "$C/"
# a file's bytes can hold a terminal's escapes: a paste shows them, it does not obey them
printf 'log_level = debug\n\033]0;owned\007\033[2J\r\n' >>"$C/app/settings.env"
chown -R "$APP:$APP" "$C"
rm -rf "$D"
cp -r "$T/corpus/v2" "$D"
run "$CONFCHECK" check
is "$rc" 1 "image 2: the customised files conflict"
is "$(jq '[.files[] | select(.state == "conflict")] | length' "$STATUS")" 58 \
	"58 files conflict, so their diffs are shown"

for mode in "" "--diff" "--full" "--diff --full"; do
	name=report${mode// /}
	# shellcheck disable=SC2086 # the mode is words
	"$CONFCHECK" report $mode >"$T/$name" 2>"$T/$name.err"
	is "$?" 1 "report $mode: something needs a look"
done

# leaks FILE...: how many planted secrets any of the files holds (each named on stderr)
leaks() {
	local n=0 s
	while IFS= read -r s; do
		if grep -qF -- "$s" "$@"; then
			n=$((n + 1))
			echo "# leaked: $s" >&2
			grep -hF -- "$s" "$@" | head -n 2 | sed 's/^/#   /' >&2
		fi
	done <"$T/corpus/secrets"
	echo "$n"
}

is "$(leaks "$T/report" "$T/report.err")" 0 "report leaks none of the $nsecrets secrets"
is "$(leaks "$T/report--diff" "$T/report--diff.err")" 0 "report --diff leaks none"
is "$(leaks "$T/report--full" "$T/report--full.err")" 0 "report --full leaks none"
is "$(leaks "$T/report--diff--full" "$T/report--diff--full.err")" 0 "report --diff --full leaks none"

full=$T/report--diff--full
changed=0
while IFS= read -r line; do
	if ! grep -qxF -e "-$line" -e "+$line" -e " $line" "$full"; then
		changed=$((changed + 1))
		echo "# not shown as it is: $line"
	fi
done <"$T/corpus/kept"
is "$changed" 0 "all $nkept lines that hold no secret come through unchanged"

like "$(grep -c '^-.*\*\*\*\*' "$full")" '^[0-9]{3}$' "hundreds of diff lines show where a secret was"
grep -qxE '@@ -[0-9,]+ [+][0-9,]+ @@ [*]{4}' "$full"
ok $? "a hunk header that quotes a key's line quotes it masked"
grep -qxE '@@ -[0-9,]+ [+][0-9,]+ @@ server [{]' "$full"
ok $? "and one that quotes a plain line quotes it as it is"
! grep -qE '^(diff --git|index [0-9a-f]+[.][.])' "$full"
ok $? "no file header names blobs by their hash"
like "$(cat "$full")" 'x1b\]0;owned\\x07\\x1b\[2J\\x0d' "a file's escapes are shown, not sent to the terminal"
unlike "$(cat "$full")" $'\033' "no escape byte reaches the paste"
# the header is masked too: an image label is the maintainer's text, not ours
CONFCHECK_IMAGE="build token=$(sed -n 2p "$T/corpus/secrets")" "$CONFCHECK" report >"$T/labelled"
is "$(leaks "$T/labelled")" 0 "a secret in the image's label is masked in the header"
like "$(sed -n 3p "$T/labelled")" '\(build\\x20token=\*\*\*\*\)$' "and the label's key stays"
[ "$(wc -c <"$T/report--diff")" -le 2100 ]
ok $? "report --diff still fits one message"

# the watcher's log and a webhook carry names and states only; plant one more secret in the
# file the user had left alone, so it goes from outdated to conflict
out=nginx/outdated.conf
httpd_start hook
CONFCHECK_NOTIFY_URL=$URL/hook watch_start
is "$(state_of "$out")" outdated "the watcher sees $out outdated"
secret=$(sed -n 1p "$T/corpus/secrets")
printf 'password = %s\n' "$secret" >>"$C/$out"
wait_status ".files[] | select(.path == \"$out\") | .state == \"conflict\""
ok $? "a secret planted in it makes it conflict"
wait_grep 'conflict' "$REQ"
ok $? "and a webhook is told"
watch_stop
httpd_stop
is "$(leaks "$REQ" "$T/watch.out" "$T/watch.err" "$STATUS" "$EVENTS")" 0 \
	"no webhook payload, watcher log line or status file holds a secret"

done_testing
