#!/usr/bin/env bash
# Bash completion: commands, options per command, and files under the config root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source=../completions/confcheck.bash
. "$TOP/completions/confcheck.bash"

# complete WORDS...: what completing the last word offers, one line, sorted.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_confcheck
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

is "$(complete_words confcheck ch)" "check " "a command"
is "$(complete_words confcheck h)" "help history " "commands sharing a prefix"
is "$(complete_words confcheck diff --up)" "--upstream " "an option of diff"
is "$(complete_words confcheck ack --)" "--config --history --list --map --state --templates --undo " \
	"the options of ack"
touch "$T/swag.map"
is "$(complete_words confcheck check --map "$T/sw")" "$T/swag.map " "a mapping file for --map"
is "$(complete_words confcheck lint --map "$T/sw")" " " "but not for lint's --map FROM=TO"
is "$(complete_words confcheck check --format l)" "lsio " "a value of --format"
mkdir -p "$T/config/nginx"
touch "$T/config/nginx/site.conf"
is "$(CONFCHECK_CONFIG=$T/config complete_words confcheck diff nginx/s)" "nginx/site.conf " \
	"files under the config root for diff"

done_testing
