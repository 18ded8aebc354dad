-- Staff's own wording of a notification, per event and channel. A missing row means the default
-- shipped in the code (NotificationCatalog); "reset to default" deletes the row.
CREATE TABLE notification_templates (
    event text NOT NULL CHECK (event ~ '^[a-z][a-z0-9_.]{0,59}$'),
    channel text NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]{0,39}$'),
    subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 500),
    body_text text NOT NULL DEFAULT '' CHECK (length(body_text) <= 20000),
    body_html text NOT NULL DEFAULT '' CHECK (length(body_html) <= 20000),
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event, channel)
);

-- A customer's choice for an optional notification (required ones are never looked up here).
-- A missing row means the event's default.
CREATE TABLE notification_preferences (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event text NOT NULL CHECK (event ~ '^[a-z][a-z0-9_.]{0,59}$'),
    enabled boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event)
);

-- The built-in `sms` channel's provider (a Twilio-shaped HTTP API): base URL, account SID, auth
-- token (sealed, never shown back) and the sender number.
ALTER TABLE notification_settings
    ADD COLUMN sms_base_url text NOT NULL DEFAULT '' CHECK (sms_base_url = '' OR sms_base_url ~ '^https?://[^[:space:]]{1,200}$'),
    ADD COLUMN sms_account_sid text NOT NULL DEFAULT '' CHECK (sms_account_sid ~ '^[A-Za-z0-9]{0,64}$'),
    ADD COLUMN sms_token_sealed bytea,
    ADD COLUMN sms_from text NOT NULL DEFAULT '' CHECK (sms_from ~ '^(\+[1-9][0-9]{6,14})?$');

-- A customer's phone number for SMS, set only once confirmed by a code sent to it.
ALTER TABLE users ADD COLUMN sms_phone text CHECK (sms_phone ~ '^\+[1-9][0-9]{6,14}$');

-- The pending confirmation: the code stored hashed, valid 10 minutes, 5 wrong tries; sends are
-- throttled per user (`sends` within the window that started at `window_started_at`).
CREATE TABLE phone_confirmations (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    code_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    wrong_tries integer NOT NULL DEFAULT 0,
    sends integer NOT NULL DEFAULT 0,
    window_started_at timestamptz NOT NULL DEFAULT now()
);
