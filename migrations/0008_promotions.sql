-- Model promotions and rollbacks (hatewatch promote, or the console): which version replaced which,
-- who did it, and the evaluation on moderators' decisions that was shown when it was decided.
CREATE TABLE promotions (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('promote', 'rollback')),
  from_version TEXT    NOT NULL,
  to_version   TEXT    NOT NULL,
  -- The moderator (console) or 'cli' (hatewatch promote).
  actor        TEXT    NOT NULL,
  -- The comparison of the new model with the one it replaced (JSON), when there were decisions.
  evaluation   TEXT,
  note         TEXT,
  at           INTEGER NOT NULL
);
