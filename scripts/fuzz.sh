#!/usr/bin/env bash
# Runs one Jazzer fuzz target in fuzzing mode for a time, then prints its executions and coverage.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [--keep]
#
#   TARGET   a short name from the table below, or MODULE:CLASS#METHOD
#            (e.g. msrp-core:org.parley.msrp.codec.MsrpDecoderFuzzTest#decode)
#   SECONDS  how long to fuzz
#   --keep   afterwards, merge the inputs of this run that add coverage into the committed corpus
#            (src/test/resources/<package>/<Class>Inputs/<method>/; libFuzzer's -merge=1)
#
# Short names:
#   decoder             msrp-core  org.parley.msrp.codec.MsrpDecoderFuzzTest#decode
#   msrp-uri            msrp-core  org.parley.msrp.MsrpUriFuzzTest#parse
#   digest-challenge    msrp-core  org.parley.msrp.auth.DigestFuzzTest#challenge
#   digest-credentials  msrp-core  org.parley.msrp.auth.DigestFuzzTest#credentials
#   sip-digest          sip        org.parley.sip.DigestFuzzTest#challenge
#   sdp                 sdp        org.parley.sdp.SdpParserFuzzTest#parse
#   sdp-answer          sdp        org.parley.sdp.offeranswer.OfferAnswerFuzzTest#answer
#   sdp-accept-answer   sdp        org.parley.sdp.offeranswer.OfferAnswerFuzzTest#acceptAnswer
#   sdp-re-offer        sdp        org.parley.sdp.offeranswer.OfferAnswerFuzzTest#reOffer
#   cpim                im         org.parley.im.cpim.CpimFuzzTest#parse
#   imdn                im         org.parley.im.imdn.ImdnFuzzTest#parse
#   is-composing        im         org.parley.im.iscomposing.IsComposingFuzzTest#parse
#   htdigest            relay      org.parley.relay.HtdigestUserStoreFuzzTest#read
#   relay-config        relay      org.parley.relay.RelayConfigFileFuzzTest#parse
#
# The corpus a run grows stays in MODULE/.cifuzz-corpus/ (ignored by git) and is reused by the next
# run. A finding (an input breaking an invariant) is written by Jazzer as crash-<sha1> into the
# committed corpus directory, where `mvn verify` replays it: fix the bug, rename the file to say what
# it is, and commit it with the fix. The Maven log is kept in target/fuzz/NAME.log.
#
# FUZZ_RUNS=N in the environment also stops the run after N executions.
#
# On a machine shared with other builds, serialize it: flock /tmp/parley-mvn.lock scripts/fuzz.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
target=$1
seconds=$2
keep=${3:-}
[[ $seconds =~ ^[0-9]+$ ]] || usage
[ -z "$keep" ] || [ "$keep" = --keep ] || usage

case $target in
  decoder) spec=msrp-core:org.parley.msrp.codec.MsrpDecoderFuzzTest#decode ;;
  msrp-uri) spec=msrp-core:org.parley.msrp.MsrpUriFuzzTest#parse ;;
  digest-challenge) spec=msrp-core:org.parley.msrp.auth.DigestFuzzTest#challenge ;;
  digest-credentials) spec=msrp-core:org.parley.msrp.auth.DigestFuzzTest#credentials ;;
  sip-digest) spec=sip:org.parley.sip.DigestFuzzTest#challenge ;;
  sdp) spec=sdp:org.parley.sdp.SdpParserFuzzTest#parse ;;
  sdp-answer) spec=sdp:org.parley.sdp.offeranswer.OfferAnswerFuzzTest#answer ;;
  sdp-accept-answer) spec=sdp:org.parley.sdp.offeranswer.OfferAnswerFuzzTest#acceptAnswer ;;
  sdp-re-offer) spec=sdp:org.parley.sdp.offeranswer.OfferAnswerFuzzTest#reOffer ;;
  cpim) spec=im:org.parley.im.cpim.CpimFuzzTest#parse ;;
  imdn) spec=im:org.parley.im.imdn.ImdnFuzzTest#parse ;;
  is-composing) spec=im:org.parley.im.iscomposing.IsComposingFuzzTest#parse ;;
  htdigest) spec=relay:org.parley.relay.HtdigestUserStoreFuzzTest#read ;;
  relay-config) spec=relay:org.parley.relay.RelayConfigFileFuzzTest#parse ;;
  *:*#*) spec=$target ;;
  *) echo "unknown target: $target" >&2; usage ;;
esac
module=${spec%%:*}
class=${spec#*:}
class=${class%%#*}
method=${spec##*#}
[ -d "$module/src/test/java" ] || { echo "no module $module" >&2; exit 2; }
source=$(find "$module/src/test/java" -name "${class##*.}.java" | head -1)
[ -n "$source" ] || { echo "no test class $class in $module" >&2; exit 2; }
# The fully qualified name, from the file's place (a short class name is accepted too).
fqcn=${source#"$module/src/test/java/"}
fqcn=${fqcn%.java}
fqcn=${fqcn//\//.}
package_dir=$(dirname "${fqcn//.//}")
inputs="$module/src/test/resources/$package_dir/${fqcn##*.}Inputs/$method"
work="$module/.cifuzz-corpus/$fqcn/$method"
name=$(echo "${fqcn##*.}-$method" | tr '[:upper:]' '[:lower:]')
mkdir -p target/fuzz "$inputs"
log="target/fuzz/$name.log"

offline=-o
ls "$HOME/.m2/repository/com/code-intelligence/jazzer-junit" >/dev/null 2>&1 || offline=

# Fuzzing mode (JAZZER_FUZZ); one method only: Jazzer fuzzes one test per JVM. Netty's leak
# detection is off here (paranoid records a stack per buffer: ten times slower); `mvn verify`
# replays the corpus with it on. The JUnit time-out of the module would stop the run.
mvn_args=(-B $offline -pl "$module" -am test
  "-Dtest=$fqcn#$method" -Dsurefire.failIfNoSpecifiedTests=false
  -Djunit.jupiter.execution.timeout.mode=disabled
  "-Dsurefire.argLine=-Xmx1g -Dio.netty.leakDetection.level=disabled"
  -Dspotless.check.skip=true)

before=$(find "$inputs" -name 'crash-*' | wc -l)
echo "fuzzing $fqcn#$method ($module) for $seconds s; log: $log"
status=0
runs=()
[ -z "${FUZZ_RUNS:-}" ] || runs=("-Djazzer.max_executions=$FUZZ_RUNS")
JAZZER_FUZZ=1 mvn "${mvn_args[@]}" "-Djazzer.max_duration=${seconds}s" "${runs[@]}" >"$log" 2>&1 ||
  status=$?

done_line=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
last_line=$(grep -a -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|DONE|INITED)' "$log" | tail -1 || true)
runs_line=$(grep -a -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
line=${done_line:-$last_line}
executions=$(echo "$line" | sed -n 's/^#\([0-9]*\).*/\1/p')
cov=$(echo "$line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(echo "$line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(echo "$line" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
rate=$(echo "$line" | sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p')
took=$(echo "$runs_line" | sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p')
echo "target: $fqcn#$method"
echo "executions: ${executions:-?} in ${took:-?} s (${rate:-?} exec/s)"
echo "coverage: cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?} (inputs/bytes)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | sed -n 1p)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"

after=$(find "$inputs" -name 'crash-*' | wc -l)
if [ "$after" -gt "$before" ] || [ $status -ne 0 ]; then
  grep -a -E 'FuzzTestFinding|== Java Exception|Test unit written' "$log" | head -5 || true
  echo "FAILED: a finding or a build error; see $log and any crash-* in $inputs" >&2
  exit 1
fi

if [ "$keep" = --keep ]; then
  # libFuzzer's merge, in Jazzer's own driver (it restarts itself, which a JUnit run cannot): the
  # inputs of the work corpus that add coverage to the committed ones are copied into the committed
  # directory, named by their SHA-1. The test class path is the one Surefire used for the run.
  report="$module/target/surefire-reports/TEST-$fqcn.xml"
  cp=$(grep -o 'surefire.test.class.path" value="[^"]*' "$report" | sed 's/.*value="//')
  [ -n "$cp" ] || { echo "FAILED: no class path in $report" >&2; exit 1; }
  n0=$(find "$inputs" -type f | wc -l)
  java -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer "--target_class=$fqcn" \
    "--target_method=$method" '--instrumentation_includes=org.parley.**' \
    -merge=1 "$inputs" "$work" >"target/fuzz/$name-merge.log" 2>&1 || {
    echo "FAILED: the merge; see target/fuzz/$name-merge.log" >&2
    exit 1
  }
  n1=$(find "$inputs" -type f | wc -l)
  echo "kept: $((n1 - n0)) new inputs in $inputs ($(grep -a 'MERGE-OUTER: .* new files' \
    "target/fuzz/$name-merge.log" | sed 's/MERGE-OUTER: //'))"
fi
