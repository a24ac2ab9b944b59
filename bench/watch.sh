#!/bin/sh
# bench/watch.sh - what the resident watcher costs (`make bench` runs it after bench/run.sh).
#
# One SWAG-shaped volume of N templates (bench/gen.sh; N = BENCH_WATCH_SIZE, default 40000, so
# the watcher maps 40,000+ paths), checked once as the init would, then a watcher on it:
#
#   start       from launch to readiness (the s6 notification fd), and what it watches
#   memory      VmRSS and VmHWM of the watcher once ready (every thread), from /proc/PID/status
#   idle        BENCH_IDLE seconds (default 10) of nothing happening: CPU time (utime + stime of
#               every thread, from /proc/PID/stat, in clock ticks) and context switches
#               (voluntary + involuntary over every thread, /proc/PID/task/*/status), the
#               wakeup proxy. Goal with inotify: zero wakeups. The same with --poll 10, which
#               must stat every mapped path each tick, for comparison.
#   latency     from a save (an editor's atomic save: temp file renamed over the conf; see
#               bench/watchlat.c) to the new status.json renamed into place, observed with
#               inotify; BENCH_SAVES saves (default 200) spread over the active confs; median
#               and p99. Once with the default 200 ms debounce (what a user sees) and once with
#               --debounce 0 (what the work itself takes).
#
# Numbers are printed and written to $BENCH_OUT/watch.tsv; they never change the exit status,
# which is 0 when every step ran, 1 when one failed, 2 on a usage error.
#
# Environment: CONFCHECK (default ./confcheck), BENCH_WATCH_SIZE, BENCH_IDLE, BENCH_SAVES,
# BENCH_DIR (temp volumes, default /tmp), BENCH_OUT (default bench/out), CC (for watchlat).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
CONFCHECK=${CONFCHECK:-$TOP/confcheck}
case $CONFCHECK in
/*) ;;
*/*) CONFCHECK=$PWD/$CONFCHECK ;;
*) CONFCHECK=$(command -v "$CONFCHECK" || echo "$CONFCHECK") ;;
esac
SIZE=${BENCH_WATCH_SIZE:-40000}
IDLE=${BENCH_IDLE:-10}
SAVES=${BENCH_SAVES:-200}
OUT=${BENCH_OUT:-$TOP/bench/out}

die() {
	echo "bench/watch: $*" >&2
	exit 2
}
say() {
	echo "bench/watch: $*" >&2
}

[ -x "$CONFCHECK" ] || die "no confcheck binary at '$CONFCHECK' (run make, or set CONFCHECK)"
for v in "$SIZE" "$IDLE" "$SAVES"; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_WATCH_SIZE, BENCH_IDLE and BENCH_SAVES must be positive numbers" ;; esac
done
[ -r /proc/self/stat ] || die "/proc is needed to read CPU time and memory"

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/confcheck-watch-bench.XXXXXX") || die "cannot make a temp dir"
PID=
# shellcheck disable=SC2317 # called by the traps
cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null || :
		wait "$PID" 2>/dev/null || :
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${CC:-cc}" -std=c11 -O2 -o "$WORK/watchlat" "$TOP/bench/watchlat.c" || die "cannot build bench/watchlat.c"
TICK=$(getconf CLK_TCK)
V=$WORK/v
D=$V/defaults
C=$V/config
S=$V/state
mkdir -p "$OUT"
TSV=$OUT/watch.tsv
printf 'row\tmetric\tvalue\n' >"$TSV.tmp"
FAILED=0

row() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$TSV.tmp"
}
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# cpu PID: utime + stime of every thread, in clock ticks.
cpu() {
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
# switches PID: voluntary + involuntary context switches over every thread.
switches() {
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}
kib() {
	awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}

# start NAME ARGS...: starts the watcher; waits for readiness on fd 3 (a FIFO here).
start() {
	name=$1
	shift
	rm -f "$WORK/ready"
	mkfifo "$WORK/ready"
	t0=$(now_ms)
	"$CONFCHECK" watch --templates "$D" --config "$C" --state "$S" --ready-fd 3 "$@" \
		3>"$WORK/ready" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	PID=$!
	if ! read -r _ <"$WORK/ready"; then
		say "$name: the watcher never became ready; its stderr:"
		sed 's/^/bench\/watch:   /' "$WORK/$name.err" >&2
		FAILED=1
		return 1
	fi
	START_MS=$(($(now_ms) - t0))
}
stop() {
	kill "$PID" 2>/dev/null || :
	wait "$PID" 2>/dev/null || :
	PID=
}

# idle NAME: CPU ticks and context switches over $IDLE quiet seconds.
idle() {
	c0=$(cpu "$PID")
	s0=$(switches "$PID")
	sleep "$IDLE"
	IDLE_TICKS=$(($(cpu "$PID") - c0))
	IDLE_SWITCHES=$(($(switches "$PID") - s0))
	row "$1" idle_seconds "$IDLE"
	row "$1" idle_cpu_ms $((IDLE_TICKS * 1000 / TICK))
	row "$1" idle_context_switches "$IDLE_SWITCHES"
}

# latency NAME: median and p99 of save -> status.json, in milliseconds.
latency() {
	# shellcheck disable=SC2086 # generated paths without blanks, one argument each
	if ! "$WORK/watchlat" -n "$SAVES" -s "$S" $LAT_FILES >"$WORK/$1.lat"; then
		say "$1: $(grep -c timeout "$WORK/$1.lat") saves timed out"
		FAILED=1
	fi
	grep -v timeout "$WORK/$1.lat" | sort -n >"$WORK/$1.sorted" || :
	n=$(wc -l <"$WORK/$1.sorted" | tr -d ' ')
	LAT_MED=$(awk -v n="$n" 'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }' "$WORK/$1.sorted")
	LAT_P99=$(awk -v n="$n" 'BEGIN { k = int(n * 0.99 + 0.999) } NR == k { printf "%.1f", $1 / 1000 }' "$WORK/$1.sorted")
	LAT_MAX=$(tail -n 1 "$WORK/$1.sorted" | awk '{ printf "%.1f", $1 / 1000 }')
	row "$1" saves "$n"
	row "$1" latency_median_ms "${LAT_MED:-nan}"
	row "$1" latency_p99_ms "${LAT_P99:-nan}"
	row "$1" latency_max_ms "${LAT_MAX:-nan}"
}

say "generating a volume of $SIZE templates"
"$TOP/bench/gen.sh" "$SIZE" "$V" >/dev/null
find "$V" -type f -print0 | xargs -0 cat >/dev/null
"$CONFCHECK" check --templates "$D" --config "$C" --state "$S" --quiet >/dev/null 2>&1 || :
# the active confs to save: the manifest's first 20
LAT_FILES=$(grep -v '^#' "$V/manifest.tsv" | head -n 20 | awk -F '\t' -v c="$C" '{ printf "%s/%s ", c, $1 }')
[ -n "$LAT_FILES" ] || die "the volume has no active conf"

say "inotify: start, memory, $IDLE s idle"
start inotify
MAPPED=$(sed -n 's/^\[confcheck\] watching .* with inotify: \([0-9]*\) directories, \([0-9]*\) files.*/\2/p' "$WORK/inotify.out")
DIRS=$(sed -n 's/^\[confcheck\] watching .* with inotify: \([0-9]*\) directories.*/\1/p' "$WORK/inotify.out")
row inotify start_ms "$START_MS"
row inotify mapped_files "${MAPPED:-nan}"
row inotify watched_directories "${DIRS:-nan}"
RSS=$(kib "$PID" VmRSS)
HWM=$(kib "$PID" VmHWM)
row inotify rss_kib "$RSS"
row inotify hwm_kib "$HWM"
I_START=$START_MS
idle inotify
I_TICKS=$IDLE_TICKS I_SW=$IDLE_SWITCHES
say "inotify: $SAVES saves, default debounce"
latency latency-200ms
L1="$LAT_MED $LAT_P99 $LAT_MAX"
stop

say "inotify: $SAVES saves, --debounce 0"
start debounce0 --debounce 0
latency latency-0ms
L0="$LAT_MED $LAT_P99 $LAT_MAX"
stop

say "polling every 10 s: $IDLE s idle"
start poll --poll 10
idle poll
P_TICKS=$IDLE_TICKS P_SW=$IDLE_SWITCHES
stop

mv "$TSV.tmp" "$TSV"
echo "confcheck watch benchmark: $CONFCHECK"
echo "volume: $SIZE templates, ${MAPPED:-?} mapped paths in ${DIRS:-?} watched directories"
echo
printf '  %-34s %s\n' "start to ready" "$I_START ms"
printf '  %-34s %s KiB (peak %s KiB)\n' "resident memory once ready" "$RSS" "$HWM"
printf '  %-34s %s ms CPU, %s context switches\n' "idle ${IDLE} s, inotify" \
	"$((I_TICKS * 1000 / TICK))" "$I_SW"
printf '  %-34s %s ms CPU, %s context switches\n' "idle ${IDLE} s, --poll 10" \
	"$((P_TICKS * 1000 / TICK))" "$P_SW"
echo "$L1" | awk -v n="$SAVES" '{ printf "  %-34s median %s ms, p99 %s ms, max %s ms\n", "save -> status, debounce 200 ms", $1, $2, $3 }'
echo "$L0" | awk -v n="$SAVES" '{ printf "  %-34s median %s ms, p99 %s ms, max %s ms\n", "save -> status, debounce 0", $1, $2, $3 }'
echo
if [ "$I_SW" -eq 0 ]; then
	echo "goal: zero wakeups while idle with inotify: met"
else
	echo "goal: zero wakeups while idle with inotify: missed ($I_SW context switches)"
fi
echo "results: $TSV"
exit "$FAILED"
