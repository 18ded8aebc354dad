-- Accounts and security core: 2FA, sessions, API tokens, session log, audit trail.

ALTER TABLE users
    ADD COLUMN totp_secret bytea,              -- sealed with AES-256-GCM (SecretBox), never plaintext
    ADD COLUMN totp_enabled_at timestamptz,    -- NULL until the first code confirmed enrolment
    ADD COLUMN totp_last_step bigint,          -- highest accepted time step: a code works once
    ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE recovery_codes (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,                   -- SHA-256 of the code; codes are 50 random bits
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX recovery_codes_hash_key ON recovery_codes (user_id, code_hash);

CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,           -- SHA-256 of the cookie token
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage text NOT NULL CHECK (stage IN ('second_factor', 'full')),
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,           -- absolute limit
    ended_at timestamptz,
    remote_address text NOT NULL DEFAULT '',
    user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;

CREATE TABLE api_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash text NOT NULL UNIQUE,           -- SHA-256 of the token; shown once at creation
    prefix text NOT NULL,                      -- first characters, to recognise a token in a list
    scope text NOT NULL CHECK (scope IN ('read', 'write')),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at timestamptz,                    -- NULL: until revoked
    revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);

CREATE TABLE session_events (
    id bigserial PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    email text NOT NULL DEFAULT '',
    event text NOT NULL,
    remote_address text NOT NULL DEFAULT '',
    user_agent text NOT NULL DEFAULT '',
    request_id text NOT NULL DEFAULT '',
    detail text NOT NULL DEFAULT ''
);
CREATE INDEX session_events_id_idx ON session_events (id DESC);
-- The login throttle counts recent failures per account and per address.
CREATE INDEX session_events_email_failures_idx ON session_events (lower(email), occurred_at)
    WHERE event IN ('login_failed', 'second_factor_failed');
CREATE INDEX session_events_address_failures_idx ON session_events (remote_address, occurred_at)
    WHERE event IN ('login_failed', 'second_factor_failed');

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_label text NOT NULL,                 -- email at the time, or 'system' / 'cli'
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL DEFAULT '',
    before jsonb,
    after jsonb,
    remote_address text NOT NULL DEFAULT '',
    request_id text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_id_idx ON audit_log (id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id DESC);
