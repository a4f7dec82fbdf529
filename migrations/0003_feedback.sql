-- Moderator feedback: labels that callers suggest for a text (Perspective's comments:suggestscore,
-- which Coral sends when a moderator approves or rejects a comment). Kept for retraining.

CREATE TABLE feedback (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources (id),
  text          TEXT    NOT NULL,
  attribute     TEXT    NOT NULL,
  value         REAL    NOT NULL,
  community_id  TEXT,
  client_token  TEXT,
  received_at   INTEGER NOT NULL
);
CREATE INDEX feedback_received_at ON feedback (received_at);
