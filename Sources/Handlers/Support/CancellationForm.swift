import Domain

/// The cancel form of a server page (customer and staff): when the cancellation takes effect.
enum CancellationForm {
    static func when(_ context: RequestContext) throws -> ServiceCancellation.When {
        guard let when = ServiceCancellation.When(rawValue: try context.form()["when"] ?? "") else {
            throw DomainError.invalid("when", "choose the end of the period or immediately")
        }
        return when
    }
}
