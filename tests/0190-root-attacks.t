#!/usr/bin/env bash
# The init runs `confcheck check --init` as root, over a /config that the app
# user owns. That user may be compromised, with a live process of their own,
# and the state dir is theirs: here they attack the init in every way the
# state dir allows (links swapped in during a run, a hostile git history,
# FIFOs, a lock held for ever, huge files, crafted pack indexes, escape
# sequences in names, a crash) and after each attack a root init must
# still finish, exit 0 within its budget, give its verdicts or say clearly
# why not, and leave everything outside the config root as it was: the
# victims under $T/outside (stand-ins for /etc/shadow, /etc/passwd and a
# root folder) and the templates. A second set runs the init with PUID=0:
# root acting as root must never write outside through a link either.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "not root: these are attacks on the init, which runs as root"
command -v setpriv >/dev/null 2>&1 || skip_all "setpriv (util-linux) is not installed"
for tool in cc flock git pgrep timeout; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
done

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$T" \
	GIT_AUTHOR_NAME=attacker GIT_AUTHOR_EMAIL=a@example.org \
	GIT_COMMITTER_NAME=attacker GIT_COMMITTER_EMAIL=a@example.org
chmod 755 "$T"
D=$T/defaults C=$T/config S=$T/config/.confcheck O=$T/outside
APP=65534
SECRET=VICTIM-SECRET-7f3a91

# as_app CMD...: CMD as the app user, as a compromised app would run it.
# In the background "${APP_IDS[@]}" CMD... is used instead: $! is then CMD's pid.
APP_IDS=(setpriv "--reuid=$APP" "--regid=$APP" --clear-groups)
as_app() { "${APP_IDS[@]}" "$@"; }

# The victims: root's files and folders outside the config root.
mkdir -p "$O/etc" "$O/dir" "$O/vdir"
printf 'root:%s:19000:0:99999:7:::\n' "$SECRET" >"$O/etc/shadow"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$O/etc/passwd"
printf 'keep\n' >"$O/dir/keep"
chmod 640 "$O/etc/shadow"
# The image's templates (root's) and the user's volume (the app user's).
mkdir -p "$D/app" "$C/app"
for n in a b c; do
	printf '## Version 2024/01/01\n%s on;\n' "$n" >"$D/app/$n.conf.sample"
	cp "$D/app/$n.conf.sample" "$C/app/$n.conf"
done
echo 'mine;' >>"$C/app/b.conf"
chown -R $APP:$APP "$C"

cc -O2 -o "$T/xchg" "$TOP/tests/xchg.c"
ok $? "the racer compiles"

# snap: owner, mode, size, times and content of everything outside the
# config root, read without changing the access times.
snap() {
	(
		cd "$T" || exit 1
		find outside defaults -exec stat -c '%n %F %u:%g %a %s %Y %Z' {} + | LC_ALL=C sort
		find outside defaults -type f -print0 | LC_ALL=C sort -z |
			while IFS= read -r -d '' f; do
				printf '%s %s\n' "$(dd if="$f" iflag=noatime status=none | sha256sum | cut -c1-64)" "$f"
			done
	)
}
# Whether the shadow stand-in is ever read: its access time is set in the
# past, so that the first read moves it (relatime), when this file system
# keeps access times at all.
touch -a -d 2001-01-01 "$O/etc/passwd" "$O/etc/shadow"
cat "$O/etc/passwd" >/dev/null
if [ "$(stat -c %X "$O/etc/passwd")" -gt 978307200 ]; then
	touch -a -d 2001-01-01 "$O/etc/passwd"
	unread=$(stat -c %X "$O/etc/shadow")
else
	unread=
fi
before=$(snap)

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# wait_for CMD...: polls CMD for at most 10 s; fails when it never succeeds.
wait_for() {
	local _
	for _ in $(seq 200); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# init [VAR=VALUE...]: the init's `confcheck check --init`, as root with
# PUID/PGID 65534 and a budget of 5 s unless VAR=VALUE says otherwise. Sets
# $rc, $out and $err as run does, and $ms, its wall time.
init() {
	local t0
	t0=$(now_ms)
	run timeout 20 env PUID=$APP PGID=$APP CONFCHECK_TIMEOUT=5 "$@" \
		"$CONFCHECK" check --init --templates "$D" --config "$C"
	ms=$(($(now_ms) - t0))
}

# survived NAME [MAX-MS]: the init exited 0, gave its verdicts, in at most
# MAX-MS (3000 by default: well within its budget of 5 s, so that a hang cut
# short by the budget does not pass), nothing crashed, and nothing outside
# the config root changed or had its secret copied into the output or the
# volume.
survived() {
	local name=$1 max=${2:-3000}
	is "$rc" 0 "$name: the init exits 0"
	ok "$([ "$ms" -le "$max" ] && echo 0 || echo 1)" "$name: it is done in $ms ms (at most $max)"
	like "$out" '^\[confcheck\] summary current=' "$name: the verdicts are given"
	unlike "$err" 'ended by signal' "$name: nothing crashed"
	is "$(snap)" "$before" "$name: nothing outside the config root changed"
	is "$(grep -rlsF --devices=skip "$SECRET" "$C" "$T/out" "$T/err")" "" \
		"$name: no victim's content was copied anywhere"
	never_read "$name"
}

# never_read NAME: nobody read the shadow stand-in (root's, mode 640).
never_read() {
	if [ -z "$unread" ]; then
		skip "$1: this file system keeps no access times"
	else
		is "$(stat -c %X "$O/etc/shadow")" "$unread" "$1: the shadow stand-in was never read"
	fi
}

# fresh: the state dir as a clean start leaves it (the app user's).
fresh() {
	rm -rf "$S"
	init
	[ "$rc:$err" = "0:" ] || printf '# a clean start failed: %s %s\n' "$rc" "$err"
}

# quiet_next NAME: the start after an attack says nothing more about it.
quiet_next() {
	init
	is "$rc:$err" "0:" "$1: the next start is quiet"
}

# hist_attack NAME: the history was tampered with and its index dropped (so
# that git data would be read): the init moves it aside with one warning,
# starts it again, and the next start is quiet.
hist_attack() {
	as_app rm -f "$S/history/confcheck-index"
	init
	survived "$1"
	like "$err" "^\[confcheck\] warning: template history '$S/history' is unreadable \(.+\); moved to '$S/history\.corrupt-[0-9-]+' and started again" \
		"$1: the history is moved aside, with a warning"
	is "$(wc -l <"$T/err")" 1 "$1: one warning"
	quiet_next "$1"
}

fresh
is "$(stat -c %u:%g "$S")" "$APP:$APP" "a clean start: the state dir is the app user's"
ok "$([ -f "$S/history/confcheck-index" ] && [ -f "$S/status.json" ] && echo 0 || echo 1)" \
	"a clean start: history, index and status are there"

#
# 1. Links swapped in for the state dir, during a run and before it.
#
as_app ln -s "$O/dir" "$C/swap"
"${APP_IDS[@]}" "$T/xchg" "$C" .confcheck swap 30 >"$T/xchg.out" &
racer=$!
failed=0 slow=0 mute=0 crashed=0
for _ in $(seq 30); do
	init
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	[ "$ms" -le 3000 ] || slow=$((slow + 1))
	grep -q '^\[confcheck\] summary ' "$T/out" || mute=$((mute + 1))
	if grep -q 'ended by signal' "$T/err"; then crashed=$((crashed + 1)); fi
done
kill "$racer"
wait "$racer"
ok $? "the racer stops with the names where they were"
swaps=$(cat "$T/xchg.out")
ok "$([ "${swaps:-0}" -ge 100 ] && echo 0 || echo 1)" "the racer swapped .confcheck and a symlink $swaps times"
is "$failed:$slow:$mute:$crashed" "0:0:0:0" \
	"30 inits while .confcheck is swapped for a symlink: each exits 0 in time with verdicts, none crashes"
is "$(snap)" "$before" "30 racing inits: nothing outside the config root changed"
ok "$([ -d "$S" ] && [ ! -L "$S" ] && [ -L "$C/swap" ] && echo 0 || echo 1)" "the names are back"
as_app rm "$C/swap"

as_app ln -s "$O/vdir" "$C/state-link"
init CONFCHECK_STATE="$C/state-link"
survived "CONFCHECK_STATE naming a symlink"
like "$err" "state dir '$C/state-link' is a symlink, which confcheck never follows" \
	"CONFCHECK_STATE naming a symlink: refused, with a warning"
as_app ln -s "$O/vdir" "$C/linked"
init CONFCHECK_STATE="$C/linked/state"
survived "CONFCHECK_STATE through a symlinked folder"
like "$err" "state dir not writable, nothing is remembered: cannot create directory '$C/linked/state': permission denied" \
	"CONFCHECK_STATE through a symlinked folder: taken as named, and as the app user it cannot be made there"

as_app ln -s "$O/dir" "$C/metrics"
init CONFCHECK_METRICS="$C/metrics/confcheck.prom"
survived "CONFCHECK_METRICS in a symlinked folder"
like "$err" "warning: cannot write '$C/metrics/confcheck.prom'" \
	"CONFCHECK_METRICS in a symlinked folder: a warning says it could not be written"
as_app ln -s "$O/etc/passwd" "$C/app/metrics.prom"
init CONFCHECK_METRICS="$C/app/metrics.prom"
survived "CONFCHECK_METRICS a symlink to a victim"
ok "$([ -f "$C/app/metrics.prom" ] && [ ! -L "$C/app/metrics.prom" ] && echo 0 || echo 1)" \
	"CONFCHECK_METRICS a symlink to a victim: the link is replaced, never written through"
as_app rm -f "$C/metrics" "$C/app/metrics.prom"

#
# 2. A hostile history and hostile state files.
#
fresh
as_app ln -sf "$O/etc/shadow" "$S/history/refs/heads/main"
hist_attack "history/refs/heads/main a symlink to a victim"

fresh
as_app mkdir -p "$S/history/logs/refs/heads"
as_app ln -s "$O/etc/passwd" "$S/history/logs/HEAD"
as_app ln -s "$O/etc/passwd" "$S/history/logs/refs/heads/main"
hist_attack "history/logs/ symlinks to a victim"

fresh
as_app mv "$S/history/objects/pack" "$C/pack.moved"
as_app ln -s "$O/dir" "$S/history/objects/pack"
hist_attack "history/objects/pack a symlink to a victim folder"
as_app rm -rf "$C/pack.moved"

fresh
as_app rm -rf "$S/history"
as_app git init -q --bare "$S/history"
as_app git config -f "$S/history/config" include.path "$O/etc/shadow"
as_app git config -f "$S/history/config" 'includeIf.gitdir:/.path' "$O/etc/shadow"
hist_attack "a fresh git init --bare with [include] path= a victim"

for f in config packed-refs objects/info/alternates refs/heads/main; do
	fresh
	as_app rm -f "$S/history/$f"
	as_app mkfifo "$S/history/$f"
	hist_attack "a FIFO at history/$f"
done

fresh
as_app rm -rf "$S/history"
as_app ln -s "$O/vdir" "$S/history"
hist_attack "history a symlink to a victim folder"

for f in files acks templates status.json; do
	fresh
	as_app rm -f "$S/$f"
	as_app mkfifo "$S/$f"
	init
	survived "a FIFO at .confcheck/$f"
	ok "$([ -f "$S/$f" ] || [ "$f" = acks ] && echo 0 || echo 1)" "a FIFO at .confcheck/$f: a file is written in its place"
	quiet_next "a FIFO at .confcheck/$f"
done
fresh
as_app rm -f "$S/lock"
as_app mkfifo "$S/lock"
init
survived "a FIFO at .confcheck/lock"
like "$err" "state dir not writable, nothing is remembered: cannot lock '$S/lock': not a regular file" \
	"a FIFO at .confcheck/lock: read-only, with a warning"

# hold_lock: a live process of the app user holds the state dir's lock.
lock_held() { ! flock -n "$S/lock" true; }
hold_lock() {
	# shellcheck disable=SC2016 # $1 is the inner shell's
	"${APP_IDS[@]}" bash -c 'exec 9>>"$1" && flock 9 && exec sleep 120' sh "$S/lock" &
	holder=$!
	wait_for lock_held
	ok $? "the app user's process holds the lock"
}
release_lock() {
	kill "$holder"
	wait "$holder" 2>/dev/null
}

fresh
hold_lock
init CONFCHECK_LOCK_TIMEOUT=2
survived "a lock held by the app user" 5000
ok "$([ "$ms" -ge 1900 ] && echo 0 || echo 1)" "a lock held by the app user: waited for it ($ms ms)"
like "$err" "state dir not writable, nothing is remembered: state dir '$S' is locked by another process for more than 2 s" \
	"a lock held by the app user: read-only, with a warning"
release_lock

#
# 3. Huge files, under a cap on the address space.
#
sanitized=${CONFCHECK_SANITIZED:-}
# init_capped: init, under a 1 GiB address space, and $kb its peak RSS.
init_capped() {
	local t0
	kb=
	if [ -n "$sanitized" ] || ! [ -x /usr/bin/time ] || ! command -v prlimit >/dev/null 2>&1; then
		init
		return
	fi
	t0=$(now_ms)
	run timeout 20 prlimit --as=1073741824 /usr/bin/time -f %M -o "$T/rss" \
		env PUID=$APP PGID=$APP CONFCHECK_TIMEOUT=5 \
		"$CONFCHECK" check --init --templates "$D" --config "$C"
	ms=$(($(now_ms) - t0))
	kb=$(tail -n 1 "$T/rss")
}
# small NAME: the peak RSS was at most 200 MiB.
small() {
	if [ -z "$kb" ]; then
		skip "$1: memory is not measured here (a sanitized build, or no prlimit or GNU time)"
	else
		ok "$([ "$kb" -le 204800 ] && echo 0 || echo 1)" "$1: at most 200 MiB in memory (${kb} KiB)"
	fi
}

for f in files acks templates history/confcheck-index; do
	fresh
	as_app truncate -s 1G "$S/$f"
	init_capped
	survived "a sparse 1 GiB .confcheck/$f"
	small "a sparse 1 GiB .confcheck/$f"
	# the templates cache is started again without a word
	[ "$f" = templates ] ||
		like "$err" "warning: .*(too large|unreadable)" "a sparse 1 GiB .confcheck/$f: a warning says so"
	quiet_next "a sparse 1 GiB .confcheck/$f"
done

# A history whose newest commit maps app/a.conf.sample to a blob of 1 GiB
# of zeros: written as a loose object straight away (git hash-object takes
# seconds to hash that much), then handed to the app user, whose work it is.
fresh
if command -v python3 >/dev/null 2>&1; then
	big=$(python3 - "$S/history" <<'EOF'
import hashlib, os, sys, zlib
repo, size = sys.argv[1], 1 << 30
head = b"blob %d\0" % size
sha, z, chunk = hashlib.sha1(head), zlib.compressobj(1), bytes(1 << 24)
tmp = os.path.join(repo, "objects", "tmp-big")
with open(tmp, "wb") as f:
    f.write(z.compress(head))
    for _ in range(size // len(chunk)):
        sha.update(chunk)
        f.write(z.compress(chunk))
    f.write(z.flush())
oid = sha.hexdigest()
os.makedirs(os.path.join(repo, "objects", oid[:2]), exist_ok=True)
os.rename(tmp, os.path.join(repo, "objects", oid[:2], oid[2:]))
print(oid)
EOF
	)
else
	big=$(head -c 1G /dev/zero | git --git-dir="$S/history" hash-object -w --stdin)
fi
chown -R $APP:$APP "$S/history"
is "$(as_app git --git-dir="$S/history" cat-file -s "$big")" 1073741824 "the history holds a 1 GiB blob"
sub=$(printf '100644 blob %s\ta.conf.sample\n' "$big" | as_app git --git-dir="$S/history" mktree)
top=$(printf '040000 tree %s\tapp\n' "$sub" | as_app git --git-dir="$S/history" mktree)
commit=$(as_app git --git-dir="$S/history" commit-tree "$top" -p main -m 'template set')
as_app git --git-dir="$S/history" update-ref refs/heads/main "$commit"
ok $? "its newest commit maps app/a.conf.sample to it"
as_app rm -f "$S/history/confcheck-index"
init_capped
survived "a history with a 1 GiB blob"
small "a history with a 1 GiB blob"
like "$err" "warning: template history '$S/history' is unreadable .*moved to" \
	"a history with a 1 GiB blob: moved aside, with a warning"
quiet_next "a history with a 1 GiB blob"

#
# 4. Crafted pack indexes.
#
# patch FILE OFFSET BYTES: the app user overwrites bytes (printf escapes) at OFFSET.
patch() {
	as_app chmod u+w "$1"
	# shellcheck disable=SC2059
	printf "$3" | as_app dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
be32() { od -An -tu4 --endian=big -j "$2" -N 4 "$1" | tr -d ' '; }
idx_of() { ls "$S"/history/objects/pack/pack-*.idx; }

fresh
idx=$(idx_of)
as_app chmod u+w "$idx"
as_app truncate -s 600 "$idx"
hist_attack "a truncated pack index"

fresh
patch "$(idx_of)" 8 '\377\377\377\377'
hist_attack "a pack index whose fan-out goes down"

fresh
patch "$(idx_of)" 1028 '\000\377\377\377'
hist_attack "a pack index that claims 16 million objects"

fresh
idx=$(idx_of)
n=$(be32 "$idx" 1028)
patch "$idx" $((8 + 1024 + n * 24)) '\177\377\377\360'
hist_attack "a pack index with an offset past its pack"

fresh
idx=$(idx_of)
n=$(be32 "$idx" 1028)
patch "$idx" $((8 + 1024 + n * 24)) '\377\377\377\377'
hist_attack "a pack index naming a 64-bit offset it lacks"

#
# 5. Escape sequences in names on stderr.
#
evil=$'\e]0;owned\a\e[2J\n[confcheck] warning: forged'
fresh
as_app touch "$C/app/$evil"
as_app rm -f "$C/app/c.conf"
as_app ln -s "$evil/x" "$C/app/c.conf"
as_app ln -s "/tmp/$evil" "$C/app/$evil.conf"
# clean_stderr NAME: no raw ESC or BEL, and no line that is not one of confcheck's.
clean_stderr() {
	is "$(tr -dc '\033\007' <"$T/err" | wc -c)" 0 "$1: no raw ESC or BEL on stderr"
	is "$(grep -cv -e '^confcheck: ' -e '^\[confcheck\] warning: ' -e '^usage: ' "$T/err")" 0 \
		"$1: every stderr line is one of confcheck's"
	is "$(grep -c '^\[confcheck\] warning: forged' "$T/err")" 0 "$1: no forged line"
}
init
survived "a symlink whose target holds ESC and a newline"
clean_stderr "check --init"
is "$(tr -dc '\033\007' <"$T/out" | wc -c)" 0 "check --init: no raw ESC or BEL on stdout"
for cmd in diff merge ack; do
	for name in app/c.conf "app/$evil.conf"; do
		run timeout 20 env PUID=$APP PGID=$APP "$CONFCHECK" "$cmd" --templates "$D" --config "$C" "$name"
		what="$cmd on $([ "$name" = app/c.conf ] && echo 'a symlink to a hostile name' || echo 'a hostile name')"
		like "$rc" '^[0-2]$' "$what: exits as usual ($rc)"
		ok "$([ -s "$T/err" ] && echo 0 || echo 1)" "$what: says why on stderr"
		clean_stderr "$what"
	done
done
is "$(snap)" "$before" "diff, merge and ack on hostile names: nothing outside the config root changed"
as_app rm -f "$C/app/$evil" "$C/app/$evil.conf" "$C/app/c.conf"
cp "$D/app/c.conf.sample" "$C/app/c.conf"
chown $APP:$APP "$C/app/c.conf"

#
# The app user stops the init's check, and the init itself.
#
bg_parent() { parent=$(pgrep -P "$bg"); }
bg_child() { child=$(pgrep -P "$parent"); }
child_gone() { ! kill -0 "$child" 2>/dev/null; }
# init_bg VAR=VALUE...: starts the init in the background; $bg is the pid of
# its `timeout` wrapper, $parent the init's and $child the check's.
init_bg() {
	t0=$(now_ms)
	timeout "${BG_TIMEOUT:-40}" env PUID=$APP PGID=$APP "$@" "$CONFCHECK" check --init --templates "$D" --config "$C" \
		>"$T/out" 2>"$T/err" </dev/null &
	bg=$!
	parent='' child=''
	wait_for bg_parent
	wait_for bg_child
	ok $? "the init's check runs in a child process ($parent -> $child)"
}
wait_bg() {
	wait "$bg"
	rc=$?
	ms=$(($(now_ms) - t0))
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

fresh
hold_lock
init_bg CONFCHECK_LOCK_TIMEOUT=20 CONFCHECK_TIMEOUT=3
as_app kill -STOP "$child"
wait_bg
release_lock
is "$rc" 0 "the app user stops the check: the init exits 0"
ok "$([ "$ms" -le 5000 ] && echo 0 || echo 1)" "the app user stops the check: the budget ends it ($ms ms)"
like "$err" 'warning: the check did not finish within 3 s \(CONFCHECK_TIMEOUT\)' \
	"the app user stops the check: a warning says so"

fresh
hold_lock
BG_TIMEOUT=8 init_bg CONFCHECK_LOCK_TIMEOUT=2 CONFCHECK_TIMEOUT=3
as_app kill -STOP "$parent"
wait_bg
release_lock
kill -CONT "$parent" 2>/dev/null
wait_for child_gone # the check, orphaned when the init was killed
is "$rc" 0 "the app user stops the init itself (it runs as them): the init exits 0"
ok "$([ "$ms" -le 5000 ] && echo 0 || echo 1)" \
	"the app user stops the init itself: it still ends within its budget ($ms ms)"

#
# A crash: the check is ended by SIGSEGV while it waits for the lock.
#
fresh
hold_lock
init_bg CONFCHECK_LOCK_TIMEOUT=20 CONFCHECK_TIMEOUT=30
as_app kill -SEGV "$child"
release_lock
wait_bg
is "$rc" 0 "a crashed check: the init exits 0"
ok "$([ "$ms" -le 10000 ] && echo 0 || echo 1)" "a crashed check: done in $ms ms"
# a sanitizer catches the SIGSEGV and aborts
like "$err" "warning: the check was ended by signal $([ -n "$sanitized" ] && echo '(11|6)' || echo 11) \(.*\); checking again with the template history set aside" \
	"a crashed check: a warning says so, and that it checks again without the history"
like "$err" "warning: template history '$S/history' is unreadable \(a check crashed while it was read\); moved to '$S/history\.corrupt-" \
	"a crashed check: the history is moved aside"
ok "$(compgen -G "$S/history.corrupt-*" >/dev/null && echo 0 || echo 1)" "a crashed check: a history.corrupt-* is left"
like "$out" '^\[confcheck\] summary current=' "a crashed check: the second try gives the verdicts"
is "$(snap)" "$before" "a crashed check: nothing outside the config root changed"
quiet_next "a crashed check"

# The time budget: a lock held for longer than the budget.
hold_lock
init CONFCHECK_LOCK_TIMEOUT=30 CONFCHECK_TIMEOUT=1
release_lock
is "$rc" 0 "CONFCHECK_TIMEOUT=1 with the lock held: the init exits 0"
ok "$([ "$ms" -le 3000 ] && echo 0 || echo 1)" "CONFCHECK_TIMEOUT=1 with the lock held: done in $ms ms"
like "$err" 'warning: the check did not finish within 1 s \(CONFCHECK_TIMEOUT\) and was stopped' \
	"CONFCHECK_TIMEOUT=1 with the lock held: a warning says so"

#
# 6. PUID=0: root checks as root. The app user still owns /config.
#
# A state dir of the app user's is never written by root, whatever it holds.
fresh
for f in status.json files templates lock; do
	as_app rm -f "$S/$f"
done
as_app ln -s "$O/etc/passwd" "$S/status.json"
as_app ln -s "$O/etc/shadow" "$S/files"
as_app ln -s "$O/dir/keep" "$S/templates"
as_app ln -s "$O/etc/passwd" "$S/lock"
as_app rm -rf "$S/history"
as_app ln -s "$O/vdir" "$S/history"
init PUID=0 PGID=0
survived "PUID=0 and a state dir of the app user's full of links"
like "$err" "state dir '$S' belongs to uid $APP, not to uid 0 that confcheck runs as" \
	"PUID=0 and a state dir of the app user's: read-only, with a warning"

as_app ln -s "$O/vdir" "$C/state-link0"
init PUID=0 PGID=0 CONFCHECK_STATE="$C/state-link0"
survived "PUID=0 and CONFCHECK_STATE naming a symlink"

as_app ln -s "$O/etc/passwd" "$C/app/metrics.prom"
init PUID=0 PGID=0 CONFCHECK_METRICS="$C/app/metrics.prom"
survived "PUID=0 and CONFCHECK_METRICS a symlink to a victim"
as_app ln -s "$O/dir" "$C/metrics"
init PUID=0 PGID=0 CONFCHECK_METRICS="$C/metrics/confcheck.prom"
survived "PUID=0 and CONFCHECK_METRICS in a folder the app user made a symlink"
rm -f "$O/dir/confcheck.prom" "$C/app/metrics.prom" "$C/metrics"
before=$(snap)

# A state dir of the app user's, with its index dropped, is read by root
# (never written): the app user swaps its history, between the walk that
# checks it and libgit2's open by path, for one whose config includes the
# shadow stand-in and whose refs are links to it.
fresh
as_app rm -f "$S/history/confcheck-index"
as_app git init -q --bare "$S/hostile"
as_app git config -f "$S/hostile/config" include.path "$O/etc/shadow"
as_app ln -s "$O/etc/shadow" "$S/hostile/packed-refs"
as_app mkdir -p "$S/hostile/refs/heads"
as_app ln -sf "$O/etc/shadow" "$S/hostile/refs/heads/main"
"${APP_IDS[@]}" "$T/xchg" "$S" history hostile 30 >/dev/null &
racer=$!
failed=0 leaked=0
for _ in $(seq 30); do
	init PUID=0 PGID=0
	if [ "$rc" -ne 0 ] || [ "$ms" -gt 3000 ] || ! grep -q '^\[confcheck\] summary ' "$T/out"; then
		failed=$((failed + 1))
	fi
	if grep -qF "$SECRET" "$T/out" "$T/err"; then leaked=$((leaked + 1)); fi
done
kill "$racer"
wait "$racer"
is "$failed:$leaked" "0:0" \
	"PUID=0, 30 inits while the app user swaps in a hostile history: each gives its verdicts in time, none shows the secret"
is "$(snap)" "$before" "PUID=0 and a hostile history swapped in: nothing outside the config root changed"
never_read "PUID=0 and a hostile history swapped in"

# The init started with SIGCHLD ignored (a parent's leftover) still waits
# for its check; and a budget of a fraction of a millisecond is a budget,
# never "no limit".
fresh
# shellcheck disable=SC2016 # perl's own variables
run timeout 20 env PUID=$APP PGID=$APP perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die' \
	"$CONFCHECK" check --init --templates "$D" --config "$C"
is "$rc" 0 "SIGCHLD ignored by whoever started the init: exit 0"
unlike "$err" 'cannot wait' "SIGCHLD ignored: the check is waited for"
like "$out" '^\[confcheck\] summary ' "SIGCHLD ignored: the verdicts"
fresh
hold_lock
t0=$(now_ms)
run timeout 20 env PUID=$APP PGID=$APP CONFCHECK_LOCK_TIMEOUT=10 CONFCHECK_TIMEOUT=0.0001 \
	"$CONFCHECK" check --init --templates "$D" --config "$C"
ms=$(($(now_ms) - t0))
release_lock
is "$rc" 0 "CONFCHECK_TIMEOUT=0.0001: exit 0"
ok "$([ "$ms" -le 3000 ] && echo 0 || echo 1)" "CONFCHECK_TIMEOUT=0.0001 is a budget, not 'no limit' ($ms ms)"
like "$err" 'did not finish within' "CONFCHECK_TIMEOUT=0.0001: the warning"

# Root's own state dir, in the app user's /config: the app user cannot write
# in it, but can swap its name for a folder of theirs whose history leads
# to a victim folder. Each round they move root's state dir out of the way
# (it is in their folder), so that root makes a new one and a history in it.
rm -rf "$S"
as_app mkdir "$C/evil"
as_app ln -s "$O/vdir" "$C/evil/history"
failed=0
for i in $(seq 30); do
	if [ -e "$S" ]; then as_app mv "$S" "$C/old-$i"; fi
	"${APP_IDS[@]}" "$T/xchg" "$C" .confcheck evil 30 >/dev/null &
	racer=$!
	init PUID=0 PGID=0
	kill "$racer"
	wait "$racer"
	if [ "$rc" -ne 0 ] || ! grep -q '^\[confcheck\] summary ' "$T/out"; then failed=$((failed + 1)); fi
done
is "$failed" 0 "PUID=0, 30 inits while root's state dir is swapped for the app user's: each gives its verdicts"
is "$(snap)" "$before" "PUID=0 and a swapped state dir: nothing outside the config root changed"
is "$(find "$O/vdir" -mindepth 1 | head -n 5)" "" "PUID=0 and a swapped state dir: root wrote nothing in the victim folder"

done_testing
