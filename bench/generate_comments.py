#!/usr/bin/env python3
"""Fills a hatewatch database with synthetic stored comments, for the console's benchmarks.

    hatewatch migrate --database DB      # the schema first (the daemon's own migrations)
    bench/generate_comments.py DB [COUNT] [--seed N]

COUNT comments (1,000,000 by default) over the last 90 days in three sources, each with one score:
about 6 % flagged (with an explanation, as the daemon stores them), 1 % in a language the model does
not read. A third of the flagged comments older than a week have a moderator's decision (some
changed, some withdrawn: several rows each in `reviews`), and every flagged one has an alert (most
delivered, some pending or dead). Texts are built from a small word list; none is real user content.
"""
import argparse
import json
import random
import sqlite3
import sys
import time

WORDS = ("the thread forum post reply people them they this that what about really think again new "
         "release version thanks great question answer agree disagree idiot clown trash vermin go back "
         "where came from kind here nobody wants your lovely picture lake meeting sunday council bridge "
         "vote recipe butter").split()
FLAG_WORDS = ["vermin", "go back", "clown", "trash", "nobody wants"]
SOURCES = ["forum-a", "forum-b", "news"]
MODEL = "forums-05293918"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("database")
    ap.add_argument("count", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.database)
    if not db.execute("SELECT name FROM sqlite_master WHERE name = 'review_state'").fetchone():
        sys.exit(f"{args.database}: no hatewatch schema: run `hatewatch migrate --database {args.database}` first")
    if db.execute("SELECT COUNT(*) FROM comments").fetchone()[0]:
        sys.exit(f"{args.database}: already holds comments")
    db.execute("PRAGMA synchronous = OFF")
    now = int(time.time() * 1000)
    start = now - 90 * 86_400_000
    db.executemany("INSERT INTO sources (id, name, kind, created_at) VALUES (?, ?, 'generic', ?)",
                   [(i + 1, s, start) for i, s in enumerate(SOURCES)])
    comments, scores, reviews, states, alerts = [], [], [], [], []
    review_id = 0
    began = time.time()
    for cid in range(1, args.count + 1):
        received = start + (now - start) * cid // args.count  # ids grow with time, as in the daemon
        source = rng.choice((1, 1, 1, 2, 3))
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 30))]
        flagged = rng.random() < 0.06
        unsupported = not flagged and rng.random() < 0.01
        explanation = None
        if flagged:
            driver = rng.choice(FLAG_WORDS)
            at = rng.randint(0, len(words))
            words.insert(at, driver)
            text = " ".join(words)
            begin = text.find(driver)
            explanation = json.dumps([{"ngram": driver, "begin": begin, "end": begin + len(driver),
                                       "weight": round(rng.uniform(0.5, 2.5), 3)}], separators=(",", ":"))
            hate = rng.uniform(0.5, 0.99)
        else:
            text = " ".join(words)
            hate = rng.uniform(0.0, 0.45)
        rest = 1 - hate
        offensive = rest * rng.random()
        comments.append((cid, source, f"c{cid}", 1, f"user{rng.randint(1, 50_000)}", rng.randint(0, 4), 0,
                         f"https://{SOURCES[source - 1]}.example/t/{cid}", 0, text, received - 1000, received))
        if unsupported:
            scores.append((cid, cid, MODEL, None, None, None, 0, None, received, "de", 0.95, 1))
        else:
            scores.append((cid, cid, MODEL, hate, offensive, rest - offensive, int(flagged), explanation, received,
                           "en", 0.97, 0))
        if flagged:
            state = "delivered" if rng.random() < 0.97 else rng.choice(("pending", "dead"))
            alerts.append((f"hw-{cid}-slack", cid, "slack", state, 1, received, 200 if state == "delivered" else 500,
                           None if state == "delivered" else "slack answered 500", received,
                           received + 900 if state == "delivered" else None))
            if received < now - 7 * 86_400_000 and rng.random() < 0.33:
                decided = received + rng.randint(60_000, 86_400_000)
                label = rng.choice((0, 0, 1, 2))
                for step in range(rng.choice((1, 1, 1, 2, 3))):
                    review_id += 1
                    reviews.append((review_id, cid, label if step == 0 else rng.choice((0, 1, 2, None)),
                                    None, rng.choice(("carol", "dave", "erin")), decided + step * 60_000))
                last = reviews[-1]
                states.append((cid, last[0], last[2]))
        if len(comments) >= 50_000 or cid == args.count:
            flush(db, comments, scores, reviews, states, alerts)
            print(f"\r{cid:,} comments ({time.time() - began:.0f} s)", end="", file=sys.stderr)
    db.commit()
    print(file=sys.stderr)
    db.execute("ANALYZE")
    db.commit()
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("comments", "scores", "reviews", "review_state", "alerts")}
    print(json.dumps(counts))


def flush(db, comments, scores, reviews, states, alerts):
    db.executemany("INSERT INTO comments (id, source_id, external_id, version, author, author_trust_level, author_staff,"
                   " url, is_private, text, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   comments)
    db.executemany("INSERT INTO scores (id, comment_id, model_version, hate_speech, offensive_language, neither,"
                   " flagged, explanation, scored_at, language, language_confidence, unsupported)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", scores)
    db.executemany("INSERT INTO reviews (id, comment_id, label, note, moderator, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                   reviews)
    db.executemany("INSERT INTO review_state (comment_id, review_id, label) VALUES (?, ?, ?)", states)
    db.executemany("INSERT INTO alerts (event_id, comment_id, channel, state, attempts, next_attempt_at, last_status,"
                   " last_error, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", alerts)
    for rows in (comments, scores, reviews, states, alerts):
        rows.clear()


if __name__ == "__main__":
    main()
