-- Finished steps out of the workflow state (issue 6 item 4, ADR 0027). A workflow grain keeps its running and recently
-- finished steps in its state and moves finished ones here in chunks (PostgresStepArchive), so a long workflow's state,
-- and each of its writes, stays bounded. One row per step, rewritten when a step that was archived changes again (a
-- workflow retry resets it) and is archived anew; a step present in the grain state wins over its row. The state is
-- json, not jsonb: it is read back exactly as written (jsonb would reorder the keys of step outputs).
CREATE TABLE IF NOT EXISTS automation_workflow_steps
(
    workflow_id text COLLATE "C" NOT NULL,
    step_id     text COLLATE "C" NOT NULL,
    state       json             NOT NULL,

    CONSTRAINT pk_automation_workflow_steps PRIMARY KEY (workflow_id, step_id)
);
