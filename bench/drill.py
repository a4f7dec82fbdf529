#!/usr/bin/env python3
"""The replicas' failure drill (run by bench/drill.sh, which starts PostgreSQL and passes its URL).

Two hatewatch replicas share one PostgreSQL. A client sends WEBHOOKS generic webhooks from 8
connections, alternating the replicas request by request (what a round-robin balancer does); a
request that fails (connection refused or reset, non-2xx) is retried on the other replica, as a
forum retries a webhook that got no 2xx. A fake Discourse forum gains posts all the while, polled
by whichever replica holds the source's lease. Halfway, the replica holding the poll lease is
killed with SIGKILL and restarted two seconds later. Then it checks, from the database and from a
receiver counting X-Hatewatch-Event-Id: every acknowledged comment stored exactly once, every
flagged comment alerted (each event id received; repeats counted and reported), every forum post
stored once with no gap, and the poll lease on the survivor. Exit status 0 only if all hold.
"""
import argparse
import http.client
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("--url", required=True, help="postgresql:// URL of an empty database")
parser.add_argument("--work", required=True, help="scratch directory")
parser.add_argument("--webhooks", type=int, default=20000)
parser.add_argument("--connections", type=int, default=8)
args = parser.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sql(query):
    return subprocess.run(["psql", "-Atq", args.url, "-c", query], check=True, capture_output=True,
                          text=True).stdout.strip()


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# The receiver of alerts: counts each event id.
events = {}
events_lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with events_lock:
            event = self.headers.get("X-Hatewatch-Event-Id", "?")
            events[event] = events.get(event, 0) + 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *a):
        pass


# The forum: /posts.json, newest first, 50 a page, ?before= pages back; a post every 20 ms.
posts_lock = threading.Lock()
posts = []


def post(i):
    return {"id": i, "username": f"user{i}", "created_at": "2026-12-01T08:00:00.000Z", "cooked": f"<p>post {i}</p>",
            "raw": f"post {i}", "post_number": 2, "post_type": 1, "topic_id": i, "topic_slug": f"t-{i}",
            "topic_title": f"Topic {i}", "version": 1, "trust_level": 1, "moderator": False, "admin": False,
            "staff": False, "user_id": 1, "hidden": False, "deleted_at": None}


class Forum(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        before = None
        if "before=" in self.path:
            before = int(self.path.split("before=")[1].split("&")[0])
        with posts_lock:
            page = [post(i) for i in reversed(posts) if before is None or i < before][:50]
        body = json.dumps({"latest_posts": page}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


receiver = serve(Receiver)
forum = serve(Forum)
posting = True


def add_posts():
    i = 0
    while posting:
        i += 1
        with posts_lock:
            posts.append(i)
        time.sleep(0.02)


ports = [free_port(), free_port()]


def config(port):
    return f"""server:
  listen: "127.0.0.1:{port}"
  threads: 2
log:
  level: info
model:
  path: models/forums.hwm
storage:
  backend: postgresql
  url: "{args.url}"
sources:
  - name: forum
    kind: generic
    thresholds: {{ hate_speech: 0.3 }}
    notify: [hook]
  - name: board
    kind: discourse
    poll: {{ base_url: "http://127.0.0.1:{forum.server_address[1]}", api_key: drill-api-key, interval: 200ms, timeout: 1s }}
channels:
  hook: {{ kind: webhook, url: "http://127.0.0.1:{receiver.server_address[1]}/hook" }}
alerts:
  interval: 100ms
  lease: 5s
  digest_after: 100000
"""


replicas = [None, None]


def start(k):
    path = os.path.join(args.work, f"replica{k}.yaml")
    with open(path, "w") as f:
        f.write(config(ports[k]))
    log = open(os.path.join(args.work, f"replica{k}.log"), "a")
    replicas[k] = subprocess.Popen([args.bin, "serve", "--config", path], stderr=log)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", ports[k]), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"replica {k} did not start: see {log.name}")


start(0)
start(1)
threading.Thread(target=add_posts, daemon=True).start()

texts = ["go back to where you came from, you people are vermin", "thanks, that answered my question",
         "this thread is trash and so are the people in it", "does anyone know when the next release is due?"]
acked = set()
acked_lock = threading.Lock()
retries = [0]
kill_at = args.webhooks // 2
killed = threading.Event()


def client(first):
    conns = [None, None]
    for n, i in enumerate(range(first, args.webhooks, args.connections)):
        k = n % 2  # alternate the replicas
        body = json.dumps({"id": f"c{i}", "text": texts[i % 4], "author": "drill"})
        while True:
            try:
                if conns[k] is None:
                    conns[k] = http.client.HTTPConnection("127.0.0.1", ports[k], timeout=10)
                conns[k].request("POST", "/webhooks/generic/forum", body, {"Content-Type": "application/json"})
                res = conns[k].getresponse()
                res.read()
                if res.status == 200:
                    break
            except (OSError, http.client.HTTPException):
                conns[k] = None
            with acked_lock:
                retries[0] += 1
            k = 1 - k  # the forum retries; the balancer sends it to the other replica
            time.sleep(0.01)
        with acked_lock:
            acked.add(i)


def chaos():
    while len(acked) < kill_at:
        time.sleep(0.01)
    holder = sql("SELECT holder FROM leases WHERE name = 'poll:board'")
    victim = 0 if f":{replicas[0].pid}:" in holder else 1
    print(f"== {len(acked)} acknowledged: kill -9 replica {victim} (pid {replicas[victim].pid}), which holds poll:board")
    replicas[victim].send_signal(signal.SIGKILL)
    replicas[victim].wait()
    killed.set()
    t0 = time.time()
    moved = None
    while time.time() - t0 < 30:
        h = sql("SELECT holder FROM leases WHERE name = 'poll:board'")
        if f":{replicas[1 - victim].pid}:" in h:
            moved = time.time() - t0
            break
        time.sleep(0.05)
    print(f"== the poll lease moved to replica {1 - victim} after {moved:.2f} s" if moved is not None
          else "== the poll lease did not move within 30 s")
    time.sleep(max(0.0, 2 - (time.time() - t0)))
    start(victim)
    print(f"== replica {victim} restarted (pid {replicas[victim].pid})")
    return moved


started = time.time()
chaos_result = {}
chaos_thread = threading.Thread(target=lambda: chaos_result.setdefault("moved", chaos()))
chaos_thread.start()
clients = [threading.Thread(target=client, args=(c,)) for c in range(args.connections)]
for t in clients:
    t.start()
for t in clients:
    t.join()
chaos_thread.join()
elapsed = time.time() - started
print(f"== {len(acked)} webhooks acknowledged in {elapsed:.1f} s ({len(acked) / elapsed:.0f}/s including the kill),"
      f" {retries[0]} retried on the other replica")

# Let the alerts and the poller catch up, then stop the forum and read the database.
posting = False
with posts_lock:
    last_post = posts[-1]
deadline = time.time() + 60
while time.time() < deadline:
    pending = int(sql("SELECT COUNT(*) FROM alerts WHERE state <> 'delivered'"))
    polled = int(sql("SELECT COALESCE(MAX(last_post_id), 0) FROM poll_cursors"))
    if pending == 0 and polled >= last_post:
        break
    time.sleep(0.2)
time.sleep(1)  # a repeat delivery would arrive in this time
for p in replicas:
    p.send_signal(signal.SIGTERM)
for p in replicas:
    p.wait()

ok = True


def check(cond, what):
    global ok
    print(("   ok   " if cond else "   FAIL ") + what)
    ok = ok and cond


stored = sql("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM comments c JOIN sources s ON s.id = c.source_id"
             " WHERE s.name = 'forum'").split("|")
ids = set(int(x[1:]) for x in sql("SELECT external_id FROM comments c JOIN sources s ON s.id = c.source_id"
                                   " WHERE s.name = 'forum'").split("\n") if x)
check(len(acked) == args.webhooks, f"every webhook acknowledged in the end: {len(acked)} of {args.webhooks}")
check(acked <= ids, f"every acknowledged comment stored: {len(acked & ids)} of {len(acked)}")
check(stored[0] == stored[1], f"no comment stored twice: {stored[0]} rows, {stored[1]} distinct ids")
flagged = int(sql("SELECT COUNT(*) FROM scores WHERE flagged <> 0 AND comment_id IN (SELECT c.id FROM comments c"
                  " JOIN sources s ON s.id = c.source_id WHERE s.name = 'forum')"))
alerts = int(sql("SELECT COUNT(*) FROM alerts"))
delivered = int(sql("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'"))
repeats = sum(n - 1 for n in events.values())
check(alerts == flagged, f"one alert per flagged comment: {alerts} alerts, {flagged} flagged")
check(delivered == alerts, f"every alert delivered: {delivered} of {alerts}")
check(len(events) == alerts, f"every event id received: {len(events)} distinct of {alerts}")
print(f"   ({repeats} repeated deliveries (same event id; a kill between a receiver's 2xx and its record))")
board = sql("SELECT COUNT(*), COUNT(DISTINCT external_id), MIN(external_id::BIGINT), MAX(external_id::BIGINT)"
            " FROM comments c JOIN sources s ON s.id = c.source_id WHERE s.name = 'board'").split("|")
first_polled = int(board[2] or 0)
check(board[0] == board[1] and int(board[3] or 0) - first_polled + 1 == int(board[0] or 0) and
      int(board[3] or 0) == last_post,
      f"forum posts {first_polled}..{last_post} stored once each, no gap: {board[0]} rows, {board[1]} distinct,"
      f" highest {board[3]}")
check(chaos_result.get("moved") is not None, "the poller moved to the survivor")
sys.exit(0 if ok else 1)
