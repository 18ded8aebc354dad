-- The accounts every later issue starts from: staff (admin, staff) and customers.
-- schema_migrations itself is created by the migrator before the first file runs.
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    role text NOT NULL CHECK (role IN ('admin', 'staff', 'customer')),
    password_hash text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_role_idx ON users (role, id);
