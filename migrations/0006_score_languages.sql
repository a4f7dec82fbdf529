-- Scores say which language their comment was found to be in, and a comment in a language the
-- model does not read is stored with no probabilities (unsupported = 1) instead of invented ones.
-- SQLite cannot drop NOT NULL from a column, so the table is rebuilt with the same ids.

CREATE TABLE scores_new (
  id                  INTEGER PRIMARY KEY,
  comment_id          INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  model_version       TEXT    NOT NULL,
  hate_speech         REAL,
  offensive_language  REAL,
  neither             REAL,
  flagged             INTEGER NOT NULL,
  explanation         TEXT,
  scored_at           INTEGER NOT NULL,
  -- An ISO 639-1 code, 'und' when it could not be told; NULL for scores from before this migration.
  language            TEXT,
  language_confidence REAL,
  unsupported         INTEGER NOT NULL DEFAULT 0,
  CHECK (unsupported = 1 OR (hate_speech IS NOT NULL AND offensive_language IS NOT NULL AND neither IS NOT NULL))
);
INSERT INTO scores_new (id, comment_id, model_version, hate_speech, offensive_language, neither, flagged, explanation,
                        scored_at)
  SELECT id, comment_id, model_version, hate_speech, offensive_language, neither, flagged, explanation, scored_at
  FROM scores;
DROP TABLE scores;
ALTER TABLE scores_new RENAME TO scores;
CREATE INDEX scores_comment_id ON scores (comment_id);
CREATE INDEX scores_flagged ON scores (flagged, comment_id);
CREATE INDEX scores_unsupported ON scores (unsupported, comment_id) WHERE unsupported = 1;
