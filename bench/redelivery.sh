#!/usr/bin/env bash
# What a redelivery costs next to a first delivery, on a store that already holds many comments
# (issue 29, defect 6): on each backend the database is filled with N comments and their scores,
# then wrk posts, side by side in one run, first deliveries (new ids) and redeliveries of the
# oldest 1 % of the stored comments (the worst case for a scan from the newest score backwards).
# On PostgreSQL it runs the redeliveries once more on the schema before migration 0012 (an index on
# scores (comment_id) alone) and prints both plans of the "latest score" read.
#   bench/redelivery.sh [comments=1000000] [seconds=10]   (after: cmake --build --preset release)
set -euo pipefail
comments=${1:-1000000}
duration=${2:-10}
source "$(dirname "$0")/lib.sh"
bench_setup sqlite3 psql
start_postgres
psql -Atq "$pg_admin" -c "CREATE DATABASE hatewatch" >/dev/null
oldest=$((comments / 100 > 0 ? comments / 100 : 1))

cat > "$work/redeliver.lua" <<LUA
-- A redelivery of one of the $oldest oldest stored comments, its text as stored.
math.randomseed(os.time())
request = function()
  local k = math.random(1, $oldest)
  local body = string.format('{"id":"old-%d","text":"stored comment number %d"}', k, k)
  return wrk.format("POST", "/webhooks/generic/bench", {["Content-Type"] = "application/json"}, body)
end
LUA

# Comments old-1 .. old-N with one score each, written straight into the store.
fill_sql() {
  local series=$1
  cat <<SQL
INSERT INTO sources (name, kind, created_at) VALUES ('bench', 'generic', 0);
INSERT INTO comments (source_id, external_id, version, text, received_at)
  SELECT (SELECT id FROM sources WHERE name = 'bench'), 'old-' || i, 1, 'stored comment number ' || i, i
  FROM $series;
INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged, scored_at, language)
  SELECT id, 'bench', 0.1, 0.2, 0.7, 0, received_at, 'en' FROM comments ORDER BY id;
ANALYZE;
SQL
}

latest_score_sql="SELECT MAX(id) FROM scores WHERE comment_id = 1"
# The daemon's statements are prepared once per connection, and PostgreSQL soon runs them with a
# generic plan, made without the parameter's value: that plan is the one that matters.
generic_plan() {
  psql -Atq "$pg_url" <<SQL | tr '\n' ' '
SET plan_cache_mode = force_generic_plan;
PREPARE latest(BIGINT) AS SELECT MAX(id) FROM scores WHERE comment_id = \$1;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE latest(1);
SQL
}

# wrk's throughput and latency for one kind of request.
measure() {
  local label=$1 script=$2
  printf '   %-34s' "$label"
  wrk -t1 -c8 -d"${duration}s" --latency -s "$script" "http://127.0.0.1:$port/webhooks/generic/bench" \
    | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
           END {printf "%10s req/s   p50 %8s   p99 %8s   non-2xx %s\n", rps, p50, p99, (bad == "" ? 0 : bad)}'
}

run_backend() {
  local name=$1 storage=$2
  cat > "$work/$name.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
model:
  path: models/forums.hwm
storage:
$storage
sources:
  - name: bench
    kind: generic
YAML
  "$bin" migrate --config "$work/$name.yaml" >/dev/null
  local t0=$SECONDS
  if [[ $name == sqlite ]]; then
    fill_sql "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $comments) SELECT i FROM s)" \
      | sqlite3 "$work/bench.db"
  else
    fill_sql "generate_series(1, $comments) AS i" | psql -Atq -v ON_ERROR_STOP=1 "$pg_url" >/dev/null
  fi
  echo "== $name: $comments comments and scores stored in $((SECONDS - t0)) s"
  start_daemon "$work/$name.yaml" "$work/$name.log"
  measure "first deliveries (new ids)" bench/webhooks.lua
  measure "redeliveries (oldest 1 %)" "$work/redeliver.lua"
  if [[ $name == postgresql ]]; then
    echo "   generic plan: $(generic_plan)"
    psql -Atq "$pg_url" -c "DROP INDEX scores_comment_latest; CREATE INDEX scores_comment_id ON scores (comment_id); ANALYZE scores" >/dev/null
    echo "   -- the schema before migration 0012: an index on scores (comment_id) only"
    echo "   generic plan: $(generic_plan)"
    kill -TERM "$pid"; wait "$pid" || true
    start_daemon "$work/$name.yaml" "$work/$name-old.log" # its kept statements planned afresh
    measure "redeliveries, before 0012" "$work/redeliver.lua"
  else
    echo "   plan: $(sqlite3 "$work/bench.db" "EXPLAIN QUERY PLAN $latest_score_sql" | tr '\n' ' ')"
  fi
  kill -TERM "$pid"; wait "$pid" || true
  pid=
}

echo "== redelivery vs first delivery at $comments stored comments; wrk -t1 -c8 -d${duration}s each, one after another"
run_backend sqlite "  path: $work/bench.db"
run_backend postgresql "  backend: postgresql
  url: \"$pg_url\""
