#!/usr/bin/env bash
# Latency of the Perspective stand-in under load: wrk posts Coral's exact comments:analyze body
# (doNotStore, TOXICITY) to a daemon it starts on a free loopback port. Coral gives up after 800 ms.
#   bench/compat.sh [duration_seconds]   (after: cmake --build --preset release)
set -euo pipefail
duration=${1:-10}
source "$(dirname "$0")/lib.sh"
bench_setup
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
model:
  path: models/forums.hwm
storage:
  path: $work/compat.db
perspective:
  keys: ["bench-key"]
YAML
start_daemon "$work/config.yaml"

cat > "$work/analyze.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"comment":{"text":"@user you are such a clown lmao, go back to where you came from"},"doNotStore":true,"requestedAttributes":{"TOXICITY":{}},"languages":["en"]}'
wrk.headers["Content-Type"] = "application/json"
LUA
url="http://127.0.0.1:$port/v1alpha1/comments:analyze?key=bench-key"
curl -fsS -X POST -H 'Content-Type: application/json' --data @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$work/analyze.lua") "$url"; echo
echo "== comments:analyze (Coral's body): 64 keep-alive connections, 1 wrk thread, ${duration}s"
echo "   wrk -t1 -c64 -d${duration}s --latency -s analyze.lua '$url'"
wrk -t1 -c64 -d"${duration}s" --latency -s "$work/analyze.lua" "$url" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
