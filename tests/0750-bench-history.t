#!/bin/bash
# bench/history.sh works: it generates the repository it promises, imports it three times
# and fills every row of history.tsv. No timing is asserted.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/lib.sh"

[ -x "$CONFCHECK" ] || skip_all "no confcheck binary at $CONFCHECK"

"$TOP/bench/history.sh" 5 >/dev/null 2>&1
is "$?" 2 "fewer than 10 commits is a usage error"
"$TOP/bench/history.sh" x >/dev/null 2>&1
is "$?" 2 "so is a word"

mkdir "$T/work"
BENCH_DIR="$T/work" BENCH_OUT="$T/out" CONFCHECK="$CONFCHECK" \
	"$TOP/bench/history.sh" 60 30 >"$T/table" 2>"$T/err"
rc=$?
is "$rc" 0 "bench/history.sh 60 30 succeeds"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/err"
tsv=$T/out/history.tsv
value() { awk -F '\t' -v m="$1" '$1 == m { print $2 }' "$tsv"; }
is "$(value commits)" 60 "the repository has 60 first-parent commits"
is "$(value templates_at_head)" 30 "and 30 templates at HEAD"
is "$(value templates_newest)" 30 "the newest imported set has them all"
is "$(value one_more_new_sets)" 1 "one more commit is one more set"
sets=$(value sets)
[ "$sets" -gt 10 ] && [ "$sets" -le 61 ]
ok $? "the history holds one set per commit that changed templates ($sets)"
missing=0
for m in import_s reimport_s one_more_s versions history_kib history_files history_gc_kib; do
	value "$m" | grep -Eq '^[0-9]+(\.[0-9]+)?$' || missing=$((missing + 1))
done
is "$missing" 0 "every row of history.tsv has a number"
for label in 'import into an empty history' 'import again' 'import one more commit' 'history size'; do
	grep -q -- "$label" "$T/table"
	ok $? "the table shows '$label'"
done
is "$(find "$T/work" -mindepth 1 | wc -l)" 0 "the bench removed its temp dir"

done_testing
