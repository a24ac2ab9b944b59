# bash completion for confcheck(1)
_confcheck()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		cword=$COMP_CWORD
		words=("${COMP_WORDS[@]}")
	}
	local commands="check status diff merge ack watch report triage history lint notify version help"
	local common="--templates --map --config --state --history"

	if [ "$cword" -eq 1 ]; then
		mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		return
	fi
	case $prev in
	--templates | --config | --state | --history | --out)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--map)
		# a mapping file, except for import and lint, where it is FROM=TO
		case ${words[1]} in
		history | lint) [ "${words[2]}" = list ] || return ;;
		esac
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--map-file)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--metrics | --rev | --poll | --debounce | --ready-fd | --name | --url)
		return
		;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W "notice lsio text github json ntfy gotify discord slack" -- "$cur")
		return
		;;
	esac
	local opts=""
	case ${words[1]} in
	check) opts="$common --json --init --quiet --metrics --format" ;;
	status) opts="$common --json --all" ;;
	diff) opts="$common --upstream --mine" ;;
	merge) opts="$common" ;;
	ack) opts="$common --undo --list" ;;
	watch) opts="$common --poll --debounce --metrics --ready-fd" ;;
	report) opts="$common --full --diff" ;;
	triage) opts="--json" ;;
	history) opts="import list --map-file --rev --name --out --json $common" ;;
	lint) opts="--history --map --format" ;;
	notify) opts="--test --url --format" ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
	fi
	case ${words[1]} in
	diff | merge | ack)
		# user files relative to the config root
		local root=${CONFCHECK_CONFIG:-/config}
		mapfile -t COMPREPLY < <(cd "$root" 2>/dev/null && compgen -f -- "$cur")
		;;
	*)
		mapfile -t COMPREPLY < <(compgen -W "$opts" -f -- "$cur")
		;;
	esac
}
complete -F _confcheck confcheck
