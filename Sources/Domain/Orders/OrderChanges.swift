import Foundation
import Postgres

/// 2FA-gated order changes: edit, mark paid, delete. Each runs inside `StepUp.run`,
/// checks the version it was based on, and audits before/after.
public struct OrderChanges: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// What an edit changes; nil fields stay as they are.
    public struct Change: Sendable {
        public var lines: [OrderLine]?
        public var notes: String?
        public var status: OrderStatus?

        public init(lines: [OrderLine]? = nil, notes: String? = nil, status: OrderStatus? = nil) {
            self.lines = lines
            self.notes = notes
            self.status = status
        }
    }

    public func edit(
        orderID: Int, expectedVersion: Int?, change: Change, by staff: User, code: String?, on connection: PostgresConnection,
        origin: RequestOrigin
    ) throws -> Order {
        guard change.lines != nil || change.notes != nil || change.status != nil else {
            throw DomainError.invalid("items", "nothing to change: give items, notes or status")
        }
        if let notes = change.notes, notes.count > 2000 { throw DomainError.invalid("notes", "must be at most 2000 characters") }
        return try StepUp.run(on: connection, actor: staff, code: code, twoFactor: twoFactor, origin: origin, action: "order.updated") { connection in
            let before = try locked(orderID, expectedVersion: expectedVersion, on: connection)
            if let lines = change.lines {
                guard before.status.itemsEditable else {
                    throw DomainError.conflict("The order is \(before.status.rawValue); its items can change only while pending.")
                }
                try OrderPlacement.release(orderID: orderID, on: connection)
                try connection.query("DELETE FROM order_items WHERE order_id = $1", [orderID])
                let total = try OrderPlacement.reserve(lines, orderID: orderID, on: connection)
                try connection.query("UPDATE orders SET total = $2 WHERE id = $1", [orderID, total])
                // An issued invoice never changes: the old one is cancelled (keeping its number), a new one issued.
                try OrderInvoices.cancelOpen(orderID: orderID, on: connection)
                try OrderInvoices.issue(orderID: orderID, at: Date(), on: connection)
            }
            if let notes = change.notes {
                try connection.query("UPDATE orders SET notes = $2 WHERE id = $1", [orderID, notes.trimmingCharacters(in: .whitespacesAndNewlines)])
            }
            if let status = change.status, status != before.status {
                try transition(before, to: status, by: staff, on: connection)
            }
            return try finish(before, action: "order.updated", by: staff, on: connection, origin: origin)
        }
    }

    /// Records the payment and hands every server of the order to provisioning — exactly once.
    public func markPaid(
        orderID: Int, expectedVersion: Int?, reference: String = "", by staff: User, code: String?, on connection: PostgresConnection,
        origin: RequestOrigin
    ) throws -> Order {
        try StepUp.run(on: connection, actor: staff, code: code, twoFactor: twoFactor, origin: origin, action: "order.paid") { connection in
            let before = try locked(orderID, expectedVersion: expectedVersion, on: connection)
            guard before.status == .pending else {
                throw DomainError.conflict("The order is already \(before.status.rawValue); it cannot be paid again.")
            }
            try transition(before, to: .paid, by: staff, reference: reference, on: connection)
            return try finish(before, action: "order.paid", by: staff, on: connection, origin: origin)
        }
    }

    /// Deletes a pending or cancelled order (paid ones are refunded instead).
    public func delete(
        orderID: Int, expectedVersion: Int?, by staff: User, code: String?, on connection: PostgresConnection, origin: RequestOrigin
    ) throws {
        try StepUp.run(on: connection, actor: staff, code: code, twoFactor: twoFactor, origin: origin, action: "order.deleted") { connection in
            let before = try locked(orderID, expectedVersion: expectedVersion, on: connection)
            guard before.status == .pending || before.status == .cancelled else {
                throw DomainError.conflict("The order is \(before.status.rawValue); refund it instead of deleting it.")
            }
            if before.status == .pending { try OrderPlacement.release(orderID: orderID, on: connection) }
            try OrderInvoices.cancelOpen(orderID: orderID, on: connection)
            try connection.query("DELETE FROM orders WHERE id = $1", [orderID])
            try AuditLog.record(on: connection, actor: Actor(staff), action: "order.deleted", targetType: "order",
                                targetID: String(orderID), before: before, origin: origin)
        }
    }

    private func locked(_ orderID: Int, expectedVersion: Int?, on connection: PostgresConnection) throws -> Order {
        guard let order = try Orders.find(id: orderID, on: connection, lock: true) else { throw DomainError.notFound("No order \(orderID).") }
        if let expectedVersion, expectedVersion != order.version { throw StaleVersion.order(order) }
        return order
    }

    private func transition(
        _ order: Order, to next: OrderStatus, by staff: User, reference: String = "", on connection: PostgresConnection
    ) throws {
        _ = try order.status.moving(to: next)
        switch next {
        case .paid:
            // Paying the order is paying its invoice; an order from before invoices (or with a
            // zero invoice) gets one payment of its total as before.
            if let invoiceID = try OrderInvoices.open(orderID: order.id, on: connection) {
                let due = try Invoices.find(id: invoiceID, on: connection)!.amountDue
                try InvoicePayments.apply(invoiceID: invoiceID, amount: due, method: "manual", reference: reference, orderID: order.id,
                                          actor: Actor(staff), at: Date(), on: connection)
            } else {
                try connection.query(
                    "INSERT INTO payments (order_id, amount, currency, method, reference, recorded_by) VALUES ($1, $2, $3, 'manual', $4, $5)",
                    [order.id, order.total, order.currency, String(reference.prefix(200)), staff.id])
                let today = try BillingSettings.load(on: connection).today(at: Date())
                try OrderSettlement.complete(orderID: order.id, actor: Actor(staff), today: today, on: connection)
            }
        case .cancelled:
            try OrderPlacement.release(orderID: order.id, on: connection)
            try OrderInvoices.cancelOpen(orderID: order.id, on: connection)
            try connection.query("UPDATE orders SET status = 'cancelled', cancelled_at = now() WHERE id = $1", [order.id])
        case .refunded:
            try connection.query("UPDATE orders SET status = 'refunded', refunded_at = now() WHERE id = $1", [order.id])
            try connection.query("UPDATE invoices SET status = 'refunded' WHERE order_id = $1 AND status = 'paid'", [order.id])
        case .active, .pending:
            try connection.query("UPDATE orders SET status = $2 WHERE id = $1", [order.id, next.rawValue])
        }
    }

    private func finish(_ before: Order, action: String, by staff: User, on connection: PostgresConnection, origin: RequestOrigin) throws -> Order {
        try connection.query("UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1", [before.id])
        let after = try Orders.find(id: before.id, on: connection)!
        try AuditLog.record(on: connection, actor: Actor(staff), action: action, targetType: "order", targetID: String(before.id),
                            before: before, after: after, origin: origin)
        return after
    }
}
