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

-- Notification templates (PUT /api/v1/templates/{name}): every PUT adds a version; rows are never changed.
-- subject, body and html are Fluid templates over the notify step's data, checked for syntax before they are stored.
CREATE TABLE IF NOT EXISTS automation_notification_templates
(
    name       text COLLATE "C" NOT NULL,
    version    integer          NOT NULL,
    subject    text             NULL,
    body       text             NOT NULL,
    html       text             NULL,
    created_at timestamptz      NOT NULL,

    CONSTRAINT pk_automation_notification_templates PRIMARY KEY (name, version),
    CONSTRAINT ck_automation_notification_templates_version CHECK (version >= 1)
);
