import Foundation
import Postgres

/// An admin changes the billing settings (2FA step-up, audited). Input is text by field name,
/// as `GET /api/v1/settings/billing` names them; absent fields stay as they are.
public struct BillingSettingsChange: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// The field names the settings take.
    public static let fields = [
        "time_zone", "invoice_prefix", "lead_days_monthly", "lead_days_quarterly", "lead_days_yearly", "apply_credit_automatically",
        "prices_include_tax", "seller_company", "seller_address", "seller_country", "seller_vat_number", "seller_registration_number",
        "bank_name", "bank_iban", "bank_bic", "payment_instructions",
    ]

    /// Checks `input`, then saves it under `code`; returns the settings as saved.
    public func update(_ input: [String: String], by caller: Caller, code: String?) throws -> BillingSettings {
        let admin = try caller.admin()
        let before = try BillingSettings.load(on: caller.connection)
        let after = try Self.applying(input, to: before)
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "billing_settings.updated") { connection in
            let s = after.seller
            try connection.query(
                """
                UPDATE billing_settings SET time_zone = \(after.zoneName), invoice_prefix = \(after.invoicePrefix),
                       lead_days_monthly = \(after.leadDays[.monthly]), lead_days_quarterly = \(after.leadDays[.quarterly]),
                       lead_days_yearly = \(after.leadDays[.yearly]), apply_credit_automatically = \(after.applyCreditAutomatically),
                       prices_include_tax = \(after.pricesIncludeTax), seller_company = \(s.company), seller_address = \(s.address),
                       seller_country = \(s.country), seller_vat_number = \(s.vatNumber), seller_registration_number = \(s.registrationNumber),
                       bank_name = \(s.bankName), bank_iban = \(s.iban), bank_bic = \(s.bic), payment_instructions = \(s.paymentInstructions)
                """)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "billing_settings.updated", targetType: "billing_settings",
                                targetID: "1", before: before, after: after, origin: caller.origin)
            return try BillingSettings.load(on: connection)
        }
    }

    /// `settings` with the given fields changed, or every bad field as a validation error.
    static func applying(_ input: [String: String], to settings: BillingSettings) throws -> BillingSettings {
        var s = settings
        var check = FieldChecker(input.mapValues { Optional($0) })
        if let zone = input["time_zone"] {
            let name = zone.trimmingCharacters(in: .whitespaces)
            if let known = TimeZone(identifier: name), name.count <= 64 {
                s.timeZone = known
                s.timeZoneName = name
            } else {
                check.fail("time_zone", "must be a known time zone like UTC or Europe/Berlin")
            }
        }
        if let prefix = input["invoice_prefix"] {
            let allowed = prefix.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_/.".unicodeScalars.contains($0)) }
            if prefix.count <= 20 && allowed { s.invoicePrefix = prefix } else {
                check.fail("invoice_prefix", "must be at most 20 letters, digits, - _ / or .")
            }
        }
        for cycle in BillingCycle.allCases {
            s.leadDays[cycle] = check.integer("lead_days_\(cycle.rawValue)", range: 0...365, default: s.leadDays[cycle]) ?? s.leadDays[cycle]
        }
        s.applyCreditAutomatically = check.boolean("apply_credit_automatically", default: s.applyCreditAutomatically) ?? s.applyCreditAutomatically
        s.pricesIncludeTax = check.boolean("prices_include_tax", default: s.pricesIncludeTax) ?? s.pricesIncludeTax
        let texts: [(String, Int, WritableKeyPath<SellerDetails, String>)] = [
            ("seller_company", 200, \.company), ("seller_address", 1000, \.address), ("seller_registration_number", 50, \.registrationNumber),
            ("bank_name", 200, \.bankName), ("payment_instructions", 1000, \.paymentInstructions),
        ]
        for (field, max, keyPath) in texts where input[field] != nil {
            s.seller[keyPath: keyPath] = check.text(field, max: max, default: "") ?? s.seller[keyPath: keyPath]
        }
        let codes: [(String, WritableKeyPath<SellerDetails, String>, (String) -> Bool, String)] = [
            ("seller_country", \.country, { CountryCode.all.contains($0) }, "must be an ISO 3166-1 country code like DE or US"),
            ("seller_vat_number", \.vatNumber, { BillingDetails.isCode($0, letters: 2, rest: 2...28, extra: "+*") },
             "must be a VAT or tax number: a 2-letter country prefix, then letters or digits"),
            ("bank_iban", \.iban, Self.isIBAN, "must be an IBAN like DE89 3704 0044 0532 0130 00 (check digits included)"),
            ("bank_bic", \.bic, { BillingDetails.isCode($0, letters: 6, rest: 2...5) && [8, 11].contains($0.count) },
             "must be a BIC of 8 or 11 characters like COBADEFFXXX"),
        ]
        for (field, keyPath, isValid, message) in codes {
            guard let text = input[field] else { continue }
            let code = text.uppercased().filter { !$0.isWhitespace }
            if code.isEmpty || isValid(code) { s.seller[keyPath: keyPath] = code } else { check.fail(field, message) }
        }
        guard check.issues.isEmpty else { throw DomainError.validation(check.issues) }
        return s
    }

    /// Shape and ISO 13616 check digits (mod 97 of the rearranged number is 1).
    static func isIBAN(_ iban: String) -> Bool {
        guard BillingDetails.isCode(iban, letters: 2, rest: 12...32), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else { return false }
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            guard let value = character.isNumber ? character.wholeNumberValue : Int(character.asciiValue ?? 0) - 55 else { return false }
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder == 1
    }
}
