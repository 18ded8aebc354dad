-- Outgoing webhooks (REST hooks): who subscribed to which events at which URL, and every
-- delivery attempt as it went. Deliveries themselves are outbox messages of channel `webhook`
-- with event key `webhook:<subscription>:<event id>`, so one event reaches a subscription once.
CREATE TABLE webhook_subscriptions (
    id bigserial PRIMARY KEY,
    url text NOT NULL CHECK (url ~ '^https?://[^[:space:]]+$' AND length(url) <= 2000),
    -- Dotted event names, or '*' for all.
    events text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 50),
    secret_sealed bytea NOT NULL,
    -- Disabled after too many consecutive failed attempts (a staff notice goes out then).
    enabled boolean NOT NULL DEFAULT true,
    consecutive_failures integer NOT NULL DEFAULT 0,
    disabled_reason text NOT NULL DEFAULT '',
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX webhook_subscriptions_live_idx ON webhook_subscriptions (id) WHERE deleted_at IS NULL AND enabled;

CREATE TABLE webhook_deliveries (
    id bigserial PRIMARY KEY,
    subscription_id bigint NOT NULL REFERENCES webhook_subscriptions (id),
    outbox_message_id bigint REFERENCES outbox_messages (id),
    event_id text NOT NULL,
    event_type text NOT NULL,
    attempt integer NOT NULL,
    request_headers text NOT NULL DEFAULT '',
    request_body text NOT NULL DEFAULT '',
    -- null when no answer came (refused, timed out, address not allowed).
    response_status integer,
    -- At most 2 KB of what came back.
    response_body text NOT NULL DEFAULT '' CHECK (length(response_body) <= 2048),
    error text NOT NULL DEFAULT '',
    duration_ms integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id DESC);

-- Private, loopback, link-local, unspecified and multicast targets are refused unless allowed here.
CREATE TABLE webhook_settings (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    allow_private_targets boolean NOT NULL DEFAULT false,
    -- Consecutive failed attempts after which a subscription is disabled.
    max_consecutive_failures integer NOT NULL DEFAULT 10 CHECK (max_consecutive_failures BETWEEN 1 AND 1000)
);
INSERT INTO webhook_settings DEFAULT VALUES;
