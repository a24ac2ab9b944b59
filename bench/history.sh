#!/bin/sh
# bench/history.sh [COMMITS [TEMPLATES]] - the cost of `confcheck history import`.
#
# Generates an image-shaped git repository with `git fast-import` (default: 1,000
# first-parent commits reaching 400 templates under root/defaults/nginx/, as an image
# repository grows: templates added, changed with and without a date bump, renamed,
# deleted, mass comment-only date bumps, commits that touch no template, and a few merged
# side branches), then times three runs of confcheck against it:
#
#   import    `history import --map root/defaults/= --out H REPO` into an empty H
#   again     the same command again: nothing new, the incremental path
#   one more  one new commit changing one template, imported into the same H
#
# and reports the size of H (du, and after `git gc` for comparison), the template sets and
# versions it holds, and the templates in the newest commit. Timings are reported, never
# asserted: the exit status is 0 when every run succeeded, 1 when one failed, 2 on misuse.
#
# Environment:
#   CONFCHECK   the binary under test (default: ./confcheck at the repository root)
#   BENCH_DIR   where the temporary repository goes (default /tmp); removed on exit
#   BENCH_OUT   where history.tsv goes (default bench/out)
#   BENCH_SEED  the generator's seed (default 1); the same seed gives the same repository
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
CONFCHECK=${CONFCHECK:-$TOP/confcheck}
case $CONFCHECK in
/*) ;;
*/*) CONFCHECK=$PWD/$CONFCHECK ;;
*) CONFCHECK=$(command -v "$CONFCHECK" || echo "$CONFCHECK") ;;
esac
COMMITS=${1:-1000}
TEMPLATES=${2:-400}
SEED=${BENCH_SEED:-1}
OUT=${BENCH_OUT:-$TOP/bench/out}

die() {
	echo "bench/history: $*" >&2
	exit 2
}
for n in "$COMMITS" "$TEMPLATES" "$SEED"; do
	case $n in '' | *[!0-9]*) die "usage: bench/history.sh [COMMITS [TEMPLATES]] (numbers)" ;; esac
done
if [ "$COMMITS" -lt 10 ] || [ "$TEMPLATES" -lt 10 ]; then
	die "COMMITS and TEMPLATES must be at least 10"
fi
[ -x "$CONFCHECK" ] || die "no confcheck binary at '$CONFCHECK' (run make, or set CONFCHECK)"
command -v git >/dev/null 2>&1 || die "git not found"
command -v perl >/dev/null 2>&1 || die "perl not found"

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/confcheck-histbench.XXXXXX") || die "cannot make a temp dir"
# shellcheck disable=SC2317 # called by the traps
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK" GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org

# The generator writes a fast-import stream: refs/heads/main gets COMMITS first-parent
# commits; every 50th commit merges a one-commit side branch that changed one template.
gen() {
	perl - "$COMMITS" "$TEMPLATES" "$SEED" <<'PERL'
use strict; use warnings;
my ($commits, $target, $seed) = @ARGV;
my $rng = $seed * 2654435761 % 4294967296 || 1;
sub rnd { $rng = (1103515245 * $rng + 12345) % 2147483648; return $rng % $_[0]; }
my @words = qw(proxy_pass proxy_set_header include set resolver location listen server_name
  client_max_body_size auth_request error_page return rewrite add_header ssl_certificate);
my $t = 1546300800; # 2019-01-01
my (%tpl, %date, $mark);
my $base = 'root/defaults/nginx';
sub datestr { my @g = gmtime($_[0]); sprintf('%04d/%02d/%02d', $g[5] + 1900, $g[4] + 1, $g[3]); }
sub body {
	my ($name) = @_;
	my $s = '';
	my $lines = 30 + rnd(70);
	for my $i (1 .. $lines) {
		if (rnd(5) == 0) { $s .= "# " . $words[rnd(scalar @words)] . " comment $i for $name\n"; }
		else { $s .= "    " . $words[rnd(scalar @words)] . " value_" . rnd(100000) . ";\n"; }
	}
	return $s;
}
sub content { my ($p) = @_; return "## Version $date{$p}\n# $p\n$tpl{$p}"; }
sub data { my ($s) = @_; return 'data ' . length($s) . "\n$s\n"; }
sub commit {
	my ($ref, $msg, $from, $merge, @mods) = @_;
	$t += 3600 + rnd(86400);
	$mark++;
	print "commit $ref\nmark :$mark\ncommitter bench <bench\@example.org> $t +0000\n", data($msg);
	print "from :$from\n" if $from;
	print "merge :$merge\n" if $merge;
	print @mods;
	print "\n";
	return $mark;
}
sub modify { my ($p) = @_; return "M 100644 inline $p\n" . data(content($p)); }
my $n = 0;
sub newname { $n++; my $k = rnd(4) ? 'subdomain' : 'subfolder'; return "$base/proxy-confs/app$n.$k.conf.sample"; }
my @mods;
for my $f (qw(nginx.conf ssl.conf proxy.conf site-confs/default.conf authelia-location.conf
	authelia-server.conf ldap-location.conf ldap-server.conf resolver.conf)) {
	my $p = "$base/$f.sample";
	$date{$p} = datestr($t); $tpl{$p} = body($p); push @mods, modify($p);
}
my $initial = int($target * 3 / 4);
for (1 .. $initial - 9) {
	my $p = newname(); $date{$p} = datestr($t); $tpl{$p} = body($p); push @mods, modify($p);
}
push @mods, "M 100644 inline README.md\n" . data("# image\n");
push @mods, "M 100644 inline Dockerfile\n" . data("FROM alpine\n");
my $head = commit('refs/heads/main', "Initial import\n", 0, 0, @mods);
my $adds = $target - $initial;
for my $c (2 .. $commits) {
	my @paths = sort keys %tpl;
	my $r = rnd(100);
	my ($msg, @m);
	if ($adds > 0 && $commits - $c < $adds) {
		# the last commits add what is missing, so HEAD has TEMPLATES templates
		my $p = newname(); $date{$p} = datestr($t + 3600); $tpl{$p} = body($p);
		push @m, modify($p); $adds--; $msg = "Add $p\n";
	} elsif ($c % 50 == 0) {
		# a side branch changes one template, then main merges it
		my $p = $paths[rnd(scalar @paths)];
		$date{$p} = datestr($t + 7200); $tpl{$p} .= "    side_change $c;\n";
		my $side = commit('refs/heads/side', "Side change $c\n", $head, 0, modify($p));
		$head = commit('refs/heads/main', "Merge branch 'side'\n", $head, $side, modify($p));
		next;
	} elsif ($c % 200 == 100) {
		# a mass date bump for a comment-only change
		my $d = datestr($t + 3600);
		for my $p (@paths) {
			next if rnd(3) == 0;
			$date{$p} = $d; $tpl{$p} = "# note $c\n" . $tpl{$p}; push @m, modify($p);
		}
		$msg = "Bump versions for the comment change $c\n";
	} elsif ($adds > 0 && $r < 12) {
		my $p = newname(); $date{$p} = datestr($t + 3600); $tpl{$p} = body($p);
		push @m, modify($p); $adds--; $msg = "Add $p\n";
	} elsif ($r < 55) {
		for (0 .. rnd(3)) {
			my $p = $paths[rnd(scalar @paths)];
			$date{$p} = datestr($t + 3600) if rnd(20);
			$tpl{$p} .= "    change_$c " . rnd(1000) . ";\n"; push @m, modify($p);
		}
		$msg = "Update templates $c\n";
	} elsif ($r < 57) {
		my $p = $paths[rnd(scalar @paths)];
		(my $q = $p) =~ s/app(\d+)/app$1-renamed/;
		if ($q eq $p || exists $tpl{$q}) {
			push @m, "M 100644 inline Dockerfile\n" . data("FROM alpine\n# $c\n");
			$msg = "Build $c\n";
		} else {
			$tpl{$q} = delete $tpl{$p}; $date{$q} = delete $date{$p};
			push @m, "D $p\n", modify($q); $msg = "Rename $p\n";
		}
	} elsif ($r < 58 && @paths > 20 && $commits - $c > 10) {
		my $p = $paths[rnd(scalar @paths)];
		delete $tpl{$p}; delete $date{$p}; $adds++;
		push @m, "D $p\n"; $msg = "Drop $p\n";
	} else {
		push @m, "M 100644 inline README.md\n" . data("# image\nrevision $c\n");
		$msg = "Docs $c\n";
	}
	$head = commit('refs/heads/main', $msg, $head, 0, @m);
}
PERL
}

REPO=$WORK/repo
H=$WORK/history
git init -q --bare "$REPO"
gen >"$WORK/stream" || die "the generator failed"
git -C "$REPO" fast-import --quiet <"$WORK/stream" || die "git fast-import failed"
rm -f "$WORK/stream"
git -C "$REPO" symbolic-ref HEAD refs/heads/main

first_parent=$(git -C "$REPO" rev-list --first-parent --count main)
templates=$(git -C "$REPO" ls-tree -r --name-only main root/defaults | grep -c '\.sample$')
echo "bench/history: repository with $first_parent first-parent commits, $templates templates at HEAD" >&2

FAILED=0
# timed NAME COMMAND...: runs the command once; its wall time in seconds goes to $WORK/NAME.time.
timed() {
	name=$1
	shift
	start=$(date +%s.%N)
	if ! "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
		echo "bench/history: $name failed:" >&2
		sed 's/^/bench\/history:   /' "$WORK/$name.err" >&2
		FAILED=1
	fi
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >"$WORK/$name.time"
}

timed import "$CONFCHECK" history import --map root/defaults/= --out "$H" "$REPO"
timed again "$CONFCHECK" history import --map root/defaults/= --out "$H" "$REPO"
# one more commit: change one template
path=$(git -C "$REPO" ls-tree -r --name-only main root/defaults/nginx/proxy-confs | head -n 1)
{
	git -C "$REPO" cat-file -p "main:$path"
	echo "    one_more;"
} >"$WORK/changed"
{
	printf 'commit refs/heads/main\ncommitter bench <bench@example.org> %s +0000\n' "$(date +%s)"
	printf 'data 16\nOne more change\nfrom refs/heads/main^0\n'
	printf 'M 100644 inline %s\ndata %s\n' "$path" "$(wc -c <"$WORK/changed" | tr -d ' ')"
	cat "$WORK/changed"
	echo
} | git -C "$REPO" fast-import --quiet || die "cannot add one more commit"
timed onemore "$CONFCHECK" history import --map root/defaults/= --out "$H" "$REPO"
T_import=$(cat "$WORK/import.time")
T_again=$(cat "$WORK/again.time")
T_onemore=$(cat "$WORK/onemore.time")

sets=$(grep -c '^set	' "$H/confcheck-index" || true)
versions=$(grep -c '^ver	' "$H/confcheck-index" || true)
size_kib=$(du -sk "$H" | awk '{ print $1 }')
files=$(find "$H" -type f | wc -l | tr -d ' ')
cp -r "$H" "$WORK/gc"
git -C "$WORK/gc" gc -q --prune=now 2>/dev/null || true
gc_kib=$(du -sk "$WORK/gc" | awk '{ print $1 }')
last=$(sed -n 's/.*; \([0-9]*\) templates in the newest commit.*/\1/p' "$WORK/onemore.out")
new_sets=$(sed -n 's/.*), \([0-9]*\) new template sets.*/\1/p' "$WORK/onemore.out")

mkdir -p "$OUT"
{
	printf 'metric\tvalue\n'
	printf 'commits\t%s\n' "$first_parent"
	printf 'templates_at_head\t%s\n' "$templates"
	printf 'import_s\t%s\n' "$T_import"
	printf 'reimport_s\t%s\n' "$T_again"
	printf 'one_more_s\t%s\n' "$T_onemore"
	printf 'one_more_new_sets\t%s\n' "${new_sets:-nan}"
	printf 'sets\t%s\n' "$sets"
	printf 'versions\t%s\n' "$versions"
	printf 'templates_newest\t%s\n' "${last:-nan}"
	printf 'history_kib\t%s\n' "$size_kib"
	printf 'history_files\t%s\n' "$files"
	printf 'history_gc_kib\t%s\n' "$gc_kib"
} >"$OUT/history.tsv"

printf '%-34s %s\n' \
	"source repository" "$first_parent first-parent commits, $templates templates at HEAD" \
	"import into an empty history" "${T_import} s" \
	"import again (nothing new)" "${T_again} s" \
	"import one more commit" "${T_onemore} s (${new_sets:-?} new set)" \
	"history" "$sets sets, $versions versions, ${last:-?} templates in the newest" \
	"history size" "$size_kib KiB in $files files ($gc_kib KiB after git gc)"
echo "bench/history: results in $OUT/history.tsv" >&2
exit "$FAILED"
