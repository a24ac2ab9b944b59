#!/bin/sh
# tools/demo.sh - three releases of an nginx-style image meet one user volume.
#
# Plays what a container user lives through: the first start creates the
# config from the image's samples, the user edits a few files, then two image
# updates follow. Each start copies the new samples the way a LinuxServer.io
# init does (never overwriting a user file) and runs `confcheck check --init`,
# whose notice is shown as the container log would show it.
#
# Usage: tools/demo.sh          (`make run` runs it with the fresh build)
#   CONFCHECK  the binary to use, default ./confcheck
# Everything happens in a new temp dir under ${TMPDIR:-/tmp}, which is kept
# for you to explore; the script says where it is and how to remove it.
set -eu

die() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}
say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }

# q WORD: WORD quoted for a shell when it needs it, to print commands that
# can be pasted.
q() {
	case $1 in
	*[!A-Za-z0-9_./:=+-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}

here=$(cd "$(dirname "$0")" && pwd)
templates=$(cd "$here/../templates" && pwd)

bin=${CONFCHECK:-./confcheck}
case $bin in
*/*) [ -d "$(dirname "$bin")" ] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
*) bin=$(command -v "$bin") || die "'${CONFCHECK:-}' is not in PATH" ;;
esac
if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
	die "cannot run '$bin': build it with make, or set CONFCHECK"
fi

# Only this demo's settings: a CONFCHECK_STATE or a webhook from the caller's
# environment must not send anything outside the temp dir.
unset CONFCHECK_IMAGE CONFCHECK_STRICT CONFCHECK_WATCH CONFCHECK_NOTIFY_URL \
	CONFCHECK_HISTORY CONFCHECK_METRICS
demo=$(mktemp -d "${TMPDIR:-/tmp}/confcheck-demo.XXXXXX")
defaults=$demo/defaults
config=$demo/config
state=$config/.confcheck
mkdir "$config"
CONFCHECK_TEMPLATES=$defaults
CONFCHECK_CONFIG=$config
CONFCHECK_STATE=$state
export CONFCHECK_TEMPLATES CONFCHECK_CONFIG CONFCHECK_STATE

# release_date VERSION / release_notes VERSION: from templates/VERSIONS.
release_date() { awk -v v="$1" '$1 == v { print $2; exit }' "$templates/VERSIONS"; }
release_notes() {
	awk -v v="$1" '$1 == v { on = 1 } on && NF == 0 { exit } on' "$templates/VERSIONS" |
		sed 's/^/   /'
}

# init_samples: what the image's init does before confcheck runs. It removes
# the samples the previous image left, copies each sample REL.sample of this
# image to REL when the user has no REL yet, and puts a fresh REL.sample next
# to it for the user to compare.
init_samples() {
	say "init: samples refreshed; configs the volume did not have yet:"
	find "$config" -path "$state" -prune -o -type f -name '*.sample' -exec rm -f {} +
	(cd "$defaults" && find . -type f -name '*.sample') | sort | while IFS= read -r s; do
		rel=${s#./}
		rel=${rel%.sample}
		mkdir -p "$config/$(dirname "$rel")"
		if [ ! -e "$config/$rel" ]; then
			cp "$defaults/$rel.sample" "$config/$rel"
			say "   new  $rel"
		fi
		cp "$defaults/$rel.sample" "$config/$rel.sample"
	done
}

# start VERSION: the container starts with this image release.
start() {
	step "container start, image release $1 ($(release_date "$1"))"
	release_notes "$1"
	# The image update: /defaults now holds this release's templates.
	rm -rf "$defaults"
	cp -R "$templates/$1" "$defaults"
	init_samples
	say "init-confcheck: confcheck check --init"
	if ! CONFCHECK_IMAGE="example-nginx:$1" "$bin" check --init >"$demo/notice-$1.txt"; then
		cat "$demo/notice-$1.txt"
		die "confcheck check --init failed"
	fi
	cat "$demo/notice-$1.txt"
}

# edit FILE WHY SED-SCRIPT: the user changes one of their configs.
edit() {
	say "   $1: $2"
	say "      sed -e $(q "$3")"
	sed -e "$3" "$config/$1" >"$config/$1.edit"
	if cmp -s "$config/$1" "$config/$1.edit"; then
		rm -f "$config/$1.edit"
		die "the edit of '$1' changed nothing: do the templates still match this demo?"
	fi
	mv "$config/$1.edit" "$config/$1"
}

say "confcheck demo: three releases of an nginx image meet one user volume."
say "working in $demo"
say "   /defaults -> $defaults"
say "   /config   -> $config"

start v1

step "the user edits their configs"
edit nginx/nginx.conf "more connections per worker" \
	's/worker_connections 512;/worker_connections 2048;/'
edit nginx/site-confs/default.conf "serve the default site under a name" \
	's/server_name _;/server_name home.example.test;/'
edit nginx/proxy-confs/nextcloud.subdomain.conf "no temp file limit for large downloads" \
	's/proxy_max_temp_file_size 1024m;/proxy_max_temp_file_size 0;/'

start v2

step "the user follows the advice for nginx/ssl.conf"
say "   cp nginx/ssl.conf.sample nginx/ssl.conf"
cp "$config/nginx/ssl.conf.sample" "$config/nginx/ssl.conf"

start v3

step "what next"
say "confcheck's status file: $state/status.json"
say "Look around (inside a container the exports are not needed):"
say "   export CONFCHECK_TEMPLATES=$(q "$defaults") CONFCHECK_CONFIG=$(q "$config")"
say "   $(q "$bin") status --all"
say "   $(q "$bin") diff nginx/nginx.conf"
say "   $(q "$bin") merge nginx/site-confs/default.conf"
say "   $(q "$bin") diff nginx/proxy-confs/jellyfin.subdomain.conf --upstream"
say "The demo's files stay in $demo"
say "Remove them with: rm -rf $(q "$demo")"
