#!/usr/bin/env bash
# Starts and stops Kamailio as an MSRP relay (msrp-relay.cfg, next to this script) on 127.0.0.1.
#
#   kamailio-relay.sh start PORT RUNDIR [TLS_PORT]   start in the background, wait for the port
#   kamailio-relay.sh stop  PORT RUNDIR              stop the instance whose pid is in RUNDIR
#   kamailio-relay.sh check                          check the configuration (kamailio -c)
#
# RUNDIR receives kamailio.pid and kamailio.log (and, with TLS_PORT, a self-signed cert.pem and
# key.pem made with openssl on first use). Environment:
#   KAMAILIO          the binary (default: kamailio on PATH, else /usr/sbin/kamailio)
#   KAMAILIO_TRACE=1  log every frame and routing decision (-A WITH_TRACE)
#   KAMAILIO_SHM_MB   shared memory in MB (default 64); KAMAILIO_PKG_MB private memory (default 8)
#   KAMAILIO_WAIT_S   how long start waits for the port (default 20 s)
# Exit status: 0 done, 1 failed (the log's tail is printed on stderr), 2 bad usage.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cfg="$here/msrp-relay.cfg"

usage() {
  echo "usage: $0 start PORT RUNDIR [TLS_PORT] | stop PORT RUNDIR | check" >&2
  exit 2
}

find_kamailio() {
  if [ -n "${KAMAILIO:-}" ]; then
    echo "$KAMAILIO"
  elif command -v kamailio >/dev/null 2>&1; then
    command -v kamailio
  elif [ -x /usr/sbin/kamailio ]; then
    echo /usr/sbin/kamailio
  elif [ -x /usr/local/sbin/kamailio ]; then
    echo /usr/local/sbin/kamailio
  else
    echo "kamailio not found (apt-get install kamailio kamailio-tls-modules)" >&2
    exit 1
  fi
}

is_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]
}

# true when something accepts TCP connections on 127.0.0.1:$1
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

alive() {
  kill -0 "$1" 2>/dev/null
}

log_tail() {
  if [ -f "$1/kamailio.log" ]; then
    echo "--- last lines of $1/kamailio.log:" >&2
    tail -n 40 "$1/kamailio.log" >&2
  fi
}

start() {
  local port="$1" rundir="$2" tls_port="${3:-}"
  is_port "$port" || usage
  [ -z "$tls_port" ] || is_port "$tls_port" || usage
  local bin
  bin="$(find_kamailio)" || exit 1
  mkdir -p "$rundir" || exit 1
  rundir="$(cd "$rundir" && pwd)"
  local pidfile="$rundir/kamailio.pid" log="$rundir/kamailio.log"

  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then
    echo "a Kamailio started from $rundir is still running (pid $(cat "$pidfile"))" >&2
    exit 1
  fi
  rm -f "$pidfile"
  if port_open "$port"; then
    echo "port $port is already in use" >&2
    exit 1
  fi

  local args=(-f "$cfg" -A "MSRP_PORT=$port")
  if [ -n "$tls_port" ]; then
    if [ ! -s "$rundir/cert.pem" ] || [ ! -s "$rundir/key.pem" ]; then
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$rundir/key.pem" -out "$rundir/cert.pem" -days 3650 \
        -subj /CN=127.0.0.1 >/dev/null 2>&1 \
        || { echo "openssl could not make a test certificate" >&2; exit 1; }
    fi
    args+=(-A WITH_TLS -A "MSRPS_PORT=$tls_port"
      -A "TLS_CERT=\"$rundir/cert.pem\"" -A "TLS_KEY=\"$rundir/key.pem\"")
  fi
  [ "${KAMAILIO_TRACE:-0}" = 1 ] && args+=(-A WITH_TRACE)
  # KAMAILIO_WS_PORT: also MSRP over WebSocket (RFC 7977) there (kamailio-websocket-modules)
  [ -n "${KAMAILIO_WS_PORT:-}" ] && args+=(-A WITH_WS -A "WS_PORT=$KAMAILIO_WS_PORT")

  if ! "$bin" -c "${args[@]}" >"$log" 2>&1; then
    echo "configuration check failed" >&2
    log_tail "$rundir"
    exit 1
  fi

  # -DD: the main process stays in the foreground (of this background job), -E: log to stderr
  setsid "$bin" -DD -E "${args[@]}" -P "$pidfile" -Y "$rundir" \
    -m "${KAMAILIO_SHM_MB:-64}" -M "${KAMAILIO_PKG_MB:-8}" \
    </dev/null >"$log" 2>&1 &
  # the same process: setsid does not fork here, as a job of a script is no group leader
  local pid=$!

  local waited=0 limit=$(( ${KAMAILIO_WAIT_S:-20} * 10 ))
  while [ "$waited" -lt "$limit" ]; do
    if ! alive "$pid"; then
      echo "Kamailio exited while starting" >&2
      log_tail "$rundir"
      rm -f "$pidfile"
      exit 1
    fi
    if [ -s "$pidfile" ] && port_open "$port" \
      && { [ -z "$tls_port" ] || port_open "$tls_port"; }; then
      echo "kamailio pid $(cat "$pidfile") listening on 127.0.0.1:$port${tls_port:+ and tls 127.0.0.1:$tls_port}"
      exit 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "Kamailio did not open port $port within ${KAMAILIO_WAIT_S:-20} s" >&2
  log_tail "$rundir"
  kill -TERM "$pid" 2>/dev/null
  rm -f "$pidfile"
  exit 1
}

stop() {
  local port="$1" rundir="$2"
  is_port "$port" || usage
  local pidfile="$rundir/kamailio.pid"
  if [ ! -f "$pidfile" ]; then
    echo "no $pidfile: nothing to stop"
    exit 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  if ! [[ "$pid" =~ ^[0-9]+$ ]]; then
    echo "bad pid file $pidfile" >&2
    exit 1
  fi
  if alive "$pid"; then
    # the main process ends its children itself on SIGTERM
    kill -TERM "$pid"
    local waited=0
    while alive "$pid" && [ "$waited" -lt 100 ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    if alive "$pid"; then
      echo "Kamailio $pid did not stop within 10 s: killing its process group" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
    fi
  fi
  rm -f "$pidfile"
  # the listening socket is gone once the children are: wait for it, bounded
  local waited=0
  while port_open "$port" && [ "$waited" -lt 50 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "kamailio pid $pid stopped"
}

check() {
  local bin
  bin="$(find_kamailio)" || exit 1
  "$bin" -c -f "$cfg" -A MSRP_PORT=2855
}

case "${1:-}" in
  start) [ $# -ge 3 ] && [ $# -le 4 ] || usage; start "$2" "$3" "${4:-}" ;;
  stop) [ $# -eq 3 ] || usage; stop "$2" "$3" ;;
  check) check ;;
  *) usage ;;
esac
