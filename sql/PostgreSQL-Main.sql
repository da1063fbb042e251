-- Automation: shared table of the Orleans ADO.NET providers (Invariant "Npgsql").
--
-- Each Orleans ADO.NET provider reads its statements from OrleansQuery at start-up and runs them
-- with named parameters (@DeploymentId, @GrainIdHash, ...). The provider binds result columns by
-- name, so every query below must keep the column names and parameter names the provider uses;
-- everything else (functions, indexes, constraints) is ours to tune.
--
-- Idempotent: every script in sql/ can run any number of times. SchemaMigrator applies them in
-- order Main -> Clustering -> Persistence -> Reminders -> Automation under an advisory lock.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
