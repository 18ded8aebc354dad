-- Every verifier of a typed secret (password, sign-in code, step-up code, enrolment code,
-- password re-checks) is throttled by GuessThrottle, which counts the session log's wrong
-- attempts tagged with their verifier.
ALTER TABLE session_events ADD COLUMN verifier text;

-- Old failures count for the verifiers they came from.
UPDATE session_events SET verifier = CASE
    WHEN event = 'login_failed' AND detail = 'password confirmation' THEN 'password_check'
    WHEN event = 'login_failed' THEN 'password'
    WHEN detail LIKE 'step-up for %' THEN 'step_up'
    ELSE 'second_factor' END
WHERE event IN ('login_failed', 'second_factor_failed', 'second_factor_replayed');

DROP INDEX session_events_email_failures_idx;
DROP INDEX session_events_address_failures_idx;
CREATE INDEX session_events_verifier_account_idx ON session_events (verifier, lower(email), occurred_at)
    WHERE verifier IS NOT NULL;
CREATE INDEX session_events_verifier_address_idx ON session_events (verifier, remote_address, occurred_at)
    WHERE verifier IS NOT NULL;
-- "Has this account signed in from this address before?" exempts it from the address limit.
CREATE INDEX session_events_known_address_idx ON session_events (lower(email), remote_address, occurred_at)
    WHERE event = 'login_succeeded';
