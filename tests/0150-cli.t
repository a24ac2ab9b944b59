#!/usr/bin/env bash
# The command line contract: exit codes, --init and CONFCHECK_STRICT, usage
# errors, environment fallbacks, --json, --quiet, a full output device, and the
# paths of the one option parser, for every command.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

D=$T/defaults C=$T/config S=$T/config/.confcheck
mkdir -p "$D" "$C"
printf '## Version 2024/01/01\nx on;\n' >"$D/x.conf.sample"
printf '## Version 2024/01/01\ny on;\n' >"$D/y.conf.sample"
cp "$D/x.conf.sample" "$C/x.conf"
cp "$D/y.conf.sample" "$C/y.conf"

cc() {
	run timeout 20 "$CONFCHECK" "$@"
}

# --- exit codes ----------------------------------------------------------------
cc check --templates "$D" --config "$C"
is "$rc" 0 "nothing needs a look: exit 0"
printf '## Version 2024/06/01\nx off;\n' >"$D/x.conf.sample"
cc check --templates "$D" --config "$C"
is "$rc" 1 "something needs a look: exit 1"
cc check --templates "$D" --config "$C" --init
is "$rc" 0 "--init: exit 0 with drift"
like "$out" '^\[confcheck\] outdated  x\.conf ' "--init: the notice is printed all the same"
run timeout 20 env CONFCHECK_STRICT=1 "$CONFCHECK" check --templates "$D" --config "$C" --init
is "$rc" 1 "CONFCHECK_STRICT=1 --init: exit 1 with drift"
run timeout 20 env CONFCHECK_STRICT=0 "$CONFCHECK" check --templates "$D" --config "$C" --init
is "$rc" 0 "CONFCHECK_STRICT=0 --init: exit 0"
run timeout 20 env CONFCHECK_STRICT=1 "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 1 "CONFCHECK_STRICT=1 without --init: the usual exit 1"

# --- usage errors: exit 2 and one line on stderr ---------------------------------
cc check --templates "$D" --config "$C" --bogus
is "$rc" 2 "unknown option: exit 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "unknown option: one line on stderr"
like "$err" '^usage: confcheck check ' "unknown option: the line is the usage"
is "$out" "" "unknown option: nothing on stdout"
cc check --templates "$D" --config "$C" extra
is "$rc" 2 "an unexpected argument: exit 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "an unexpected argument: one line on stderr"
cc check --templates
is "$rc" 2 "an option without its value: exit 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "an option without its value: one line on stderr"
cc frobnicate
is "$rc" 2 "unknown command: exit 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "unknown command: one line on stderr"
like "$err" "frobnicate" "unknown command: the line names it"
is "$out" "" "unknown command: nothing on stdout"
cc
is "$rc" 2 "no command: exit 2"
like "$err" '^usage: confcheck ' "no command: usage on stderr"
cc --help
is "$rc" 0 "--help: exit 0"
like "$out" '^  check ' "--help: lists check"
cc --version
is "$out" "confcheck 0.1.0" "--version"

# --- roots that are not there ---------------------------------------------------
cc check --templates "$T/nope" --config "$C"
is "$rc" 2 "missing template root: exit 2"
is "$err" "confcheck: cannot open template root '$T/nope': no such file or directory" \
	"missing template root: one clear line"
is "$out" "" "missing template root: no notice"
cc check --templates "$T/nope" --config "$C" --init
is "$rc" 0 "missing template root with --init: exit 0"
is "$err" "confcheck: cannot open template root '$T/nope': no such file or directory" \
	"missing template root with --init: the same line"
run timeout 20 env CONFCHECK_STRICT=1 "$CONFCHECK" check --templates "$T/nope" --config "$C" --init
is "$rc" 2 "missing template root with a strict --init: exit 2"
cc check --templates "$D" --config "$T/noconfig"
is "$rc" 2 "missing config root: exit 2"
is "$err" "confcheck: cannot open config root '$T/noconfig': no such file or directory" \
	"missing config root: one clear line"
[ ! -e "$T/noconfig" ]
ok $? "missing config root: not created"

# --- environment fallbacks ----------------------------------------------------------
A=$T/base B=$T/app E=$T/envconfig
mkdir -p "$A/nginx" "$B/nginx" "$E/nginx"
printf '## Version 2024/01/01\nbase;\n' >"$A/nginx/site.conf.sample"
printf '## Version 2024/02/02\napp;\n' >"$B/nginx/site.conf.sample"
printf '## Version 2024/01/01\nonly in base;\n' >"$A/nginx/base.conf.sample"
cp "$B/nginx/site.conf.sample" "$E/nginx/site.conf"
cp "$A/nginx/base.conf.sample" "$E/nginx/base.conf"
run timeout 20 env CONFCHECK_TEMPLATES="$A::$B" CONFCHECK_CONFIG="$E" "$CONFCHECK" check
is "$rc" 0 "CONFCHECK_TEMPLATES and CONFCHECK_CONFIG: used"
is "$(jq -c '[.template_roots == ["'"$A"'", "'"$B"'"], .config_root == "'"$E"'"]' "$E/.confcheck/status.json")" \
	'[true,true]' "env: both template roots, in order, and the config root"
is "$(jq -r '[.files[] | "\(.path)=\(.state)=\(.template_version)"] | join(" ")' "$E/.confcheck/status.json")" \
	"nginx/base.conf=current=2024-01-01 nginx/site.conf=current=2024-02-02" \
	"env: the later root overrides the earlier one for the same path"
run timeout 20 env CONFCHECK_TEMPLATES="$B:$A" CONFCHECK_CONFIG="$E" "$CONFCHECK" check
is "$(jq -r '.files[] | select(.path == "nginx/site.conf") | "\(.state) \(.template_version)"' "$E/.confcheck/status.json")" \
	"outdated 2024-01-01" "env: with the roots swapped, the base root's template wins"
run timeout 20 env CONFCHECK_TEMPLATES="$T/nope" CONFCHECK_CONFIG="$T/nope" "$CONFCHECK" check \
	--templates "$B" --templates "$A" --config "$E"
is "$rc" 1 "options override the environment"
is "$(jq -c .template_roots "$E/.confcheck/status.json")" "[\"$B\",\"$A\"]" \
	"--templates, repeated, replace CONFCHECK_TEMPLATES"

mkdir "$T/envstate"
run timeout 20 env CONFCHECK_TEMPLATES="$D" CONFCHECK_CONFIG="$C" CONFCHECK_STATE="$T/envstate" \
	CONFCHECK_IMAGE="lscr.io/linuxserver/swag:3.1.0" "$CONFCHECK" check
is "$rc" 1 "CONFCHECK_STATE: used"
jq -e . "$T/envstate/status.json" >/dev/null
ok $? "CONFCHECK_STATE: status.json is written there"
is "$(jq -r .template_set.label "$T/envstate/status.json")" "lscr.io/linuxserver/swag:3.1.0" \
	"CONFCHECK_IMAGE: appears as template_set.label"
like "$(cat "$T/envstate/history/confcheck-index")" $'\tlscr\\.io/linuxserver/swag:3\\.1\\.0$' \
	"CONFCHECK_IMAGE: the new set is recorded with it"
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" --state "$T/envstate"
is "$(jq -r .template_set.label "$T/envstate/status.json")" null "no CONFCHECK_IMAGE: label null"
is "$(jq -r .config_root "$S/status.json")" "$C" "the default state dir is \$CONFIG/.confcheck"

# --- outputs ------------------------------------------------------------------
cc check --templates "$D" --config "$C" --json
is "$rc" 1 "--json: the usual exit code"
jq -S . "$T/out" >"$T/printed.json"
jq -S . "$S/status.json" >"$T/written.json"
diff_ok "$T/written.json" "$T/printed.json" "--json prints the status.json it writes"
is "$(jq -r .schema "$T/out")" 1 "--json: schema 1"
is "$(jq -r .tool_version "$T/out")" 0.1.0 "--json: tool_version"
like "$(jq -r .generated_at "$T/out")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
	"--json: generated_at is UTC in ISO 8601"
is "$(jq -r '.summary | keys | join(" ")' "$T/out")" \
	"conflict current customized error need_look orphaned outdated unused unverified" \
	"--json: the summary has a count per state, unused and need_look"
cc check --templates "$D" --config "$C" --quiet
is "$rc" 1 "--quiet: the usual exit code"
is "$out" "" "--quiet: nothing on stdout"
jq -e .summary "$S/status.json" >/dev/null
ok $? "--quiet: status.json is still written"

if [ -w /dev/full ]; then
	timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" >/dev/full 2>"$T/err"
	is "$?" 2 "stdout on a full device: exit 2"
	like "$(tr '[:upper:]' '[:lower:]' <"$T/err")" '^confcheck: cannot write output: no space left on device$' \
		"stdout on a full device: one line says so"
	timeout 20 "$CONFCHECK" check --templates "$D" --config "$C" --json >/dev/full 2>/dev/null
	is "$?" 2 "--json on a full device: exit 2"
else
	skip "no /dev/full here"
	skip "no /dev/full here"
	skip "no /dev/full here"
fi

# --- one parser for every command ----------------------------------------------------
# Each command of `confcheck --help` (history: each subcommand of its usage) is driven
# through the parser's paths. For each: PRE, options that make a line it runs; ARGS, the
# positional arguments it takes at most; VALOPT, an option that wants a value; DASH, a file
# named with a leading '-' it takes after "--" (none: "--" ends a line that takes no
# file); WANT, what running it on that file gives (a regex on "RC OUT ERR").
# shellcheck source=tests/lib-git.sh disable=SC1091
. "$(dirname "$0")/lib-git.sh"
cp "$D/y.conf.sample" "$D/-x.conf.sample"
cp "$D/y.conf.sample" "$C/-x.conf"
git_repo "$T/-repo"
cp "$D/y.conf.sample" "$T/-repo/y.conf.sample"
commit "$T/-repo" "Add y"
mkdir "$T/-tpl"
cp "$D/y.conf.sample" "$T/-tpl/"
"$CONFCHECK" check --templates "$D" --config "$C" >"$T/-paste.log"
ROOTS="--templates $D --config $C"
declare -A PRE ARGS VALOPT DASH WANT
PRE[check]=$ROOTS VALOPT[check]=--metrics WANT[check]='^1 '
PRE[status]="--config $C" VALOPT[status]=--state WANT[status]='^1 '
PRE[diff]=$ROOTS ARGS[diff]=x.conf VALOPT[diff]=--config DASH[diff]=-x.conf WANT[diff]='^0  $'
PRE[merge]=$ROOTS ARGS[merge]=x.conf VALOPT[merge]=--state DASH[merge]=-x.conf WANT[merge]='^0 ## Version'
PRE[ack]=$ROOTS ARGS[ack]=y.conf VALOPT[ack]=--templates DASH[ack]=-x.conf \
	WANT[ack]="^2  confcheck: nothing to acknowledge: '-x.conf' is the same as its template$"
PRE[report]=$ROOTS VALOPT[report]=--templates WANT[report]='^1 ```'
ARGS[triage]=$T/-paste.log DASH[triage]=-paste.log WANT[triage]='^1 read: a confcheck notice'
PRE[history import]="--out $T/hout" ARGS[history import]=$T/-repo VALOPT[history import]=--rev \
	DASH[history import]=-repo WANT[history import]="^0 imported -repo HEAD into '$T/hout'"
PRE[history list]=$ROOTS ARGS[history list]=x.conf VALOPT[history list]=--history \
	DASH[history list]=-x.conf WANT[history list]='^0 template -x\.conf\.sample: 1 recorded version,'
ARGS[lint]=$T/-tpl VALOPT[lint]=--format DASH[lint]=-tpl WANT[lint]='^0  confcheck lint: 0 errors'
PRE[watch]="--poll 0" VALOPT[watch]=--debounce WANT[watch]='^2  confcheck: --poll wants seconds'
PRE[notify]=--test VALOPT[notify]=--url WANT[notify]='^2  confcheck: notifications are off'

# usage_error NAME: the last run was refused with one usage line of command $c, and nothing else.
usage_error() {
	is "$rc $out" "2 " "$c: $1: exit 2, nothing on stdout"
	is "$(printf '%s\n' "$err" | wc -l)" 1 "$c: $1: one line on stderr"
	like "$err" "^usage: confcheck $c " "$c: $1: the line is the command's usage"
}

commands=$("$CONFCHECK" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
like "$commands" '^check$' "the commands are read from confcheck --help"
"$CONFCHECK" history 2>"$T/subs"
subs=$(sed -n 's/^.*confcheck history \([a-z]*\) .*/history \1/p' "$T/subs")
is "$(printf '%s\n' "$subs" | wc -l)" 2 "history: its usage names its subcommands"
commands=$(printf '%s\n' "$commands" | sed '/^history$/d' && printf '%s\n' "$subs")
cd "$T" || exit 1
while read -r c; do
	[ -n "${WANT[$c]:-}" ]
	ok $? "$c: the test knows the command"
	# shellcheck disable=SC2206 # the words of a command line
	line=($c ${PRE[$c]:-}) args=(${ARGS[$c]:-})
	run timeout 20 "$CONFCHECK" "${line[@]}" "${args[@]}"
	unlike "$rc $err" '^2 usage: ' "$c: the line it is given is no usage error"
	run timeout 20 "$CONFCHECK" "${line[@]}" "${args[@]}" --bogus
	usage_error "an unknown option"
	run timeout 20 "$CONFCHECK" "${line[@]}" --bogus=1 "${args[@]}"
	usage_error "an unknown option with a value"
	run timeout 20 "$CONFCHECK" "${line[@]}" "${args[@]}" extra
	usage_error "one argument too many"
	if [ -n "${VALOPT[$c]:-}" ]; then
		run timeout 20 "$CONFCHECK" "${line[@]}" "${args[@]}" "${VALOPT[$c]}"
		usage_error "${VALOPT[$c]} without its value"
	else
		run timeout 20 "$CONFCHECK" "${line[@]}" "${args[@]}" --json=1
		usage_error "a value given to a flag"
	fi
	if [ -n "${DASH[$c]:-}" ]; then
		run timeout 20 "$CONFCHECK" "${line[@]}" "${DASH[$c]}"
		usage_error "${DASH[$c]} without --"
		run timeout 20 "$CONFCHECK" "${line[@]}" -- "${DASH[$c]}"
	else
		run timeout 20 "$CONFCHECK" "${line[@]}" -- -x.conf
		usage_error "an argument after --"
		run timeout 20 "$CONFCHECK" "${line[@]}" --
	fi
	like "$rc $out $err" "${WANT[$c]}" "$c: -- ends the options"
done <<<"$commands"
# the whole line is checked before a value is read: a usage error comes before a bad --map
c="history import"
run timeout 20 "$CONFCHECK" history import --map nofrom "$T/-repo"
usage_error "a bad --map without --out"
c=lint
run timeout 20 "$CONFCHECK" lint --map nofrom
usage_error "a bad --map without TEMPLATE_ROOT"
cd "$TOP" || exit 1

done_testing
