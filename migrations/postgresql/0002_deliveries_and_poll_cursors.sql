-- PostgreSQL's 0002 (see ../0002_deliveries_and_poll_cursors.sql).

CREATE TABLE deliveries (
  source_id   BIGINT NOT NULL REFERENCES sources (id),
  event_id    TEXT   NOT NULL,
  comment_id  BIGINT,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (source_id, event_id)
);
CREATE INDEX deliveries_received_at ON deliveries (received_at);

CREATE TABLE poll_cursors (
  source_id    BIGINT PRIMARY KEY REFERENCES sources (id),
  last_post_id BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
