-- Work only one replica may do at a time (polling a source) is held by lease: a row naming the
-- holder and when its hold ends. The holder renews it as it works; when it dies, another replica
-- takes the lease once it has ended, and resumes from the stored cursor.
CREATE TABLE leases (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);
