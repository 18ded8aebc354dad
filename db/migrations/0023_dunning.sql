-- Dunning (reminders, overdue notices, suspension, termination). One settings row; off until an
-- admin turns it on, so an upgrade never starts suspending servers by itself.
CREATE TABLE dunning_settings (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    enabled boolean NOT NULL DEFAULT false,
    reminder_days integer[] NOT NULL DEFAULT '{7,3}' CHECK (cardinality(reminder_days) <= 10 AND 0 < ALL (reminder_days) AND 366 > ALL (reminder_days)),
    overdue_notice_days integer[] NOT NULL DEFAULT '{1,7,14}' CHECK (cardinality(overdue_notice_days) <= 10 AND 0 < ALL (overdue_notice_days) AND 366 > ALL (overdue_notice_days)),
    -- 0 = never suspend.
    suspend_after_days integer NOT NULL DEFAULT 14 CHECK (suspend_after_days BETWEEN 0 AND 365),
    suspension_warning_days integer NOT NULL DEFAULT 3 CHECK (suspension_warning_days BETWEEN 0 AND 60),
    -- 0 = never terminate.
    terminate_after_days integer NOT NULL DEFAULT 30 CHECK (terminate_after_days BETWEEN 0 AND 3650),
    termination_warning_days integer NOT NULL DEFAULT 7 CHECK (termination_warning_days BETWEEN 1 AND 365),
    CHECK (terminate_after_days = 0 OR termination_warning_days <= terminate_after_days)
);
INSERT INTO dunning_settings DEFAULT VALUES;

-- Per customer: extra days before suspension, or never suspended (notices still go out).
CREATE TABLE dunning_customers (
    customer_id bigint PRIMARY KEY REFERENCES users (id),
    grace_days integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 365),
    exempt boolean NOT NULL DEFAULT false
);

-- Each dunning step taken, on the run's clock (day): notices and suspensions. The key is the
-- outbox event key (or service.suspended:<service>:<invoice>), so a step is taken once.
CREATE TABLE dunning_steps (
    step_key text PRIMARY KEY,
    invoice_id bigint REFERENCES invoices (id),
    service_id bigint REFERENCES server_instances (id),
    day date NOT NULL
);
CREATE INDEX dunning_steps_service_idx ON dunning_steps (service_id, day) WHERE service_id IS NOT NULL;

CREATE TABLE dunning_runs (
    id bigserial PRIMARY KEY,
    billing_run_id bigint REFERENCES billing_runs (id),
    run_at timestamptz NOT NULL,
    day date NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    reminders integer NOT NULL DEFAULT 0,
    notices integer NOT NULL DEFAULT 0,
    warnings integer NOT NULL DEFAULT 0,
    suspensions integer NOT NULL DEFAULT 0,
    terminations integer NOT NULL DEFAULT 0,
    failures integer NOT NULL DEFAULT 0,
    failure_details text NOT NULL DEFAULT ''
);
-- Candidates: unpaid invoices by due date.
CREATE INDEX IF NOT EXISTS invoices_unpaid_due_idx ON invoices (due_date) WHERE status = 'unpaid';
