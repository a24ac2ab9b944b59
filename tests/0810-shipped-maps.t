#!/usr/bin/env bash
# 0810-shipped-maps.t - every mapping file in maps/ against the layout of its
# image. Each map has a fixture here that ships the templates its lines name
# (for a `*` line, a few of the image's real file names) and makes the /config
# that the image's init makes from them; `check --map` must then find each copy
# current against its template, give the templates of `-` lines no entry, and
# warn of nothing; so must the map as the template root's own confcheck.map.
# Every line of a map must be one that its fixture stands for, so that a map
# changed without its fixture fails here.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

unset CONFCHECK_MAP

# One image at a time: F its folder, R its template root (/defaults), C its
# config root (/config), A the folder that stands for / for absolute templates.
# The helpers fill four lists in F: used (the map lines the fixture stands
# for), want (path, template and state of every entry check must give), none
# (the templates of `-` lines) and copies (files the init puts in C that are
# nobody's user file).
F="" R="" C="" A=""

# ship FILE LABEL: a template at FILE whose text names LABEL, so that no two
# templates are alike.
ship() {
	mkdir -p "$(dirname "$1")"
	printf '# %s, as the image ships it\nsetting = %s\n' "$2" "$2" >"$1"
}

# put FILE REL: the init's copy of FILE at REL in the config root.
put() {
	install -D -m 0644 "$1" "$C/$2"
}

# line TEMPLATE USER [MATCH...]: the map line TEMPLATE USER; for a `*` line,
# each MATCH is a name of the image that the `*` stands for. Ships each
# template (an absolute one under A) and, unless USER is -, puts the init's
# copy at the user path and wants an entry for it.
line() {
	local tpl=$1 user=$2 m t u src name
	shift 2
	printf '%s\t%s\n' "$tpl" "$user" >>"$F/used"
	case $tpl in
	*\**) [ $# -gt 0 ] || {
		ok 1 "fixture: '$tpl' needs the names its * stands for"
		return
	} ;;
	*) [ $# -eq 0 ] || {
		ok 1 "fixture: '$tpl' has no * for the names $*"
		return
	}
		set -- "" ;;
	esac
	for m in "$@"; do
		t=${tpl/\*/$m}
		u=${user/\*/$m}
		case $t in
		/*) src=$A$t name=$A$t ;;
		*) src=$R/$t name=$t ;;
		esac
		ship "$src" "$t"
		if [ "$user" = - ]; then
			echo "$name" >>"$F/none"
		else
			put "$src" "$u"
			printf '%s\t%s\tcurrent\n' "$u" "$name" >>"$F/want"
		fi
	done
}

# sample REL: a template REL.sample that no map line names, copied by the init
# to REL: the default rule, beside the map.
sample() {
	ship "$R/$1.sample" "$1.sample"
	put "$R/$1.sample" "$1"
	printf '%s\t%s\tcurrent\n' "$1" "$1.sample" >>"$F/want"
}

# sample_copy REL: a template REL.sample that the init copies as a sample, for
# the user to take or not (here: not).
sample_copy() {
	ship "$R/$1.sample" "$1.sample"
	put "$R/$1.sample" "$1.sample"
	echo "$1.sample" >>"$F/copies"
}

# init_copy REL: the init copies the template REL, which is no user file, to
# the same path in the config root.
init_copy() {
	put "$R/$1" "$1"
	echo "$1" >>"$F/copies"
}

# The fixtures, one per map, named fixture_MAP. The script lines are those
# that each map's header quotes.

fixture_swag() {
	line 'dns-conf/*' 'dns-conf/*' cloudflare.ini route53.ini google.json
	line 'etc/letsencrypt/renewal-hooks/deploy/*' 'etc/letsencrypt/renewal-hooks/deploy/*' 10-default
	line 'etc/letsencrypt/renewal-hooks/post/*' 'etc/letsencrypt/renewal-hooks/post/*' 10-nginx
	line 'etc/letsencrypt/renewal-hooks/pre/*' 'etc/letsencrypt/renewal-hooks/pre/*' 10-nginx
	line fail2ban/jail.local fail2ban/jail.local
	line 'fail2ban/filter.d/*' - nginx-badbots.conf nginx-deny.conf sshd.conf
	line 'fail2ban/action.d/*' - iptables-allports.conf iptables-multiport.conf
	line fail2ban/fail2ban.local -
	# init-fail2ban-config copies filter.d and action.d over /config/fail2ban at every start
	local f
	for f in nginx-badbots.conf nginx-deny.conf sshd.conf; do
		init_copy "fail2ban/filter.d/$f"
	done
	for f in iptables-allports.conf iptables-multiport.conf; do
		init_copy "fail2ban/action.d/$f"
	done
	# the nginx confs the base and init-swag-config copy from their samples
	sample nginx/nginx.conf
	sample nginx/site-confs/default.conf
	sample nginx/proxy.conf
	sample nginx/authelia-server.conf
	# a proxy conf is copied as a sample (init-swag-samples) until the user renames it
	sample_copy nginx/proxy-confs/sonarr.subdomain.conf
}

fixture_mariadb() {
	line custom.cnf custom.cnf
}

fixture_smokeping() {
	line 'smoke-conf/*' '*' General Targets Probes
	line smokeping.conf site-confs/smokeping.conf
	line httpd.conf httpd.conf
	line smokeping_secrets smokeping_secrets
	line tcpping -
}

fixture_wireguard() {
	line server.conf templates/server.conf
	line peer.conf templates/peer.conf
	line Corefile coredns/Corefile
}

fixture_qbittorrent() {
	line qBittorrent.conf qBittorrent/qBittorrent.conf
}

fixture_heimdall() {
	line /app/www/.env.example www/.env
	line /app/www/storage/app/searchproviders.yaml.orig www/searchproviders.yaml
	sample nginx/site-confs/default.conf
}

fixture_bookstack() {
	line /app/www/.env.example www/.env
	sample nginx/site-confs/default.conf
}

# map_lines MAP: each line of MAP without its comment, as TEMPLATE<tab>USER
# (or whatever words it has), sorted.
map_lines() {
	awk '{
		n = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^#/) break
			w[++n] = $i
		}
		if (n == 0) next
		s = w[1]
		for (i = 2; i <= n; i++) s = s "\t" w[i]
		print s
	}' "$1" | sort
}

# verify NAME HOW ARGS...: runs check on the fixture with ARGS and tests what
# it reports.
verify() {
	local name=$1 how=$2
	shift 2
	run "$CONFCHECK" check --templates "$R" --config "$C" --json "$@"
	is "$rc" 0 "$name.map, $how: check exits 0"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"
	unlike "$err" '[Ww]arning' "$name.map, $how: no warning on stderr"
	is "$(jq -r '.warnings | length' "$T/out" 2>&1)" 0 "$name.map, $how: no warning in the status"
	jq -r '.files[] | [.path, .template, .state] | @tsv' "$T/out" 2>&1 | sort >"$F/got"
	diff_ok "$F/want" "$F/got" \
		"$name.map, $how: each mapped file is current against its template, nothing else has an entry"
	if [ -s "$F/none" ]; then
		is "$(jq -r '.files[].template' "$T/out" | grep -Fx -f "$F/none")" "" \
			"$name.map, $how: no entry for a template of a - line"
	fi
	if [ -s "$F/copies" ]; then
		is "$(jq -r '.files[].path' "$T/out" | grep -Fx -f "$F/copies")" "" \
			"$name.map, $how: no entry for the init's other copies"
	fi
}

is "$(declare -F | awk '$3 ~ /^fixture_/ { print substr($3, 9) }' | sort | tr '\n' ' ')" \
	"$(for m in "$TOP"/maps/*.map; do basename "$m" .map; done | sort | tr '\n' ' ')" \
	"every map in maps/ has a fixture here, and every fixture a map"

for map in "$TOP"/maps/*.map; do
	name=$(basename "$map" .map)
	declare -F "fixture_$name" >/dev/null || continue
	F=$T/$name R=$T/$name/defaults C=$T/$name/config A=$T/$name/root
	mkdir -p "$R" "$C" "$A"
	: >"$F/used"
	: >"$F/want"
	: >"$F/none"
	: >"$F/copies"
	"fixture_$name"
	sort -o "$F/want" "$F/want"
	map_lines "$map" >"$F/lines"
	sort "$F/used" >"$F/used.sorted"
	diff_ok "$F/lines" "$F/used.sorted" "$name.map: its fixture stands for every line of it, and for no other"

	# Absolute templates such as /app/www/.env.example cannot be made by a
	# test: a copy of the map, rewritten with sed, puts each of them under A.
	use=$map
	if grep -q '^[[:space:]]*/' "$map"; then
		sed -E 's|^([[:space:]]*)/|\1'"$A"'/|' "$map" >"$F/abs.map"
		use=$F/abs.map
	fi
	verify "$name" "--map" --map "$use"
	cp "$use" "$R/confcheck.map"
	verify "$name" "as the template root's confcheck.map" --state "$F/state-root"
done

done_testing
