-- The flood rule (alerts.digest_after within digest_window) counts what each channel delivered for
-- a source lately from the outbox itself, so that replicas sharing one database share the count:
-- this index finds a channel's recent deliveries without reading its whole history.
CREATE INDEX alerts_delivered ON alerts (channel, delivered_at) WHERE delivered_at IS NOT NULL;
