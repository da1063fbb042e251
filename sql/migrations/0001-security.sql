-- Security: users, custom roles, refresh tokens, API keys and the audit trail. Read and written by the API only.

-- Users. Passwords are hashed by ASP.NET Core's PasswordHasher (PBKDF2, salted, versioned); MFA recovery codes are
-- stored as SHA-256 hashes and removed when used.
CREATE TABLE IF NOT EXISTS automation_users
(
    username            text COLLATE "C" NOT NULL,
    password_hash       text             NOT NULL,
    roles               text[]           NOT NULL,
    disabled            boolean          NOT NULL DEFAULT false,
    failed_logins       integer          NOT NULL DEFAULT 0,
    locked_until        timestamptz      NULL,
    mfa_secret          text             NULL,
    mfa_enabled         boolean          NOT NULL DEFAULT false,
    mfa_last_step       bigint           NOT NULL DEFAULT 0,
    recovery_codes      text[]           NOT NULL DEFAULT '{}',
    created_at          timestamptz      NOT NULL,
    updated_at          timestamptz      NOT NULL,

    CONSTRAINT pk_automation_users PRIMARY KEY (username)
);

-- Custom roles, and overrides of the built-in roles' "require MFA" flag (built-in permissions live in code).
CREATE TABLE IF NOT EXISTS automation_roles
(
    name        text COLLATE "C" NOT NULL,
    permissions text[]           NOT NULL,
    require_mfa boolean          NOT NULL DEFAULT false,
    created_at  timestamptz      NOT NULL,
    updated_at  timestamptz      NOT NULL,

    CONSTRAINT pk_automation_roles PRIMARY KEY (name)
);

-- Refresh tokens: only the SHA-256 hash of each token is kept. Each use rotates the token (used_at is set and a new
-- token of the same family is issued); presenting a used token again revokes the whole family.
CREATE TABLE IF NOT EXISTS automation_refresh_tokens
(
    token_hash bytea            NOT NULL,
    family_id  uuid             NOT NULL,
    subject    text COLLATE "C" NOT NULL,
    created_at timestamptz      NOT NULL,
    expires_at timestamptz      NOT NULL,
    used_at    timestamptz      NULL,
    revoked_at timestamptz      NULL,

    CONSTRAINT pk_automation_refresh_tokens PRIMARY KEY (token_hash)
);

CREATE INDEX IF NOT EXISTS ix_automation_refresh_tokens_family ON automation_refresh_tokens (family_id);
CREATE INDEX IF NOT EXISTS ix_automation_refresh_tokens_subject ON automation_refresh_tokens (subject);

-- API keys for agents and CI: the key is shown once; only its SHA-256 hash is kept.
CREATE TABLE IF NOT EXISTS automation_api_keys
(
    id           text COLLATE "C" NOT NULL,
    name         text             NOT NULL,
    key_hash     bytea            NOT NULL,
    permissions  text[]           NOT NULL,
    created_by   text             NOT NULL,
    created_at   timestamptz      NOT NULL,
    expires_at   timestamptz      NULL,
    last_used_at timestamptz      NULL,
    revoked_at   timestamptz      NULL,

    CONSTRAINT pk_automation_api_keys PRIMARY KEY (id)
);

-- The audit trail: every state-changing request and every authentication event. Append-only: a trigger refuses
-- UPDATE and DELETE, so not even a bug in the application can rewrite it.
CREATE TABLE IF NOT EXISTS automation_audit
(
    id         bigint GENERATED ALWAYS AS IDENTITY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    target     text        NULL,
    outcome    text        NOT NULL,
    status     integer     NULL,
    ip         text        NULL,
    request_id text        NULL,
    detail     jsonb       NULL,

    CONSTRAINT pk_automation_audit PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_automation_audit_actor ON automation_audit (actor, id DESC);
CREATE INDEX IF NOT EXISTS ix_automation_audit_action ON automation_audit (action, id DESC);
CREATE INDEX IF NOT EXISTS ix_automation_audit_at ON automation_audit (at);

CREATE OR REPLACE FUNCTION automation_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'automation_audit is append-only';
END
$$;

DROP TRIGGER IF EXISTS tr_automation_audit_append_only ON automation_audit;
CREATE TRIGGER tr_automation_audit_append_only
    BEFORE UPDATE OR DELETE ON automation_audit
    FOR EACH ROW EXECUTE FUNCTION automation_audit_append_only();

-- Who started each workflow, for the list filter.
ALTER TABLE automation_workflows ADD COLUMN IF NOT EXISTS started_by text NULL;
CREATE INDEX IF NOT EXISTS ix_automation_workflows_started_by_created
    ON automation_workflows (started_by, created_at DESC, workflow_id DESC);
