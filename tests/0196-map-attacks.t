#!/usr/bin/env bash
# A mapping file sends the root init to new places: user files under any
# name and folder of the config root, and templates outside the template
# roots, in the app's own folder, which images give to the app user
# (heimdall's init runs `lsiown -R abc:abc /app/www`). Here the app user, who
# owns the config root and that folder, swaps in symlinks, hard links and
# FIFOs at every path the map names. After each attack a root init must
# exit 0 in time with its verdicts, say what it refused, read no file only
# root may read and copy none into the output, the status or the history,
# and leave everything outside the config root and the app folder as it was.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "not root: these are attacks on the init, which runs as root"
command -v setpriv >/dev/null 2>&1 || skip_all "setpriv (util-linux) is not installed"
for tool in git jq timeout; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
done

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$T"
chmod 755 "$T"
D=$T/defaults C=$T/config S=$T/config/.confcheck O=$T/outside
I=$T/image A=$T/app/www
APP=65534
SECRET=MAPPED-VICTIM-5d20c4
APP_IDS=(setpriv "--reuid=$APP" "--regid=$APP" --clear-groups)
as_app() { "${APP_IDS[@]}" "$@"; }

# The victims: root's files, one with the name a map line asks for.
mkdir -p "$O/etc" "$O/vdir/app"
printf 'root:%s:19000:0:99999:7:::\n' "$SECRET" >"$O/etc/shadow"
printf 'providers: %s\n' "$SECRET" >"$O/vdir/app/providers.yaml.orig"
chmod 600 "$O/etc/shadow" "$O/vdir/app/providers.yaml.orig"

# The image: templates in the template root, one in a root folder outside
# it, and the app's own, in a folder the app user owns.
mkdir -p "$D/smoke" "$D/nginx" "$I" "$A/storage/app"
for f in custom.cnf qb.conf smoke/Targets smoke/Probes nginx/site.conf.sample; do
	printf '# %s as shipped\nsetting = 1\n' "$f" >"$D/$f"
done
printf 'APP_ENV=image\n' >"$I/env.example"
printf 'APP_ENV=app\n' >"$A/.env.example"
printf 'providers: [google]\n' >"$A/storage/app/providers.yaml.orig"
printf 'theme: dark\n' >"$A/theme.yaml"
{
	echo "# TEMPLATE USER"
	echo "custom.cnf      custom.cnf"
	echo "qb.conf         qBittorrent/qBittorrent.conf"
	echo "smoke/*         *"
	echo "$I/env.example  www/.env"
	echo "$A/.env.example app/.env"
	echo "$A/storage/app/providers.yaml.orig app/providers.yaml"
	echo "$A/*.yaml       app/*.yaml"
} >"$D/confcheck.map"
chown -R "$APP:$APP" "$T/app"
chmod 755 "$T/app"
chown root:root "$T/app"

# The user's volume, as the image's init leaves it on a first start.
mkdir -p "$C/qBittorrent" "$C/www" "$C/app" "$C/nginx"
cp "$D/custom.cnf" "$C/custom.cnf"
cp "$D/qb.conf" "$C/qBittorrent/qBittorrent.conf"
cp "$D/smoke/Targets" "$D/smoke/Probes" "$C/"
cp "$D/nginx/site.conf.sample" "$C/nginx/site.conf"
cp "$I/env.example" "$C/www/.env"
cp "$A/.env.example" "$C/app/.env"
cp "$A/storage/app/providers.yaml.orig" "$C/app/providers.yaml"
cp "$A/theme.yaml" "$C/app/theme.yaml"
chown -R "$APP:$APP" "$C"

# snap: owner, mode, size, times and content of everything the app user must
# not change through the init, read without changing the access times.
snap() {
	(
		cd "$T" || exit 1
		find outside defaults image -exec stat -c '%n %F %u:%g %a %s %Y %Z' {} + | LC_ALL=C sort
		find outside defaults image -type f -print0 | LC_ALL=C sort -z |
			while IFS= read -r -d '' f; do
				printf '%s %s\n' "$(dd if="$f" iflag=noatime status=none | sha256sum | cut -c1-64)" "$f"
			done
	)
}
# The victims' access times are set in the past, so that a read moves them
# (relatime), when this file system keeps access times at all.
touch -a -d 2001-01-01 "$O/etc/shadow" "$O/vdir/app/providers.yaml.orig"
probe=$T/atime-probe
printf 'x\n' >"$probe"
touch -a -d 2001-01-01 "$probe"
cat "$probe" >/dev/null
keeps_atime=0
[ "$(stat -c %X "$probe")" -gt 978307200 ] && keeps_atime=1
before=$(snap)

# start MODE: the init's check as root; "app": with PUID/PGID of the app
# user over its volume C, "root": with PUID=0 over root's volume C0. Sets
# $rc, $out and $err as run does, and SD, the state dir it used.
start() {
	if [ "$1" = root ]; then
		SD=$C0/.confcheck
		run timeout 20 env PUID=0 PGID=0 CONFCHECK_TIMEOUT=5 \
			"$CONFCHECK" check --init --templates "$D" --config "$C0"
	else
		SD=$S
		run timeout 20 env PUID=$APP PGID=$APP CONFCHECK_TIMEOUT=5 \
			"$CONFCHECK" check --init --templates "$D" --config "$C"
	fi
}
init() { start app; }

# state PATH: PATH's state in the status file the last init wrote.
state() {
	jq -r --arg p "$1" '.files[] | select(.path == $p) | .state' "$SD/status.json"
}

# survived NAME: the init exited 0 with its verdicts, nothing crashed, the
# victims were neither changed nor read, and their secret is nowhere: not
# in the output, the volume, or any object of the history.
survived() {
	local name=$1 leaked
	is "$rc" 0 "$name: the init exits 0"
	like "$out" '^\[confcheck\] summary current=' "$name: the verdicts are given"
	unlike "$err" 'ended by signal' "$name: nothing crashed"
	is "$(snap)" "$before" "$name: nothing outside the config root and the app folder changed"
	leaked=$(grep -rlsF --devices=skip "$SECRET" "$C" "${C0:-$C}" "$T/out" "$T/err")
	if { as_app git --git-dir="$S/history" cat-file --batch-all-objects --batch
		[ -z "${C0:-}" ] || git --git-dir="$C0/.confcheck/history" cat-file --batch-all-objects --batch
	} 2>/dev/null | grep -qF "$SECRET"; then
		leaked="$leaked history"
	fi
	is "$leaked" "" "$name: no victim's content was copied anywhere"
	if [ "$keeps_atime" = 1 ]; then
		is "$(stat -c %X "$O/etc/shadow"):$(stat -c %X "$O/vdir/app/providers.yaml.orig")" \
			"978307200:978307200" "$name: the victims were never read"
	else
		skip "$name: this file system keeps no access times"
	fi
}

# restore: the app folder and the volume as the first start left them.
restore() {
	rm -rf "$A/.env.example" "$A/storage" "$A/theme.yaml" "$A/secret.yaml" "$C/custom.cnf" \
		"$C/qBittorrent" "$C/Targets" "$C/Probes"
	mkdir -p "$A/storage/app" "$C/qBittorrent"
	printf 'APP_ENV=app\n' >"$A/.env.example"
	printf 'providers: [google]\n' >"$A/storage/app/providers.yaml.orig"
	printf 'theme: dark\n' >"$A/theme.yaml"
	cp "$D/custom.cnf" "$C/custom.cnf"
	cp "$D/qb.conf" "$C/qBittorrent/qBittorrent.conf"
	cp "$D/smoke/Targets" "$D/smoke/Probes" "$C/"
	chown -R "$APP:$APP" "$A" "$C"
}

init
survived "a first start"
is "$err" "" "a first start: no warning"
all=$(jq -r '.files[] | "\(.path) \(.state) \(.template)"' "$S/status.json" | LC_ALL=C sort)
is "$all" "$(printf '%s\n' \
	"Probes current smoke/Probes" \
	"Targets current smoke/Targets" \
	"app/.env current $A/.env.example" \
	"app/providers.yaml current $A/storage/app/providers.yaml.orig" \
	"app/theme.yaml current $A/theme.yaml" \
	"custom.cnf current custom.cnf" \
	"nginx/site.conf current nginx/site.conf.sample" \
	"qBittorrent/qBittorrent.conf current qb.conf" \
	"www/.env current $I/env.example")" \
	"a first start: every mapped file is current, the app folder's templates too (its own files, one link each)"

#
# 1. The templates in the app user's folder. The init becomes the app user
#    before it reads: the victims are out of its reach, and what it cannot
#    read is a warning. Root stays root only when the app user is root, over
#    a config root that root owns (C0 below); the app folder may still
#    belong to another user, and root then reads it guarded: no symlink, one
#    link, the folder owner's own file. The messages say which rule refused.
#
# app_attacks MODE: the attacks on the app folder, against the init of MODE
# ("app": the usual init; "root": root over its own config root C0).
# why RULE-MESSAGE: what the warning must say in the mode of the attacks:
# as root, the rule's own words; as the app user, whatever kept it out.
why() { if [ "$ATTACK_MODE" = root ]; then echo "$1"; else echo '.+'; fi; }
app_attacks() {
	local mode=$1
	ATTACK_MODE=$mode

	as_app rm "$A/.env.example"
	as_app ln -s "$O/etc/shadow" "$A/.env.example"
	start "$mode"
	survived "$mode: the app template swapped for a symlink to a root file"
	like "$err" "cannot read template '$A/\.env\.example': $(why 'a symlink in a folder another user may change')" \
		"$mode: the app template swapped for a symlink: refused, with a warning"
	[ "$(state app/.env)" != current ]
	ok $? "$mode: the app template swapped for a symlink: app/.env is not current against it"
	restore

	as_app rm "$A/.env.example"
	# as root: what protected_hardlinks forbids the app user, a system without it allows
	ln "$O/etc/shadow" "$A/.env.example"
	before=$(snap)
	start "$mode"
	survived "$mode: the app template swapped for a hard link to a root file"
	like "$err" "cannot read template '$A/\.env\.example': $(why 'a file with more than one link in a folder another user may change')" \
		"$mode: the app template swapped for a hard link: refused, with a warning"
	rm "$A/.env.example"
	before=$(snap)
	restore

	as_app rm -r "$A/storage"
	as_app ln -s "$O/vdir" "$A/storage"
	start "$mode"
	survived "$mode: the app template's folder swapped for a symlink to a root folder"
	like "$err" "cannot read template '$A/storage/app/providers\.yaml\.orig': $(why "its folder is reached through the symlink 'storage', in a folder another user may change")" \
		"$mode: the app template's folder swapped for a symlink: refused, with a warning"
	restore

	printf 'secret: %s\n' "$SECRET" >"$A/secret.yaml"
	chmod 600 "$A/secret.yaml"
	touch -a -d 2001-01-01 "$A/secret.yaml"
	start "$mode"
	survived "$mode: a root-only file in the app folder that the map's '*' matches"
	like "$err" "cannot read template '$A/secret\.yaml': $(why 'not owned by the one user who may change the folders on its way')" \
		"$mode: a root-only file in the app folder: refused, with a warning"
	is "$(state app/secret.yaml)" "" "$mode: a root-only file in the app folder: no verdict for it"
	if [ "$keeps_atime" = 1 ]; then
		is "$(stat -c %X "$A/secret.yaml")" 978307200 "$mode: a root-only file in the app folder: never read"
	else
		skip "this file system keeps no access times"
	fi
	restore

	as_app rm "$A/theme.yaml"
	as_app mkfifo "$A/theme.yaml"
	start "$mode"
	survived "$mode: a FIFO for the app template"
	like "$err" "cannot read template '$A/theme\.yaml': not a regular file \(fifo\)" \
		"$mode: a FIFO for the app template: never opened, with a warning"
	restore

	start "$mode"
	is "$rc:$err" "0:" "$mode: the start after the attacks on the app folder is quiet"
	is "$(jq -r '[.files[] | select(.state != "current")] | length' "$SD/status.json")" 0 \
		"$mode: the start after the attacks on the app folder: every file is current again"
}
app_attacks app

# Archives unpack folders group-writable (heimdall's storage/app is 775):
# as the app user, its own group's write is its own.
mkdir -p "$A/g775"
printf 'g = 1\n' >"$A/g775/g.conf"
cp "$A/g775/g.conf" "$C/app/g.conf"
chown -R "$APP:$APP" "$A/g775" "$C/app/g.conf"
chmod 775 "$A/g775"
cp "$D/confcheck.map" "$T/map.before-g775"
echo "$A/g775/g.conf  app/g.conf" >>"$D/confcheck.map"
start app
is "$(state app/g.conf):$err" "current:" "app: a template in a folder its own group may write is read"
cp "$T/map.before-g775" "$D/confcheck.map"
rm -rf "$A/g775" "$C/app/g.conf"
before=$(snap)

# Root's own volume: the same files, root's.
C0=$T/config0
cp -a "$C" "$C0"
rm -rf "$C0/.confcheck"
chown -R root:root "$C0"
start root
is "$rc:$err" "0:" "root over its own volume: a first start, no warning"
is "$(stat -c %u "$C0/.confcheck")" 0 "root over its own volume: it stays root"
is "$(jq -r '.files[] | select(.path == "app/.env") | .state' "$C0/.confcheck/status.json")" current \
	"root over its own volume: the app folder's own files are read guarded, and current"
app_attacks root

# Root's own links into the app folder, and a folder that changes hands.
# The image links a template of its own folder to the app's file; a root
# folder inside the app's is reached through the app's, which its owner may
# swap at any time; and a template root read at the last start (and known to
# the template cache by its signature) is given to the app user since.
L=$T/img-link R=$T/img-owned
mkdir -p "$L" "$A/conf" "$R"
printf 'linked = 1\n' >"$A/linked.example"
ln -s "$A/linked.example" "$L/linked.example"
ln -s "$A/conf" "$T/img-conf"
printf 'conf = 1\n' >"$A/conf/x.conf"
printf 'owned = 1\n' >"$R/owned.conf"
chmod 600 "$R/owned.conf"
chown "$APP:$APP" "$A/linked.example"
cp "$D/confcheck.map" "$T/map.saved"
{
	echo "$L/linked.example  app/linked"
	echo "$T/img-conf/x.conf app/x.conf"
	echo "$R/owned.conf      app/owned.conf"
} >>"$D/confcheck.map"
cp "$A/linked.example" "$C0/app/linked"
cp "$A/conf/x.conf" "$C0/app/x.conf"
cp "$R/owned.conf" "$C0/app/owned.conf"
before=$(snap)
start root
is "$(state app/linked)" current "root: a root link to the app's own file is followed, and the file read guarded"
is "$(state app/owned.conf)" current "root: a root-only template in root's folder is read"
like "$err" "cannot read template '$T/img-conf/x\.conf': not owned by the one user who may change the folders on its way" \
	"root: a root file in a root folder reached through the app folder is refused: that folder may be swapped"

as_app rm "$A/linked.example"
as_app ln -s "$O/etc/shadow" "$A/linked.example"
start root
survived "root: the app file behind root's link swapped for a symlink to a root file"
like "$err" "cannot read template '$L/linked\.example': a symlink in a folder another user may change" \
	"root: the app file behind root's link swapped for a symlink: refused, with a warning"
as_app rm "$A/linked.example"
printf 'linked = 1\n' >"$A/linked.example"
chown "$APP:$APP" "$A/linked.example"

as_app ln "$A/theme.yaml" "$A/theme-copy"
start root
like "$err" "cannot read template '$A/theme\.yaml': a file with more than one link in a folder another user may change" \
	"root: the app's own file with a second link is refused too"
as_app rm "$A/theme-copy"

chown "$APP:$APP" "$R"
start root
survived "root: a root-only template whose folder is given to the app user since the last start"
like "$err" "cannot read template '$R/owned\.conf': not owned by the one user who may change the folders on its way" \
	"root: a folder given away since the last start: refused, although the template cache knew the file"
chown root:root "$R"
start root
is "$rc:$(state app/owned.conf)" "0:current" "root: its folder root's again, the template is read again"

# map_line LINE: one more line in the image's map, which the snapshot of
# what must not change then holds.
map_line() {
	echo "$1" >>"$D/confcheck.map"
	before=$(snap)
}

# A sticky folder that everybody may write (/tmp): root's, but what others
# put in it is theirs. The attacker plants the name a map line asks for.
X=$T/shared B=$T/bob
mkdir -p "$X" "$B"
chmod 1777 "$X"
as_app ln -s "$O/vdir" "$X/appconf"
map_line "$X/appconf/app/providers.yaml.orig  app/shared.yaml"
start root
survived "root: a symlink planted in a sticky folder that everybody may write"
like "$err" "cannot read template '$X/appconf/app/providers\.yaml\.orig': its folder is reached through the symlink 'appconf'" \
	"root: a symlink planted in a sticky folder: not followed, with a warning"

# Another user's folder moved into the way by the app user, who owns the
# folder above it: each folder past the first that another user may change
# must be that user's too.
printf 'bob: %s\n' "$SECRET" >"$B/x.conf"
chown -R 65533:65533 "$B"
chmod 700 "$B"
chmod 600 "$B/x.conf"
mv "$B" "$A/bobdir"
map_line "$A/conf2/x.conf  app/conf2.conf"
as_app mv "$A/bobdir" "$A/conf2"
start root
survived "root: another user's folder moved into the way by the app user"
like "$err" "cannot read template '$A/conf2/x\.conf': not owned by the one user who may change the folders on its way" \
	"root: another user's folder moved into the way: its file is refused, with a warning"
rm -rf "$A/conf2"

# A root-only file moved into a sticky folder by a user who may write the
# folder it was in: its owner says nothing of who put it there.
printf 'moved: %s\n' "$SECRET" >"$A/secret2"
chmod 600 "$A/secret2"
as_app mv "$A/secret2" "$X/moved.example"
map_line "$X/moved.example  app/moved"
start root
survived "root: a root-only file that the app user moved into a sticky folder"
like "$err" "cannot read template '$X/moved\.example': not owned by the one user who may change the folders on its way" \
	"root: a file in a sticky folder is nobody's, whoever owns it: refused, with a warning"
rm "$X/moved.example"
before=$(snap)

# A root folder that group 0 may write: images that run their app user in
# group 0 (chgrp -R 0, chmod g=u) let it write there.
mkdir "$T/grp"
chmod 775 "$T/grp"
setpriv "--reuid=$APP" --regid=0 --clear-groups ln -s "$O/etc/shadow" "$T/grp/env.example"
map_line "$T/grp/env.example  app/grp.env"
start root
survived "root: a symlink in a root folder that group 0 may write"
like "$err" "cannot read template '$T/grp/env\.example': a symlink in a folder another user may change" \
	"root: a folder that group 0 may write counts as one others may change"

# A hard link to a root file in a sticky folder (made as root here: what
# protected_hardlinks forbids the app user, a system without it allows).
ln "$O/etc/shadow" "$X/hl.example"
map_line "$X/hl.example  app/hl"
start root
survived "root: a hard link to a root file in a sticky folder"
like "$err" "cannot read template '$X/hl\.example': a file with more than one link" \
	"root: a hard link in a sticky folder is refused, with a warning"
rm "$X/hl.example"
before=$(snap)

# A root folder whose mode says only root may write it, and whose ACL lets
# the app user in.
if command -v setfacl >/dev/null 2>&1 && mkdir "$T/acl" && setfacl -m "u:$APP:rwx" "$T/acl" 2>/dev/null; then
	as_app ln -s "$O/etc/shadow" "$T/acl/app.env"
	map_line "$T/acl/app.env  app/acl.env"
	start root
	survived "root: a symlink in a root folder whose ACL lets the app user write it"
	like "$err" "cannot read template '$T/acl/app\.env': a symlink in a folder another user may change" \
		"root: a folder with an ACL counts as one others may change: its symlink is not followed"
else
	skip "setfacl is not installed, or this file system has no ACLs"
fi
cp "$T/map.saved" "$D/confcheck.map"
before=$(snap)
before=$(snap)

#
# 2. The user files the map names, in the app user's volume.
#
init
is "$rc:$err" "0:" "the start after the attacks on the app folder is quiet"

as_app rm "$C/custom.cnf"
as_app ln -s "$O/etc/shadow" "$C/custom.cnf"
init
survived "a suffix-less mapped file swapped for a symlink out of the config root"
is "$(state custom.cnf)" error "a mapped file linked out of the config root is an error"
restore

as_app rm -r "$C/qBittorrent"
as_app ln -s "$O/etc" "$C/qBittorrent"
init
survived "the folder of a mapped file swapped for a symlink out of the config root"
is "$(state qBittorrent/qBittorrent.conf)" error "a mapped file in a folder linked out of the config root is an error"
restore

as_app rm "$C/Targets"
as_app mkfifo "$C/Targets"
init
survived "a FIFO at the user file of a '*' line"
is "$(state Targets)" error "a FIFO at a mapped user path is an error, never opened"
restore

as_app truncate -s 5M "$C/Probes"
init
survived "a huge file at a mapped user path"
is "$(state Probes)" error "a huge file at a mapped user path is an error, not read"
restore

init
is "$rc:$err" "0:" "after every attack, the next start is quiet"
is "$(jq -r '[.files[] | select(.state != "current")] | length' "$S/status.json")" 0 \
	"after every attack, every file is current again"

done_testing
