import Domain

/// The billing-details fields of a request, by name, for `Profiles.update` and `Customers.update`.
enum BillingDetailsInput {
    /// From a page form. A staff form carries the tax-exempt checkbox, which is absent when unticked.
    static func form(_ form: QueryParameters, staff: Bool) -> [String: String] {
        var fields: [String: String] = [:]
        for name in BillingDetails.fields where name != "tax_exempt" { fields[name] = form[name] }
        if staff && !fields.isEmpty { fields["tax_exempt"] = form["tax_exempt"] == "true" ? "true" : "false" }
        return fields
    }

    /// From a JSON body: the fields present and not null (booleans as true/false).
    static func json(_ body: JSONObject) throws -> [String: String] {
        try body.texts(BillingDetails.fields)
    }
}
