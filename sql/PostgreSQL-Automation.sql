-- Automation: our own tables. Orleans never reads them; the API and the grains do.

-- Workflow visibility: one row per workflow, kept current by the workflow grains (group-committed
-- by PostgresWorkflowIndex). A row only moves forward: an upsert with a lower revision is ignored.
CREATE TABLE IF NOT EXISTS automation_workflows
(
    -- "C" collation: byte order, the same on every server, for stable keyset pagination.
    workflow_id        text COLLATE "C" NOT NULL,
    definition_name    text             NOT NULL,
    definition_version integer          NOT NULL,
    -- The WorkflowStatus enum name: Running, Completed, Failed, Cancelled.
    status             text             NOT NULL,
    created_at         timestamptz      NOT NULL,
    updated_at         timestamptz      NOT NULL,
    completed_at       timestamptz      NULL,
    revision           bigint           NOT NULL,

    CONSTRAINT pk_automation_workflows PRIMARY KEY (workflow_id)
);

-- Newest first, keyset on (created_at, workflow_id); one index per supported filter.
CREATE INDEX IF NOT EXISTS ix_automation_workflows_created
    ON automation_workflows (created_at DESC, workflow_id DESC);

CREATE INDEX IF NOT EXISTS ix_automation_workflows_status_created
    ON automation_workflows (status, created_at DESC, workflow_id DESC);

CREATE INDEX IF NOT EXISTS ix_automation_workflows_definition_created
    ON automation_workflows (definition_name, created_at DESC, workflow_id DESC);

-- Immutable definition versions: (name, 1), (name, 2), ... Written by PostgresDefinitionStore.
CREATE TABLE IF NOT EXISTS automation_definitions
(
    name        text        NOT NULL,
    version     integer     NOT NULL,
    document    json        NOT NULL, -- json, not jsonb: the document is kept exactly as registered
    description text        NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_automation_definitions PRIMARY KEY (name, version),
    CONSTRAINT ck_automation_definitions_version CHECK (version >= 1)
);

-- Workflow history beyond the tail kept in grain state: events are moved here in chunks by the workflow grain
-- (PostgresHistoryStore), so a long workflow's state, and each of its writes, stays bounded. Rows never change;
-- re-inserting a chunk after a crash is a no-op.
CREATE TABLE IF NOT EXISTS automation_history
(
    workflow_id text COLLATE "C" NOT NULL,
    sequence    bigint           NOT NULL,
    event       jsonb            NOT NULL,

    CONSTRAINT pk_automation_history PRIMARY KEY (workflow_id, sequence)
);
