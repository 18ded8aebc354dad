-- Refunds through a payment's own gateway. A refund is claimed as a `pending` row (committed on
-- its own) before the gateway is called, so a second request for the same payment meets the
-- pending row (409) instead of calling the gateway again; the gateway's answer completes it
-- (`succeeded` with the gateway's refund id and the credit note it became) or refuses it
-- (`refused` with the gateway's reason, nothing else changed). A gateway refund id is recorded
-- once per gateway.
CREATE TABLE payment_refunds (
    id bigserial PRIMARY KEY,
    transaction_id bigint NOT NULL REFERENCES payment_transactions (id),
    gateway text NOT NULL,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'refused')),
    gateway_refund_id text CHECK (length(gateway_refund_id) BETWEEN 1 AND 200),
    gateway_note text NOT NULL DEFAULT '',
    refusal text NOT NULL DEFAULT '',
    credit_note_id bigint REFERENCES credit_notes (id),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    UNIQUE (gateway, gateway_refund_id),
    CHECK ((status = 'succeeded') = (credit_note_id IS NOT NULL)),
    CHECK ((status = 'refused') = (refusal <> ''))
);
-- At most one refund of a payment in flight: the database refuses a second pending claim.
CREATE UNIQUE INDEX payment_refunds_one_pending_idx ON payment_refunds (transaction_id) WHERE status = 'pending';
CREATE INDEX payment_refunds_transaction_idx ON payment_refunds (transaction_id, id);

-- A credit note's refunded part may now go back through the payment's gateway.
ALTER TABLE credit_notes
    DROP CONSTRAINT credit_notes_refund_to_check,
    ADD CONSTRAINT credit_notes_refund_to_check CHECK (refund_to IN ('credit_balance', 'outside', 'gateway'));
