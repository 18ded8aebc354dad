/// What one answered request leaves for the log line and the metrics.
public struct RequestSummary: Sendable, Equatable {
    /// The matched route's pattern (`/api/v1/orders/:id`), never the raw path: bounded label values.
    public var route: String
    public var method: String
    public var status: Int
    public var seconds: Double
    public var requestID: String
    public var userID: Int?
    /// The request failed because of a database error (connection lost, server gone …).
    public var databaseError: Bool

    /// The request as one logfmt line (values quoted only when they need it).
    public var logfmt: String {
        var line = ""
        line.reserveCapacity(160)
        for (key, value) in [("request_id", requestID), ("method", method), ("route", route), ("status", String(status)),
                             ("duration_ms", format3(seconds * 1000)), ("user", userID.map(String.init) ?? "-")] {
            if !line.isEmpty { line += " " }
            line += key + "=" + Self.quoted(value)
        }
        if databaseError { line += " db_error=true" }
        return line
    }

    static func quoted(_ value: String) -> String {
        // Scanned as bytes: by Character the scan was grapheme breaking per step.
        guard value.isEmpty || value.utf8.contains(where: { $0 == 32 || $0 == 34 || $0 == 61 || $0 == 92 }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func format3(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
