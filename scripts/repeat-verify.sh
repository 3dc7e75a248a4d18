#!/usr/bin/env bash
# Runs the whole test suite (mvn -B verify) N times with a CPU hog beside it, and reports how many
# runs were green and which tests failed, how often.
#
#   scripts/repeat-verify.sh [--resume] N
#
# Every finished run is appended to the ledger reliability/repeat-verify.tsv (tracked in git), one
# line per run: the series, the commit whose code ran, the run's number, passed or failed, its
# seconds, when it ended, the machine, the hog and the failing tests (a ";" in a name as %3B). A
# series is one invocation and the ones that resume it. With --resume, the runs of the latest
# series in the ledger whose code is the code here count towards N, so that N runs of one code may
# span several sittings and machines: commit the ledger before the machine goes. "The code here" is
# the work tree apart from what `mvn verify` does not read: the records (ARCHITECTURE.md,
# BENCHMARKS.md, INTEROP.md, RELIABILITY.md), scripts/, msrp-bench's scripts and reliability/; the
# series' commit and the work tree may differ there and nowhere else (README.md and docs/ are read
# by tests). Runs of code no commit holds (changes, untracked sources, no git) are not written. A
# run cut short (interrupted, or Maven killed by a signal) leaves no line and is run again. Without
# --resume, a new series starts. Exit status: 0 when every run passed, 1 otherwise, 2 on bad
# usage, 130 when interrupted.
#
# The hog is `stress-ng --cpu 1` when stress-ng is installed, else a busy loop in bash; it is
# killed when the script ends, however it ends. Maven runs offline (-o) when the local repository
# already holds everything, else online. Each run's log and surefire reports are kept in
# target/repeat-verify/run-I/ (kept on --resume, removed when a new series starts). The last lines
# printed are
#
#   P passed, F failed
#     COUNT  Class.method
#
# (one line per failing test, with the number of runs it failed in). On a shared machine, serialize
# it with other builds, e.g.
# `flock /tmp/parley-mvn.lock scripts/repeat-verify.sh 20`.
set -uo pipefail

usage() {
  echo "usage: $0 [--resume] N   (N >= 1: how many times to run mvn -B verify)" >&2
  exit 2
}
resume=
if [ "${1:-}" = --resume ]; then
  resume=1
  shift
fi
[ $# -eq 1 ] || usage
[[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
runs=$1

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$root/target/repeat-verify
ledger=$root/reliability/repeat-verify.tsv
tab=$'\t'

# What `mvn verify` does not read: the records, the scripts and the ledger.
not_read=(':(top,exclude)ARCHITECTURE.md' ':(top,exclude)BENCHMARKS.md' ':(top,exclude)INTEROP.md'
  ':(top,exclude)RELIABILITY.md' ':(top,exclude)scripts/' ':(top,exclude,glob)msrp-bench/*.sh'
  ':(top,exclude)reliability/')
# Whether the tracked files here hold commit $1's code: no difference but in what is not read.
same_code() {
  git diff --quiet "$1" -- . "${not_read[@]}" 2>/dev/null
}

head_commit=$(git rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null || echo unknown)
if [ "$head_commit" != unknown ] && same_code "$head_commit" &&
  [ -z "$(git ls-files --others --exclude-standard -- . "${not_read[@]}")" ]; then
  code=$head_commit
else
  code="$head_commit+changes" # not resumable: nothing names this code again
fi

series=
if [ -n "$resume" ] && [[ "$code" != *+changes ]] && [ -f "$ledger" ]; then
  # The latest series whose commit's code is the code here.
  while IFS="$tab" read -r s c _ || [ -n "$s" ]; do
    [ -n "$s" ] && [ "${s:0:1}" != "#" ] || continue
    if [ "$s" != "$series" ] && same_code "$c"; then series=$s; fi
  done <"$ledger"
  if [ -n "$series" ]; then
    echo "resuming series $series"
  fi
fi
if [ -z "$series" ]; then
  [ -n "$resume" ] && echo "nothing to resume for $code: starting a new series"
  series="${code:0:12}@$(date -u +%Y-%m-%dT%H:%M:%SZ)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
  rm -rf "$out"
fi
mkdir -p "$out" "$(dirname "$ledger")"
if [ ! -f "$ledger" ]; then
  printf '# series\tcommit\trun\tresult\tseconds\tended (UTC)\tmachine\thog\tfailing tests\n' >"$ledger"
elif [ -n "$(tail -c 1 "$ledger")" ]; then
  echo >>"$ledger" # an editor took the last newline away: the next line must not join that one
fi

hog=
build=
stop() {
  local p
  for p in $build $hog; do
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  build=
  hog=
}
trap stop EXIT
trap 'exit 130' INT TERM

# Maven in the background, waited for, so that a signal ends the script (and the hog) at once.
maven() {
  mvn "$@" &
  build=$!
  wait "$build"
  local status=$?
  build=
  return $status
}

if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu 1 --timeout 0 --quiet &
  hog=$!
  hog_name="stress-ng --cpu 1"
else
  bash -c 'while :; do :; done' &
  hog=$!
  hog_name="a busy loop in bash"
fi
echo "CPU hog: $hog_name (pid $hog)"
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"

# Offline when every dependency and plugin is already in the local repository.
offline=-o

# The names (Class.method) of the failing tests in the surefire reports under the tree.
failing_tests() {
  find "$root" -path '*/target/surefire-reports/TEST-*.xml' -not -path "$out/*" -print0 |
    xargs -0 -r awk '
      /<testcase / {
        open = 1; name = ""; cls = "";
        if (match($0, / name="[^"]*"/)) name = substr($0, RSTART + 7, RLENGTH - 8);
        if (match($0, / classname="[^"]*"/)) cls = substr($0, RSTART + 12, RLENGTH - 13);
        if ($0 ~ /\/>[ \t]*$/) open = 0;
      }
      /^[ \t]*<(failure|error)[ >\/]/ && open {
        print (cls != "" ? cls : FILENAME) (name != "" ? "." name : ""); open = 0
      }
    ' | sort -u
}

passed=0
failed=0
declare -A count=()
tally() { # result, failing tests (one per line)
  if [ "$1" = passed ]; then
    passed=$((passed + 1))
    return
  fi
  failed=$((failed + 1))
  local t
  while IFS= read -r t; do
    [ -n "$t" ] || continue
    count[$t]=$((${count[$t]:-0} + 1))
    echo "  $t"
  done <<<"$2"
}

# The series' runs already in the ledger: run number, result, seconds, failing tests.
declare -A recorded=()
while IFS="$tab" read -r s _ n result seconds ended _ _ tests || [ -n "$s" ]; do
  [ "$s" = "$series" ] || continue
  recorded[$n]="$result$tab$seconds$tab$ended$tab$tests"
done < <(grep -v '^#' "$ledger")

for i in $(seq 1 "$runs"); do
  if [ -n "${recorded[$i]:-}" ]; then
    IFS="$tab" read -r result seconds ended tests <<<"${recorded[$i]}"
    echo "run $i/$runs: $result (recorded, ${seconds} s, ended $ended)"
    tally "$result" "$(tr ';' '\n' <<<"$tests" | sed 's/%3B/;/g; s/%25/%/g')"
    continue
  fi
  dir=$out/run-$i
  rm -rf "$dir"
  mkdir -p "$dir"
  find "$root" -path '*/target/surefire-reports' -not -path "$out/*" -prune -exec rm -rf {} +
  start=$(date +%s)
  maven -B $offline verify >"$dir/mvn.log" 2>&1
  status=$?
  if [ $status -ne 0 ] && [ -n "$offline" ] &&
    grep -q -E 'offline mode|has not been downloaded from it before' "$dir/mvn.log"; then
    echo "run $i: the local repository is incomplete; running online from now on"
    offline=
    maven -B verify >"$dir/mvn.log" 2>&1
    status=$?
  fi
  took=$(($(date +%s) - start))
  if [ $status -gt 128 ]; then
    # Maven killed by a signal (the kernel's OOM killer, a shutdown): no verdict on the code.
    echo "run $i: Maven was killed (signal $((status - 128))); not recorded" >&2
    exit 130
  fi
  for reports in "$root"/*/target/surefire-reports; do
    [ -d "$reports" ] || continue
    module=$(basename "$(dirname "$(dirname "$reports")")")
    mkdir -p "$dir/$module"
    cp "$reports"/TEST-*.xml "$dir/$module/" 2>/dev/null
  done
  tests=$(failing_tests)
  if [ $status -eq 0 ]; then
    result=passed
    tests=
  else
    result=failed
    [ -n "$tests" ] || tests="(the build failed without a failing test; see its mvn.log)"
  fi
  echo "run $i/$runs: $result (${took} s)"
  tally "$result" "$tests"
  # Written last, so that a run cut short leaves no line and is run again on --resume.
  if [[ "$code" != *+changes ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$series" "$code" "$i" "$result" "$took" \
      "$(date -u +%Y-%m-%dT%H:%MZ)" "$machine" "$hog_name" \
      "$(sed 's/%/%25/g; s/;/%3B/g' <<<"$tests" | paste -sd';')" >>"$ledger"
  fi
done

stop
echo
echo "series: $series (code of $code)"
echo "$passed passed, $failed failed"
for t in "${!count[@]}"; do
  printf '  %3d  %s\n' "${count[$t]}" "$t"
done | sort -k1,1nr -k2
[ $failed -eq 0 ]
