-- Saved cards and automatic renewal charges. Cards are entered on the gateway's hosted page only:
-- the portal keeps the gateway's ids and what a customer needs to recognise a card (brand, last
-- four digits, expiry), never a number.

-- The customer as the gateway knows them (Stripe's `cus_…`), made once per customer and gateway.
CREATE TABLE gateway_customers (
    customer_id bigint NOT NULL REFERENCES users (id),
    gateway text NOT NULL REFERENCES payment_gateways (name),
    gateway_customer_id text NOT NULL CHECK (length(gateway_customer_id) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, gateway),
    UNIQUE (gateway, gateway_customer_id)
);

-- "Add a card": a hosted setup page started for a customer (Stripe Checkout in `setup` mode).
-- Its completion notification saves the card once, however often it arrives.
CREATE TABLE card_setup_sessions (
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{16,80}$'),
    customer_id bigint NOT NULL REFERENCES users (id),
    gateway text NOT NULL REFERENCES payment_gateways (name),
    gateway_session_id text NOT NULL CHECK (length(gateway_session_id) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'saved', 'failed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gateway, gateway_session_id)
);
CREATE INDEX card_setup_sessions_customer_idx ON card_setup_sessions (customer_id, created_at);

-- A saved card. Removing it detaches it at the gateway and keeps the row (`removed`) because
-- attempts refer to it. At most one active card per customer is chosen for automatic payment.
CREATE TABLE saved_payment_methods (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users (id),
    gateway text NOT NULL REFERENCES payment_gateways (name),
    gateway_method_id text NOT NULL CHECK (length(gateway_method_id) BETWEEN 1 AND 200),
    brand text NOT NULL DEFAULT '' CHECK (length(brand) <= 40),
    last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    exp_month integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year integer NOT NULL CHECK (exp_year BETWEEN 2000 AND 2200),
    auto_pay boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz,
    UNIQUE (gateway, gateway_method_id),
    CHECK ((status = 'removed') = (removed_at IS NOT NULL)),
    CHECK (NOT (auto_pay AND status = 'removed'))
);
CREATE UNIQUE INDEX saved_payment_methods_one_auto_pay_idx ON saved_payment_methods (customer_id) WHERE auto_pay;
CREATE INDEX saved_payment_methods_customer_idx ON saved_payment_methods (customer_id, id) WHERE status = 'active';

-- An automatic (off-session) charge of a saved card for an invoice: one row per (invoice,
-- attempt number), claimed and committed before the gateway is called; the gateway's
-- idempotency key is derived from the row (`autopay-<id>`), so asking again after a crash or
-- a silent gateway can never charge twice. `pending` = claimed, not yet answered; `unknown` =
-- the gateway did not answer (asked again at `next_call_at`, with backoff); `failed` = declined
-- (`retry_on` is the next scheduled attempt's day, NULL when the schedule is used up).
CREATE TABLE payment_attempts (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    customer_id bigint NOT NULL REFERENCES users (id),
    payment_method_id bigint NOT NULL REFERENCES saved_payment_methods (id),
    gateway text NOT NULL REFERENCES payment_gateways (name),
    attempt integer NOT NULL CHECK (attempt BETWEEN 1 AND 50),
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'unknown', 'succeeded', 'failed')),
    gateway_payment_id text CHECK (length(gateway_payment_id) BETWEEN 1 AND 200),
    failure text NOT NULL DEFAULT '' CHECK (length(failure) <= 500),
    calls integer NOT NULL DEFAULT 0,
    next_call_at timestamptz,
    retry_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    UNIQUE (invoice_id, attempt),
    CHECK ((status = 'failed') = (failure <> '')),
    CHECK ((status = 'unknown') = (next_call_at IS NOT NULL))
);
-- At most one charge of an invoice in flight.
CREATE UNIQUE INDEX payment_attempts_one_open_idx ON payment_attempts (invoice_id) WHERE status IN ('pending', 'unknown');
CREATE INDEX payment_attempts_unknown_idx ON payment_attempts (next_call_at) WHERE status = 'unknown';
CREATE INDEX payment_attempts_failed_idx ON payment_attempts (id DESC) WHERE status = 'failed';

-- Money from an automatic charge is a gateway transaction like any other (unique per gateway
-- transaction id, so the charge's later webhook changes nothing twice), but it may come from the
-- charge's own answer rather than a notification.
ALTER TABLE payment_transactions
    ALTER COLUMN notification_id DROP NOT NULL,
    ADD COLUMN attempt_id bigint REFERENCES payment_attempts (id),
    ADD CONSTRAINT payment_transactions_source_check CHECK (notification_id IS NOT NULL OR attempt_id IS NOT NULL);

-- Days after the due date on which a declined automatic charge is tried again.
ALTER TABLE billing_settings
    ADD COLUMN autopay_retry_days integer[] NOT NULL DEFAULT '{1,3,5}'
        CHECK (cardinality(autopay_retry_days) <= 10 AND 0 < ALL (autopay_retry_days) AND 60 >= ALL (autopay_retry_days));
