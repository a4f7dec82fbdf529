#!/usr/bin/env bash
# Sustained webhook intake with durable storage: wrk posts generic webhooks, each a new comment
# (unique id per request), to a daemon it starts on a free loopback port with a fresh database.
#   bench/intake.sh [duration_seconds] [synchronous]   (after: cmake --build --preset release)
# synchronous is full (the default: fsync per batch) or normal. Every 2xx means the comment and its
# score were committed. Prints wrk's numbers, then counts the rows to check them.
set -euo pipefail
duration=${1:-10}
sync=${2:-full}
source "$(dirname "$0")/lib.sh"
bench_setup sqlite3
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
model:
  path: models/forums.hwm
storage:
  path: $work/bench.db
  synchronous: $sync
sources:
  - name: bench
    kind: generic
YAML
start_daemon "$work/config.yaml"

# A different comment per request: the thread's id and a counter make the comment id.
cat > "$work/intake.lua" <<'LUA'
local counter = 0
local thread_id = 0
local texts = {
  "@user you are such a clown lmao, go back to where you came from",
  "Thanks for the write-up, the second part answered my question",
  "this thread is trash and so are the people in it",
  "Does anyone know when the next release is planned?",
}
function setup(thread)
  thread:set("thread_id", math.random(1, 1000000000))
end
function init(args)
  thread_id = wrk.thread:get("thread_id")
end
request = function()
  counter = counter + 1
  local body = string.format('{"id":"%d-%d","text":"%s","author":"bench"}', thread_id, counter, texts[counter % 4 + 1])
  return wrk.format("POST", "/webhooks/generic/bench", {["Content-Type"] = "application/json"}, body)
end
LUA

echo "== webhook intake, synchronous=$sync: 64 keep-alive connections, 1 wrk thread, ${duration}s"
echo "   wrk -t1 -c64 -d${duration}s --latency -s intake.lua http://127.0.0.1:$port/webhooks/generic/bench"
wrk -t1 -c64 -d"${duration}s" --latency -s "$work/intake.lua" "http://127.0.0.1:$port/webhooks/generic/bench" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
kill -TERM "$pid"
wait "$pid" || true
pid=
echo "== stored: $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM comments') comments," \
     "$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM scores') scores," \
     "$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM comments') duplicates;" \
     "database $(du -k "$work/bench.db" | cut -f1) KiB"
