#!/usr/bin/env bash
# Webhook intake on PostgreSQL, one and two replicas, side by side with SQLite in the same run:
#   bench/replicas.sh [duration_seconds]     (after: cmake --build --preset release)
# Starts its own PostgreSQL (fsync and synchronous_commit on) in a scratch directory. Each run posts
# generic webhooks, each a new comment, with wrk on 64 keep-alive connections: to the one daemon,
# or 32 to each of two replicas at once (two wrk processes, as a round-robin balancer would spread
# them). Every 2xx means the comment and its score were committed. Prints webhooks/s and latency
# percentiles per run, then counts the rows (no duplicates, nothing missing).
set -euo pipefail
duration=${1:-10}
source "$(dirname "$0")/lib.sh"
bench_setup psql sqlite3
start_postgres
psql -q "$pg_admin" -c "CREATE DATABASE hatewatch"

config() { # backend-specific storage lines
  cat <<YAML
server:
  listen: "127.0.0.1:0"
log:
  level: info
model:
  path: models/forums.hwm
storage:
$1
sources:
  - name: bench
    kind: generic
YAML
}
config "  path: $work/bench.db" > "$work/sqlite.yaml"
config "  backend: postgresql
  url: \"$pg_url\"" > "$work/pg.yaml"

# wrk's summary for one run: requests/s and the latency percentiles.
report() {
  grep -E "Requests/sec|Latency |50%|90%|99%|requests in|Non-2xx|Socket errors" "$1" | sed 's/^/   /'
}

run() { # name, then one or more ports
  local name=$1
  shift
  local per=$((64 / $#)) i=0 p
  echo "== $name: $# daemon(s), $per connections each, ${duration}s"
  local waits=()
  for p in "$@"; do
    i=$((i + 1))
    wrk -t1 -c"$per" -d"${duration}s" --latency -s bench/webhooks.lua "http://127.0.0.1:$p/webhooks/generic/bench" \
      -- "$name-$i" > "$work/wrk-$name-$i" &
    waits+=($!)
  done
  wait "${waits[@]}"
  local total=0
  for i in $(seq $#); do
    report "$work/wrk-$name-$i"
    total=$(awk -v t="$total" '/Requests\/sec/ {print t + $2}' "$work/wrk-$name-$i")
  done
  echo "   total: $total webhooks/s"
}

start_daemon "$work/sqlite.yaml" "$work/sqlite.log"
run sqlite "$port"
kill -TERM "$pid"; wait "$pid" || true; pid=

start_daemon "$work/pg.yaml" "$work/pg1.log"
run postgresql-1 "$port"
first=$pid first_port=$port
start_daemon "$work/pg.yaml" "$work/pg2.log"
more_pids+=("$first")
run postgresql-2 "$first_port" "$port"
kill -TERM "$pid" "$first"; wait "$pid" "$first" || true; pid= more_pids=()

echo "== stored: SQLite $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM comments') comments" \
     "($(sqlite3 "$work/bench.db" 'SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM comments') duplicates);" \
     "PostgreSQL $(psql -Atq "$pg_url" -c 'SELECT COUNT(*) FROM comments') comments," \
     "$(psql -Atq "$pg_url" -c 'SELECT COUNT(*) FROM scores') scores" \
     "($(psql -Atq "$pg_url" -c 'SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM comments') duplicates)"
