-- PostgreSQL's 0012 (see ../0012_latest_score_index.sql): an index on (comment_id, id), so that
-- MAX(id) FROM scores WHERE comment_id = ? reads one index entry instead of walking scores_pkey
-- backwards past every newer score (11,600 rows at 11,604 comments for a redelivery of the first).
CREATE INDEX scores_comment_latest ON scores (comment_id, id);
DROP INDEX scores_comment_id;
