-- Alerts (issue 11 item 6, ADR 0016). A growing set of rows, not grain state. At most one unresolved alert per
-- de-duplication key (kind/name/rule): the partial unique index makes a repeated raise a no-op, and keeps the
-- lookup of open alerts' keys an index probe.
CREATE TABLE IF NOT EXISTS automation_alerts
(
    seq                 bigint GENERATED ALWAYS AS IDENTITY,
    id                  text COLLATE "C" NOT NULL,
    dedup_key           text COLLATE "C" NOT NULL,
    source_kind         text COLLATE "C" NOT NULL,
    source_name         text COLLATE "C" NOT NULL,
    rule                text COLLATE "C" NOT NULL,
    severity            smallint         NOT NULL,
    status              smallint         NOT NULL,
    title               text             NOT NULL,
    description         text             NOT NULL,
    metrics             jsonb            NULL,
    recommended_action  text             NULL,
    dashboard_link      text             NULL,
    raised_at           timestamptz      NOT NULL,
    acknowledged_by     text             NULL,
    acknowledged_at     timestamptz      NULL,
    acknowledge_comment text             NULL,
    resolved_by         text             NULL,
    resolved_at         timestamptz      NULL,
    resolve_comment     text             NULL,
    escalated_at        timestamptz      NULL,
    suppressed_by       text             NULL,
    deliveries          jsonb            NOT NULL DEFAULT '[]'::jsonb,

    CONSTRAINT pk_automation_alerts PRIMARY KEY (id),
    CONSTRAINT uq_automation_alerts_seq UNIQUE (seq),
    -- 0 info, 1 warning, 2 critical; 0 open, 1 acknowledged, 2 resolved.
    CONSTRAINT ck_automation_alerts_severity CHECK (severity BETWEEN 0 AND 2),
    CONSTRAINT ck_automation_alerts_status CHECK (status BETWEEN 0 AND 2),
    CONSTRAINT ck_automation_alerts_resolved CHECK ((status = 2) = (resolved_at IS NOT NULL))
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_automation_alerts_unresolved_key
    ON automation_alerts (dedup_key) WHERE status <> 2;

CREATE INDEX IF NOT EXISTS ix_automation_alerts_raised
    ON automation_alerts (raised_at);

CREATE INDEX IF NOT EXISTS ix_automation_alerts_source
    ON automation_alerts (source_kind, source_name, seq DESC);
