/// The order lifecycle as an explicit state machine.
///
/// `pending → paid → active`, `pending → cancelled`, `paid/active → refunded`.
/// Anything else is a conflict that names the current status.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case pending, paid, active, cancelled, refunded

    /// The statuses this one may move to.
    public var successors: Set<OrderStatus> {
        switch self {
        case .pending: return [.paid, .cancelled]
        case .paid: return [.active, .refunded]
        case .active: return [.refunded]
        case .cancelled, .refunded: return []
        }
    }

    public func canMove(to next: OrderStatus) -> Bool { successors.contains(next) }

    /// `next` when allowed, else a conflict naming the current status.
    public func moving(to next: OrderStatus) throws -> OrderStatus {
        guard canMove(to: next) else {
            throw DomainError.conflict("The order is \(rawValue); it cannot become \(next.rawValue).")
        }
        return next
    }

    /// Items may change only before payment.
    public var itemsEditable: Bool { self == .pending }
}
