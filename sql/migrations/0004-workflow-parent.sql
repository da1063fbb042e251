-- Child workflows (the workflow, foreach and parallel steps): the parent's id, for the list filter ?parentId=.
ALTER TABLE automation_workflows ADD COLUMN IF NOT EXISTS parent_id text COLLATE "C" NULL;
CREATE INDEX IF NOT EXISTS ix_automation_workflows_parent
    ON automation_workflows (parent_id, created_at DESC, workflow_id DESC) WHERE parent_id IS NOT NULL;
