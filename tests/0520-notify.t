#!/bin/bash
# shellcheck disable=SC2016,SC2119 # jq programs are single-quoted; helpers take optional arguments
# Notifications against a real HTTP server on 127.0.0.1 (tests/httpd.py): `notify --test` in each
# format, a transition that needs a look in each format, a retry after a 500, the rate limit
# with its summary, TLS verification, and a server that never answers, which must delay
# neither verdicts nor a stop. No request ever carries file contents.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/watchlib.sh disable=SC1091
. "$(dirname "$0")/watchlib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

nreq() {
	if [ -f "$REQ" ]; then wc -l <"$REQ"; else echo 0; fi
}
wait_req() {
	local end
	end=$(($(now_ms) + ${2:-$WAIT} * 1000))
	while [ "$(nreq)" -lt "$1" ]; do
		[ "$(now_ms)" -ge "$end" ] && return 1
		sleep 0.02
	done
}
# req N JQ: a field of the Nth request (1-based); the body is parsed when it is JSON.
req() {
	sed -n "$1p" "$REQ" | jq -r "((.body | fromjson?) // .body) as \$b | $2"
}

fixture
SSL=nginx/ssl.conf

# --- notify --test -----------------------------------------------------------------------------

"$CONFCHECK" notify --test >"$T/out" 2>&1
is "$?" 2 "notify --test without a URL fails"
is "$(cat "$T/out")" "confcheck: notifications are off: set CONFCHECK_NOTIFY_URL (or give --url)" \
	"and says what to set"
"$CONFCHECK" notify >/dev/null 2>&1
is "$?" 2 "notify without --test is a usage error"
CONFCHECK_NOTIFY_URL=http://127.0.0.1:1/ CONFCHECK_NOTIFY_FORMAT=telegram "$CONFCHECK" notify --test \
	>"$T/out" 2>&1
is "$?" 2 "an unknown format fails"
like "$(cat "$T/out")" "CONFCHECK_NOTIFY_FORMAT must be json, ntfy, gotify, discord, slack or auto" \
	"and names the choices"

httpd_start test
CONFCHECK_NOTIFY_URL="$URL/hook?token=s3cret" "$CONFCHECK" notify --test >"$T/out" 2>&1
is "$?" 0 "notify --test against a server that answers 200 succeeds"
is "$(cat "$T/out")" "[confcheck] test notification sent to $URL (json): HTTP 200" \
	"with one clear line that hides the URL's path and query"
is "$(req 1 '.method + " " + .path')" "POST /hook?token=s3cret" "it POSTs to the URL"
is "$(req 1 '.headers["content-type"]')" application/json "generic JSON by default"
is "$(req 1 '[$b.event, $b.type] | join(" ")')" "confcheck test" "with event and type"
like "$(req 1 '.headers["user-agent"]')" '^confcheck/' "and a user agent of its own"

"$CONFCHECK" notify --test --url "$URL/ntfy" --format ntfy >/dev/null 2>&1
is "$(req 2 '.headers["content-type"]')" "text/plain; charset=utf-8" "ntfy: a text body"
like "$(req 2 '.headers.title')" '^confcheck on .+: test$' "ntfy: a Title header"
like "$(req 2 '.body')" '^test notification from confcheck ' "ntfy: the message as the body"
CONFCHECK_NOTIFY_TOKEN=tk "$CONFCHECK" notify --test --url "$URL/message" --format gotify \
	>/dev/null 2>&1
is "$(req 3 '[($b | keys | join(",")), .headers["x-gotify-key"]] | join(" ")')" \
	"message,priority,title tk" "gotify: title, message, priority, and the token as X-Gotify-Key"
"$CONFCHECK" notify --test --url "$URL/api/webhooks/1/x" --format discord >/dev/null 2>&1
is "$(req 4 '[($b.content | test("test notification")), ($b.allowed_mentions.parse | length)] | map(tostring) | join(" ")')" \
	"true 0" "discord: content, and mentions turned off"
"$CONFCHECK" notify --test --url "$URL/services/x" --format slack >/dev/null 2>&1
like "$(req 5 '$b.text')" '^\*confcheck on .+: test\*' "slack: text"
CONFCHECK_NOTIFY_TOKEN=tk2 "$CONFCHECK" notify --test --url "http://u:pw@${URL#http://}/x" \
	--format ntfy >"$T/out" 2>&1
is "$(req 6 '.headers.authorization')" "Bearer tk2" "ntfy: a token is a bearer header"
unlike "$(cat "$T/out")" "pw|u:" "credentials in the URL are never printed"
httpd_stop

httpd_start fail500 --fail 100
CONFCHECK_NOTIFY_URL=$URL/x "$CONFCHECK" notify --test >"$T/out" 2>&1
is "$?" 2 "notify --test against a 500 fails"
is "$(cat "$T/out")" "confcheck: test notification to $URL (json) failed: HTTP 500" \
	"and says so in one line"
is "$(nreq)" 1 "a test is sent once, without retries"
httpd_stop
CONFCHECK_NOTIFY_URL=$URL/x "$CONFCHECK" notify --test >"$T/out" 2>&1
is "$?" 2 "a server that is gone fails at once"
like "$(cat "$T/out")" "failed: .*(connect|refused)" "with the reason"

if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1; then
	httpd_start tls --tls "$T/cert.pem" "$T/key.pem"
	CONFCHECK_NOTIFY_URL=https://127.0.0.1:${URL##*:}/x "$CONFCHECK" notify --test >"$T/out" 2>&1
	is "$?" 2 "TLS verification stays on: a self-signed certificate is refused"
	like "$(cat "$T/out")" "(certificate|SSL)" "with the TLS reason"
	is "$(nreq)" 0 "and nothing was posted"
	httpd_stop
else
	for _ in 1 2 3; do ok 0 "TLS verification # SKIP openssl cannot make a certificate"; done
fi

# --- the watcher: a transition that needs a look, in each format -------------------------------

# flip: makes nginx/ssl.conf current, then outdated again (a transition that needs a look)
flip() {
	cp "$D/$SSL.sample" "$C/$SSL"
	wait_status ".files[] | select(.path == \"$SSL\") | .state == \"current\"" || return 1
	cp "$T/ssl.v1" "$C/$SSL"
	wait_status ".files[] | select(.path == \"$SSL\") | .state == \"outdated\""
}

httpd_start json
CONFCHECK_NOTIFY_URL=$URL/hook watch_start
flip
ok $? "a file goes current, then outdated"
wait_req 1
ok $? "one notification arrives"
is "$(req 1 '[$b.event, $b.type, $b.path, $b.from, $b.to, $b.user_version, $b.template_version] | join(" ")')" \
	"confcheck transition $SSL current outdated 2023-06-01 2024-06-01" \
	"json: names, states and versions"
unlike "$(cat "$REQ")" "ssl_protocols" "never a byte of the file"
echo '# sentinel' >>"$C/$SSL"
wait_status ".files[] | select(.path == \"$SSL\") | .state == \"conflict\""
wait_req 2
is "$(nreq)" 2 "going current sent nothing; outdated to conflict sends one more"
is "$(req 2 '$b.from + " -> " + $b.to')" "outdated -> conflict" "for the new state"
watch_stop
httpd_stop

for f in ntfy gotify discord slack; do
	httpd_start "fmt-$f"
	CONFCHECK_NOTIFY_URL=$URL/x CONFCHECK_NOTIFY_FORMAT=$f watch_start
	flip && wait_req 1
	ok $? "$f: a transition is notified"
	case $f in
	ntfy) got=$(req 1 '.headers.title + " | " + .body') ;;
	gotify) got=$(req 1 '$b.title + " | " + $b.message') ;;
	discord) got=$(req 1 '$b.content | gsub("\n"; " | ")') ;;
	slack) got=$(req 1 '$b.text | gsub("\n"; " | ")') ;;
	esac
	like "$got" "confcheck on .*: a config needs a look.* \| .?nginx/ssl\.conf.?: current -(>|&gt;) outdated \(yours 2023-06-01, template 2024-06-01\)$" \
		"$f: the payload has the title and the transition"
	watch_stop
	httpd_stop
done

# --- a retry after a 500, and giving up -------------------------------------------------------

httpd_start retry --fail 2
CONFCHECK_NOTIFY_URL=$URL/x CONFCHECK_NOTIFY_BACKOFF_MS=50 watch_start
flip && wait_req 3
ok $? "after two 500s the third try arrives"
is "$(jq -r .status "$REQ" | paste -sd ' ')" "500 500 200" "and is answered 200"
is "$(jq -r .body "$REQ" | sort -u | wc -l)" 1 "every try carries the same message"
watch_stop
httpd_stop

httpd_start giveup --fail 100
CONFCHECK_NOTIFY_URL=$URL/x CONFCHECK_NOTIFY_BACKOFF_MS=20 CONFCHECK_NOTIFY_TRIES=3 watch_start
flip
wait_grep "notification to $URL failed after 3 tries: HTTP 500" "$T/watch.err"
ok $? "after the last try it warns once, with the server but not the path of the URL"
is "$(nreq)" 3 "having tried exactly the configured number of times"
wait_status '.watcher.notifications.failed == 1'
ok $? "and the status counts it as failed"
watch_stop
httpd_stop

# --- the rate limit ---------------------------------------------------------------------------

for i in 1 2 3 4 5; do tpl "nginx/proxy-confs/rl$i.subdomain.conf" 2024/01/01 "location /rl$i {}"; done
httpd_start rate
CONFCHECK_NOTIFY_URL=$URL/x CONFCHECK_NOTIFY_RATE=2/2 watch_start
for i in 1 2 3 4 5; do mkfifo "$C/nginx/proxy-confs/rl$i.subdomain.conf"; done
wait_status '[.files[] | select(.path | test("rl[0-9]")) | select(.state == "error")] | length == 5'
ok $? "five files need a look at once (FIFOs where confs belong)"
wait_req 3
ok $? "three notifications arrive"
is "$(jq -r '.body | fromjson | .type' "$REQ" | paste -sd ' ')" "transition transition summary" \
	"two on their own, as the rate allows, then one summary"
is "$(req 3 '[$b.count, ($b.paths | length)] | map(tostring) | join(" ")')" "3 3" \
	"the summary counts the three held back and names them"
like "$(req 3 '$b.message')" "^3 more configs need a look: nginx/proxy-confs/rl" "in words too"
# 2 per 2 s refills one a second: the summary goes a second after the first was taken
gap=$(jq -r .time "$REQ" | awk 'NR == 1 { a = $1 } NR == 3 { printf "%d", ($1 - a) * 1000 }')
[ "$gap" -ge 900 ]
ok $? "the summary waited for the rate to allow it (${gap} ms after the first)"
wait_status '.watcher.notifications | [.sent, .failed, .summarized] == [3, 0, 3]'
ok $? "the status counts sent, failed and summarized, with no file changed since"
rm -f "$C"/nginx/proxy-confs/rl?.subdomain.conf
wait_status '[.files[] | select(.path | test("rl[0-9]"))] | length == 0'
watch_stop
httpd_stop

# --- a server that never answers delays nothing ------------------------------------------------

httpd_start hang --hang
CONFCHECK_NOTIFY_URL=$URL/x watch_start
flip && wait_req 1
ok $? "a request is stuck in a server that never answers"
t0=$(now_ms)
echo '# while the request hangs' >>"$C/$SSL"
wait_status ".files[] | select(.path == \"$SSL\") | .state == \"conflict\""
ok $? "verdicts go on meanwhile"
took=$(($(now_ms) - t0))
[ "$took" -lt 3000 ]
ok $? "as fast as ever (${took} ms)"
watch_stop
is "$watch_rc" 0 "SIGTERM still exits 0"
limit=1000
[ -n "${CONFCHECK_SANITIZED:-}" ] && limit=5000
[ "$watch_ms" -lt "$limit" ]
ok $? "within a second, the stuck request abandoned (${watch_ms} ms)"
httpd_stop

# --- bad settings turn notifications off, not the watcher --------------------------------------

CONFCHECK_NOTIFY_URL=http://127.0.0.1:1/ CONFCHECK_NOTIFY_RATE=lots watch_start
ok $? "a bad setting does not stop the watcher"
like "$(cat "$T/watch.err")" "^\[confcheck\] warning: notifications are off: CONFCHECK_NOTIFY_RATE must be" \
	"it warns that notifications are off, and why"
watch_stop

done_testing
