-- Moderators' decisions on comments. Every decision is a new row, never updated or deleted by the
-- daemon (the audit trail: who decided what, when); a comment's current decision is its latest row,
-- kept in review_state so that the queue filters on it by index. A decision never touches scores.

CREATE TABLE reviews (
  id         INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  -- 0 hate speech, 1 offensive language, 2 neither; NULL withdraws the decision (back to review).
  label      INTEGER CHECK (label IN (0, 1, 2)),
  note       TEXT,
  moderator  TEXT    NOT NULL,
  decided_at INTEGER NOT NULL
);
CREATE INDEX reviews_comment_id ON reviews (comment_id, id);

-- One row per comment that has been decided on: its latest review.
CREATE TABLE review_state (
  comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
  review_id  INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  label      INTEGER CHECK (label IN (0, 1, 2))
);
CREATE INDEX review_state_label ON review_state (label, comment_id);
