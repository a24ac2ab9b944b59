#!/usr/bin/env bash
# Nothing under the config root is ever written, renamed or deleted, except
# inside the state dir: every command leaves every other path exactly as it
# was (type, mode, owner, size, mtime and ctime to the nanosecond, contents).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The commands that must not write to the config root, one per line, with
# their arguments (paths are relative to the config root). Add new ones here.
commands=(
	"check"
	"check --json"
	"check --init"
	"check --quiet"
	"check --format lsio"
	"status"
	"status --all --json"
	"diff nginx/nginx.conf"
	"diff nginx/nginx.conf --upstream"
	"diff nginx/ssl.conf --mine"
	"merge nginx/nginx.conf"
	"merge nginx/ssl.conf"
	"ack nginx/ssl.conf"
	"ack --list"
	"ack --undo nginx/ssl.conf"
	"report"
	"report --diff --full"
	"history list nginx/ssl.conf"
)

D=$T/defaults C=$T/config
mkdir -p "$D/nginx/site-confs" "$C/nginx/site-confs"

# snapshot FILE [STATE [MINDEPTH]]: every path under the config root but STATE
# (the state dir, when it is inside), its metadata and the hash of its contents.
snapshot() {
	local prune=${2:-$C/.confcheck}
	{
		find "$C" -mindepth "${3:-0}" -path "$prune" -prune -o \
			-printf '%y %m %U:%G %s %T@ %C@ %P -> %l\n'
		find "$C" -path "$prune" -prune -o -type f -readable -exec sha256sum {} +
	} | LC_ALL=C sort >"$1"
}

# no_writes NAME [--state DIR]: runs every command against the volume and
# compares the snapshots around each run.
no_writes() {
	local name=$1 cmd args
	shift
	for cmd in "${commands[@]}"; do
		read -ra args <<<"$cmd"
		snapshot "$T/before" "${2:-}"
		run timeout 20 "$CONFCHECK" "${args[@]}" --templates "$D" --config "$C" "$@"
		# 2 is a clear refusal (an unknown baseline); more is a crash or a hang
		ok $((rc > 2)) "$name: confcheck $cmd ran (exit $rc)"
		snapshot "$T/after" "${2:-}"
		diff_ok "$T/before" "$T/after" "$name: confcheck $cmd left the config root alone"
	done
}

# template REL VERSION LINE: a template with a header and one directive.
template() {
	printf '## Version %s\n# %s\n%s\n' "$2" "$1" "$3" >"$D/$1.sample"
}

# --- an ordinary volume ------------------------------------------------------
template nginx/nginx.conf 2024/01/01 'worker_processes 4;'
template nginx/ssl.conf 2024/01/01 'ssl_protocols TLSv1.2;'
template nginx/site-confs/default.conf 2024/01/01 'listen 80;'
template nginx/unused.conf 2024/01/01 'x on;'
for f in nginx/nginx.conf nginx/ssl.conf nginx/site-confs/default.conf; do
	cp "$D/$f.sample" "$C/$f"
	cp "$D/$f.sample" "$C/$f.sample"
done
echo 'ssl_stapling on;' >>"$C/nginx/ssl.conf"
touch -d '2001-02-03 04:05:06.123456789' "$C/nginx/nginx.conf"

# The first start adds the state dir to the config root (its only write there),
# which changes the root's own mtime: compare everything below the root.
snapshot "$T/before" "" 1
run timeout 20 "$CONFCHECK" check --templates "$D" --config "$C"
is "$rc" 0 "first start: exit 0"
snapshot "$T/after" "" 1
diff_ok "$T/before" "$T/after" "first start: nothing changed in the config root but the new state dir"
no_writes "image 1"

template nginx/nginx.conf 2024/06/01 'worker_processes auto;'
template nginx/ssl.conf 2024/06/01 'ssl_protocols TLSv1.3;'
rm "$D/nginx/site-confs/default.conf.sample"
no_writes "image 2 (outdated, conflict, orphaned)"

# --- a hostile volume ----------------------------------------------------------
mkfifo "$C/nginx/fifo.conf"
ln -s /etc/shadow "$C/nginx/shadow.conf"
ln -s ../../outside "$C/nginx/up.conf"
ln -s loop.conf "$C/nginx/loop.conf"
truncate -s 5M "$C/nginx/big.conf"
mkdir "$C/nginx/dir.conf"
echo 'not a directory' >"$C/nginx/file"
(cd "$C/nginx" && perl -MIO::Socket::UNIX -e \
	'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1) or die "$!\n"' socket.conf)
evil=$'nginx/evil\n[confcheck] x'
red=$'nginx/x\e[31mred'
cp "$C/nginx/nginx.conf" "$C/$evil"
cp "$C/nginx/nginx.conf" "$C/$red"
cp "$C/nginx/nginx.conf" "$C/nginx/secret.conf"
chmod 000 "$C/nginx/secret.conf"
mkdir -p "$C/deep/$(printf 'd/%.0s' {1..100})"
for f in nginx/fifo.conf nginx/shadow.conf nginx/up.conf nginx/loop.conf nginx/big.conf \
	nginx/dir.conf nginx/file/x.conf nginx/socket.conf "$evil" "$red" nginx/secret.conf; do
	mkdir -p "$(dirname "$D/$f")"
	template "$f" 2024/06/01 'on;'
done
no_writes "hostile volume"

# --- the state dir outside the config root: nothing at all is written there -----
rm -rf "$C/.confcheck"
mkdir "$T/state"
no_writes "state outside" --state "$T/state"
[ ! -e "$C/.confcheck" ]
ok $? "state outside: no .confcheck in the config root"

done_testing
