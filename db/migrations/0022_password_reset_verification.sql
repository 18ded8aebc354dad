-- One-time links sent by email: forgotten-password resets (and, later, email-address confirmations).
-- Only the SHA-256 of the token is stored; a token is single use, expires, and is void once the
-- account's password changes (the password's change time is kept with the token and compared).
CREATE TABLE account_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    token_hash text NOT NULL UNIQUE,
    email text NOT NULL,
    password_changed_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

