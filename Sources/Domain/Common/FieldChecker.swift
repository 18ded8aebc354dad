import Foundation

/// Reads text fields into typed values, collecting one issue per bad field.
struct FieldChecker {
    private let values: [String: String?]
    private(set) var issues: [FieldIssue] = []

    init(_ values: [String: String?]) {
        self.values = values
    }

    /// The trimmed text, nil when absent or empty.
    private func raw(_ field: String) -> String? {
        guard let value = values[field], let text = value?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return nil
        }
        return text
    }

    mutating func fail(_ field: String, _ message: String) {
        issues.append(FieldIssue(field: field, message: message))
    }

    mutating func text(_ field: String, required: Bool = false, max: Int, default fallback: String? = nil) -> String? {
        guard let text = raw(field) else {
            if required { fail(field, "is required") }
            return fallback
        }
        if text.count > max {
            fail(field, "must be at most \(max) characters")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.value == 0 || ($0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t") }) {
            fail(field, "must not contain control characters")
            return nil
        }
        return text
    }

    mutating func integer(_ field: String, required: Bool = false, range: ClosedRange<Int>, default fallback: Int? = nil) -> Int? {
        guard let text = raw(field) else {
            if required { fail(field, "is required") }
            return fallback
        }
        guard let value = Int(text) else {
            fail(field, "must be a whole number")
            return nil
        }
        guard range.contains(value) else {
            fail(field, range.lowerBound == 0 ? "must be 0 or more (at most \(range.upperBound))" : "must be from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func money(_ field: String, required: Bool = false) -> Money? {
        guard let text = raw(field) else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let money = Money(text) else {
            fail(field, "must be an amount with at most two decimals, like 29.99")
            return nil
        }
        guard money >= .zero else {
            fail(field, "must not be negative")
            return nil
        }
        guard money <= .maximum else {
            fail(field, "is too large")
            return nil
        }
        return money
    }

    mutating func boolean(_ field: String, default fallback: Bool) -> Bool? {
        guard let text = raw(field)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "on", "yes": return true
        case "false", "0", "off", "no": return false
        default:
            fail(field, "must be true or false")
            return nil
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type, default fallback: T?) -> T? where T.RawValue == String {
        guard let text = raw(field) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            fail(field, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A module or key name: lower-case letters, digits, `-` and `_`.
    mutating func identifier(_ field: String, default fallback: String) -> String? {
        guard let text = raw(field) else { return fallback }
        guard text.count <= 50, text.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
            fail(field, "must be lower-case letters, digits, - or _ (at most 50)")
            return nil
        }
        return text
    }
}
