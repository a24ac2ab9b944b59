# tests/lib-git.sh - build git repositories in a test, with fixed names and dates.
# shellcheck shell=bash
# Source it after lib.sh. It gives:
#   git_repo DIR               a new repository with a work tree, branch main
#   tpl FILE DATE LINE...      writes a template: "## Version DATE" and the lines
#   commit DIR MESSAGE         commits everything in the work tree, one day after
#                              the previous commit (the date is in $GIT_TIME)
#   tree_sum DIR               a checksum of every file under DIR, to prove it unchanged
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$T" \
	GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org \
	GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
GIT_TIME=1700000000

git_repo() {
	git init -q -b main "$1"
}

tpl() {
	f=$1 date=$2
	shift 2
	mkdir -p "$(dirname "$f")"
	{
		echo "## Version $date"
		printf '%s\n' "$@"
	} >"$f"
}

commit() {
	GIT_TIME=$((GIT_TIME + 86400))
	git -C "$1" add -A &&
		GIT_AUTHOR_DATE="@$GIT_TIME +0000" GIT_COMMITTER_DATE="@$GIT_TIME +0000" \
			git -C "$1" commit -q --allow-empty -m "$2"
}

tree_sum() {
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
}
