import Domain

/// What an audit entry changed, in a few words, for history tables.
enum AuditSummary {
    /// "status: pending → paid; version: 1 → 2", or the created state's status and total.
    static func change(_ entry: AuditEntry) -> String {
        guard case .object(let after)? = entry.after.flatMap(JSONValue.parse) else { return "" }
        guard case .object(let before)? = entry.before.flatMap(JSONValue.parse) else {
            if case .string(let total)? = after["total"], case .string(let status)? = after["status"] { return "\(status), total \(total)" }
            return ""
        }
        return ["status", "total", "notes", "version"].compactMap { key -> String? in
            guard let old = before[key], let new = after[key], old != new else { return nil }
            return "\(key): \(describe(old)) → \(describe(new))"
        }.joined(separator: "; ")
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text.isEmpty ? "—" : text
        case .number(let number): return number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        default: return "…"
        }
    }
}
