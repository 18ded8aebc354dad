import Foundation
import Postgres

/// A value stored as a `jsonb` object (an invoice's snapshot of its seller or buyer).
protocol JSONColumn: Codable, PostgresEncodable, PostgresDecodable {}

extension JSONColumn {
    public var postgresText: String? { JSONText.text(self) }

    public static func decode(postgresText text: String?, column: String) throws -> Self {
        do { return try JSONDecoder().decode(Self.self, from: Data((text ?? "{}").utf8)) } catch {
            throw PostgresError(kind: .decoding, message: "column \(column) is not a \(Self.self) object")
        }
    }
}

/// The company that issues invoices, with the bank details customers pay to (billing settings;
/// copied onto each invoice at issue).
public struct SellerDetails: Sendable, Equatable, JSONColumn {
    public var company = ""
    /// The postal address, lines as typed.
    public var address = ""
    public var country = ""
    public var vatNumber = ""
    public var registrationNumber = ""
    public var bankName = ""
    public var iban = ""
    public var bic = ""
    public var paymentInstructions = ""

    enum CodingKeys: String, CodingKey {
        case company, address, country, iban, bic
        case vatNumber = "vat_number", registrationNumber = "registration_number", bankName = "bank_name"
        case paymentInstructions = "payment_instructions"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? "" }
        company = try text(.company); address = try text(.address); country = try text(.country); vatNumber = try text(.vatNumber)
        registrationNumber = try text(.registrationNumber); bankName = try text(.bankName); iban = try text(.iban); bic = try text(.bic)
        paymentInstructions = try text(.paymentInstructions)
    }
}

/// Who an invoice is addressed to, as they were when it was issued.
public struct InvoiceBuyer: Sendable, Equatable, JSONColumn {
    public var name = ""
    public var email = ""
    public var company = ""
    public var details = BillingDetails()

    enum CodingKeys: String, CodingKey { case name, email, company }

    public init() {}

    init(row: PostgresRow) throws {
        name = try row.decode(String.self, "name")
        email = try row.decode(String.self, "email")
        company = try row.decode(String.self, "company")
        details = try BillingDetails(row: row)
    }

    /// Invoice `invoiceID`'s customer's details now (in the issuing transaction).
    static func load(invoiceID: Int, on connection: PostgresConnection) throws -> InvoiceBuyer {
        guard let row = try connection.query(
            """
            SELECT u.name, u.email, u.company, \(unescaped: BillingDetails.columns) FROM invoices i JOIN users u ON u.id = i.customer_id
            WHERE i.id = \(invoiceID)
            """).firstRow
        else { throw DomainError.notFound("No invoice \(invoiceID).") }
        return try InvoiceBuyer(row: row)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        email = try c.decodeIfPresent(String.self, forKey: .email) ?? ""
        company = try c.decodeIfPresent(String.self, forKey: .company) ?? ""
        details = (try? BillingDetails(from: decoder)) ?? BillingDetails()
    }

    /// Name, email and company, then the billing details, in one flat object.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(email, forKey: .email); try c.encode(company, forKey: .company)
        try details.encode(to: encoder)
    }
}
