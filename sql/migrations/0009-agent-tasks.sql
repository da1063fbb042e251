-- Agent task queues (issue 10): one row per attempt of an agent step, owned by the queue partition grain
-- (capability, partition) that loads its rows on activation. A row is queued (agent_id null), leased (agent_id set)
-- or finished (result set; kept a while so a workflow that re-sends the attempt gets its result again).
-- Heartbeats are not written: a restarted partition counts the heartbeat deadline from its restart.
CREATE TABLE IF NOT EXISTS automation_agent_tasks (
    task_id              text        PRIMARY KEY,
    capability           text        NOT NULL,
    queue_partition      integer     NOT NULL,
    workflow_id          text        NOT NULL,
    step_id              text        NOT NULL,
    attempt              integer     NOT NULL,
    priority             smallint    NOT NULL,
    input                jsonb       NOT NULL,
    queue_timeout_ms     bigint      NOT NULL,
    run_timeout_ms       bigint      NOT NULL,
    heartbeat_timeout_ms bigint,
    enqueued_at          timestamptz NOT NULL,
    agent_id             text,
    leased_at            timestamptz,
    cancel_requested     boolean     NOT NULL DEFAULT false,
    result               jsonb,
    CONSTRAINT uq_automation_agent_tasks_attempt UNIQUE (workflow_id, step_id, attempt)
);

CREATE INDEX IF NOT EXISTS ix_automation_agent_tasks_queue
    ON automation_agent_tasks (capability, queue_partition);

CREATE INDEX IF NOT EXISTS ix_automation_agent_tasks_agent
    ON automation_agent_tasks (agent_id) WHERE agent_id IS NOT NULL AND result IS NULL;
