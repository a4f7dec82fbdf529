-- Sources (one per forum), the comments they send, and the scores each comment got.
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE sources (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  kind       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

-- One row per version of a comment: an edit is a new row with a higher version.
CREATE TABLE comments (
  id                 INTEGER PRIMARY KEY,
  source_id          INTEGER NOT NULL REFERENCES sources (id),
  external_id        TEXT    NOT NULL,
  version            INTEGER NOT NULL,
  author             TEXT,
  author_trust_level INTEGER,
  author_staff       INTEGER NOT NULL DEFAULT 0,
  url                TEXT,
  is_private         INTEGER NOT NULL DEFAULT 0,
  text               TEXT,
  created_at         INTEGER,
  received_at        INTEGER NOT NULL,
  purged_at          INTEGER,
  UNIQUE (source_id, external_id, version)
);
CREATE INDEX comments_received_at ON comments (received_at);

CREATE TABLE scores (
  id                 INTEGER PRIMARY KEY,
  comment_id         INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  model_version      TEXT    NOT NULL,
  hate_speech        REAL    NOT NULL,
  offensive_language REAL    NOT NULL,
  neither            REAL    NOT NULL,
  flagged            INTEGER NOT NULL,
  explanation        TEXT,
  scored_at          INTEGER NOT NULL
);
CREATE INDEX scores_comment_id ON scores (comment_id);
CREATE INDEX scores_flagged ON scores (flagged, comment_id);
