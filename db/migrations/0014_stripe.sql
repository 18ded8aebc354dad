-- The `stripe` gateway module: Stripe Checkout. Its secret key is sealed in `api_key`, its
-- webhook signing secret in `webhook_secret`; `settings.api_base` (default https://api.stripe.com)
-- lets a test stack point it at a fake. Disabled until an admin enables it.
INSERT INTO payment_gateways (name, display_name) VALUES ('stripe', 'Card (Stripe)');
