#!/usr/bin/env bash
# 0320-install-tree.t - what `make install DESTDIR=... PREFIX=...` puts where:
# the binary and the man page under PREFIX, the s6-overlay definitions under
# /etc/s6-overlay/s6-rc.d whatever PREFIX is, the newest template release
# under PREFIX/share/confcheck/templates, every maps/*.map under
# PREFIX/share/confcheck/maps; with the right modes, and nothing outside
# DESTDIR. Installed once with PREFIX=/usr (as the Dockerfile does)
# and once with PREFIX=/usr/local.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

[ -f "$TOP/Makefile" ] || skip_all "no Makefile yet"
make -C "$TOP" -n install DESTDIR="$T/probe" PREFIX=/usr >/dev/null 2>&1 ||
	skip_all "the Makefile has no install target yet"

s6=/etc/s6-overlay/s6-rc.d
newest=$(awk '/^v[0-9]+[ \t]/ { v = $1 } END { print v }' "$TOP/templates/VERSIONS")
host_had_ours=0
[ -e "$s6/init-confcheck" ] && host_had_ours=1

mode() { stat -c %a "$1" 2>/dev/null || echo missing; }

# install_and_check PREFIX
install_and_check() {
	local prefix=$1 root=$T/root${1//\//_}
	# a build dir of its own: the build PREFIX changes must not touch the suite's binary
	if ! make -C "$TOP" install B="$T/build" BIN="$T/build/confcheck-bin" DESTDIR="$root" \
		PREFIX="$prefix" >"$T/make.log" 2>&1; then
		ok 1 "make install PREFIX=$prefix"
		sed 's/^/# /' "$T/make.log"
		return
	fi
	ok 0 "make install PREFIX=$prefix"

	is "$(mode "$root$prefix/bin/confcheck")" "755" "PREFIX=$prefix: $prefix/bin/confcheck, mode 0755"
	local rc
	"$root$prefix/bin/confcheck" >/dev/null 2>&1
	rc=$?
	ok "$([ "$rc" -le 2 ] && echo 0 || echo 1)" "PREFIX=$prefix: the installed binary runs (exit $rc without arguments)"
	like "$("$root$prefix/bin/confcheck" --help)" "else $prefix/share/confcheck/history$" \
		"PREFIX=$prefix: it looks for shipped histories under $prefix/share/confcheck/history"
	if [ -f "$TOP/man/confcheck.1" ]; then
		is "$(mode "$root$prefix/share/man/man1/confcheck.1")" "644" \
			"PREFIX=$prefix: the man page in $prefix/share/man/man1, mode 0644"
	else
		ok 0 "PREFIX=$prefix: the man page # SKIP no man/confcheck.1 yet"
	fi

	# The s6 tree: the same files as root/, at /etc whatever PREFIX is.
	diff -r "$TOP/root$s6" "$root$s6" >"$T/s6.diff" 2>&1
	ok $? "PREFIX=$prefix: the s6 definitions are in $s6, as in root/"
	sed 's/^/# /' "$T/s6.diff"
	is "$(mode "$root$s6/init-confcheck/run"):$(mode "$root$s6/svc-confcheck/run")" "755:755" \
		"PREFIX=$prefix: run scripts 0755"
	is "$(mode "$root$s6/init-confcheck/up"):$(mode "$root$s6/init-confcheck/type"):$(mode "$root$s6/svc-confcheck/type")" \
		"644:644:644" "PREFIX=$prefix: up and type 0644"
	is "$(cat "$root$s6/init-confcheck/type" 2>/dev/null):$(cat "$root$s6/svc-confcheck/type" 2>/dev/null)" \
		"oneshot:longrun" "PREFIX=$prefix: a oneshot and a longrun"
	is "$(cat "$root$s6/init-confcheck/up" 2>/dev/null)" "$s6/init-confcheck/run" \
		"PREFIX=$prefix: up runs the installed run script"
	is "$(head -n 1 "$root$s6/init-confcheck/run" 2>/dev/null)|$(head -n 1 "$root$s6/svc-confcheck/run" 2>/dev/null)" \
		"#!/usr/bin/with-contenv bash|#!/usr/bin/with-contenv bash" "PREFIX=$prefix: with-contenv shebangs"
	local f missing=
	for f in init-confcheck/dependencies.d/init-config init-config-end/dependencies.d/init-confcheck \
		svc-confcheck/dependencies.d/init-services svc-confcheck/notification-fd \
		user/contents.d/init-confcheck user/contents.d/svc-confcheck; do
		[ -f "$root$s6/$f" ] || missing="$missing $f"
	done
	is "$missing" "" "PREFIX=$prefix: dependencies and bundle entries"
	ok "$([ ! -e "$root$prefix$s6" ] || [ "$prefix" = / ] && echo 0 || echo 1)" \
		"PREFIX=$prefix: no s6 tree under PREFIX"

	# The templates: the newest release, as a template root.
	diff -r "$TOP/templates/$newest" "$root$prefix/share/confcheck/templates" >"$T/tpl.diff" 2>&1
	ok $? "PREFIX=$prefix: $prefix/share/confcheck/templates holds templates/$newest"
	sed 's/^/# /' "$T/tpl.diff"
	local bad
	bad=$(find "$root$prefix/share/confcheck/templates" \( -type f ! -perm 0644 \) -o \( -type d ! -perm 0755 \))
	is "$bad" "" "PREFIX=$prefix: template files 0644, folders 0755"

	# The mapping files: each maps/*.map, as it is, and nothing else.
	local maps=$root$prefix/share/confcheck/maps m
	missing=
	for m in "$TOP"/maps/*.map; do
		cmp -s "$m" "$maps/${m##*/}" || missing="$missing ${m##*/}"
	done
	is "$missing" "" "PREFIX=$prefix: $prefix/share/confcheck/maps holds every maps/*.map"
	is "$(find "$maps" -mindepth 1 -printf '%f\n' 2>&1 | sort)" \
		"$(find "$TOP/maps" -maxdepth 1 -name '*.map' -printf '%f\n' | sort)" \
		"PREFIX=$prefix: and nothing else"
	bad=$(find "$maps" \( -type f ! -perm 0644 \) -o \( -type d ! -perm 0755 \) 2>&1)
	is "$bad" "" "PREFIX=$prefix: map files 0644, their folder 0755"

	# Nothing but those (and documentation).
	(cd "$root" && find . ! -type d | sort) >"$T/files"
	bad=$(grep -v -e "^\.$prefix/bin/confcheck\$" -e "^\.$prefix/share/man/man1/confcheck\.1\$" \
		-e "^\.$prefix/share/confcheck/templates/" -e "^\.$prefix/share/confcheck/maps/" \
		-e "^\.$prefix/share/doc/confcheck/" \
		-e "^\.$prefix/share/bash-completion/completions/confcheck\$" -e "^\.$s6/" "$T/files")
	is "$bad" "" "PREFIX=$prefix: nothing else is installed"
}

install_and_check /usr
install_and_check /usr/local

if [ "$host_had_ours" -eq 0 ]; then
	ok "$([ ! -e "$s6/init-confcheck" ] && echo 0 || echo 1)" "nothing was installed outside DESTDIR"
else
	ok 0 "nothing was installed outside DESTDIR # SKIP this machine already has $s6/init-confcheck"
fi

done_testing
