-- Feedback stores a request's text once, with one row per suggested attribute beside it. One
-- suggestscore request with thousands of attributes used to write the text thousands of times.
-- The view keeps the old table's shape for readers.

CREATE TABLE feedback_requests (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources (id),
  text          TEXT    NOT NULL,
  community_id  TEXT,
  client_token  TEXT,
  received_at   INTEGER NOT NULL
);
CREATE INDEX feedback_requests_received_at ON feedback_requests (received_at);

CREATE TABLE feedback_scores (
  request_id    INTEGER NOT NULL REFERENCES feedback_requests (id) ON DELETE CASCADE,
  attribute     TEXT    NOT NULL,
  value         REAL    NOT NULL,
  PRIMARY KEY (request_id, attribute)
);

-- Each old row was one attribute with its own copy of the text: it becomes a request of its own.
INSERT INTO feedback_requests (id, source_id, text, community_id, client_token, received_at)
  SELECT id, source_id, text, community_id, client_token, received_at FROM feedback;
INSERT INTO feedback_scores (request_id, attribute, value) SELECT id, attribute, value FROM feedback;
DROP TABLE feedback;

CREATE VIEW feedback AS
  SELECT s.rowid AS id, r.source_id, r.text, s.attribute, s.value, r.community_id, r.client_token, r.received_at,
         r.id AS request_id
  FROM feedback_requests r JOIN feedback_scores s ON s.request_id = r.id;
