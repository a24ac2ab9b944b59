#!/bin/bash
# The benchmark kit works: the generator makes the volume it promises, the date-check
# baseline reports exactly the files whose dates the generator moved, runstat reports
# what it ran, and a quick run of the runner fills every row. No timing is asserted.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

B=$TOP/bench
V=$T/vol

# --- the generator ---------------------------------------------------------------------------

"$B/gen.sh" >/dev/null 2>&1
is "$?" 2 "gen.sh without arguments is a usage error"

"$B/gen.sh" 50 "$V" >"$T/gen.out" 2>&1
ok $? "gen.sh 50 makes a volume"

proxy=$(find "$V/defaults/nginx/proxy-confs" -type f -name '*.conf.sample' | wc -l)
is "$proxy" 50 "the template root has 50 proxy-conf templates"
subfolder=$(find "$V/defaults/nginx/proxy-confs" -type f -name '*.subfolder.conf.sample' | wc -l)
[ "$subfolder" -gt 0 ] && [ "$subfolder" -lt 50 ]
ok $? "some of them are subfolder templates ($subfolder)"
for base in nginx.conf ssl.conf proxy.conf site-confs/default.conf; do
	[ -f "$V/defaults/nginx/$base.sample" ]
	ok $? "base template nginx/$base.sample is there"
done
all=$(find "$V/defaults" -type f | wc -l)
nonsample=$(find "$V/defaults" -type f ! -name '*.sample' | wc -l)
is "$nonsample" 0 "the template root holds only .sample files"

bad_header=0 bad_size=0 no_copy=0
while IFS= read -r f; do
	head -n 1 "$f" | grep -Eq '^## Version [0-9]{4}/[0-9]{2}/[0-9]{2}( |$)' || bad_header=$((bad_header + 1))
	size=$(wc -c <"$f")
	{ [ "$size" -ge 1024 ] && [ "$size" -le 4096 ]; } || bad_size=$((bad_size + 1))
	cmp -s "$f" "$V/config/${f#"$V/defaults/"}" || no_copy=$((no_copy + 1))
done < <(find "$V/defaults" -type f)
is "$bad_header" 0 "every template has a version header on line 1"
is "$bad_size" 0 "every template is 1-4 KiB"
is "$no_copy" 0 "every template has an identical .sample copy in the config root"

manifest=$(grep -v '^#' "$V/manifest.tsv")
is "$(printf '%s\n' "$manifest" | wc -l)" "$((all - proxy + 50))" \
	"the manifest lists the base confs and min(N, 300) proxy confs"
missing=0
while IFS=$'\t' read -r path _ _ _; do
	{ [ -f "$V/config/$path" ] && [ -f "$V/defaults/$path.sample" ]; } || missing=$((missing + 1))
done <<<"$manifest"
is "$missing" 0 "every manifest entry is a user file with a template"
active=$(find "$V/config/nginx/proxy-confs" -type f -name '*.conf' -exec test -f '{}.sample' ';' -print | wc -l)
is "$active" 50 "the config root has 50 active proxy confs with a template"
[ -f "$V/config/nginx/proxy-confs/mything.subdomain.conf" ] && [ -f "$V/config/keys/cert.key" ]
ok $? "the config root also has files without a template"

for kind in current customized outdated conflict outdated-samedate; do
	n=$(printf '%s\n' "$manifest" | awk -F '\t' -v k="$kind" '$2 == k' | wc -l)
	[ "$n" -gt 0 ]
	ok $? "the volume has $kind files ($n)"
done
wrong=0
while IFS=$'\t' read -r path kind udate tdate; do
	same=0
	cmp -s "$V/config/$path" "$V/config/$path.sample" && same=1
	case $kind in
	current) [ $same = 1 ] && [ "$udate" = "$tdate" ] ;;
	customized | outdated-samedate) [ $same = 0 ] && [ "$udate" = "$tdate" ] ;;
	outdated | conflict) [ $same = 0 ] && [[ $udate < $tdate ]] ;;
	*) false ;;
	esac || wrong=$((wrong + 1))
	head -n 1 "$V/config/$path" | grep -q "^## Version $udate" || wrong=$((wrong + 1))
done <<<"$manifest"
is "$wrong" 0 "each user file matches what the manifest says about it"
one=$(printf '%s\n' "$manifest" | awk -F '\t' '$2 == "customized" { print $1 }' | head -n 1)
is "$(diff "$V/config/$one.sample" "$V/config/$one" | grep -c '^>')" 1 \
	"a customised file differs from its template by one edited line"

"$B/gen.sh" 50 "$T/again" >/dev/null 2>&1
diff -r "$V" "$T/again" >/dev/null
ok $? "the generator is deterministic"
! "$B/gen.sh" 50 "$T/again" >/dev/null 2>&1
ok $? "the generator refuses to write over an existing volume"

# --- the mapped template root ---------------------------------------------------------------

"$B/mapvol.sh" >/dev/null 2>&1
is "$?" 2 "mapvol.sh without a volume is a usage error"
"$B/mapvol.sh" "$V" >"$T/mapvol.out" 2>&1
ok $? "mapvol.sh gives the volume a mapped template root"
M=$V/defaults-mapped
is "$(find "$M/image" -type f -name '*.sample' | wc -l)" 0 "the mapped root has no .sample file"
moved=0
while IFS= read -r f; do
	rel=${f#"$V/defaults/"}
	cmp -s "$f" "$M/image/${rel%.sample}" || moved=$((moved + 1))
done < <(find "$V/defaults" -type f -name '*.sample')
is "$moved" 0 "every template is in image/, byte for byte, without its suffix"
is "$(grep -c '^image/' "$M/confcheck.map")" \
	"$(find "$V/defaults" -type f -name '*.sample' | sed 's|/[^/]*$||' | sort -u | wc -l)" \
	"the map has one line per folder of templates"
! "$B/mapvol.sh" "$V" >/dev/null 2>&1
ok $? "mapvol.sh refuses to write over a mapped root"
if [ -x "$CONFCHECK" ]; then
	for root in defaults defaults-mapped; do
		"$CONFCHECK" check --templates "$V/$root" --config "$V/config" --state "$T/state-$root" \
			--json 2>"$T/$root.err" | jq -r '.files[] | [.path, .state] | @tsv' | LC_ALL=C sort >"$T/$root.verdicts"
	done
	is "$(cat "$T/defaults-mapped.err")" "" "checking against the mapped root warns about nothing"
	is "$(wc -l <"$T/defaults.verdicts")" "$(printf '%s\n' "$manifest" | wc -l)" \
		"the .sample root gives a verdict for every manifest entry"
	diff_ok "$T/defaults.verdicts" "$T/defaults-mapped.verdicts" \
		"the mapped root gives every user file the same verdict as the .sample root"
else
	ok 0 "mapped verdicts # SKIP no confcheck binary at $CONFCHECK"
fi
diff -r "$V/defaults" "$T/again/defaults" >/dev/null
ok $? "mapvol.sh left the .sample root alone"

# --- the date-check baseline -----------------------------------------------------------------

"$B/datecheck.sh" >/dev/null 2>&1
is "$?" 2 "datecheck.sh without a config root is a usage error"

"$B/datecheck.sh" "$V/config" >"$T/datecheck.out" 2>"$T/datecheck.err"
ok $? "datecheck.sh exits 0"
like "$(cat "$T/datecheck.out")" '^\*\*\*\* The following active confs have different version dates' \
	"it prints the familiar warning"
grep '^│ [0-9]' "$T/datecheck.out" | awk -F '│' '{ gsub(/ +$/, "", $4); sub(/^ /, "", $4); print $4 }' |
	sed "s|^$V/config/||" | LC_ALL=C sort >"$T/reported"
printf '%s\n' "$manifest" | awk -F '\t' '$3 != $4 { print $1 }' | LC_ALL=C sort >"$T/dated"
diff_ok "$T/dated" "$T/reported" "it reports exactly the files whose version date moved"
printf '%s\n' "$manifest" | awk -F '\t' '$2 == "outdated" || $2 == "conflict" { print $1 }' |
	LC_ALL=C sort >"$T/outdated"
diff_ok "$T/outdated" "$T/reported" "which are the outdated and conflicting files the generator made"
samedate=$(printf '%s\n' "$manifest" | awk -F '\t' '$2 == "outdated-samedate" { print $1 }')
unlike "$(cat "$T/reported")" "^($(printf '%s\n' "$samedate" | paste -sd '|'))\$" \
	"it misses the templates that changed without a date bump"

# --- runstat ---------------------------------------------------------------------------------

if cc -std=c11 -O2 -Wall -Wextra -Werror -o "$T/runstat" "$B/runstat.c" 2>"$T/cc.err"; then
	ok 0 "runstat builds without warnings"
	"$T/runstat" -o "$T/rs" -- sh -c 'exit 3'
	ok $? "runstat runs a command"
	like "$(cat "$T/rs")" '^[0-9]+\.[0-9]{6} [0-9]+ 3$' "it reports wall time, peak RSS and exit status"
	: >"$T/rs"
	"$T/runstat" -o "$T/rs" -t 1 -- sleep 30
	like "$(cat "$T/rs")" ' timeout$' "a command past its timeout is killed and reported"
	"$T/runstat" >/dev/null 2>&1
	is "$?" 2 "runstat without a command is a usage error"
else
	ok 1 "runstat builds without warnings"
	sed 's/^/# /' "$T/cc.err"
fi

# --- the runner ------------------------------------------------------------------------------

if [ ! -x "$CONFCHECK" ]; then
	ok 0 "bench/run.sh quick run # SKIP no confcheck binary at $CONFCHECK"
elif ! command -v xxhsum >/dev/null 2>&1; then
	ok 0 "bench/run.sh quick run # SKIP xxhsum is not installed"
else
	mkdir "$T/benchdir"
	BENCH_QUICK=1 BENCH_DIR="$T/benchdir" BENCH_OUT="$T/out" CONFCHECK="$CONFCHECK" \
		"$B/run.sh" >"$T/run.out" 2>"$T/run.err"
	rc=$?
	is "$rc" 0 "BENCH_QUICK=1 bench/run.sh succeeds"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/run.err"
	tsv=$T/out/results.tsv
	missing=0
	for row in confcheck-first confcheck-steady confcheck-mapped xxhsum datecheck; do
		for metric in runs files median_s peak_rss_kib status; do
			grep -Eq "^400	$row	$metric	[^	]+\$" "$tsv" || missing=$((missing + 1))
		done
		grep -q "^400	$row	status	ok\$" "$tsv" || missing=$((missing + 1))
		grep -q "^400	$row	runs	3\$" "$tsv" || missing=$((missing + 1))
	done
	for metric in steady_over_shell steady_over_xxhsum mapped_over_xxhsum first_rss_kib_per_file steady_rss_kib_per_file; do
		grep -Eq "^400	ratio	$metric	[0-9]+\.[0-9]+\$" "$tsv" || missing=$((missing + 1))
	done
	grep -q "^400	volume	templates	409\$" "$tsv" || missing=$((missing + 1))
	grep -q "^400	volume	user_files	309\$" "$tsv" || missing=$((missing + 1))
	is "$missing" 0 "results.tsv has every row, each run three times, with numbers in the ratios"
	for label in 'confcheck first start' 'confcheck steady' 'confcheck mapped' 'xxhsum -H3' \
		'date check' 'steady/shell' 'steady/xxhsum' 'mapped/xxhsum' 'RSS KiB/file'; do
		grep -q -- "$label" "$T/run.out"
		ok $? "the table shows '$label'"
	done
	is "$(find "$T/benchdir" -mindepth 1 | wc -l)" 0 "the runner removed its temp dirs"
fi

done_testing
