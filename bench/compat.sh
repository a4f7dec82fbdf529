#!/usr/bin/env bash
# Latency of the Perspective stand-in under load: wrk posts Coral's exact comments:analyze body
# (doNotStore, TOXICITY) to a daemon it starts on a free loopback port. Coral gives up after 800 ms.
#   bench/compat.sh [duration_seconds]   (after: cmake --build --preset release)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
bin=${HATEWATCH_BIN:-build/release/daemon/hatewatch}
command -v wrk >/dev/null || { echo "wrk is missing: scripts/setup installs it" >&2; exit 1; }
[[ -x "$bin" ]] || { echo "$bin is missing: cmake --build --preset release" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
model:
  path: models/davidson2017.hwm
storage:
  path: $work/compat.db
perspective:
  keys: ["bench-key"]
YAML
"$bin" serve --config "$work/config.yaml" 2> "$work/log" &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/log")
  [[ -n "$port" ]] && break
  sleep 0.05
done
[[ -n "${port:-}" ]] || { cat "$work/log" >&2; exit 1; }

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
