# Shared by the load scripts (source it): checks the tools, makes a scratch directory removed on
# exit, and starts the daemon on a free loopback port.
#   bench_setup [extra tools...]     sets $bin and $work; cd to the repository
#   start_daemon CONFIG [LOG]        sets $pid and $port (the daemon logs to LOG, default $work/log)
#   start_postgres                   a PostgreSQL of its own in $work (fsync on), stopped on exit;
#                                    sets $pg_url (postgresql:///postgres?host=...) and $pg_admin

bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  bin=${HATEWATCH_BIN:-build/release/daemon/hatewatch}
  local tool
  for tool in wrk "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/setup installs it" >&2; missing_tool; }
  done
  [[ -x "$bin" ]] || { echo "$bin is missing: cmake --build --preset release" >&2; exit 1; }
  work=$(mktemp -d)
  chmod 755 "$work" # the postgres user reaches its directory in it
  pid=
  more_pids=()
  pg_ctl=
  trap bench_cleanup EXIT
}

# A missing tool or server: a test runner's "skipped" (77), except under CI, which installs them all.
missing_tool() {
  [[ "${CI:-}" == true ]] && exit 1
  exit 77
}

bench_cleanup() {
  local p
  for p in $pid "${more_pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [[ -n "$pg_ctl" ]]; then
    as_postgres "$pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}

as_postgres() {
  if [[ $(id -u) == 0 ]]; then (cd "$work/pg" && runuser -u postgres -- "$@"); else (cd "$work/pg" && "$@"); fi
}

start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
  if [[ ! -x "$bindir/initdb" ]]; then
    echo "PostgreSQL is missing: scripts/setup installs it" >&2
    missing_tool
  fi
  mkdir -p "$work/pg"
  [[ $(id -u) == 0 ]] && chown postgres "$work/pg"
  local user=postgres
  [[ $(id -u) == 0 ]] || user=$(id -un)
  as_postgres "$bindir/initdb" -D "$work/pg/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_ctl="$bindir/pg_ctl"
  # Durable as in production (fsync and synchronous_commit on, the defaults); a Unix socket only.
  as_postgres "$pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-c listen_addresses='' \
    -c unix_socket_directories='$work/pg' -c port=5439 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  pg_url="postgresql:///hatewatch?host=$work/pg&port=5439&user=$user"
  pg_admin="postgresql:///postgres?host=$work/pg&port=5439&user=$user"
}

start_daemon() {
  local log=${2:-$work/log}
  "$bin" serve --config "$1" 2> "$log" &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$log")
    [[ -n "$port" ]] && return 0
    sleep 0.05
  done
  cat "$log" >&2
  exit 1
}
