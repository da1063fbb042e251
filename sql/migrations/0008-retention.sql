-- Retention (issue 9): the purge job finds finished workflows by completion time, then deletes their grain state by
-- key. OrleansStorage's own indexes start with hashes the job does not compute, so it gets one on the key string.
CREATE INDEX IF NOT EXISTS ix_automation_workflows_completed
    ON automation_workflows (completed_at) WHERE completed_at IS NOT NULL;

CREATE INDEX IF NOT EXISTS ix_orleansstorage_extension
    ON OrleansStorage (GrainIdExtensionString) WHERE GrainIdExtensionString IS NOT NULL;
