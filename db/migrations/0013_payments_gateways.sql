-- Online payments: gateway modules with sealed settings, checkout sessions, signed gateway
-- notifications stored once per (gateway, event id) and applied by the job runner, and one
-- transaction row per (gateway, gateway transaction id) — the payment is counted once because
-- the database refuses a second row, not because code remembers.

-- One row per built-in gateway module. Secrets are sealed with the portal's secret box
-- (AES-256-GCM, context names the gateway and the column); `secret_hint` is what staff see back.
CREATE TABLE payment_gateways (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{1,30}$'),
    enabled boolean NOT NULL DEFAULT false,
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
    settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    webhook_secret bytea,
    webhook_secret_hint text NOT NULL DEFAULT '',
    api_key bytea,
    api_key_hint text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- Disabled until an admin (or `make run`'s demo seed) enables them: production never takes demo payments silently.
INSERT INTO payment_gateways (name, display_name) VALUES ('manual', 'Bank transfer'), ('demo', 'Demo card (no real money)');

-- A payment started for an invoice: the return page reads its status ("payment received" or "processing").
CREATE TABLE checkout_sessions (
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{16,80}$'),
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    customer_id bigint NOT NULL REFERENCES users (id),
    gateway text NOT NULL REFERENCES payment_gateways (name),
    gateway_session_id text NOT NULL,
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'declined')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gateway, gateway_session_id)
);
CREATE INDEX checkout_sessions_invoice_idx ON checkout_sessions (invoice_id, created_at);

-- Every notification a gateway sent: refused ones too (event_id NULL: nothing in a forged body is
-- believed), so staff see what was tried. A verified one is also a queue row for `vpsctl jobs`
-- (status queued → running → applied | failed), taken with FOR UPDATE SKIP LOCKED.
CREATE TABLE payment_notifications (
    id bigserial PRIMARY KEY,
    gateway text NOT NULL,
    event_id text,
    event_type text NOT NULL DEFAULT '',
    body_sha256 text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
    raw_body bytea NOT NULL,
    verification text NOT NULL CHECK (verification IN ('verified', 'missing_signature', 'malformed_signature', 'stale_timestamp',
                                                       'bad_signature', 'unreadable_event')),
    status text NOT NULL CHECK (status IN ('refused', 'queued', 'running', 'applied', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    locked_by bigint,
    remote_address text NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    applied_at timestamptz,
    error text NOT NULL DEFAULT '',
    UNIQUE (gateway, event_id),
    CHECK ((verification = 'verified') = (event_id IS NOT NULL)),
    CHECK ((status = 'refused') = (verification <> 'verified'))
);
CREATE INDEX payment_notifications_ready_idx ON payment_notifications (run_after, id) WHERE status = 'queued';
CREATE INDEX payment_notifications_received_idx ON payment_notifications (id DESC);
CREATE TRIGGER payment_notifications_queued_notify
    AFTER INSERT OR UPDATE OF status ON payment_notifications
    FOR EACH ROW WHEN (NEW.status = 'queued')
    EXECUTE FUNCTION notify_job_queued();

-- Money a gateway says it took: once per (gateway, gateway transaction id). `payment_id` is the
-- `payments` row it became; NULL with `flagged` when it could not be applied as it came (another
-- currency, the invoice no longer open). A different amount than the checkout asked for is
-- applied (partial, or overpayment to credit) and flagged for staff, never taken as "paid in full".
CREATE TABLE payment_transactions (
    id bigserial PRIMARY KEY,
    gateway text NOT NULL,
    gateway_transaction_id text NOT NULL CHECK (length(gateway_transaction_id) BETWEEN 1 AND 200),
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    checkout_session_id text REFERENCES checkout_sessions (id),
    notification_id bigint NOT NULL REFERENCES payment_notifications (id),
    payment_id bigint REFERENCES payments (id),
    amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
    currency text NOT NULL,
    flagged boolean NOT NULL DEFAULT false,
    flag_reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gateway, gateway_transaction_id),
    CHECK (flagged = (flag_reason <> ''))
);
CREATE INDEX payment_transactions_invoice_idx ON payment_transactions (invoice_id);

-- The demo gateway's outgoing notifications (its "bank" side): delivered by `vpsctl jobs` to
-- POST /webhooks/demo, signed at send time, possibly late or twice (its settings).
CREATE TABLE demo_gateway_deliveries (
    id bigserial PRIMARY KEY,
    checkout_session_id text NOT NULL REFERENCES checkout_sessions (id),
    event_id text NOT NULL,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 6 CHECK (max_attempts > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    locked_by bigint,
    last_error text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demo_gateway_deliveries_ready_idx ON demo_gateway_deliveries (run_after, id) WHERE status = 'queued';
CREATE TRIGGER demo_gateway_deliveries_queued_notify
    AFTER INSERT OR UPDATE OF status ON demo_gateway_deliveries
    FOR EACH ROW WHEN (NEW.status = 'queued')
    EXECUTE FUNCTION notify_job_queued();
