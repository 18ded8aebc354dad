import Domain

extension Display {
    /// Why a server is (or is about to be) suspended, in words: "suspended: unpaid invoice INV-…",
    /// "suspended by staff", or "" when there is no recorded cause.
    static func suspensionCause(_ server: ServerInstance) -> String {
        switch server.suspendedFor {
        case "overdue": return "suspended: unpaid invoice \(server.suspendedInvoiceNumber ?? "")"
        case "staff": return "suspended by staff"
        default: return ""
        }
    }
}
