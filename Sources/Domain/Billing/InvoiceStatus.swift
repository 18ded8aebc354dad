/// An invoice's state: `draft → unpaid → paid`, `unpaid → cancelled`, `paid → refunded`.
public enum InvoiceStatus: String, Sendable, Codable, CaseIterable {
    case draft, unpaid, paid, cancelled, refunded

    /// Whether a payment may be recorded against it.
    public var takesPayments: Bool { self == .unpaid }
    /// Whether staff may cancel it.
    public var cancellable: Bool { self == .unpaid || self == .draft }
}
