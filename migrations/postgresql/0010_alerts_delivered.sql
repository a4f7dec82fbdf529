-- PostgreSQL's 0010 (see ../0010_alerts_delivered.sql).
CREATE INDEX alerts_delivered ON alerts (channel, delivered_at) WHERE delivered_at IS NOT NULL;
