-- Catalog, customer profiles, orders, payments and the provisioning hand-over.

ALTER TABLE users
    ADD COLUMN company text NOT NULL DEFAULT '' CHECK (length(company) <= 200),
    ADD COLUMN phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
    ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE INDEX users_customer_name_idx ON users (lower(name), id) WHERE role = 'customer';

CREATE TABLE products (
    id bigserial PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description text NOT NULL DEFAULT '',
    server_type text NOT NULL CHECK (server_type IN ('vps', 'dedicated')),
    cpu_cores integer NOT NULL CHECK (cpu_cores > 0),
    cpu_model text NOT NULL DEFAULT '',
    ram_gb integer NOT NULL CHECK (ram_gb > 0),
    storage_gb integer NOT NULL CHECK (storage_gb > 0),
    storage_type text NOT NULL DEFAULT 'ssd',
    bandwidth_tb integer NOT NULL DEFAULT 1 CHECK (bandwidth_tb > 0),
    ip_addresses integer NOT NULL DEFAULT 1 CHECK (ip_addresses > 0),
    datacenter_location text NOT NULL DEFAULT '',
    region text NOT NULL DEFAULT '',
    available_locations text[] NOT NULL DEFAULT '{}',
    price_monthly numeric(12, 2) NOT NULL CHECK (price_monthly >= 0),
    price_quarterly numeric(12, 2) CHECK (price_quarterly >= 0),
    price_yearly numeric(12, 2) CHECK (price_yearly >= 0),
    setup_fee numeric(12, 2) NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
    provisioning_type text NOT NULL DEFAULT 'manual' CHECK (provisioning_type IN ('manual', 'automated', 'api')),
    provisioning_module text NOT NULL DEFAULT 'manual',
    provider text NOT NULL DEFAULT '',
    module_config jsonb NOT NULL DEFAULT '{}',
    features text[] NOT NULL DEFAULT '{}',
    available_os text[] NOT NULL DEFAULT '{}',
    is_active boolean NOT NULL DEFAULT true,
    stock_count integer CHECK (stock_count >= 0),          -- NULL: unlimited; never below zero
    current_orders integer NOT NULL DEFAULT 0 CHECK (current_orders >= 0),
    meta_data jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_type_idx ON products (server_type, is_active, id);
CREATE INDEX products_location_idx ON products (datacenter_location, id);

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users (id),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'active', 'cancelled', 'refunded')),
    currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    total numeric(12, 2) NOT NULL CHECK (total >= 0),
    notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    version integer NOT NULL DEFAULT 1,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz,
    cancelled_at timestamptz,
    refunded_at timestamptz
);
CREATE INDEX orders_customer_idx ON orders (customer_id, id DESC);
CREATE INDEX orders_status_idx ON orders (status, id DESC);
CREATE INDEX orders_created_idx ON orders (created_at, id);

CREATE TABLE order_items (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id),
    billing_cycle text NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly')),
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    setup_fee numeric(12, 2) NOT NULL CHECK (setup_fee >= 0),
    hostname text NOT NULL DEFAULT '',
    operating_system text NOT NULL DEFAULT ''
);
CREATE INDEX order_items_order_idx ON order_items (order_id, id);
CREATE INDEX order_items_product_idx ON order_items (product_id);

-- One payment per order: the unique key makes "paid" happen exactly once.
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL UNIQUE REFERENCES orders (id),
    amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
    currency text NOT NULL,
    method text NOT NULL,
    reference text NOT NULL DEFAULT '',
    recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_created_idx ON payments (created_at);

-- The durable hand-over from a paid order to provisioning: one row per server to build,
-- written in the same transaction as the payment; unique per (item, unit) so never twice.
CREATE TABLE provisioning_requests (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    order_item_id bigint NOT NULL REFERENCES order_items (id),
    unit_index integer NOT NULL CHECK (unit_index >= 0),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'taken')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_item_id, unit_index)
);
CREATE INDEX provisioning_requests_pending_idx ON provisioning_requests (id) WHERE status = 'pending';
