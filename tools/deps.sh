#!/bin/sh
# tools/deps.sh - name, and as root install, what confcheck needs.
#   tools/deps.sh check          exit 0 when the build dependencies are present
#   tools/deps.sh check-test     exit 0 when the test tools are present too
#   tools/deps.sh install [test] install them (and the test tools) with apt-get or apk
#   tools/deps.sh names          print the package names for Debian and Alpine
set -eu

PKGCONFIG_MODULES="libgit2 libxxhash libcurl jansson"
APT_BUILD="build-essential pkg-config libgit2-dev libxxhash-dev libcurl4-openssl-dev libjansson-dev"
APT_TEST="git perl jq python3 xxhash s6 execline procps shellcheck valgrind clang clang-format libclang-rt-14-dev util-linux acl musl-tools"
APK_BUILD="build-base pkgconf libgit2-dev xxhash-dev curl-dev jansson-dev"
APK_TEST="git perl perl-utils jq python3 xxhash s6 execline procps shellcheck clang-extra-tools acl"

have_build() {
	# shellcheck disable=SC2086 # a list of module names
	command -v cc >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1 &&
		pkg-config --exists $PKGCONFIG_MODULES
}

have_test() {
	for tool in git prove jq python3 xxhsum s6-svscan execlineb shellcheck valgrind ps setpriv setfacl clang-format; do
		command -v "$tool" >/dev/null 2>&1 || return 1
	done
}

names() {
	echo "Debian/Ubuntu: apt-get install $APT_BUILD"
	echo "Alpine:        apk add $APK_BUILD"
	echo "and for the tests: apt-get install $APT_TEST (apk add $APK_TEST)"
}

install() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "confcheck: missing dependencies; as root, install them with:" >&2
		names >&2
		exit 1
	fi
	if command -v apt-get >/dev/null 2>&1; then
		pkgs=$APT_BUILD
		[ "${1:-}" = test ] && pkgs="$pkgs $APT_TEST"
		echo "confcheck: installing $pkgs" >&2
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs >&2 || {
			apt-get update -q >&2
			# shellcheck disable=SC2086
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs >&2
		}
	elif command -v apk >/dev/null 2>&1; then
		pkgs=$APK_BUILD
		[ "${1:-}" = test ] && pkgs="$pkgs $APK_TEST"
		# shellcheck disable=SC2086
		apk add --no-cache $pkgs >&2
	else
		echo "confcheck: no apt-get or apk here; install these by hand:" >&2
		names >&2
		exit 1
	fi
}

case "${1:-check}" in
check) have_build ;;
check-test) have_build && have_test ;;
names) names ;;
install)
	shift
	if [ "${1:-}" = test ] || ! have_build; then install "${1:-}"; fi
	;;
*)
	echo "usage: tools/deps.sh check|install [test]|names" >&2
	exit 2
	;;
esac
