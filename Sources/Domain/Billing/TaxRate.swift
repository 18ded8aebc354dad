import Foundation
import Postgres

/// A tax rate for a country, or for one region of it (`region` '' = the whole country).
public struct TaxRate: Sendable, Equatable, Encodable {
    public var id: Int
    public var country: String
    public var region: String
    /// What invoices call it: "VAT", "Sales tax", "GST".
    public var name: String
    public var rate: TaxPercent

    static let columns = "id, country, region, name, rate"

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        country = try row.decode(String.self, "country")
        region = try row.decode(String.self, "region")
        name = try row.decode(String.self, "name")
        rate = try row.decode(TaxPercent.self, "rate")
    }

    /// The fields a rate is made of, checked: country known, region a code, name 1–50
    /// characters, rate 0–100 with at most three decimals.
    struct Fields: Encodable {
        var country: String
        var region: String
        var name: String
        var rate: TaxPercent

        init(_ input: [String: String]) throws {
            var check = FieldChecker(input.mapValues { Optional($0) })
            country = (input["country"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            region = (input["region"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            if !CountryCode.all.contains(country) { check.fail("country", country.isEmpty ? "is required" : "must be an ISO 3166-1 country code like DE or US") }
            if !region.isEmpty && !BillingDetails.isCode(region, letters: 0, rest: 1...3) {
                check.fail("region", "must be a subdivision code of 1 to 3 letters or digits, like CA for California")
            }
            name = check.text("name", required: true, max: 50) ?? ""
            rate = .zero
            if let text = input["rate"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                if text.hasPrefix("-") { check.fail("rate", "must not be negative") } else if let parsed = TaxPercent(text) {
                    if parsed <= .hundred { rate = parsed } else { check.fail("rate", "must be from 0 to 100") }
                } else { check.fail("rate", "must be a percentage with at most three decimals, like 19 or 8.875") }
            } else { check.fail("rate", "is required") }
            guard check.issues.isEmpty else { throw DomainError.validation(check.issues) }
        }
    }
}
