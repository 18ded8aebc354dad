import Postgres

/// The demo company `vpsctl seed` bills as on a new database: seller and bank details, German VAT
/// at 19 %, and the demo customer's address in Germany — so demo invoices look like real ones.
public enum DemoCompany {
    /// Sets the seller, the VAT rate and `customerID`'s billing address (a new database only).
    public static func apply(customerID: Int, on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            try connection.query(
                """
                UPDATE billing_settings SET seller_company = 'Demo Hosting GmbH', seller_address = $1, seller_country = 'DE',
                       seller_vat_number = 'DE123456789', seller_registration_number = 'HRB 123456, Amtsgericht Hamburg',
                       bank_name = 'Demo Bank', bank_iban = 'DE89370400440532013000', bank_bic = 'COBADEFFXXX',
                       payment_instructions = 'Please quote the invoice number with your transfer.'
                """, ["Hafenstraße 1\n20457 Hamburg"])
            try connection.query("INSERT INTO tax_rates (country, name, rate) VALUES ('DE', 'VAT', 19) ON CONFLICT DO NOTHING")
            try connection.query(
                """
                UPDATE users SET country = 'DE', address_line1 = 'Musterweg 7', city = 'Berlin', postcode = '10115'
                WHERE id = $1 AND role = 'customer'
                """, [customerID])
        }
    }
}
