-- Server instances, the job queue, manual tasks and the demo datacenter.

CREATE TABLE server_instances (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users (id),
    order_id bigint REFERENCES orders (id),
    order_item_id bigint REFERENCES order_items (id),
    -- One server per hand-over row: a retried or replayed hand-over never builds twice.
    provisioning_request_id bigint UNIQUE REFERENCES provisioning_requests (id),
    product_id bigint REFERENCES products (id),
    provisioning_module text NOT NULL,
    hostname text NOT NULL DEFAULT '',
    ip_address text NOT NULL DEFAULT '',
    ip_addresses text[] NOT NULL DEFAULT '{}',
    mac_address text NOT NULL DEFAULT '',
    cpu_cores integer NOT NULL CHECK (cpu_cores > 0),
    ram_gb integer NOT NULL CHECK (ram_gb > 0),
    storage_gb integer NOT NULL CHECK (storage_gb > 0),
    storage_type text NOT NULL DEFAULT '',
    bandwidth_tb integer NOT NULL CHECK (bandwidth_tb > 0),
    root_password bytea,                       -- sealed with AES-256-GCM, never plaintext
    ssh_key text NOT NULL DEFAULT '',
    ssh_port integer NOT NULL DEFAULT 22 CHECK (ssh_port BETWEEN 1 AND 65535),
    status text NOT NULL DEFAULT 'pending_provisioning'
        CHECK (status IN ('pending_provisioning', 'provisioning', 'active', 'suspended', 'terminated', 'failed')),
    suspension_reason text NOT NULL DEFAULT '',
    failure_reason text NOT NULL DEFAULT '',
    provisioned_at timestamptz,
    suspended_at timestamptz,
    cancelled_at timestamptz,
    terminated_at timestamptz,
    provider text NOT NULL DEFAULT '',
    provider_server_id text NOT NULL DEFAULT '',
    provider_api_response jsonb NOT NULL DEFAULT '{}',
    control_panel_url text NOT NULL DEFAULT '',
    control_panel_type text NOT NULL DEFAULT '',
    control_panel_username text NOT NULL DEFAULT '',
    control_panel_password bytea,              -- sealed
    operating_system text NOT NULL DEFAULT '',
    os_version text NOT NULL DEFAULT '',
    datacenter_location text NOT NULL DEFAULT '',
    region text NOT NULL DEFAULT '',
    meta_data jsonb NOT NULL DEFAULT '{}',
    notes text NOT NULL DEFAULT '',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX server_instances_customer_idx ON server_instances (customer_id, id DESC);
CREATE INDEX server_instances_order_idx ON server_instances (order_id);
CREATE INDEX server_instances_status_idx ON server_instances (status, id DESC);
CREATE INDEX server_instances_product_idx ON server_instances (product_id, id DESC);
CREATE INDEX server_instances_location_idx ON server_instances (datacenter_location, id DESC);
CREATE INDEX server_instances_hostname_idx ON server_instances (lower(hostname) text_pattern_ops);
CREATE INDEX server_instances_ip_idx ON server_instances (ip_address text_pattern_ops);

CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    action text NOT NULL CHECK (action IN ('provision', 'suspend', 'unsuspend', 'terminate', 'reboot', 'change_password', 'status')),
    instance_id bigint NOT NULL REFERENCES server_instances (id),
    customer_id bigint NOT NULL REFERENCES users (id),   -- whose server: they may follow the job
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    timeout_seconds integer NOT NULL DEFAULT 300 CHECK (timeout_seconds > 0),
    run_after timestamptz NOT NULL DEFAULT now(),
    locked_by bigint,                          -- the runner's advisory-lock key while running
    locked_at timestamptz,
    last_error text NOT NULL DEFAULT '',
    requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
    requested_label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_after, id) WHERE status = 'queued';
CREATE INDEX jobs_running_idx ON jobs (locked_by) WHERE status = 'running';
CREATE INDEX jobs_instance_idx ON jobs (instance_id, id DESC);
-- At most one unfinished reboot per server.
CREATE UNIQUE INDEX jobs_one_open_reboot_idx ON jobs (instance_id) WHERE action = 'reboot' AND status IN ('queued', 'running');

CREATE TABLE job_attempts (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed', 'lost')),
    log text NOT NULL DEFAULT ''
);
CREATE INDEX job_attempts_job_idx ON job_attempts (job_id, attempt);

CREATE TABLE manual_tasks (
    id bigserial PRIMARY KEY,
    instance_id bigint NOT NULL REFERENCES server_instances (id),
    job_id bigint REFERENCES jobs (id),
    action text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'failed')),
    outcome text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    closed_by bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX manual_tasks_open_idx ON manual_tasks (id) WHERE status = 'open';

-- The demo module's simulated datacenter.
CREATE TABLE demo_machines (
    instance_id bigint PRIMARY KEY REFERENCES server_instances (id),
    provider_server_id text NOT NULL UNIQUE,
    ip_address text NOT NULL UNIQUE,
    mac_address text NOT NULL,
    power_state text NOT NULL CHECK (power_state IN ('running', 'stopped', 'suspended', 'deleted')),
    boots integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE demo_address_seq;
