#!/usr/bin/env bash
# What a comment's language costs POST /predict: English (the default model reads it), German routed
# to a German model (model.by_language: scored twice), French (no model: identified, left unscored).
# The German model is the test fixture's (tests/fixtures/models/de-tiny.csv), trained here: it says
# nothing about quality, only about cost. The three loads alternate, ROUNDS times (default 3), each
# DURATION seconds (default 5) with 64 keep-alive connections and one wrk thread; req/s per load.
#   bench/languages.sh [duration_seconds] [rounds]     (release build)
set -euo pipefail
duration=${1:-5}
rounds=${2:-3}
source "$(dirname "$0")/lib.sh"
bench_setup
"$bin" train --data text:tests/fixtures/models/de-tiny.csv --languages de --min-df 1 --c 10 --name de \
  --out "$work/de.hwm" > /dev/null
cat > "$work/config.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
log:
  level: info
model:
  path: models/forums.hwm
  by_language:
    de: $work/de.hwm
YAML
start_daemon "$work/config.yaml"

declare -A texts=(
  [english]="@user you are such a clown lmao, go back to where you came from"
  [german]="Ich finde, alle diese Leute sollten sofort aus unserer Stadt verschwinden"
  [french]="Ces gens devraient tous quitter notre pays immédiatement et ne jamais revenir"
)
for name in english german french; do
  printf 'wrk.method = "POST"\nwrk.body = [[{"text": "%s"}]]\nwrk.headers["Content-Type"] = "application/json"\n' \
    "${texts[$name]}" > "$work/$name.lua"
  echo "$name: $(curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"text\": \"${texts[$name]}\"}" \
    "http://127.0.0.1:$port/predict")"
done
for round in $(seq "$rounds"); do
  line="round $round:"
  for name in english german french; do
    rps=$(wrk -t1 -c64 -d"${duration}s" -s "$work/$name.lua" "http://127.0.0.1:$port/predict" |
      sed -n 's/Requests\/sec: *//p')
    line+=" $name ${rps%.*} req/s"
  done
  echo "$line"
done
