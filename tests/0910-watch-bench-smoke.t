#!/bin/bash
# bench/watch.sh works: a tiny run fills every row of watch.tsv and prints the table. No timing
# is asserted, only that the numbers are numbers.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

[ -x "$CONFCHECK" ] || skip_all "no confcheck binary at $CONFCHECK"
[ -r /proc/self/stat ] || skip_all "no /proc"

if cc -std=c11 -O2 -Wall -Wextra -Werror -o "$T/watchlat" "$TOP/bench/watchlat.c" 2>"$T/cc.err"; then
	ok 0 "watchlat builds without warnings"
else
	ok 1 "watchlat builds without warnings"
	sed 's/^/# /' "$T/cc.err"
fi
"$T/watchlat" >/dev/null 2>&1
is "$?" 2 "watchlat without arguments is a usage error"

mkdir "$T/benchdir"
BENCH_WATCH_SIZE=50 BENCH_IDLE=1 BENCH_SAVES=5 BENCH_DIR="$T/benchdir" BENCH_OUT="$T/out" \
	CONFCHECK="$CONFCHECK" "$TOP/bench/watch.sh" >"$T/run.out" 2>"$T/run.err"
rc=$?
is "$rc" 0 "a tiny bench/watch.sh run succeeds"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/run.err"
tsv=$T/out/watch.tsv
missing=0
for r in "inotify start_ms" "inotify mapped_files" "inotify watched_directories" "inotify rss_kib" \
	"inotify hwm_kib" "inotify idle_cpu_ms" "inotify idle_context_switches" \
	"latency-200ms latency_median_ms" "latency-200ms latency_p99_ms" \
	"latency-0ms latency_median_ms" "latency-0ms latency_p99_ms" "poll idle_cpu_ms" \
	"poll idle_context_switches"; do
	grep -Eq "^${r% *}	${r#* }	[0-9]+(\.[0-9]+)?\$" "$tsv" || {
		missing=$((missing + 1))
		echo "# no number for $r"
	}
done
is "$missing" 0 "watch.tsv has a number in every row"
is "$(grep -c '^latency-200ms	saves	5$' "$tsv")" 1 "every save was measured"
for label in 'start to ready' 'resident memory once ready' 'idle 1 s, inotify' \
	'save -> status, debounce 200 ms' 'save -> status, debounce 0'; do
	grep -qF -- "$label" "$T/run.out"
	ok $? "the table shows '$label'"
done
is "$(find "$T/benchdir" -mindepth 1 | wc -l)" 0 "the bench removed its temp dirs"

done_testing
