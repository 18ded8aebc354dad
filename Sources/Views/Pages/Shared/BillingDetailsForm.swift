import Domain

/// The billing-details fields of a form (`templates/partials/billing_details.mustache`): on the
/// customer's account page and, with the tax-exempt box, on the staff's customer page.
struct BillingDetailsForm: Sendable {
    struct Field: Sendable {
        var id: String
        var name: String
        var label: String
        var value: String
        var maxLength: Int
        var autocomplete: String
        var error: String?
    }

    var fields: [Field]
    /// Only staff decide whether a customer is exempt from tax.
    var showTaxExempt: Bool
    var taxExempt: Bool
    var taxExemptError: String?

    /// `details` as stored, or the `typed` values after a refused form, with field `errors`.
    init(_ details: BillingDetails, typed: [String: String]? = nil, errors: FormErrors, idPrefix: String, staff: Bool) {
        let spec: [(String, String, String, Int, String)] = [
            ("country", "Country (ISO code, e.g. DE)", details.country, 2, "country"),
            ("region", "Region (e.g. CA for California)", details.region, 3, "address-level1"),
            ("address_line1", "Address", details.addressLine1, 200, "address-line1"),
            ("address_line2", "Address line 2", details.addressLine2, 200, "address-line2"),
            ("city", "City", details.city, 100, "address-level2"),
            ("postcode", "Postcode", details.postcode, 20, "postal-code"),
            ("vat_number", "VAT number", details.vatNumber, 20, "off"),
        ]
        fields = spec.map { name, label, stored, maxLength, autocomplete in
            Field(id: "\(idPrefix)-\(name.replacingOccurrences(of: "_", with: "-"))", name: name, label: label, value: typed?[name] ?? stored,
                  maxLength: maxLength, autocomplete: autocomplete, error: errors[name])
        }
        showTaxExempt = staff
        taxExempt = typed.map { $0["tax_exempt"] == "true" } ?? details.taxExempt
        taxExemptError = errors["tax_exempt"]
    }
}
