#!/usr/bin/env bash
# The daemon behind Debian's nginx terminating TLS (issue 29, defect 9), end to end on loopback:
# a certificate made here with openssl, nginx on its own port forwarding to the daemon with
# X-Forwarded-For and X-Forwarded-Proto, and server.trusted_proxies naming nginx. Clients come from
# different loopback addresses (curl --interface 127.0.0.2 / 127.0.0.3): webhooks and /predict pass
# through, a console login gets a Secure cookie, and the login throttle counts each client apart
# (one stranger's wrong passwords lock out that stranger, not the moderators). Straight to the
# daemon, an untrusted peer's X-Forwarded-* headers change nothing.
# Run by ctest (proxy_nginx); skipped (77) where nginx, curl or openssl is missing, failed under CI.
#   HATEWATCH_BIN=build/dev/daemon/hatewatch tests/proxy/nginx_tls.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${HATEWATCH_BIN:-build/dev/daemon/hatewatch}
for tool in nginx curl openssl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is missing (scripts/setup installs it)"
    [[ "${CI:-}" == true ]] && exit 1
    exit 77
  fi
done
work=$(mktemp -d)
daemon_pid= nginx_pid=
cleanup() {
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n "$daemon_pid" ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0 passes=0
check() { # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then
    passes=$((passes + 1))
    echo "ok: $name"
  else
    failures=$((failures + 1))
    echo "FAILED: $name"
  fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

daemon_port=$(free_port)
tls_port=$(free_port)
password='correct horse battery staple'
hash=$(printf '%s\n' "$password" | "$bin" hash-password --cost 10)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

cat > "$work/hatewatch.yaml" <<YAML
server:
  listen: "127.0.0.1:$daemon_port"
  trusted_proxies: [127.0.0.1]
model:
  path: models/forums.hwm
storage:
  path: $work/hatewatch.db
console:
  users:
    - {name: carol, password: "$hash"}
sources:
  - {name: forum, kind: generic}
YAML
"$bin" serve --config "$work/hatewatch.yaml" 2> "$work/daemon.log" &
daemon_pid=$!

mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<NGINX
daemon off;
master_process off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    client_max_body_size 2m;
    location / {
      proxy_pass http://127.0.0.1:$daemon_port;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work/nginx" &
nginx_pid=$!

base="https://127.0.0.1:$tls_port"
for _ in $(seq 100); do
  curl -skf "$base/healthz" >/dev/null 2>&1 && break # 502 until the daemon is up
  sleep 0.1
done
curl -skf "$base/healthz" >/dev/null || { echo "FAILED: the daemon did not answer through nginx in 10 s"; cat "$work/daemon.log"; exit 1; }
# curl through nginx from a client address: prints the status, then the headers and body to $work/out
via() { # via CLIENT_ADDRESS METHOD PATH [BODY]
  curl -sk --interface "$1" -o "$work/out" -D "$work/headers" -w '%{http_code}' -X "$2" \
    -H 'Content-Type: application/json' ${4:+--data "$4"} "$base$3"
}
login() { via "$1" POST /console/login "{\"name\":\"carol\",\"password\":\"$2\"}"; }

check "a webhook through nginx is stored" \
  test "$(via 127.0.0.2 POST /webhooks/generic/forum '{"id":"p1","text":"see you at the meeting"}')" = 200
check "/predict through nginx" test "$(via 127.0.0.3 POST /predict '{"text":"thanks for the recipe"}')" = 200
check "/predict answers the three classes" grep -q '"hate speech"' "$work/out"

check "a moderator logs in over TLS" test "$(login 127.0.0.3 "$password")" = 200
check "the session cookie is Secure (nginx said https)" grep -qi '^set-cookie: hatewatch_session=.*; Secure' "$work/headers"

for _ in 1 2 3 4 5; do login 127.0.0.2 wrong-password >/dev/null; done
check "a stranger's sixth try is throttled" test "$(login 127.0.0.2 "$password")" = 429
check "the moderator at another address is not" test "$(login 127.0.0.3 "$password")" = 200
check "the log names the real client" grep -q "failed console login for 'carol' from 127.0.0.2" "$work/daemon.log"

# Straight to the daemon from an untrusted peer: the headers are not believed.
direct=$(curl -s --interface 127.0.0.4 -o /dev/null -D "$work/headers" -w '%{http_code}' -X POST \
  -H 'Content-Type: application/json' -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 127.0.0.3' \
  --data "{\"name\":\"carol\",\"password\":\"$password\"}" "http://127.0.0.1:$daemon_port/console/login")
check "a direct login from an untrusted peer works" test "$direct" = 200
check "... and its forged X-Forwarded-Proto does not make the cookie Secure" \
  bash -c "! grep -qi '; Secure' '$work/headers'"
for _ in 1 2 3 4 5; do
  curl -s --interface 127.0.0.4 -o /dev/null -X POST -H 'Content-Type: application/json' \
    -H 'X-Forwarded-For: 127.0.0.9' --data '{"name":"carol","password":"nope"}' \
    "http://127.0.0.1:$daemon_port/console/login"
done
check "... and its forged X-Forwarded-For does not spread its failures to another address" \
  test "$(login 127.0.0.9 "$password")" = 200

echo "$passes passed, $failures failed"
if ((failures > 0)); then
  echo "== daemon log"; tail -20 "$work/daemon.log"
  echo "== nginx log"; tail -20 "$work/nginx/error.log"
  exit 1
fi
