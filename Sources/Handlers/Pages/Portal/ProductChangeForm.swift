import Domain

/// The change-product form of the customer's and the staff server page (`product_id`, and `code` for staff).
enum ProductChangeForm {
    static func submit(_ context: RequestContext) throws -> ServiceProductChange.Outcome {
        let form = try context.form()
        guard let productID = (form["product_id"]).flatMap({ Int($0) }) else { throw DomainError.invalid("product_id", "choose a product") }
        return try ServiceProductChange(twoFactor: context.services.twoFactor).request(
            instanceID: try context.idParameter(), productID: productID, by: context.caller, code: context.stepUpCode)
    }
}
