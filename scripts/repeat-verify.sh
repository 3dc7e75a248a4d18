#!/usr/bin/env bash
# Runs the whole test suite (mvn -B verify) N times with a CPU hog beside it, and reports how many
# runs were green and which tests failed, how often.
#
#   scripts/repeat-verify.sh [--resume] N
#
# With --resume, the runs already recorded in target/repeat-verify for the same commit (with a clean
# work tree) count towards N, so that N runs of one commit may span several sittings; a run that was
# interrupted is run again. Without it, earlier records are removed first.
#
# The hog is `stress-ng --cpu 1` when stress-ng is installed, else a busy loop in bash; it is
# killed when the script ends, however it ends. Maven runs offline (-o) when the local repository
# already holds everything, else online. Each run's log and surefire reports are kept in
# target/repeat-verify/run-I/. The last lines printed are
#
#   P passed, F failed
#     COUNT  Class.method
#
# (one line per failing test, with the number of runs it failed in). The exit status is 0 when
# every run passed, 1 otherwise. On a shared machine, serialize it with other builds, e.g.
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
# What is being verified: the commit, and whether the work tree differs from it.
commit=$( (git rev-parse HEAD 2>/dev/null || echo unknown) | tr -d '\n')
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit+changes"
fi
if [ -n "$resume" ] && [ -f "$out/commit" ] && [ "$(cat "$out/commit")" = "$commit" ] &&
  [[ "$commit" != *+changes ]]; then
  echo "resuming the runs of $commit"
else
  [ -n "$resume" ] && echo "nothing to resume for $commit: starting afresh"
  rm -rf "$out"
fi
mkdir -p "$out"
echo "$commit" >"$out/commit"

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
  echo "CPU hog: stress-ng --cpu 1 (pid $hog)"
else
  bash -c 'while :; do :; done' &
  hog=$!
  echo "CPU hog: a busy loop in bash (pid $hog)"
fi

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
for i in $(seq 1 "$runs"); do
  dir=$out/run-$i
  if [ -f "$dir/result" ]; then
    # Recorded in an earlier sitting for this commit: its first line is passed or failed, the
    # others its failing tests.
    if [ "$(head -n 1 "$dir/result")" = passed ]; then
      passed=$((passed + 1))
      echo "run $i/$runs: passed (recorded)"
      continue
    fi
    failed=$((failed + 1))
    echo "run $i/$runs: FAILED (recorded)"
    while IFS= read -r t; do
      [ -n "$t" ] || continue
      count[$t]=$((${count[$t]:-0} + 1))
      echo "  $t"
    done < <(tail -n +2 "$dir/result")
    continue
  fi
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
  for reports in "$root"/*/target/surefire-reports; do
    [ -d "$reports" ] || continue
    module=$(basename "$(dirname "$(dirname "$reports")")")
    mkdir -p "$dir/$module"
    cp "$reports"/TEST-*.xml "$dir/$module/" 2>/dev/null
  done
  tests=$(failing_tests)
  if [ $status -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $i/$runs: passed (${took} s)"
  else
    failed=$((failed + 1))
    if [ -z "$tests" ]; then
      tests="(run $i: the build failed without a failing test; see $dir/mvn.log)"
    fi
    echo "run $i/$runs: FAILED (${took} s)"
  fi
  while IFS= read -r t; do
    [ -n "$t" ] || continue
    count[$t]=$((${count[$t]:-0} + 1))
    echo "  $t"
  done <<<"$tests"
  # Written last, so that a run cut short leaves no result and is run again on --resume.
  { [ $status -eq 0 ] && echo passed || echo failed; [ $status -eq 0 ] || echo "$tests"; } \
    >"$dir/result"
done

stop
echo
echo "commit: $commit"
echo "$passed passed, $failed failed"
for t in "${!count[@]}"; do
  printf '  %3d  %s\n' "${count[$t]}" "$t"
done | sort -k1,1nr -k2
[ $failed -eq 0 ]
