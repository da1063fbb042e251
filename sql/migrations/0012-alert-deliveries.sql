-- Alert deliveries as a durable outbox (issue 11 review, ADR 0016 amended). One row per message about an alert to one
-- channel; its id is the Idempotency-Key every attempt sends ("alert-<alert id>:<kind>:<channel>"), so a receiver can
-- drop a retry it already accepted. The alert manager claims due rows (a lease in next_attempt_at), sends them off
-- its turn and records the outcome; a row left pending by a killed silo is due again when its lease ends.
CREATE TABLE IF NOT EXISTS automation_alert_deliveries
(
    id              text COLLATE "C" NOT NULL,
    alert_id        text COLLATE "C" NOT NULL,
    channel         text COLLATE "C" NOT NULL,
    kind            text COLLATE "C" NOT NULL,
    template        text             NULL,
    -- 0 pending, 1 delivered, 2 failed.
    status          smallint         NOT NULL DEFAULT 0,
    attempts        integer          NOT NULL DEFAULT 0,
    next_attempt_at timestamptz      NOT NULL,
    created_at      timestamptz      NOT NULL,
    updated_at      timestamptz      NOT NULL,
    last_error      text             NULL,

    CONSTRAINT pk_automation_alert_deliveries PRIMARY KEY (id),
    CONSTRAINT fk_automation_alert_deliveries_alert FOREIGN KEY (alert_id) REFERENCES automation_alerts (id) ON DELETE CASCADE,
    CONSTRAINT ck_automation_alert_deliveries_status CHECK (status BETWEEN 0 AND 2)
);

CREATE INDEX IF NOT EXISTS ix_automation_alert_deliveries_due
    ON automation_alert_deliveries (next_attempt_at) WHERE status = 0;

CREATE INDEX IF NOT EXISTS ix_automation_alert_deliveries_alert
    ON automation_alert_deliveries (alert_id, created_at);
