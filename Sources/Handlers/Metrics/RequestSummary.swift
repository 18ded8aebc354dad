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
        var fields = [("request_id", requestID), ("method", method), ("route", route), ("status", String(status)),
                      ("duration_ms", format3(seconds * 1000))]
        fields.append(("user", userID.map(String.init) ?? "-"))
        if databaseError { fields.append(("db_error", "true")) }
        return fields.map { "\($0.0)=\(Self.quoted($0.1))" }.joined(separator: " ")
    }

    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func format3(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
