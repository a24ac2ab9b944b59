#!/usr/bin/env bash
# Flags: a template change that touches only comments, blank lines, trailing
# white space or the version header is cosmetic; so is a user file converted
# to CRLF. Cosmetic entries are grouped into one line and need no look.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D" "$C"

check() {
	run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C"
}

masked() {
	printf '%s\n' "$out" | sed -E 's/ set=[0-9a-f]{8} / set=SET /; s/ version=[0-9.]+$/ version=VER/'
}

# flags: path, state and flags of every entry.
flags() {
	jq -r '.files[] | [.path, .state, (.flags | join(","))] | @tsv' "$S/status.json"
}

# body NAME: a template body with comments, the way the samples look.
body() {
	cat <<EOF
# $1: the reverse proxy for $1
server {
	listen 443 ssl;
	# the name the proxy answers to
	server_name $1.*;

	location / {
		proxy_pass http://$1:8080;
	}
}
EOF
}

for n in comment header blank crlf plain; do
	{
		echo '## Version 2024/01/01'
		body "$n"
	} >"$D/$n.conf.sample"
	cp "$D/$n.conf.sample" "$C/$n.conf"
done
check
is "$rc" 0 "image 1: everything current"

# image 2: changes no user needs to act on
sed -i 's|^## Version 2024/01/01|## Version 2024/06/01|; s/# the name the proxy answers to/# the names this proxy answers to (wildcards allowed)/' \
	"$D/comment.conf.sample"
sed -i 's|^## Version 2024/01/01|## Version 2024/06/01|' "$D/header.conf.sample"
sed -i 's/^\tlisten 443 ssl;$/\tlisten 443 ssl;   \n\n/' "$D/blank.conf.sample"
sed -i 's/$/\r/' "$C/crlf.conf"
check
is "$rc" 0 "only cosmetic changes: exit 0"
is "$(masked)" "[confcheck] summary current=1 customized=1 outdated=3 conflict=0 unverified=0 orphaned=0 error=0 unused=0 set=SET version=VER" \
	"only cosmetic changes: the notice is the summary line alone"
is "$(jq .summary.need_look "$S/status.json")" 0 "only cosmetic changes: need_look is 0"
cat >"$T/want" <<'EOF'
blank.conf	outdated	cosmetic
comment.conf	outdated	cosmetic
crlf.conf	customized	cosmetic
header.conf	outdated	cosmetic,header-only
plain.conf	current	
EOF
flags >"$T/got"
diff_ok "$T/want" "$T/got" "flags: comment-only, blank lines, header-only, CRLF"
is "$(jq -r '.files[] | select(.path == "crlf.conf") | .user_version' "$S/status.json")" 2024-01-01 \
	"a CRLF header is still read"

check
is "$rc" 0 "next start: still exit 0"

# image 3: one real change, and a comment-only change under the CRLF file
sed -i 's|^## Version 2024/01/01|## Version 2024/09/01|; s/proxy_pass http:\/\/plain:8080;/proxy_pass http:\/\/plain:9090;/' \
	"$D/plain.conf.sample"
sed -i 's|^## Version 2024/01/01|## Version 2024/09/01|; s/# crlf: the reverse proxy for crlf/# crlf: a reverse proxy/' \
	"$D/crlf.conf.sample"
check
is "$rc" 1 "a real change: exit 1"
cat >"$T/want" <<'EOF'
[confcheck] 1 of 5 configs need a look (templates up to 2024-09-01; confcheck status for all)
[confcheck] outdated  plain.conf  2024-01-01 -> 2024-09-01  unchanged by you: replace it with the .sample
[confcheck] outdated  3 more with comment-only template changes
[confcheck] conflict  1 more with comment-only template changes
[confcheck] summary current=0 customized=0 outdated=4 conflict=1 unverified=0 orphaned=0 error=0 unused=0 set=SET version=VER
EOF
masked >"$T/got"
diff_ok "$T/want" "$T/got" "the notice lists the real change and groups the cosmetic ones"
is "$(jq .summary.need_look "$S/status.json")" 1 "need_look counts the listed entry only"
cat >"$T/want" <<'EOF'
blank.conf	outdated	cosmetic
comment.conf	outdated	cosmetic
crlf.conf	conflict	cosmetic
header.conf	outdated	cosmetic,header-only
plain.conf	outdated	
EOF
flags >"$T/got"
diff_ok "$T/want" "$T/got" "flags: a CRLF file under a comment-only change is a cosmetic conflict"
is "$(jq -r '.files[] | select(.path == "crlf.conf") | .merge | type' "$S/status.json")" string \
	"the cosmetic conflict still says whether it merges"

# the user replaces the outdated file: only cosmetic entries are left
cp "$D/plain.conf.sample" "$C/plain.conf"
check
is "$rc" 0 "only cosmetic entries left: exit 0"
like "$out" '^\[confcheck\] summary current=1 customized=0 outdated=3 conflict=1 ' \
	"only cosmetic entries left: the summary alone"
run timeout 20 env CONFCHECK_STRICT=1 "$CONFCHECK" check --init --templates "$D" --config "$C"
is "$rc" 0 "cosmetic entries do not fail a strict init"

# a user file that differs from the template only in its header
sed 's|^## Version 2024/09/01|## Version 2024/09/02|' "$D/plain.conf.sample" >"$C/plain.conf"
check
is "$(jq -r '.files[] | select(.path == "plain.conf") | [.state, (.flags | join(","))] | @tsv' "$S/status.json")" \
	"$(printf 'customized\tcosmetic,header-only')" "a user who only edited the header: customized, header-only"

done_testing
