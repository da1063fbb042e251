-- Notification channels (PUT /api/v1/channels/{name}); ADR 0010. Non-secret settings (a webhook's URL, ...) are plain
-- jsonb; the secret fields (signing key, Slack URL, ...) are one JSON object encrypted with AES-256-GCM by SecretKeyRing
-- under the workflow-secrets keys (Automation:Secrets:Keys), bound to the name 'channel:<name>'.
CREATE TABLE IF NOT EXISTS automation_channels
(
    name       text COLLATE "C" NOT NULL,
    type       text             NOT NULL,
    settings   jsonb            NOT NULL,
    key_id     text             NOT NULL,
    nonce      bytea            NOT NULL,
    ciphertext bytea            NOT NULL,
    tag        bytea            NOT NULL,
    created_at timestamptz      NOT NULL,
    updated_at timestamptz      NOT NULL,
    version    integer          NOT NULL,

    CONSTRAINT pk_automation_channels PRIMARY KEY (name),
    CONSTRAINT ck_automation_channels_version CHECK (version >= 1),
    CONSTRAINT ck_automation_channels_nonce CHECK (octet_length(nonce) = 12),
    CONSTRAINT ck_automation_channels_tag CHECK (octet_length(tag) = 16)
);
