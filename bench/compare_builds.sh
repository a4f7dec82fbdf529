#!/usr/bin/env bash
# Two builds of hatewatch side by side (issue 28: a refactoring must not cost speed): POST /predict
# and sustained webhook intake (generic webhooks into a fresh SQLite database, synchronous=full),
# the two binaries alternating ROUNDS times (default 3) for DURATION seconds (default 5) each, 64
# keep-alive connections, one wrk thread. Prints each run's req/s, the medians and new/old.
#   bench/compare_builds.sh OLD_BINARY [duration_seconds] [rounds]
#   (the new binary: build/release/daemon/hatewatch, or $HATEWATCH_BIN)
set -euo pipefail
old_bin=${1:?usage: bench/compare_builds.sh OLD_BINARY [duration_seconds] [rounds]}
duration=${2:-5}
rounds=${3:-3}
source "$(dirname "$0")/lib.sh"
bench_setup
new_bin=$bin
[[ -x "$old_bin" ]] || { echo "$old_bin is not an executable" >&2; exit 1; }

cat > "$work/predict.lua" <<'LUA'
local bodies = {
  [[{"text": "@user you are such a clown lmao, go back to where you came from"}]],
  [[{"text": "thanks for the recipe, see you all at the meetup on sunday. bring the kids!"}]],
  [[{"text": "I can't believe the referee gave that penalty. Absolutely shocking decision. We were robbed."}]],
  [[{"text": "lol ok"}]],
}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/predict", {["Content-Type"] = "application/json"}, bodies[i])
end
LUA

# KIND LABEL BINARY ROUND: one daemon, one load; prints req/s.
run_one() {
  local kind=$1 dir="$work/$1-$2-$4" rps
  mkdir -p "$dir"
  {
    echo 'server: {listen: "127.0.0.1:0"}'
    echo 'log: {level: info}'
    echo 'model: {path: models/forums.hwm}'
    if [[ $kind == intake ]]; then
      echo "storage: {path: $dir/bench.db, synchronous: full}"
      echo 'sources: [{name: bench, kind: generic}]'
    fi
  } > "$dir/config.yaml"
  bin=$3
  start_daemon "$dir/config.yaml" "$dir/log"
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.01; done
  if [[ $kind == intake ]]; then
    rps=$(wrk -t1 -c64 -d"${duration}s" -s bench/webhooks.lua "http://127.0.0.1:$port/webhooks/generic/bench" |
          awk '/Requests\/sec/ {print $2}')
  else
    rps=$(wrk -t1 -c64 -d"${duration}s" -s "$work/predict.lua" "http://127.0.0.1:$port/predict" |
          awk '/Requests\/sec/ {print $2}')
  fi
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
  echo "$rps"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for kind in predict intake; do
  old_runs=() new_runs=()
  for r in $(seq "$rounds"); do
    old_runs+=("$(run_one "$kind" old "$old_bin" "$r")")
    new_runs+=("$(run_one "$kind" new "$new_bin" "$r")")
  done
  old_med=$(printf '%s\n' "${old_runs[@]}" | median)
  new_med=$(printf '%s\n' "${new_runs[@]}" | median)
  echo "$kind: old ${old_runs[*]} | new ${new_runs[*]} req/s; medians $old_med -> $new_med," \
       "new/old $(awk -v a="$new_med" -v b="$old_med" 'BEGIN {printf "%.3f", a / b}')"
done
