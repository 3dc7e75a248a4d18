# Port helpers for the scripts that start daemons on 127.0.0.1 (source it).
# free_port: a TCP port free at the moment, below the kernel's range of ephemeral ports, so that
#   the outgoing connections of a long run cannot take it before its daemon listens (relay-bench
#   chose a port with bind(0) and found it taken by a client's socket 30 warm-up runs later).
#   wait_port PORT: waits up to 30 s for a listener there.
free_port() {
  python3 - <<'PY'
import random, socket
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except (OSError, ValueError, IndexError):
    low = 32768
# Too few ports below the range (it starts low): any free one, as the kernel picks it.
candidates = range(max(1024, low - 12000), low) if low > 2048 else [0]
for _ in range(1000):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.choice(candidates)))
        port = s.getsockname()[1]
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port below " + str(low))
PY
}
wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 never opened" >&2
  return 1
}
