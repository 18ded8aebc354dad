import Domain
import Foundation

/// A JSON request body read as an object, with field access that names the field on a type error.
public struct JSONObject {
    public let fields: [String: JSONValue]

    /// Decodes the body as a JSON object (400 for anything else).
    public init(_ context: RequestContext) throws {
        let value = try context.decodeJSON(JSONValue.self)
        guard case .object(let fields) = value else {
            throw HTTPError(.badRequest, title: "Invalid JSON", detail: "The body must be a JSON object.")
        }
        self.fields = fields
    }

    public init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    public func has(_ key: String) -> Bool { fields[key] != nil }

    /// A scalar as text: strings as they are, numbers in shortest form, booleans as true/false.
    /// Absent → nil; `null` → `.some(nil)`; objects and arrays are a field error.
    public func scalar(_ key: String) throws -> String?? {
        guard let value = fields[key] else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let text): return .some(text)
        case .bool(let flag): return .some(flag ? "true" : "false")
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return .some(String(Int64(number))) }
            return .some(Decimal(string: String(number)).map { "\($0)" } ?? String(number))
        case .array, .object:
            throw HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key) must be a single value",
                            fieldErrors: [.init(field: key, message: "must be a single value, not a list or object")])
        }
    }

    /// A scalar as text, treating `null` like absent.
    public func text(_ key: String) throws -> String? {
        try scalar(key) ?? nil
    }

    /// The scalar fields among `names` that are present and not null, as text, by name.
    public func texts(_ names: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for name in names { if let value = try text(name) { values[name] = value } }
        return values
    }

    /// A whole number, or nil when absent; anything else is a field error.
    public func integer(_ key: String) throws -> Int? {
        guard let text = try text(key) else { return nil }
        guard let value = Int(text) else {
            throw HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key) must be a whole number",
                            fieldErrors: [.init(field: key, message: "must be a whole number")])
        }
        return value
    }

    /// A list of strings, or nil when absent.
    public func strings(_ key: String) throws -> [String]? {
        guard let value = fields[key] else { return nil }
        if case .null = value { return [] }
        guard case .array(let items) = value else { throw Self.listError(key) }
        return try items.map { item in
            guard case .string(let text) = item else { throw Self.listError(key) }
            return text
        }
    }

    /// A list of objects (order items), or nil when absent.
    public func objects(_ key: String) throws -> [JSONObject]? {
        guard let value = fields[key] else { return nil }
        guard case .array(let items) = value else {
            throw HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key) must be a list",
                            fieldErrors: [.init(field: key, message: "must be a list of objects")])
        }
        return try items.enumerated().map { index, item in
            guard case .object(let fields) = item else {
                throw HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key)[\(index)] must be an object",
                                fieldErrors: [.init(field: "\(key)[\(index)]", message: "must be an object")])
            }
            return JSONObject(fields: fields)
        }
    }

    private static func listError(_ key: String) -> HTTPError {
        HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key) must be a list of strings",
                  fieldErrors: [.init(field: key, message: "must be a list of strings")])
    }
}
