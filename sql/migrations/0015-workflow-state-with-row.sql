-- A workflow's state and its visibility row in one transaction (issue 6, ADR 0030). A workflow grain whose status
-- changes (started, paused, resumed, finished) writes its grain state and its automation_workflows row with this one
-- call, so the row is never behind nor ahead of the state and costs no commit of its own. The state is written exactly
-- as the ADO.NET provider's WriteToStorageKey query writes it (automation_orleans_write_storage, same key, hashes and
-- payload), so the provider reads, clears and later writes the same row. The visibility row is written only when the
-- state write succeeded; it keeps the rule of the batched upsert (PostgresWorkflowIndex): a stored row with a higher
-- revision is kept. Returns the new state version (the caller's version, or NULL for a refused first write, when the
-- write lost: the caller raises InconsistentStateException as the provider does) and whether the row was written.
CREATE OR REPLACE FUNCTION automation_write_workflow_state(
    p_grain_id_hash     integer,
    p_grain_id_n0       bigint,
    p_grain_id_n1       bigint,
    p_grain_type_hash   integer,
    p_grain_type        varchar,
    p_grain_extension   varchar,
    p_service_id        varchar,
    p_version           integer,
    p_payload           bytea,
    p_workflow_id       text,
    p_definition        text,
    p_definition_version integer,
    p_status            text,
    p_created_at        timestamptz,
    p_updated_at        timestamptz,
    p_completed_at      timestamptz,
    p_revision          bigint,
    p_started_by        text,
    p_tags              text[],
    p_parent_id         text)
RETURNS TABLE (NewGrainStateVersion integer, RowWritten boolean)
LANGUAGE plpgsql
AS $body$
DECLARE
    v_version integer;
BEGIN
    -- The visibility row's lock first, then the state's: the order the retention purge takes them in (its pick locks
    -- automation_workflows rows, then their OrleansStorage rows), so the two never deadlock. A row the purge holds is
    -- waited for; once purged, the state write below finds no row and loses.
    PERFORM 1 FROM automation_workflows WHERE workflow_id = p_workflow_id FOR UPDATE;

    SELECT s.NewGrainStateVersion INTO v_version
    FROM automation_orleans_write_storage(
        p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
        p_grain_extension, p_service_id, p_version, p_payload) AS s;

    IF v_version IS NULL OR v_version IS NOT DISTINCT FROM p_version THEN
        RETURN QUERY SELECT v_version, false; -- the state write lost: nothing else changes
        RETURN;
    END IF;

    INSERT INTO automation_workflows AS w
        (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision,
         started_by, tags, parent_id)
    VALUES
        (p_workflow_id, p_definition, p_definition_version, p_status, p_created_at, p_updated_at, p_completed_at,
         p_revision, p_started_by, coalesce(p_tags, '{}'), p_parent_id)
    ON CONFLICT (workflow_id) DO UPDATE
    SET definition_name = excluded.definition_name,
        definition_version = excluded.definition_version,
        status = excluded.status,
        created_at = excluded.created_at,
        updated_at = excluded.updated_at,
        completed_at = excluded.completed_at,
        revision = excluded.revision,
        started_by = excluded.started_by,
        tags = excluded.tags,
        parent_id = excluded.parent_id
    WHERE excluded.revision >= w.revision AND excluded.revision >= 0;

    RETURN QUERY SELECT v_version, FOUND;
END
$body$;

-- The retention purge finds a workflow's state row by the key the grain storage gives it. Most workflow ids are string
-- keys (GrainIdExtensionString, indexed by 0008); an id of hex digits only is stored as a GUID key (32 digits, with
-- any "+…" as its extension) or an integer key (up to 16 digits), with N0/N1 set: this index finds those.
CREATE INDEX IF NOT EXISTS ix_orleansstorage_numeric_key
    ON OrleansStorage (GrainIdN0, GrainIdN1) WHERE GrainIdN0 <> 0 OR GrainIdN1 <> 0;
