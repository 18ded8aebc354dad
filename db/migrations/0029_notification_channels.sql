-- Loadable notification channels: executables in VPS_MODULES_DIR/channels/NAME, registered by
-- `vpsctl notifications install NAME` (disabled) and enabled by an admin. A channel subscribes to
-- notification events (`staff.order.new`, `staff.*`, `*`); each event it subscribes to is also
-- queued for it in the outbox (channel = its name). Its settings (webhook URLs, tokens) are one
-- sealed JSON object, never shown back.
CREATE TABLE notification_channels (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{1,30}$' AND name NOT IN ('email', 'sms', 'webhook')),
    enabled boolean NOT NULL DEFAULT false,
    events text[] NOT NULL DEFAULT '{}' CHECK (cardinality(events) <= 100),
    settings_sealed bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
