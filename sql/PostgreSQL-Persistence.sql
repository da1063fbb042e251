-- Automation: grain state schema for Orleans.Persistence.AdoNet 10.4.2.
--
-- A grain's key is (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString);
-- GrainIdHash and GrainTypeHash are hashes of it that make lookups cheap. Version is the ETag:
-- a write names the version it read and fails (returns that same version) when another
-- activation wrote in between. The payload is whatever the configured serializer produced.
-- Internal to Orleans: never query this table for reporting.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer                     NOT NULL,
    GrainIdN0              bigint                      NOT NULL,
    GrainIdN1              bigint                      NOT NULL,
    GrainTypeHash          integer                     NOT NULL,
    GrainTypeString        varchar(512)                NOT NULL,
    GrainIdExtensionString varchar(512)                NULL,
    ServiceId              varchar(150)                NOT NULL,
    PayloadBinary          bytea                       NULL,
    ModifiedOn             timestamp without time zone NOT NULL,
    Version                integer                     NULL
);

-- The lookup index every provider query starts from.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- One row per grain. The extension is nullable, so the key is split in two partial unique
-- indexes (NULL and '' stay distinct, as in the provider's queries). A concurrent first write of
-- the same grain now fails cleanly instead of leaving two rows.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
    WHERE GrainIdExtensionString IS NOT NULL;

CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain_NoExtension
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString)
    WHERE GrainIdExtensionString IS NULL;

-- Writes a grain's state. Returns the new version, or the caller's version unchanged when the
-- write lost a race (Orleans then raises InconsistentStateException).
CREATE OR REPLACE FUNCTION automation_orleans_write_storage(
    p_grain_id_hash     integer,
    p_grain_id_n0       bigint,
    p_grain_id_n1       bigint,
    p_grain_type_hash   integer,
    p_grain_type        varchar,
    p_grain_extension   varchar,
    p_service_id        varchar,
    p_version           integer,
    p_payload           bytea)
RETURNS TABLE (NewGrainStateVersion integer)
LANGUAGE plpgsql
AS $body$
BEGIN
    IF p_version IS NULL THEN
        -- First write: the unique indexes let exactly one concurrent writer in.
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_extension,
             p_service_id, p_payload, now() AT TIME ZONE 'utc', 1)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN QUERY SELECT 1;
        ELSE
            RETURN QUERY SELECT NULL::integer;
        END IF;
        RETURN;
    END IF;

    UPDATE OrleansStorage
    SET PayloadBinary = p_payload,
        ModifiedOn = now() AT TIME ZONE 'utc',
        Version = Version + 1
    WHERE GrainIdHash = p_grain_id_hash
      AND GrainTypeHash = p_grain_type_hash
      AND ServiceId = p_service_id
      AND GrainIdN0 = p_grain_id_n0
      AND GrainIdN1 = p_grain_id_n1
      AND GrainTypeString = p_grain_type
      AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_extension
      AND Version = p_version;
    IF FOUND THEN
        RETURN QUERY SELECT p_version + 1;
    ELSE
        RETURN QUERY SELECT p_version;
    END IF;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey',
    'SELECT NewGrainStateVersion FROM automation_orleans_write_storage(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);'
),
(
    'ReadFromStorageKey',
    'SELECT PayloadBinary, now() AT TIME ZONE ''utc'' AS ReadOn, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;'
),
(
    -- Keeps the row (and its version) with an empty payload.
    'ClearStorageKey',
    'UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now() AT TIME ZONE ''utc'',
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'
),
(
    -- Used when DeleteStateOnClear is set; answers version + 1 like a clear would.
    'DeleteStorageKey',
    'DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
