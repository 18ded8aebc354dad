import Foundation
import Postgres

/// The customer's messages about their server, queued in the transaction of the change: suspended
/// (with the cause in plain words), unsuspended and terminated, keyed like the webhook events
/// (`<server>:<version>`), and reboot done (optional, off by default), keyed by the job.
enum ServerNotices {
    /// The server's name and page link, the variables every server message has.
    static func values(_ server: ServerInstance, hostname: String? = nil, on connection: PostgresConnection) throws -> [String: String] {
        let name = hostname ?? server.hostname
        return ["server_name": name.isEmpty ? "#\(server.id)" : name,
                "link": try NotificationSettings.load(on: connection).portalURL + "/my/servers/\(server.id)"]
    }

    /// After `before` moved to `next` (its version is now `before.version + 1`).
    static func moved(_ before: ServerInstance, to next: ServerStatus, on connection: PostgresConnection) throws {
        let event: String
        var values = try values(before, on: connection)
        switch next {
        case .suspended:
            event = "service.suspended"
            values["reason"] = cause(before)
        case .active:
            guard before.status == .suspended else { return }
            event = "service.unsuspended"
        case .terminated:
            event = "service.terminated"
            values["reason"] = before.suspendedFor == "overdue" ? "invoice \(before.suspendedInvoiceNumber ?? "") was not paid"
                : before.billingStatus == "cancelled" ? "the service was cancelled" : "by our staff"
        default: return
        }
        try Notify.user(event, key: "\(event):\(before.id):\(before.version + 1)", customerID: before.customerID, values: values, on: connection)
    }

    /// Reboot job `jobID` of `server` succeeded: once per job, for customers who asked for it.
    static func rebooted(_ server: ServerInstance, jobID: Int, on connection: PostgresConnection) throws {
        try Notify.user("server.rebooted", key: "server.rebooted:\(jobID)", customerID: server.customerID, values: try values(server, on: connection),
                        on: connection)
    }

    /// Why a server was suspended, as the customer may read it: the overdue invoice, or staff (with
    /// the reason staff wrote, which the customer's server page shows too).
    private static func cause(_ server: ServerInstance) -> String {
        if server.suspendedFor == "overdue" { return "invoice \(server.suspendedInvoiceNumber ?? "") is overdue" }
        let reason = server.suspensionReason.trimmingCharacters(in: .whitespacesAndNewlines)
        return reason.isEmpty ? "by our staff" : "by our staff (\(reason))"
    }
}
