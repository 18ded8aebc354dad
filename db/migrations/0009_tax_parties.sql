-- Tax and the parties of an invoice: customers' billing details, tax rates by country (and
-- region), the seller's own and bank details, prices inclusive or exclusive of tax, and a
-- snapshot of all of it on each invoice when it is issued (an issued invoice never changes).

-- The customer's billing details ('' = not given). country is ISO 3166-1 alpha-2; region the
-- subdivision code after the country's (e.g. 'CA' for US-CA); tax-exempt customers pay no tax.
ALTER TABLE users
    ADD COLUMN country text NOT NULL DEFAULT '' CHECK (country ~ '^([A-Z]{2})?$'),
    ADD COLUMN region text NOT NULL DEFAULT '' CHECK (region ~ '^([A-Z0-9]{1,3})?$'),
    ADD COLUMN address_line1 text NOT NULL DEFAULT '' CHECK (length(address_line1) <= 200),
    ADD COLUMN address_line2 text NOT NULL DEFAULT '' CHECK (length(address_line2) <= 200),
    ADD COLUMN city text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
    ADD COLUMN postcode text NOT NULL DEFAULT '' CHECK (length(postcode) <= 20),
    ADD COLUMN vat_number text NOT NULL DEFAULT '' CHECK (vat_number ~ '^([A-Z]{2}[0-9A-Z+*]{2,13})?$'),
    ADD COLUMN tax_exempt boolean NOT NULL DEFAULT false;

-- The rate for an invoice is its buyer's region's if there is one, else the country's, else none.
-- rate is a percentage with at most three decimals (19.000 = 19 %).
CREATE TABLE tax_rates (
    id bigserial PRIMARY KEY,
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    region text NOT NULL DEFAULT '' CHECK (region ~ '^([A-Z0-9]{1,3})?$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    rate numeric(6, 3) NOT NULL CHECK (rate >= 0 AND rate <= 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (country, region)
);

ALTER TABLE billing_settings
    ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false,
    ADD COLUMN seller_company text NOT NULL DEFAULT '' CHECK (length(seller_company) <= 200),
    ADD COLUMN seller_address text NOT NULL DEFAULT '' CHECK (length(seller_address) <= 1000),   -- lines as typed
    ADD COLUMN seller_country text NOT NULL DEFAULT '' CHECK (seller_country ~ '^([A-Z]{2})?$'),
    ADD COLUMN seller_vat_number text NOT NULL DEFAULT '' CHECK (length(seller_vat_number) <= 30),
    ADD COLUMN seller_registration_number text NOT NULL DEFAULT '' CHECK (length(seller_registration_number) <= 50),
    ADD COLUMN bank_name text NOT NULL DEFAULT '' CHECK (length(bank_name) <= 200),
    ADD COLUMN bank_iban text NOT NULL DEFAULT '' CHECK (bank_iban ~ '^([A-Z]{2}[0-9]{2}[A-Z0-9]{10,30})?$'),
    ADD COLUMN bank_bic text NOT NULL DEFAULT '' CHECK (bank_bic ~ '^([A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?)?$'),
    ADD COLUMN payment_instructions text NOT NULL DEFAULT '' CHECK (length(payment_instructions) <= 1000);

-- What an invoice was issued with, copied at issue: the seller (with bank details) and the buyer
-- as JSON objects, the tax applied, and whether its item amounts include tax (then subtotal is
-- the net amount: total = subtotal + tax = the sum of the items).
ALTER TABLE invoices
    ADD COLUMN seller jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN buyer jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN tax_name text NOT NULL DEFAULT '',
    ADD COLUMN tax_rate numeric(6, 3) NOT NULL DEFAULT 0 CHECK (tax_rate >= 0 AND tax_rate <= 100),
    ADD COLUMN tax_note text NOT NULL DEFAULT '',
    ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;

-- An issued invoice never changes: only its status, amount due and the paid/cancelled moments move.
CREATE FUNCTION invoices_issued_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.number, NEW.number_year, NEW.number_seq, NEW.customer_id, NEW.currency, NEW.issue_date, NEW.due_date, NEW.subtotal,
        NEW.tax, NEW.total, NEW.seller, NEW.buyer, NEW.tax_name, NEW.tax_rate, NEW.tax_note, NEW.prices_include_tax)
       IS DISTINCT FROM
       (OLD.number, OLD.number_year, OLD.number_seq, OLD.customer_id, OLD.currency, OLD.issue_date, OLD.due_date, OLD.subtotal,
        OLD.tax, OLD.total, OLD.seller, OLD.buyer, OLD.tax_name, OLD.tax_rate, OLD.tax_note, OLD.prices_include_tax) THEN
        RAISE EXCEPTION 'invoice % is issued and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
    FOR EACH ROW WHEN (OLD.status <> 'draft') EXECUTE FUNCTION invoices_issued_immutable();
