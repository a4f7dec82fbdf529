-- Webhook deliveries already taken (Discourse's X-Discourse-Event-Id), so a retried delivery is
-- acknowledged without being stored twice, and the polling cursor of each polled source.

CREATE TABLE deliveries (
  source_id   INTEGER NOT NULL REFERENCES sources (id),
  event_id    TEXT    NOT NULL,
  comment_id  INTEGER,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (source_id, event_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_received_at ON deliveries (received_at);

-- The highest post id seen; a restart resumes from it with no gap and no duplicate.
CREATE TABLE poll_cursors (
  source_id    INTEGER PRIMARY KEY REFERENCES sources (id),
  last_post_id INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
