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


echo "== webhook intake, synchronous=$sync: 64 keep-alive connections, 1 wrk thread, ${duration}s"
echo "   wrk -t1 -c64 -d${duration}s --latency -s bench/webhooks.lua http://127.0.0.1:$port/webhooks/generic/bench"
wrk -t1 -c64 -d"${duration}s" --latency -s bench/webhooks.lua "http://127.0.0.1:$port/webhooks/generic/bench" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
kill -TERM "$pid"
wait "$pid" || true
pid=
echo "== stored: $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM comments') comments," \
     "$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM scores') scores," \
     "$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM comments') duplicates;" \
     "database $(du -k "$work/bench.db" | cut -f1) KiB"
