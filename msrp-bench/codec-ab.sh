#!/usr/bin/env bash
# The codec benchmark of two commits side by side: BASE's benchmarks.jar against this work tree's,
# in alternating rounds (base, here, here, base, ...) so that a drift of the machine falls on both,
# each round FORKS JVM forks. Prints every fork's score and, per side, the median, best and worst
# fork and, with PROF=gc, the bytes allocated per operation. JMH's own averages hide what matters
# here: the forks of the decoder are bimodal (the JIT's inlining differs from fork to fork).
#
#   msrp-bench/codec-ab.sh BASE
#
# BASE: a commit (e.g. 97f035b). Environment, with defaults:
#   BENCH='CodecBenchmark.decode$'  PARAMS='-p bodySize=0'  FORKS=10  ROUNDS=2
#   JMH='-wi 3 -w 1s -i 3 -r 2s'    PROF= (gc: JMH's -prof gc, allocation per operation)
# Needs Maven (offline when the local repository has everything) and a quiet machine: two cores,
# nothing else running, or the figures mean little.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 BASE   (a commit)" >&2; exit 2; }
base=$(git rev-parse --verify "$1^{commit}")
BENCH=${BENCH:-'CodecBenchmark.decode$'}
PARAMS=${PARAMS:-'-p bodySize=0'}
FORKS=${FORKS:-10}
ROUNDS=${ROUNDS:-2}
JMH=${JMH:-'-wi 3 -w 1s -i 3 -r 2s'}
PROF=${PROF:-}
WORK=$(mktemp -d /tmp/parley-codec-ab.XXXXXX)
cleanup() {
  git worktree remove --force "$WORK/base" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

build() { # dir log: builds that tree's benchmarks.jar (offline first)
  (cd "$1" && { mvn -B -o -pl msrp-bench -am package -DskipTests >"$2" 2>&1 ||
    mvn -B -pl msrp-bench -am package -DskipTests >"$2" 2>&1; }) ||
    { tail -30 "$2" >&2; exit 1; }
}
git worktree add -q --detach "$WORK/base" "$base"
echo "building the benchmarks of $base and of this work tree ($(git rev-parse --short HEAD)$(
  [ -z "$(git status --porcelain --untracked-files=no)" ] || echo ' with changes'))"
build "$WORK/base" "$WORK/build-base.log"
build . "$WORK/build-here.log"
cp "$WORK/base/msrp-bench/target/benchmarks.jar" "$WORK/base.jar"
cp msrp-bench/target/benchmarks.jar "$WORK/here.jar"

for r in $(seq 1 "$ROUNDS"); do
  order="base here"
  [ $((r % 2)) -eq 1 ] || order="here base" # ABBA: a drift of the machine falls on both sides
  for side in $order; do
    echo "round $r/$ROUNDS: $side"
    # shellcheck disable=SC2086 # JMH's options are words
    java -jar "$WORK/$side.jar" "$BENCH" $PARAMS $JMH -f "$FORKS" ${PROF:+-prof "$PROF"} \
      -rf json -rff "$WORK/$side-$r.json" >"$WORK/$side-$r.log" 2>&1 ||
      { tail -20 "$WORK/$side-$r.log" >&2; exit 1; }
  done
done

echo
echo "# $(date -u +%FT%TZ) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)"
echo "# $BENCH $PARAMS $JMH, $ROUNDS rounds of $FORKS forks per side; base $base"
python3 - "$WORK" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
for side in ("base", "here"):
    forks, alloc, unit = {}, {}, ""
    for r in range(1, rounds + 1):
        for b in json.load(open(f"{work}/{side}-{r}.json")):
            key = b["benchmark"].rsplit(".", 1)[1] + " " + " ".join(
                f"{k}={v}" for k, v in sorted(b.get("params", {}).items()))
            unit = b["primaryMetric"]["scoreUnit"]
            forks.setdefault(key, []).extend(statistics.mean(f) for f in b["primaryMetric"]["rawData"])
            g = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm") or b.get(
                "secondaryMetrics", {}).get("·gc.alloc.rate.norm")
            if g:
                alloc.setdefault(key, []).append(g["score"])
    for key, s in forks.items():
        print(f"{side} {key}: median {statistics.median(s):,.0f}, best {max(s):,.0f}, "
              f"worst {min(s):,.0f} {unit} over {len(s)} forks"
              + (f"; {statistics.mean(alloc[key]):.0f} B/op" if key in alloc else ""))
        print("  forks: " + " ".join(f"{x:,.0f}" for x in sorted(s)))
PY
