-- Monitored services' history (issue 11, ADR 0015). Grain state holds a service's registration, state machine and
-- latest 100 transitions; everything that grows lives here, written in batches by each silo's recorder (one
-- transaction every few seconds, not a row per probe in a grain turn) and pruned once a minute.

-- Recent probe results: the newest Automation:Services:KeepProbes (1,000) per service, at most 24 h old.
CREATE TABLE IF NOT EXISTS automation_service_probes
(
    service      text COLLATE "C" NOT NULL,
    started_at   timestamptz      NOT NULL,
    scheduled_at timestamptz      NOT NULL,
    latency_ms   double precision NOT NULL,
    passed       boolean          NOT NULL,
    status_code  integer          NULL,
    detail       text             NULL
);

CREATE INDEX IF NOT EXISTS ix_automation_service_probes_service
    ON automation_service_probes (service, started_at DESC);

CREATE INDEX IF NOT EXISTS ix_automation_service_probes_started
    ON automation_service_probes (started_at);

-- Per-minute aggregates (computed in the silo's memory), kept 24 h. A minute split between two silos (the grain
-- moved) is merged: counts add up, max is the larger, p50/p95 are count-weighted means of the parts (approximate).
CREATE TABLE IF NOT EXISTS automation_service_minutes
(
    service  text COLLATE "C" NOT NULL,
    minute   timestamptz      NOT NULL,
    count    integer          NOT NULL,
    failures integer          NOT NULL,
    p50_ms   double precision NOT NULL,
    p95_ms   double precision NOT NULL,
    max_ms   double precision NOT NULL,

    CONSTRAINT pk_automation_service_minutes PRIMARY KEY (service, minute),
    CONSTRAINT ck_automation_service_minutes_count CHECK (count >= 1 AND failures >= 0 AND failures <= count)
);

CREATE INDEX IF NOT EXISTS ix_automation_service_minutes_minute
    ON automation_service_minutes (minute);

-- Every transition of the shown status (30 days by default; uptime over 7 d is computed from them).
CREATE TABLE IF NOT EXISTS automation_service_transitions
(
    id           bigint GENERATED ALWAYS AS IDENTITY,
    service      text COLLATE "C" NOT NULL,
    at           timestamptz      NOT NULL,
    from_status  text             NOT NULL,
    to_status    text             NOT NULL,
    probe_status text             NOT NULL,
    reason       text             NOT NULL,
    probe        jsonb            NULL,

    CONSTRAINT pk_automation_service_transitions PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_automation_service_transitions_service
    ON automation_service_transitions (service, at DESC);

CREATE INDEX IF NOT EXISTS ix_automation_service_transitions_at
    ON automation_service_transitions (at);
