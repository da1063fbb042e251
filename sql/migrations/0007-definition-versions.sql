-- Definition versions (issue 9): who registered each version, deprecations, and the high-water mark of deleted
-- versions (their numbers are never given again while the definition exists).
ALTER TABLE automation_definitions ADD COLUMN IF NOT EXISTS registered_by text NULL;

-- One row per deprecated version; version 0 deprecates the whole definition (every version, later ones too).
CREATE TABLE IF NOT EXISTS automation_definition_deprecations
(
    name          text        NOT NULL,
    version       integer     NOT NULL,
    replacement   text        NULL,
    reason        text        NULL,
    deprecated_by text        NOT NULL,
    deprecated_at timestamptz NOT NULL,

    CONSTRAINT pk_automation_definition_deprecations PRIMARY KEY (name, version),
    CONSTRAINT ck_automation_definition_deprecations_version CHECK (version >= 0)
);

CREATE TABLE IF NOT EXISTS automation_definition_deleted_versions
(
    name        text    NOT NULL,
    max_version integer NOT NULL,

    CONSTRAINT pk_automation_definition_deleted_versions PRIMARY KEY (name)
);

-- "Is this version used?" (DELETE of a version or definition) without scanning the visibility table.
CREATE INDEX IF NOT EXISTS ix_automation_workflows_definition_version
    ON automation_workflows (definition_name, definition_version);
