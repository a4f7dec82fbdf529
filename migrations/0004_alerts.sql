-- The alert outbox: one row per flagged comment version and channel (or Discourse flag action),
-- written in the same transaction as the score that caused it, delivered by the dispatcher.
-- state: pending (to deliver at next_attempt_at), delivered, dead (given up; last_error says why).

CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  comment_id      INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  channel         TEXT    NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_status     INTEGER,
  last_error      TEXT,
  digest          INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER
);
CREATE INDEX alerts_due ON alerts (state, next_attempt_at);
CREATE INDEX alerts_comment_id ON alerts (comment_id);
