#!/usr/bin/env bash
# The replicas' failure drill (issue 15): two replicas on one PostgreSQL, 20,000 webhooks from 8
# connections alternating the replicas, kill -9 of the replica that polls halfway and its restart;
# then every acknowledged comment stored once, every flagged comment alerted, the poller moved.
#   bench/drill.sh [webhooks]     (after: cmake --build --preset release; HATEWATCH_BIN picks another binary)
# Starts its own PostgreSQL; bench/drill.py does the rest and exits non-zero if a check fails.
set -euo pipefail
webhooks=${1:-20000}
source "$(dirname "$0")/lib.sh"
bench_setup psql python3
start_postgres
psql -q "$pg_admin" -c "CREATE DATABASE hatewatch"
status=0
python3 bench/drill.py --bin "$bin" --url "$pg_url" --work "$work" --webhooks "$webhooks" || status=$?
if [[ $status != 0 ]]; then
  for log in "$work"/replica*.log; do echo "== $log (last lines)"; tail -20 "$log"; done
fi
exit $status
