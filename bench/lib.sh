# Shared by the load scripts (source it): checks the tools, makes a scratch directory removed on
# exit, and starts the daemon on a free loopback port.
#   bench_setup [extra tools...]     sets $bin and $work; cd to the repository
#   start_daemon CONFIG              sets $pid and $port (the daemon logs to $work/log)

bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  bin=${HATEWATCH_BIN:-build/release/daemon/hatewatch}
  local tool
  for tool in wrk "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/setup installs it" >&2; exit 1; }
  done
  [[ -x "$bin" ]] || { echo "$bin is missing: cmake --build --preset release" >&2; exit 1; }
  work=$(mktemp -d)
  pid=
  trap 'if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
}

start_daemon() {
  "$bin" serve --config "$1" 2> "$work/log" &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/log")
    [[ -n "$port" ]] && return 0
    sleep 0.05
  done
  cat "$work/log" >&2
  exit 1
}
