import Foundation
import Postgres

/// The dunning messages, each queued through `Notify.user` (the event's template, which staff may
/// edit) with its step in `dunning_steps` (same key as the outbox event), in the transaction of
/// the step: a rerun or a concurrent run finds the key taken and sends nothing.
enum DunningNotices {
    /// Takes step `key` on `day` and queues `event` about invoice `invoiceID` (and server
    /// `serviceID`), `days` being the event's count of days; false when the step was already taken.
    static func send(_ event: String, key: String, invoiceID: Int, serviceID: Int? = nil, days: Int, day: CalendarDay,
                     on connection: PostgresConnection) throws -> Bool {
        guard try take(key: key, invoiceID: invoiceID, serviceID: serviceID, day: day, on: connection) else { return false }
        guard let invoice = try Invoices.find(id: invoiceID, on: connection) else { return true }
        var values = try BillingNotices.values(invoice, on: connection)
        values["days"] = String(days)
        if let serviceID, let server = try Instances.find(id: serviceID, on: connection) {
            values["server_name"] = try ServerNotices.values(server, on: connection)["server_name"]
        }
        try Notify.user(event, key: key, customerID: invoice.customerID, values: values, on: connection)
        return true
    }

    /// Records step `key` once; false when it exists.
    static func take(key: String, invoiceID: Int, serviceID: Int?, day: CalendarDay, on connection: PostgresConnection) throws -> Bool {
        try connection.query(
            """
            INSERT INTO dunning_steps (step_key, invoice_id, service_id, day) VALUES (\(key), \(invoiceID), \(serviceID), \(day))
            ON CONFLICT (step_key) DO NOTHING
            """).affectedRows == 1
    }
}
