#!/bin/sh
# bench/run.sh - the benchmark that `make bench` runs (DESIGN.md §10).
#
# For each volume size N it generates a SWAG-shaped volume once (bench/gen.sh: N proxy-conf
# templates, nine base templates, min(N, 300) active proxy confs plus the nine base confs),
# reads every file of it once to warm the page cache, and then times four rows:
#
#   confcheck first   `confcheck check --templates D --config C --state S --quiet` with S an
#                     empty directory every run: a container's first start with confcheck,
#                     when the whole template history has to be recorded.
#   confcheck steady  the same command with the state a previous run left for the same
#                     templates (one untimed run on an empty state dir leaves it): every
#                     later start of the same image, the path the init pays for daily.
#                     The goals are about this row.
#   confcheck mapped  the steady state again over the same volume with a second template
#                     root, D', that holds the same templates under image/ without the
#                     .sample suffix and a confcheck.map with one `image/DIR/*  DIR/*` line per
#                     folder (bench/mapvol.sh): the same files read, placed by the map.
#   xxhsum            `xargs -0 xxhsum -H3` over exactly the files confcheck must read: every
#                     *.sample under D, plus every user file C/REL that has a template
#                     D/REL.sample (the .sample copies inside C and the files without a
#                     template are not in it). One xargs, so it measures hashing those bytes,
#                     not spawning a process per file: the floor for "hash every file".
#   date check        bench/datecheck.sh C: the date-line-only shell-and-sed check of the nginx
#                     base image, the thing confcheck replaces. It only looks at the active
#                     confs (two seds each), so its cost follows their number, min(N, 300) + 9,
#                     far more than N.
#
# Every row gets one untimed warm-up run, then BENCH_RUNS timed runs; the table gives the
# MEDIAN wall time and the PEAK resident set size. Both come from bench/runstat.c (built here
# with cc, as GNU time may be absent): wall time from fork to reaping by CLOCK_MONOTONIC;
# peak RSS is wait4's ru_maxrss, the largest single process of the row (for xargs and the
# shell script that is the largest of the processes they ran, not a sum), highest over the
# timed runs. Ratios are computed from the same run, never across runs:
#   steady/shell    goal: at least 20x faster at N=400;
#   steady/xxhsum   goal: at most 1.5 at N=4000 and N=40000;
#   mapped/xxhsum   the same goal for the mapped template root (xxhsum reads the same bytes);
#   RSS per file    goal: memory grows linearly with the files; peak RSS / files for each
#                   size, and the KiB each extra file added since the previous size, which
#                   stays about the same when growth is linear (RSS / files falls while the
#                   fixed start-up cost dominates).
# The goals are printed with met/missed for information only: timings never change the exit
# status, which is 0 when every row ran, 1 when a row failed, 2 on a usage error.
#
# Environment:
#   CONFCHECK      the binary under test (default: ./confcheck at the repository root)
#   BENCH_SIZES    volume sizes (default "400 4000 40000")
#   BENCH_RUNS     timed runs per row (default 11 at N<=1000, 7 at N<=10000, 5 above)
#   BENCH_QUICK=1  smoke test: sizes "400" and 3 runs, unless the two above are set
#   BENCH_DIR      where the temporary volumes go (default /tmp); removed on exit
#   BENCH_TIMEOUT  seconds one run may take before it is killed and the row fails (default 600)
#   BENCH_OUT      where results.tsv goes (default bench/out)
#   CC             the C compiler for runstat (default cc)
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
CONFCHECK=${CONFCHECK:-$TOP/confcheck}
case $CONFCHECK in
/*) ;;
*/*) CONFCHECK=$PWD/$CONFCHECK ;;
*) CONFCHECK=$(command -v "$CONFCHECK" || echo "$CONFCHECK") ;;
esac
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	SIZES=${BENCH_SIZES:-400}
	RUNS=${BENCH_RUNS:-3}
else
	SIZES=${BENCH_SIZES:-400 4000 40000}
	RUNS=${BENCH_RUNS:-}
fi
TIMEOUT=${BENCH_TIMEOUT:-600}
OUT=${BENCH_OUT:-$TOP/bench/out}

die() {
	echo "bench: $*" >&2
	exit 2
}
say() {
	echo "bench: $*" >&2
}

[ -x "$CONFCHECK" ] || die "no confcheck binary at '$CONFCHECK' (run make, or set CONFCHECK)"
command -v xxhsum >/dev/null 2>&1 || die "xxhsum not found (Debian package xxhash)"
command -v perl >/dev/null 2>&1 || die "perl not found (bench/gen.sh needs it)"
for n in $SIZES; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES must be numbers: '$n'" ;; esac
done
case ${RUNS:-1} in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number: '$RUNS'" ;; esac
case $TIMEOUT in '' | *[!0-9]* | 0) die "BENCH_TIMEOUT must be a positive number: '$TIMEOUT'" ;; esac

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/confcheck-bench.XXXXXX") || die "cannot make a temp dir"
# shellcheck disable=SC2317 # called by the traps
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

RUNSTAT=$WORK/runstat
"${CC:-cc}" -std=c11 -O2 -o "$RUNSTAT" "$TOP/bench/runstat.c" || die "cannot build bench/runstat.c"

mkdir -p "$OUT"
TSV=$OUT/results.tsv
printf 'size\trow\tmetric\tvalue\n' >"$TSV.tmp"
TABLE=$WORK/table
: >"$TABLE"
: >"$WORK/volumes"
FAILED=0

# median FILE: the median of the numbers in column 1 of FILE.
median() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) printf "%.6f\n", v[(NR + 1) / 2]
		else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A/B with four decimals, or "nan" when either is not a number or B is 0.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		num = "^-?[0-9]+([.][0-9]+)?$"
		if (a !~ num || b !~ num || b + 0 == 0) print "nan"
		else printf "%.4f\n", a / b }'
}

# minus A B: A-B, or "nan" when either is not a number.
minus() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		num = "^-?[0-9]+([.][0-9]+)?$"
		if (a !~ num || b !~ num) print "nan"; else print a - b }'
}

# measure ROW RUNS STATE OKCODES STDIN -- COMMAND...: one untimed warm-up run, then RUNS timed
# runs; records the median wall time, the peak RSS and the status in the table and the TSV.
# STATE "fresh" empties $FRESH before every run (outside the timing), "keep" leaves all alone.
# OKCODES is a space-separated list of the exit codes that count as a successful run.
measure() {
	row=$1 runs=$2 state=$3 okcodes=$4 input=$5
	shift 6
	raw=$WORK/$row.raw
	: >"$raw"
	status=ok
	i=0
	while [ "$i" -le "$runs" ]; do
		if [ "$state" = fresh ]; then
			rm -rf "$FRESH"
			mkdir "$FRESH"
		fi
		"$RUNSTAT" -o "$raw" -t "$TIMEOUT" -- "$@" <"$input" >/dev/null 2>"$WORK/$row.err" ||
			die "runstat failed or was interrupted during $row"
		code=$(tail -n 1 "$raw" | awk '{ print $3 }')
		case " $okcodes " in
		*" $code "*) ;;
		*)
			status="failed:$code"
			say "$row (N=$SIZE) failed with status $code; its stderr:"
			tail -n 20 "$WORK/$row.err" | sed 's/^/bench:   /' >&2
			FAILED=1
			break
			;;
		esac
		i=$((i + 1))
	done
	sed 1d "$raw" | awk '{ print $1 }' >"$raw.wall"
	sed 1d "$raw" | awk '{ print $2 }' >"$raw.rss"
	med=$(median "$raw.wall")
	rss=$(sort -n "$raw.rss" | tail -n 1)
	n=$(wc -l <"$raw.wall" | tr -d ' ')
	[ -n "$rss" ] || rss=nan
	printf '%s\t%s\truns\t%s\n%s\t%s\tfiles\t%s\n%s\t%s\tmedian_s\t%s\n%s\t%s\tpeak_rss_kib\t%s\n%s\t%s\tstatus\t%s\n' \
		"$SIZE" "$row" "$n" "$SIZE" "$row" "$FILES" "$SIZE" "$row" "$med" \
		"$SIZE" "$row" "$rss" "$SIZE" "$row" "$status" >>"$TSV.tmp"
	printf '%s %s %s %s %s %s %s\n' "$SIZE" "$FILES" "$row" "$n" "$med" "$rss" "$status" >>"$TABLE"
	case $row in
	confcheck-first) RSS_FIRST=$rss ;;
	confcheck-steady) MED_STEADY=$med RSS_STEADY=$rss ;;
	confcheck-mapped) MED_MAPPED=$med ;;
	xxhsum) MED_XXHSUM=$med ;;
	datecheck) MED_SHELL=$med ;;
	esac
}

# steady ROW ROOT: the steady state over template root ROOT: one untimed run on an empty
# state dir leaves the state, then ROW is measured with it.
steady() {
	rm -rf "$STEADY"
	mkdir "$STEADY"
	"$RUNSTAT" -o "$WORK/populate" -t "$TIMEOUT" -- \
		"$CONFCHECK" check --templates "$2" --config "$C" --state "$STEADY" --quiet \
		</dev/null >/dev/null 2>&1 || die "runstat failed"
	measure "$1" "$R" keep "0 1" /dev/null -- \
		"$CONFCHECK" check --templates "$2" --config "$C" --state "$STEADY" --quiet
}

# runs_for N: the number of timed runs for a volume of size N.
runs_for() {
	if [ -n "$RUNS" ]; then
		echo "$RUNS"
	elif [ "$1" -le 1000 ]; then
		echo 11
	elif [ "$1" -le 10000 ]; then
		echo 7
	else
		echo 5
	fi
}

RATIOS=$WORK/ratios
: >"$RATIOS"
prev_files='' prev_rss=''
for SIZE in $SIZES; do
	R=$(runs_for "$SIZE")
	V=$WORK/v$SIZE
	D=$V/defaults
	C=$V/config
	DM=$V/defaults-mapped
	FRESH=$V/state-fresh
	STEADY=$V/state-steady

	say "N=$SIZE: generating the volume"
	"$TOP/bench/gen.sh" "$SIZE" "$V" >/dev/null
	"$TOP/bench/mapvol.sh" "$V"

	# The files confcheck reads: the templates, and the user files that have one.
	find "$D" -type f -name '*.sample' | LC_ALL=C sort >"$V/templates.txt"
	awk -v d="$D/" '{ print substr($0, length(d) + 1, length($0) - length(d) - 7) }' \
		"$V/templates.txt" >"$V/rel.txt"
	while IFS= read -r rel; do
		if [ -f "$C/$rel" ]; then echo "$C/$rel"; fi
	done <"$V/rel.txt" >"$V/users.txt"
	cat "$V/templates.txt" "$V/users.txt" | tr '\n' '\0' >"$V/files.list"
	NT=$(wc -l <"$V/templates.txt" | tr -d ' ')
	NU=$(wc -l <"$V/users.txt" | tr -d ' ')
	FILES=$((NT + NU))
	printf '%s\tvolume\ttemplates\t%s\n%s\tvolume\tuser_files\t%s\n' "$SIZE" "$NT" "$SIZE" "$NU" >>"$TSV.tmp"
	echo "$SIZE $NT $NU" >>"$WORK/volumes"

	say "N=$SIZE: warming the page cache ($FILES files read by confcheck)"
	find "$V" -type f -print0 | xargs -0 cat >/dev/null

	say "N=$SIZE: confcheck first start, $R runs"
	measure confcheck-first "$R" fresh "0 1" /dev/null -- \
		"$CONFCHECK" check --templates "$D" --config "$C" --state "$FRESH" --quiet

	say "N=$SIZE: confcheck steady state, $R runs"
	steady confcheck-steady "$D"

	say "N=$SIZE: confcheck steady state with a mapping file, $R runs"
	steady confcheck-mapped "$DM"

	say "N=$SIZE: xxhsum -H3 over the same files, $R runs"
	measure xxhsum "$R" keep "0" "$V/files.list" -- xargs -0 xxhsum -H3

	say "N=$SIZE: date-line shell check, $R runs"
	measure datecheck "$R" keep "0" /dev/null -- "$TOP/bench/datecheck.sh" "$C"

	# Ratios, from this run only.
	s_shell=$(ratio "$MED_STEADY" "$MED_SHELL")
	x_shell=$(ratio "$MED_SHELL" "$MED_STEADY")
	s_xxh=$(ratio "$MED_STEADY" "$MED_XXHSUM")
	m_xxh=$(ratio "$MED_MAPPED" "$MED_XXHSUM")
	rpf_first=$(ratio "$RSS_FIRST" "$FILES")
	rpf_steady=$(ratio "$RSS_STEADY" "$FILES")
	growth=-
	if [ -n "$prev_files" ]; then
		growth=$(ratio "$(minus "$RSS_STEADY" "$prev_rss")" "$((FILES - prev_files))")
	fi
	prev_files=$FILES prev_rss=$RSS_STEADY
	{
		printf '%s\tratio\tsteady_over_shell\t%s\n' "$SIZE" "$s_shell"
		printf '%s\tratio\tsteady_over_xxhsum\t%s\n' "$SIZE" "$s_xxh"
		printf '%s\tratio\tmapped_over_xxhsum\t%s\n' "$SIZE" "$m_xxh"
		printf '%s\tratio\tfirst_rss_kib_per_file\t%s\n' "$SIZE" "$rpf_first"
		printf '%s\tratio\tsteady_rss_kib_per_file\t%s\n' "$SIZE" "$rpf_steady"
		printf '%s\tratio\tsteady_rss_kib_per_extra_file\t%s\n' "$SIZE" "$growth"
	} >>"$TSV.tmp"
	printf '%s %s %s %s %s %s %s %s\n' "$SIZE" "$s_shell" "$x_shell" "$s_xxh" "$rpf_first" \
		"$rpf_steady" "$growth" "$m_xxh" >>"$RATIOS"

	rm -rf "$V"
done
mv "$TSV.tmp" "$TSV"

# The readable table.
echo "confcheck benchmark: $CONFCHECK"
echo "warm page cache; median wall time over the timed runs; peak RSS = largest single process,"
echo "highest over the timed runs; files = what confcheck reads (templates + user files with one):"
awk '{ printf "  N=%s: %s templates + %s user files = %s files\n", $1, $2, $3, $2 + $3 }' "$WORK/volumes"
echo
awk 'BEGIN {
		name["confcheck-first"] = "confcheck first start"
		name["confcheck-steady"] = "confcheck steady"
		name["confcheck-mapped"] = "confcheck mapped"
		name["xxhsum"] = "xxhsum -H3 (xargs)"
		name["datecheck"] = "date check (shell)"
		printf "%7s %7s  %-22s %4s %12s %13s  %s\n", "size", "files", "row", "runs",
			"median ms", "peak RSS KiB", "status"
	}
	{
		ms = ($5 == "nan") ? "-" : sprintf("%.3f", $5 * 1000)
		printf "%7s %7s  %-22s %4s %12s %13s  %s\n", $1, $2, name[$3], $4, ms, $6, $7
	}' "$TABLE"
echo
echo "ratios (from this run)"
awk 'function met(ok) { return ok ? "met" : "missed" }
	function num(x) { return x ~ /^-?[0-9]+([.][0-9]+)?$/ }
	{
		printf "%7s  steady/shell   %8s", $1, $2
		if (num($3)) printf "  (%.1fx faster)", $3
		if ($1 == 400) printf "   goal: >= 20x faster at 400: %s", num($3) ? met($3 >= 20) : "n/a"
		printf "\n"
		printf "%7s  steady/xxhsum  %8s", $1, $4
		if ($1 == 4000 || $1 == 40000) printf "   goal: <= 1.5 at 4000 and 40000: %s", num($4) ? met($4 <= 1.5) : "n/a"
		printf "\n"
		printf "%7s  mapped/xxhsum  %8s", $1, $8
		if ($1 == 4000 || $1 == 40000) printf "   goal: <= 1.5 at 4000 and 40000: %s", num($8) ? met($8 <= 1.5) : "n/a"
		printf "\n"
		printf "%7s  RSS KiB/file   first %s, steady %s", $1, $5, $6
		if ($7 != "-") printf "; steady KiB per extra file since the previous size: %s", $7
		printf "\n"
	}' "$RATIOS"
echo "(goal for memory: linear growth, so the KiB per extra file stays about the same from one"
echo " size to the next; RSS per file falls while the fixed start-up cost dominates)"
echo
echo "results: $TSV"
exit "$FAILED"
