#!/usr/bin/env bash
# Resident memory of a `skywave run` daemon with a 64 MiB heap, after start-up and after relaying
# 1,000 transactions, and its start-up time. Station A attaches to a JSON-lines node (a small
# Python stand-in that announces N transactions) and relays them over TCP to station B, whose own
# stand-in node counts what arrives. RSS is VmRSS from /proc/PID/status of A's JVM.
# Usage (repository root, after `mvn -B -q -DskipTests -pl bridge -am package`):
#   benchmarks/scripts/daemon-memory.sh [COUNT] [BASE_PORT]
set -euo pipefail
count="${1:-1000}"
base="${2:-23100}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$here/bridge/target/skywave.jar"
[ -f "$jar" ] || { echo "daemon-memory: build $jar first" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

node_a=$((base)); node_b=$((base + 1)); link=$((base + 2)); admin_a=$((base + 3)); admin_b=$((base + 4))

# The stand-in nodes: A's announces COUNT transactions once Skywave connects; B's counts them.
cat > "$work/node.py" <<'PY'
import socket, sys, json
port, mode, count, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port)); server.listen(1)
conn, _ = server.accept()
if mode == "announce":
    for i in range(count):
        tx = {"from": "alice", "to": "bob", "amount": i, "nonce": i, "signature": "%064x" % (i * 7919)}
        conn.sendall((json.dumps({"NewTransaction": tx}) + "\n").encode())
    while conn.recv(65536):  # read what Skywave asks (GetMempool) and hold the connection
        pass
else:
    seen, buf = 0, b""
    while seen < count:
        data = conn.recv(65536)
        if not data:
            break
        buf += data
        *lines, buf = buf.split(b"\n")
        seen += sum(1 for l in lines if l.startswith(b'{"NewTransaction"'))
        open(out, "w").write(str(seen))
PY
python3 "$work/node.py" "$node_a" announce "$count" /dev/null & pids+=($!)
python3 "$work/node.py" "$node_b" count "$count" "$work/received" & pids+=($!)

station() { # name admin-port link node-port
  cat <<TOML
[station]
name = "$1"
data_dir = "$work/$1"
[admin]
listen = "127.0.0.1:$2"
[[link]]
name = "net"
uri = "$3"
[[node]]
name = "bunker"
uri = "jsonl://127.0.0.1:$4"
TOML
}
station b "$admin_b" "tcp-listen://127.0.0.1:$link" "$node_b" > "$work/b.toml"
station a "$admin_a" "tcp://127.0.0.1:$link" "$node_a" > "$work/a.toml"

java -Xmx64m -XX:+UseSerialGC -jar "$jar" run --config "$work/b.toml" > "$work/b.log" 2>&1 & pids+=($!)
started=$(date +%s%N)
java -Xmx64m -XX:+UseSerialGC -jar "$jar" run --config "$work/a.toml" > "$work/a.log" 2>&1 & a_pid=$!; pids+=($a_pid)
for _ in $(seq 1 600); do grep -q "admin API on" "$work/a.log" && break; sleep 0.05; done
grep -q "admin API on" "$work/a.log" || { cat "$work/a.log"; echo "daemon-memory: A did not start" >&2; exit 1; }
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
rss() { awk '/^VmRSS/ {print $2}' "/proc/$a_pid/status"; }
rss_start=$(rss)
relay_start=$(date +%s%N)
for _ in $(seq 1 300); do
  [ "$(cat "$work/received" 2>/dev/null || echo 0)" -ge "$count" ] && break
  sleep 0.1
done
received=$(cat "$work/received" 2>/dev/null || echo 0)
relay_s=$(( ($(date +%s%N) - relay_start) / 1000000 ))
sleep 2  # let the acknowledgements settle and the queue empty
rss_after=$(rss)
echo "daemon-memory: start-up (spawn to all parts started) ${ready_ms} ms"
echo "daemon-memory: RSS of A with -Xmx64m after start-up ${rss_start} KiB"
echo "daemon-memory: relayed ${received}/${count} transactions A -> B in ${relay_s} ms"
echo "daemon-memory: RSS of A after relaying them ${rss_after} KiB"
[ "$received" -ge "$count" ] || { curl -s "http://127.0.0.1:$admin_a/status"; echo; grep -v "reconnecting\|CONNECTING\|DOWN" "$work/b.log" | tail -n 30; exit 1; }
