-- Workflow tags (POST /api/v1/workflows "tags"), for the list filter ?tag= (every given tag: tags @> ARRAY[...]).
ALTER TABLE automation_workflows ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS ix_automation_workflows_tags ON automation_workflows USING gin (tags);
-- ?idPrefix= is served by the primary key: workflow_id is COLLATE "C", so LIKE 'prefix%' is a btree range scan.
