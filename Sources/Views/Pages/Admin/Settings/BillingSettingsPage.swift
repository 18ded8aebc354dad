import Domain

/// `/admin/settings/billing`: the billing settings form and the tax rates (add, change, delete);
/// every change needs a current two-factor code.
public struct BillingSettingsPage: PageModel {
    public let template = "admin/settings/billing"
    public let title = "Billing settings"

    /// One settings field: a text input, a multi-line text area or a checkbox.
    struct Field: Sendable {
        var name: String
        var id: String
        var label: String
        var value: String
        var isText: Bool
        var isArea: Bool
        var isCheck: Bool
        var checked: Bool
        var error: String?
    }

    /// A tax rate with its own change and delete forms.
    struct RateRow: Sendable {
        var id: Int
        var country: String
        var region: String
        var name: String
        var rate: String
    }

    var fields: [Field]
    var rates: [RateRow]
    var hasRates: Bool
    /// What the "add a rate" form shows (typed values after a refusal) and its field errors.
    var newRate: RateRow
    var rateErrors: [String]
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The page for `settings` and `rates`; after a refused change, `typed` holds what was sent
    /// (settings or a new rate) and `errors` its field issues.
    public init(
        settings: BillingSettings, rates: [TaxRate], typed: [String: String] = [:], typedRate: [String: String] = [:],
        errors: [FieldIssue] = [], alert: String? = nil, notice: String? = nil, csrfToken: String
    ) {
        let stored = Self.values(settings)
        let messages = FormErrors(errors)
        let labels: [(String, String)] = [
            ("time_zone", "Time zone (e.g. Europe/Berlin)"), ("invoice_prefix", "Invoice number prefix"),
            ("lead_days_monthly", "Invoice monthly renewals days ahead"), ("lead_days_quarterly", "Invoice quarterly renewals days ahead"),
            ("lead_days_yearly", "Invoice yearly renewals days ahead"), ("apply_credit_automatically", "Apply customer credit to new invoices"),
            ("prices_include_tax", "Prices include tax"), ("seller_company", "Company name"), ("seller_address", "Address"),
            ("seller_country", "Country (ISO code)"), ("seller_vat_number", "VAT number"), ("seller_registration_number", "Registration number"),
            ("bank_name", "Bank"), ("bank_iban", "IBAN"), ("bank_bic", "BIC"), ("payment_instructions", "Payment instructions"),
        ]
        fields = labels.map { name, label in
            let isCheck = name == "apply_credit_automatically" || name == "prices_include_tax"
            let isArea = name == "seller_address" || name == "payment_instructions"
            let value = typed[name] ?? (typed.isEmpty ? stored[name] ?? "" : (isCheck ? "false" : ""))
            return Field(name: name, id: "billing-" + name.replacingOccurrences(of: "_", with: "-"), label: label, value: value,
                         isText: !isCheck && !isArea, isArea: isArea, isCheck: isCheck, checked: value == "true", error: messages[name])
        }
        self.rates = rates.map { RateRow(id: $0.id, country: $0.country, region: $0.region, name: $0.name, rate: $0.rate.description) }
        hasRates = !rates.isEmpty
        newRate = RateRow(id: 0, country: typedRate["country"] ?? "", region: typedRate["region"] ?? "", name: typedRate["name"] ?? "VAT",
                          rate: typedRate["rate"] ?? "")
        rateErrors = typedRate.isEmpty ? [] : errors.map { "\($0.field) \($0.message)" }
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }

    /// The stored settings as form text, by field name.
    private static func values(_ s: BillingSettings) -> [String: String] {
        [
            "time_zone": s.zoneName, "invoice_prefix": s.invoicePrefix, "lead_days_monthly": String(s.leadDays[.monthly] ?? 14),
            "lead_days_quarterly": String(s.leadDays[.quarterly] ?? 14), "lead_days_yearly": String(s.leadDays[.yearly] ?? 14),
            "apply_credit_automatically": String(s.applyCreditAutomatically), "prices_include_tax": String(s.pricesIncludeTax),
            "seller_company": s.seller.company, "seller_address": s.seller.address, "seller_country": s.seller.country,
            "seller_vat_number": s.seller.vatNumber, "seller_registration_number": s.seller.registrationNumber, "bank_name": s.seller.bankName,
            "bank_iban": s.seller.iban, "bank_bic": s.seller.bic, "payment_instructions": s.seller.paymentInstructions,
        ]
    }
}
