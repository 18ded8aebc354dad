import Foundation
import Postgres

/// A customer's billing details (on `users`; '' = not given): where they are for tax, their
/// address and VAT number, and whether they are exempt from tax (staff decide that).
public struct BillingDetails: Sendable, Equatable, Codable {
    public var country = ""
    public var region = ""
    public var addressLine1 = ""
    public var addressLine2 = ""
    public var city = ""
    public var postcode = ""
    public var vatNumber = ""
    public var taxExempt = false

    /// The JSON and form field names, in the order a form shows them (`tax_exempt` last).
    public static let fields = ["country", "region", "address_line1", "address_line2", "city", "postcode", "vat_number", "tax_exempt"]

    enum CodingKeys: String, CodingKey {
        case country, region, city, postcode
        case addressLine1 = "address_line1", addressLine2 = "address_line2", vatNumber = "vat_number", taxExempt = "tax_exempt"
    }

    public init() {}

    static let columns = "u.country, u.region, u.address_line1, u.address_line2, u.city, u.postcode, u.vat_number, u.tax_exempt"

    init(row: PostgresRow) throws {
        country = try row.decode(String.self, "country")
        region = try row.decode(String.self, "region")
        addressLine1 = try row.decode(String.self, "address_line1")
        addressLine2 = try row.decode(String.self, "address_line2")
        city = try row.decode(String.self, "city")
        postcode = try row.decode(String.self, "postcode")
        vatNumber = try row.decode(String.self, "vat_number")
        taxExempt = try row.decode(Bool.self, "tax_exempt")
    }

    /// These details with the given fields (text by field name; absent ones stay) changed and
    /// checked. `staff` may set `tax_exempt`; a customer may not.
    func applying(_ input: [String: String], staff: Bool) throws -> BillingDetails {
        var details = self
        var check = FieldChecker(input.mapValues { Optional($0) })
        func text(_ field: String, _ max: Int, _ keyPath: WritableKeyPath<BillingDetails, String>) {
            if input[field] != nil { details[keyPath: keyPath] = check.text(field, max: max, default: "") ?? details[keyPath: keyPath] }
        }
        text("address_line1", 200, \.addressLine1)
        text("address_line2", 200, \.addressLine2)
        text("city", 100, \.city)
        text("postcode", 20, \.postcode)
        if let country = input["country"].map(Self.code) {
            if country.isEmpty || CountryCode.all.contains(country) { details.country = country } else {
                check.fail("country", "must be an ISO 3166-1 country code like DE or US")
            }
        }
        if let region = input["region"].map(Self.code) {
            if region.isEmpty || Self.isCode(region, letters: 0, rest: 1...3) { details.region = region } else {
                check.fail("region", "must be a subdivision code of 1 to 3 letters or digits, like CA for California")
            }
        }
        if let vat = input["vat_number"] {
            let normalized = Self.code(vat).filter { $0 != "." && $0 != "-" && $0 != " " }
            if normalized.isEmpty || Self.isCode(normalized, letters: 2, rest: 2...13, extra: "+*") { details.vatNumber = normalized } else {
                check.fail("vat_number", "must be a VAT number: a 2-letter country prefix and 2 to 13 letters or digits, like DE123456789")
            }
        }
        if input["tax_exempt"] != nil {
            if staff { details.taxExempt = check.boolean("tax_exempt", default: details.taxExempt) ?? details.taxExempt } else {
                check.fail("tax_exempt", "can only be changed by staff")
            }
        }
        if check.issues.isEmpty { details.checkCombination(into: &check) }
        guard check.issues.isEmpty else { throw DomainError.validation(check.issues) }
        return details
    }

    /// A region needs its country; an EU buyer's VAT number starts with its country's prefix.
    private func checkCombination(into check: inout FieldChecker) {
        if !region.isEmpty && country.isEmpty { check.fail("region", "needs a country") }
        if !vatNumber.isEmpty, CountryCode.europeanUnion.contains(country), vatNumber.prefix(2) != (country == "GR" ? "EL" : country) {
            check.fail("vat_number", "must start with \(country == "GR" ? "EL" : country) for a customer in \(country)")
        }
    }

    /// Writes these details to customer `userID` (in the caller's transaction).
    func save(userID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE users SET country = \(country), region = \(region), address_line1 = \(addressLine1), address_line2 = \(addressLine2),
                   city = \(city), postcode = \(postcode), vat_number = \(vatNumber), tax_exempt = \(taxExempt) WHERE id = \(userID)
            """)
    }

    /// `letters` letters A–Z, then `rest` upper-case letters, digits or `extra` characters.
    static func isCode(_ text: String, letters: Int, rest: ClosedRange<Int>, extra: String = "") -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard rest.contains(scalars.count - letters) else { return false }
        return scalars.enumerated().allSatisfy { index, c in
            ("A"..."Z").contains(c) || (index >= letters && (("0"..."9").contains(c) || extra.unicodeScalars.contains(c)))
        }
    }

    private static func code(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() }
}
