-- The outbox: everything that leaves the portal (email now; SMS and webhook deliveries later) is a
-- row written in the transaction of the change that causes it. The event key is unique, so a
-- retried or concurrent run cannot make a second message for one event.
CREATE TABLE outbox_messages (
    id bigserial PRIMARY KEY,
    channel text NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]{0,39}$'),
    event_key text NOT NULL UNIQUE CHECK (event_key ~ '^[a-z0-9_.:-]{1,200}$'),
    recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 2000),
    recipient_name text NOT NULL DEFAULT '' CHECK (length(recipient_name) <= 200),
    customer_id bigint REFERENCES users (id),
    subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 998),
    body_text text NOT NULL DEFAULT '',
    body_html text NOT NULL DEFAULT '',
    -- Attachments by reference, resolved at delivery: the invoice's stored PDF.
    invoice_id bigint REFERENCES invoices (id),
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    -- While `sending`: who took it and until when. A runner killed mid-delivery leaves the lease to
    -- expire; the message is then taken again and goes out again under the same event key.
    locked_by bigint,
    lease_until timestamptz,
    last_error text NOT NULL DEFAULT '',
    provider_message_id text NOT NULL DEFAULT '',
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_messages_ready_idx ON outbox_messages (run_after, id) WHERE status IN ('queued', 'failed');
CREATE INDEX outbox_messages_lease_idx ON outbox_messages (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_messages_status_idx ON outbox_messages (status, id);
CREATE TRIGGER outbox_messages_queued_notify
    AFTER INSERT OR UPDATE OF status ON outbox_messages
    FOR EACH ROW WHEN (NEW.status IN ('queued', 'failed'))
    EXECUTE FUNCTION notify_job_queued();

-- How email leaves: `file` (an .eml per message under the mail directory) or `smtp`. One row.
CREATE TABLE notification_settings (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    email_transport text NOT NULL DEFAULT 'file' CHECK (email_transport IN ('file', 'smtp')),
    smtp_host text NOT NULL DEFAULT '' CHECK (smtp_host ~ '^[A-Za-z0-9.:\[\]-]{0,253}$'),
    smtp_port integer NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_security text NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('none', 'starttls', 'tls')),
    smtp_username text NOT NULL DEFAULT '' CHECK (length(smtp_username) <= 200),
    smtp_password_sealed bytea,
    from_name text NOT NULL DEFAULT 'VPS Portal' CHECK (length(from_name) <= 200),
    from_address text NOT NULL DEFAULT 'billing@portal.invalid' CHECK (length(from_address) BETWEEN 3 AND 254),
    -- Links in messages start here (the portal's public address).
    portal_url text NOT NULL DEFAULT 'http://127.0.0.1:8080' CHECK (portal_url ~ '^https?://[^[:space:]]{1,200}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notification_settings DEFAULT VALUES;
