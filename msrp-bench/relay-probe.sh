#!/usr/bin/env bash
# Parley's relay measuring itself (relay/src/test/java/org/parley/relay/RelayProbe.java), with
# figures that hold on a busy machine, unlike CPU time: the bytes the relay allocates per 1 KB
# message relayed (a SEND through the relay and its 200 back) and its heap per authenticated idle
# client (heap after a full GC with 2N and with 4N clients bound, difference / 2N). CPU figures are
# printed too, for what they are worth on the machine at the time.
# The relay runs as in the pinned bench: one processor seen (one event loop, serial collector).
# Needs: mvn -B -pl relay -am test-compile, and a parley.jar (mvn -B -pl cli -am package
# -DskipTests) for the load tool and the relay's dependencies; LOAD_JAR says which (default
# cli/target/parley.jar; the relay's classes come from relay/target, ahead of the jar's).
# PROBE_JAVA_OPTS adds JVM options; PROBE_HISTO=N writes the top N classes with 2N clients bound
# to PROBE_HISTO_FILE.
# PROBE_PARTS: "msgs heap" (default), or one of them.
# Usage: msrp-bench/relay-probe.sh [PAIRS_FOR_HEAP (default 1000)] [WARM_UP_WAVES (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD_JAR=${LOAD_JAR:-cli/target/parley.jar}
N=${1:-1000}
WAVES=${2:-3}
WORK=$(mktemp -d /tmp/parley-relay-probe.XXXXXX)
REALM=parley.test
# shellcheck source=scripts/ports.sh
source scripts/ports.sh
PORT=$(free_port)

ha1() { printf '%s' "$1:$REALM:$2" | md5sum | cut -d' ' -f1; }
{
  echo "alice:$REALM:$(ha1 alice alice-secret)"
  echo "bob:$REALM:$(ha1 bob bob-secret)"
} >"$WORK/users.htdigest"
cat >"$WORK/relay.conf" <<EOF
listen = msrp://127.0.0.1:$PORT;tcp
users = $WORK/users.htdigest
realm = $REALM
data-dir = $WORK
limits.connections = 19000
limits.sessions-per-client = 64
limits.connections-per-address = 19000
EOF

mkfifo "$WORK/in"
CP="relay/target/test-classes:relay/target/classes:msrp-core/target/classes:$LOAD_JAR"
# shellcheck disable=SC2086 # PROBE_JAVA_OPTS: extra JVM options, e.g. a JFR recording
java -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xmx1g ${PROBE_JAVA_OPTS:-} -cp "$CP" org.parley.relay.RelayProbe \
  "$WORK/relay.conf" <"$WORK/in" >"$WORK/out" 2>"$WORK/err" &
PROBE=$!
exec 3>"$WORK/in"
trap 'echo quit >&3 2>/dev/null || true; wait $PROBE 2>/dev/null || true' EXIT
wait_port "$PORT"

ask() { # a command; prints the probe's answer line
  local before
  before=$(wc -l <"$WORK/out")
  echo "$1" >&3
  while [ "$(wc -l <"$WORK/out")" -le "$before" ]; do sleep 0.1; done
  tail -n 1 "$WORK/out"
}
load() { java -Xmx2g -jar "$LOAD_JAR" load --json --relay "msrp://127.0.0.1:$PORT;tcp" \
  --relay-auth alice:alice-secret --relay-auth-b bob:bob-secret "$@"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$1" "$2"; }

PARTS=${PROBE_PARTS:-msgs heap}
msgs=(--pairs 100 --messages 300 --size 1024)
[[ " $PARTS " == *" msgs "* ]] && for i in $(seq 1 "$WAVES"); do
  ask mark >/dev/null
  json=$(load "${msgs[@]}")
  echo "warm-up wave $i: $(ask "since $(field "$json" delivered)")"
done
if [[ " $PARTS " == *" msgs "* ]]; then
  ask mark >/dev/null
  json=$(load "${msgs[@]}")
  echo "measured: delivered $(field "$json" delivered), errors $(field "$json" errors): $(ask "since $(field "$json" delivered)")"
fi
[[ " $PARTS " == *" heap "* ]] || exit 0

heap() { # pairs: heap used with 2 * pairs clients bound
  load --pairs "$1" --messages 1 --size 100 --hold 20 --duration 200 >/dev/null &
  local l=$!
  ask "heap $(($1 * 2))"
  wait "$l" || true
}
h1=$(heap "$N")
h2=$(heap $((N * 2)))
if [ -n "${PROBE_HISTO:-}" ]; then
  load --pairs "$N" --messages 1 --size 100 --hold 20 --duration 200 >/dev/null &
  ask "heap $((N * 2))" >/dev/null
  ask "histo $PROBE_HISTO" >/dev/null
  cp "$WORK/err" "$PROBE_HISTO_FILE"
  wait
fi
echo "$h1"
echo "$h2"
python3 - "$h1" "$h2" "$N" <<'EOF'
import re, sys
h = [int(re.search(r'heap_used_bytes=(\d+)', s).group(1)) for s in sys.argv[1:3]]
n = int(sys.argv[3])
print(f"heap per idle authenticated client: {(h[1] - h[0]) / (2 * n):.0f} B;"
      f" 10,000 clients: {(h[0] + (h[1] - h[0]) * (10000 - 2 * n) / (2 * n)) / 1e6:.1f} MB (extrapolated)")
EOF
