import Foundation

extension RequestContext {
    /// Decodes the JSON body; wrong content type is 415, broken JSON 400, and a
    /// missing or mistyped field 422 naming the field.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        let contentType = request.headers["content-type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.contains("+json") else {
            throw HTTPError(.unsupportedMediaType, detail: "Send the body as application/json.")
        }
        guard !request.body.isEmpty else {
            throw HTTPError(.badRequest, title: "Invalid JSON", detail: "The body must be a JSON object.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(request.body))
        } catch let error as DecodingError {
            throw Self.httpError(for: error)
        }
    }

    static func httpError(for error: DecodingError) -> HTTPError {
        func field(_ path: [CodingKey], _ key: CodingKey? = nil) -> String {
            let keys = (path + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        let issue: HTTPError.FieldError
        switch error {
        case .keyNotFound(let key, let context):
            issue = .init(field: field(context.codingPath, key), message: "is required")
        case .typeMismatch(let expected, let context):
            issue = .init(field: field(context.codingPath), message: "must be \(describe(expected))")
        case .valueNotFound(let expected, let context):
            issue = .init(field: field(context.codingPath), message: "must be \(describe(expected)), not null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return HTTPError(.badRequest, title: "Invalid JSON", detail: "The body is not valid JSON (or is nested too deeply).")
            }
            issue = .init(field: field(context.codingPath), message: "is not valid")
        @unknown default:
            return HTTPError(.badRequest, title: "Invalid JSON", detail: "The body could not be read.")
        }
        return HTTPError(
            .unprocessableContent, title: "Invalid input", detail: "\(issue.field) \(issue.message)", fieldErrors: [issue])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: return "a string"
        case is Int.Type, is Int?.Type: return "a whole number"
        case is Bool.Type, is Bool?.Type: return "true or false"
        case is [String: Any].Type: return "an object"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of the right type"
        }
    }
}

/// The list envelope of every JSON list: `{"items": [...], "next_cursor": ...}`.
public struct ListBody<Item: Encodable>: Encodable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
