-- Per-user preferences of the web console (issue 14 item 5, ADR 0026): which notifications a user gets and how.
-- One row per user, a JSON document the API validates (the console's notification centre reads it at sign-in);
-- deleting the user deletes the row.
CREATE TABLE IF NOT EXISTS automation_user_preferences
(
    username    text COLLATE "C" NOT NULL,
    preferences jsonb            NOT NULL,
    updated_at  timestamptz      NOT NULL,

    CONSTRAINT pk_automation_user_preferences PRIMARY KEY (username),
    CONSTRAINT fk_automation_user_preferences_user FOREIGN KEY (username) REFERENCES automation_users (username) ON DELETE CASCADE
);
