-- The latest score of a comment is read as MAX(id) FROM scores WHERE comment_id = ? (a redelivery
-- answered as a duplicate, the queue, the alerts). On PostgreSQL an index on (comment_id) alone let
-- the planner walk scores_pkey backwards filtering by comment, a scan that grew with the table;
-- (comment_id, id) answers it from one index entry. SQLite's index on (comment_id) already ends with
-- the rowid (id) and served it so; the index is renamed here to keep both schemas alike.
CREATE INDEX scores_comment_latest ON scores (comment_id, id);
DROP INDEX scores_comment_id;
