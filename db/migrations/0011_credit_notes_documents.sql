-- The invoice document (a PDF stored once per issued invoice, rendered by a job) and credit
-- notes (corrections of an issued invoice, which itself never changes), with refunds.

-- The document of record: rendered once, never again (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE invoice_documents (
    invoice_id bigint PRIMARY KEY REFERENCES invoices (id),
    bytes bytea NOT NULL CHECK (substring(bytes FROM 1 FOR 5) = '\x255044462d'::bytea),  -- starts with %PDF-
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The render queue: one row per issued invoice whose document is not stored yet, queued in the
-- issuing transaction, taken by `vpsctl jobs` with FOR UPDATE SKIP LOCKED, retried with backoff
-- like server jobs, deleted once the document is stored. Its own table (not `jobs`): a render is
-- not an action on a server, and a billing run's thousands of renders must not queue ahead of them.
CREATE TABLE invoice_document_jobs (
    invoice_id bigint PRIMARY KEY REFERENCES invoices (id),
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    locked_by bigint,
    last_error text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_document_jobs_ready_idx ON invoice_document_jobs (run_after, invoice_id) WHERE status = 'queued';
CREATE TRIGGER invoice_document_jobs_queued_notify
    AFTER INSERT OR UPDATE OF status ON invoice_document_jobs
    FOR EACH ROW WHEN (NEW.status = 'queued')
    EXECUTE FUNCTION notify_job_queued();

-- Credit notes: their own gapless numbers per year (same counter pattern as invoices, another counter).
ALTER TABLE billing_settings ADD COLUMN credit_note_prefix text NOT NULL DEFAULT 'CN-' CHECK (length(credit_note_prefix) <= 20);
CREATE TABLE credit_note_number_counters (
    year integer PRIMARY KEY,
    last_number integer NOT NULL CHECK (last_number >= 0)
);

-- What an invoice has been credited (the sum of its credit notes) and how much of that went back
-- to the customer as a refund; both only grow, under the invoice's row lock.
ALTER TABLE invoices
    ADD COLUMN credited numeric(12, 2) NOT NULL DEFAULT 0 CHECK (credited >= 0),
    ADD COLUMN refunded numeric(12, 2) NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= credited),
    ADD COLUMN refunded_at timestamptz,
    ADD CONSTRAINT invoices_credited_within_total CHECK (credited <= total);

-- A credit note of `amount` on an issued invoice: `reduced_due` of it lowered what was still owed,
-- `refunded` of it returned money already paid, to `refund_to` (the customer's credit balance, or
-- outside the portal, e.g. a bank transfer back; gateway refunds come later).
CREATE TABLE credit_notes (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    customer_id bigint NOT NULL REFERENCES users (id),
    number text NOT NULL UNIQUE,
    number_year integer NOT NULL,
    number_seq integer NOT NULL,
    issue_date date NOT NULL,
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    reduced_due numeric(12, 2) NOT NULL CHECK (reduced_due >= 0),
    refunded numeric(12, 2) NOT NULL CHECK (refunded >= 0),
    refund_to text CHECK (refund_to IN ('credit_balance', 'outside')),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (number_year, number_seq),
    CHECK (amount = reduced_due + refunded),
    CHECK ((refunded > 0) = (refund_to IS NOT NULL))
);
CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id, id);

-- A refund to the credit balance is a ledger entry of kind 'refund', once per credit note ('downgrade' is 0010's).
ALTER TABLE credit_entries
    ADD COLUMN credit_note_id bigint REFERENCES credit_notes (id),
    DROP CONSTRAINT credit_entries_kind_check,
    ADD CONSTRAINT credit_entries_kind_check CHECK (kind IN ('staff', 'overpayment', 'applied', 'returned', 'downgrade', 'refund')),
    ADD CONSTRAINT credit_entries_refund_check CHECK ((kind = 'refund') = (credit_note_id IS NOT NULL));
CREATE UNIQUE INDEX credit_entries_credit_note_idx ON credit_entries (credit_note_id) WHERE credit_note_id IS NOT NULL;
