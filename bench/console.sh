#!/usr/bin/env bash
# The moderator console against 1,000,000 stored comments (issue 14):
#   bench/console.sh [duration_seconds] [count]   (after: cmake --build --preset release)
# 1. generates the database once (bench/generate_comments.py; kept in $HATEWATCH_BENCH_DB, by default
#    /tmp/hatewatch-console-<count>.db, reused by later runs: copy-on-start keeps it pristine);
# 2. the queue API's latency (wrk --latency, 4 connections) for the pages the console asks for;
# 3. webhook intake alone, then with the queue under load (8 connections) beside it, in one run;
# 4. the console's first page in chromium (bench/console_first_page.mjs), when node, chromium and
#    tests/browser/node_modules are there.
set -euo pipefail
duration=${1:-10}
count=${2:-1000000}
source "$(dirname "$0")/lib.sh"
bench_setup sqlite3 python3
db_cache=${HATEWATCH_BENCH_DB:-/tmp/hatewatch-console-$count.db}
if [[ ! -s "$db_cache" ]]; then
  echo "== generating $count comments into $db_cache (once)"
  rm -f "$db_cache"
  "$bin" migrate --database "$db_cache" >/dev/null
  python3 bench/generate_comments.py "$db_cache" "$count"
fi
cp "$db_cache" "$work/bench.db"
token=bench-read-token-0123456789
password=bench-console-password
hash=$(echo "$password" | "$bin" hash-password --cost 10)
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
model:
  path: models/forums.hwm
auth:
  read_tokens: ["$token"]
console:
  users:
    - {name: bench, password: "$hash"}
storage:
  path: $work/bench.db
sources:
  - {name: forum-a, kind: generic}
  - {name: forum-b, kind: generic}
  - {name: news, kind: generic}
  - {name: bench, kind: generic}
YAML
start_daemon "$work/config.yaml"
base="http://127.0.0.1:$port"
echo "== $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM comments') comments stored; $(nproc) cores; $bin"

# wrk with the bearer token; prints requests/s and the latency percentiles.
cat > "$work/token.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
queue() { # name, path
  printf '%-46s' "$1"
  wrk -t1 -c4 -d"${duration}s" --timeout 10s --latency -s "$work/token.lua" "$base$2" \
    | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
           END {printf "%9s req/s  p50 %8s  p90 %8s  p99 %8s%s\n", rps, p50, p90, p99, bad ? "  NON-2xx: " bad : ""}'
}
echo "== the queue API, 4 connections, ${duration}s each"
queue "to review (the console's first page)" "/v1/comments?flagged=true&reviewed=false&limit=50"
queue "to review, one source" "/v1/comments?flagged=true&reviewed=false&source=forum-b&limit=50"
queue "reviewed, labelled hate speech" "/v1/comments?flagged=true&reviewed=true&label=hate%20speech&limit=50"
queue "all scored" "/v1/comments?unsupported=false&limit=50"
queue "min score 0.9" "/v1/comments?flagged=true&min_score=0.9&limit=50"
queue "a date range 30 days back" "/v1/comments?flagged=true&since=$(date -u -d '-31 days' +%Y-%m-%dT00:00:00Z)&until=$(date -u -d '-30 days' +%Y-%m-%dT00:00:00Z)&limit=50"
queue "a week 30 days back, to review" "/v1/comments?flagged=true&reviewed=false&since=$(date -u -d '-37 days' +%Y-%m-%dT00:00:00Z)&until=$(date -u -d '-30 days' +%Y-%m-%dT00:00:00Z)&limit=50"
queue "page 200 (cursor deep in the queue)" "/v1/comments?flagged=true&reviewed=false&limit=50&cursor=$((count / 2))"
queue "text search (q=vermin)" "/v1/comments?flagged=true&q=vermin&limit=50"
queue "text search, a word in no comment (all scored)" "/v1/comments?unsupported=false&q=qqzzxx&limit=50"
queue "one comment" "/v1/comments/$((count / 3))"
queue "overview, 1 day" "/v1/overview?days=1"
queue "overview, 14 days" "/v1/overview?days=14"
queue "overview, 90 days (every comment)" "/v1/overview?days=90"

cat > "$work/intake.lua" <<'LUA'
local counter = 0
local thread_id = 0
function setup(thread) thread:set("thread_id", math.random(1, 1000000000)) end
function init(args) thread_id = wrk.thread:get("thread_id") end
request = function()
  counter = counter + 1
  local body = string.format('{"id":"%d-%d","text":"Thanks for the write-up, the second part answered my question","author":"bench"}', thread_id, counter)
  return wrk.format("POST", "/webhooks/generic/bench", {["Content-Type"] = "application/json"}, body)
end
LUA
intake() {
  wrk -t1 -c64 -d"${duration}s" --latency -s "$work/intake.lua" "$base/webhooks/generic/bench" \
    | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
           END {printf "webhooks %9s req/s  p99 %8s%s\n", rps, p99, bad ? "  NON-2xx: " bad : ""}'
}
echo "== webhook intake (64 connections), alone and with the console's queue under load beside it"
printf '%-46s' "intake alone"; intake
wrk -t1 -c8 -d"$((duration + 2))s" --latency -s "$work/token.lua" "$base/v1/comments?flagged=true&reviewed=false&limit=50" \
  > "$work/queue-beside.txt" &
beside=$!
sleep 1
printf '%-46s' "intake with the queue under load"; intake
wait "$beside"
awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {printf "%-46s%9s req/s  p99 %8s\n", "  (the queue meanwhile, 8 connections)", rps, p99}' "$work/queue-beside.txt"

if command -v node >/dev/null && [[ -x /usr/bin/chromium && -d tests/browser/node_modules/playwright-core ]]; then
  echo "== the console's first page in chromium (20 loads)"
  node bench/console_first_page.mjs "$base" bench "$password"
else
  echo "== the console's first page: skipped (needs node, chromium and tests/browser/node_modules: scripts/setup)"
fi
