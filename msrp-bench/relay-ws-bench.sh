#!/usr/bin/env bash
# Parley's relay over msrps (TLS) and over wss (RFC 7977, as browsers use it), in one run: the same
# relay process listens on both; `parley load` drives 1 KB messages through each in turn, and the
# relay's CPU time per 1,000 messages (utime + stime of its process, /proc) is taken over each
# measured run.
# Needs: cli/target/parley.jar (mvn -B -pl cli -am install -DskipTests), openssl.
# Usage: msrp-bench/relay-ws-bench.sh [quick] [pinned]
#   pinned: the relay on CPU 0, the load tool on CPU 1 (taskset).
# WARMUP_WAVES=N (default 3): unmeasured runs before each measured one (see relay-bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=cli/target/parley.jar
WORK=$(mktemp -d /tmp/parley-ws-bench.XXXXXX)
QUICK=
RELAY_CPU=()
LOAD_CPU=()
for arg in "$@"; do
  case $arg in
    quick) QUICK=quick ;;
    pinned) RELAY_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1) ;;
    *) echo "usage: $0 [quick] [pinned]" >&2; exit 2 ;;
  esac
done
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$TICK_MS" '{print ($12 + $13) * t}'; }
RELAY_PID=
trap '[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=scripts/ports.sh
source scripts/ports.sh
TLS_PORT=$(free_port)
WSS_PORT=$(free_port)
REALM=parley.test
ha1() { printf '%s' "$1:$REALM:$2" | md5sum | cut -d' ' -f1; }
{
  echo "alice:$REALM:$(ha1 alice alice-secret)"
  echo "bob:$REALM:$(ha1 bob bob-secret)"
} >"$WORK/users.htdigest"
cat >"$WORK/relay.conf" <<CONF
listen = msrps://127.0.0.1:$TLS_PORT;tcp
listen = wss://127.0.0.1:$WSS_PORT
users = $WORK/users.htdigest
realm = $REALM
data-dir = $WORK
limits.connections = 19000
limits.sessions-per-client = 64
limits.connections-per-address = 19000
CONF
"${RELAY_CPU[@]}" java -Xmx1g -jar "$JAR" relay --config "$WORK/relay.conf" >"$WORK/out.log" 2>&1 &
RELAY_PID=$!
wait_port "$WSS_PORT"
FP="sha-256 $(openssl x509 -noout -fingerprint -sha256 -in "$WORK/cert.pem" | cut -d= -f2)"

if [ "$QUICK" = quick ]; then N=20; M=20; else N=100; M=300; fi
WAVES=${WARMUP_WAVES:-3}
load() { "${LOAD_CPU[@]}" java -Xmx2g -jar "$JAR" load --json --relay "$1" --relay-fingerprint "$FP" \
  --relay-auth alice:alice-secret --relay-auth-b bob:bob-secret --pairs "$N" --messages "$M" --size 1024; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$1" "$2"; }
measured() { # name relay-uri
  local before after json
  for _ in $(seq 1 "$WAVES"); do load "$2" >/dev/null; done
  before=$(cpu_ms "$RELAY_PID")
  json=$(load "$2")
  after=$(cpu_ms "$RELAY_PID")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(field "$json" msgs_per_s)" "$(field "$json" errors)" \
    "$(field "$json" delivery_p99_ms)" \
    "$(python3 -c 'import sys; print(round(int(sys.argv[1]) * 1000 / max(1, int(sys.argv[2])), 1))' \
      "$((after - before))" "$(field "$json" delivered)")"
}

echo "# $(date -u +%FT%TZ) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)${RELAY_CPU:+; relay on CPU 0, load on CPU 1}"
echo
echo "1 KB messages, $N session pairs, window 8, $M messages per pair, $WAVES warm-up runs each:"
echo
echo '| transport | msg/s | errors | delivery p99 ms | relay CPU ms / 1,000 msgs |'
echo '| --- | --- | --- | --- | --- |'
measured msrps "msrps://127.0.0.1:$TLS_PORT;tcp"
measured wss "wss://127.0.0.1:$WSS_PORT"
