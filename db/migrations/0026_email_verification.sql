-- Email verification (issue 16): a self-registered customer confirms their address from an emailed
-- link before ordering. Every existing account and every account staff create is verified (the
-- default); only self-registration inserts NULL. Changing an address clears it again.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz DEFAULT now();
