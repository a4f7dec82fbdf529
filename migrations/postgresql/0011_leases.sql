-- PostgreSQL's 0011 (see ../0011_leases.sql).
CREATE TABLE leases (
  name       TEXT   PRIMARY KEY,
  holder     TEXT   NOT NULL,
  expires_at BIGINT NOT NULL
);
