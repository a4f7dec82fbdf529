#!/usr/bin/env bash
# Load test of POST /predict with wrk, against a daemon it starts on a free loopback port.
#   bench/http.sh [duration_seconds]     (after: cmake --preset release && cmake --build --preset release)
# Runs two loads: 64 keep-alive connections, and a new connection per request; prints req/s,
# latency percentiles and the daemon's peak resident memory.
set -euo pipefail
duration=${1:-10}
source "$(dirname "$0")/lib.sh"
bench_setup
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
  max_connections: 20000
log:
  level: warn
model:
  path: models/forums.hwm
YAML
# The daemon logs its port at info; run it at info just long enough to read it.
sed -i 's/level: warn/level: info/' "$work/config.yaml"
start_daemon "$work/config.yaml"

cat > "$work/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"text": "@user you are such a clown lmao, go back to where you came from"}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$work/close.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"text": "@user you are such a clown lmao, go back to where you came from"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Connection"] = "close"
LUA

curl -fsS -X POST -H 'Content-Type: application/json' -d '{"text": "warm up"}' "http://127.0.0.1:$port/predict" >/dev/null

echo "== keep-alive: 64 connections, 1 wrk thread (a second one would take a core from the daemon), ${duration}s"
wrk -t1 -c64 -d"${duration}s" --latency -s "$work/predict.lua" "http://127.0.0.1:$port/predict" | grep -E "Requests/sec|Latency|50%|75%|90%|99%|requests in|Non-2xx|Socket errors"
echo "== new connection per request: 16 connections, 2 wrk threads, ${duration}s"
wrk -t2 -c16 -d"${duration}s" --latency -s "$work/close.lua" "http://127.0.0.1:$port/predict" | grep -E "Requests/sec|Latency|50%|99%|requests in|Non-2xx|Socket errors"
echo "== daemon peak resident memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
