-- Idempotent JSON writes (`Idempotency-Key`, the way Stripe's API does it): one row per key a
-- signed-in caller sent with a JSON POST. The row is claimed (in_progress) before the handler
-- runs and holds the first answer once it completed (done); a retry with the same key and the
-- same request replays that answer instead of running the handler again.
--
-- Who is still working on an in_progress row is not stored here: the claiming connection holds
-- a session advisory lock on (caller, key) for the whole request, and PostgreSQL drops it the
-- moment that worker dies, so a crashed claim is taken over by the next retry instead of blocking
-- the key (see Sources/Domain/Idempotency/IdempotencyKeys.swift).
CREATE TABLE idempotency_keys (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255 AND key ~ '^[\x20-\x7e]+$'),
    method text NOT NULL,
    route text NOT NULL,                    -- the route pattern, e.g. /api/v1/orders/{id}/pay
    path text NOT NULL,                     -- the decoded path the key was first used on
    request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
    status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'done')),
    response_status integer CHECK (response_status BETWEEN 100 AND 599),
    response_reason text,
    response_headers text,                  -- "Name: value" lines of the stored answer
    response_body bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    UNIQUE (user_id, key),
    CHECK ((status = 'done') = (response_status IS NOT NULL AND response_body IS NOT NULL AND completed_at IS NOT NULL))
);
-- Expired keys (older than 24 hours) are overwritten by their next use and purged by the job runner.
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
