#!/usr/bin/env bash
# What serving the shipped language models costs (issue 27): two daemons side by side, one with the
# default model alone and one with every language model of the example config (de, pt, da, and no
# on the Danish model). For each: resident memory after start, time from exec to a ready /readyz,
# and the time a SIGHUP reload takes (from the signal to the "reloaded" log line); then POST /predict
# on English comments, the two daemons alternating ROUNDS times (default 3) for DURATION seconds
# (default 5) each, 64 keep-alive connections, one wrk thread: req/s and the ratio.
#   bench/language_cost.sh [duration_seconds] [rounds]     (release build)
set -euo pipefail
duration=${1:-5}
rounds=${2:-3}
source "$(dirname "$0")/lib.sh"
bench_setup
now_ms() { date +%s%3N; }
start_timed() { # NAME CONFIG: starts a daemon, sets ${NAME}_pid, ${NAME}_port, prints its start time and RSS
  local name=$1 t0 p
  t0=$(now_ms)
  start_daemon "$2" "$work/$name.log"
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.01; done
  p=$pid
  more_pids+=("$p")
  printf -v "${name}_pid" %s "$p"
  printf -v "${name}_port" %s "$port"
  echo "$name: ready in $(($(now_ms) - t0)) ms, RSS $(awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' /proc/$p/status)"
}
reload_ms() { # NAME
  local log="$work/$1.log" pidvar="$1_pid" before t0
  before=$(grep -c reloaded "$log" || true)
  t0=$(now_ms)
  kill -HUP "${!pidvar}"
  until (($(grep -c reloaded "$log" || true) > before)); do sleep 0.005; done
  echo "$1: SIGHUP reload in $(($(now_ms) - t0)) ms"
}
cat > "$work/one.yaml" <<YAML
server: {listen: "127.0.0.1:0"}
log: {level: info}
model: {path: models/forums.hwm}
YAML
cat > "$work/all.yaml" <<YAML
server: {listen: "127.0.0.1:0"}
log: {level: info}
model:
  path: models/forums.hwm
  by_language: {de: models/de.hwm, pt: models/pt.hwm, da: models/da.hwm, "no": models/da.hwm}
YAML
start_timed one "$work/one.yaml"
start_timed all "$work/all.yaml"
reload_ms one
reload_ms all
# English comments of several shapes (short, long, one sentence and several), as forums write them.
texts=("@user you are such a clown lmao, go back to where you came from"
       "thanks for the recipe, see you all at the meetup on sunday. bring the kids!"
       "I can't believe the referee gave that penalty. Absolutely shocking decision. We were robbed."
       "lol ok")
{
  echo 'local bodies = {'
  for t in "${texts[@]}"; do printf '  [[{"text": "%s"}]],\n' "$t"; done
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #bodies + 1; return wrk.format("POST", "/predict", {["Content-Type"] = "application/json"}, bodies[i]) end'
} > "$work/english.lua"
for round in $(seq "$rounds"); do
  line="round $round:"
  declare -A rps=()
  for name in one all; do
    portvar="${name}_port"
    rps[$name]=$(wrk -t1 -c64 -d"${duration}s" -s "$work/english.lua" "http://127.0.0.1:${!portvar}/predict" |
      sed -n 's/Requests\/sec: *//p')
    line+=" $name ${rps[$name]%.*} req/s"
  done
  echo "$line (all / one: $(awk -v a="${rps[all]}" -v b="${rps[one]}" 'BEGIN {printf "%.3f", a / b}'))"
done
