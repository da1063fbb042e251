-- Workflow secrets (PUT /api/v1/secrets/{name}), encrypted at rest with AES-256-GCM by SecretKeyRing under keys that
-- are configured outside the database (Automation:Secrets:Keys): a dump of this table alone reveals no value.
-- The tag authenticates the value together with its name and key id, so a row copied to another name does not decrypt.
CREATE TABLE IF NOT EXISTS automation_secrets
(
    name       text COLLATE "C" NOT NULL,
    key_id     text             NOT NULL, -- the id of the key the value is encrypted with
    nonce      bytea            NOT NULL, -- 12 random bytes, new for every write
    ciphertext bytea            NOT NULL,
    tag        bytea            NOT NULL, -- 16 bytes
    created_at timestamptz      NOT NULL,
    updated_at timestamptz      NOT NULL,
    version    integer          NOT NULL, -- 1 when created, + 1 per replacement

    CONSTRAINT pk_automation_secrets PRIMARY KEY (name),
    CONSTRAINT ck_automation_secrets_version CHECK (version >= 1),
    CONSTRAINT ck_automation_secrets_nonce CHECK (octet_length(nonce) = 12),
    CONSTRAINT ck_automation_secrets_tag CHECK (octet_length(tag) = 16)
);
