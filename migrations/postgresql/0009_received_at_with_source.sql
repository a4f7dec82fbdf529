-- PostgreSQL's 0009 (see ../0009_received_at_with_source.sql).
DROP INDEX comments_received_at;
CREATE INDEX comments_received_at ON comments (received_at, source_id);
