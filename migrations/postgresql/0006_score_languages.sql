-- PostgreSQL's 0006 (see ../0006_score_languages.sql): the language of each score, and no
-- probabilities for a language the model does not read. PostgreSQL alters the table in place.

ALTER TABLE scores
  ALTER COLUMN hate_speech DROP NOT NULL,
  ALTER COLUMN offensive_language DROP NOT NULL,
  ALTER COLUMN neither DROP NOT NULL,
  ADD COLUMN language TEXT,
  ADD COLUMN language_confidence DOUBLE PRECISION,
  ADD COLUMN unsupported INTEGER NOT NULL DEFAULT 0,
  ADD CONSTRAINT scores_probabilities CHECK (unsupported = 1 OR (hate_speech IS NOT NULL AND offensive_language IS NOT NULL AND neither IS NOT NULL));
CREATE INDEX scores_unsupported ON scores (unsupported, comment_id) WHERE unsupported = 1;
