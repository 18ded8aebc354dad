import Domain
import Foundation

/// The `/docs` page model from the parsed OpenAPI document, its Markdown rendered once here.
extension DocsPage {
    static let methods = ["get", "post", "put", "patch", "delete"]

    /// The reference page of the OpenAPI document `root`.
    public init(openAPI root: JSONValue) throws {
        let reader = Reader(root: root)
        var operationsByTag: [String: [DocsPage.Operation]] = [:]
        for (path, item) in reader.object(root["paths"]).sorted(by: { $0.key < $1.key }) {
            let shared = reader.array(item["parameters"])
            for method in Self.methods {
                guard let operation = item[method], case .object = operation else { continue }
                let tag = reader.array(operation["tags"]).first?.string ?? "Other"
                operationsByTag[tag, default: []].append(try reader.operation(method: method, path: path, operation, shared: shared))
            }
        }
        let declaredTags = reader.array(root["tags"]).compactMap { tag -> (String, String)? in
            guard let name = tag["name"]?.string else { return nil }
            return (name, tag["description"]?.string ?? "")
        }
        var order = declaredTags.map(\.0)
        for tag in operationsByTag.keys.sorted() where !order.contains(tag) { order.append(tag) }
        let descriptions = Dictionary(declaredTags, uniquingKeysWith: { first, _ in first })
        let groups = try order.compactMap { tag -> DocsPage.Group? in
            guard let operations = operationsByTag[tag], !operations.isEmpty else { return nil }
            return DocsPage.Group(
                name: tag, anchor: "tag-" + Self.anchorText(tag), description: try Markdown.html(descriptions[tag] ?? ""), operations: operations)
        }
        let schemas = try reader.object(root["components"]?["schemas"]).sorted(by: { $0.key < $1.key }).map { name, schema in
            DocsPage.Schema(
                name: name, anchor: "schema-" + Self.anchorText(name), description: try Markdown.html(schema["description"]?.string ?? ""),
                fields: try reader.fields(of: schema))
        }
        let info = root["info"]
        let introduction = try Markdown.html(info?["description"]?.string ?? "")
        self.init(
            apiTitle: info?["title"]?.string ?? "API", version: info?["version"]?.string ?? "", introduction: introduction,
            groups: groups, schemas: schemas)
    }

    /// The description without its closing "Who may call: …." line, which the page shows on its own.
    static func withoutAccessLine(_ description: String, _ access: String) -> String {
        let line = "Who may call: \(access)."
        guard description.hasSuffix(line) else { return description }
        return String(description.dropLast(line.count)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func anchorText(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Reads the document, resolving local `$ref`s.
    struct Reader {
        let root: JSONValue

        func object(_ value: JSONValue?) -> [(key: String, value: JSONValue)] {
            guard case .object(let fields)? = value else { return [] }
            return fields.map { (key: $0.key, value: $0.value) }
        }

        func array(_ value: JSONValue?) -> [JSONValue] {
            guard case .array(let items)? = value else { return [] }
            return items
        }

        /// Follows `{"$ref": "#/a/b"}` (a few levels at most).
        func resolve(_ value: JSONValue?) -> JSONValue? {
            var current = value
            for _ in 0..<5 {
                guard let reference = current?["$ref"]?.string, reference.hasPrefix("#/") else { return current }
                var target: JSONValue? = root
                for part in reference.dropFirst(2).split(separator: "/") {
                    target = target?[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
                }
                current = target
            }
            return current
        }

        /// `#/components/schemas/Order` → `Order`.
        func referenceName(_ value: JSONValue?) -> String? {
            value?["$ref"]?.string.flatMap { $0.split(separator: "/").last.map(String.init) }
        }

        /// A short type text: `integer`, `string (date-time)`, `array of Order`, `Product | null`.
        func typeText(_ schema: JSONValue?) -> String {
            guard let schema else { return "any" }
            if let name = referenceName(schema) { return name }
            for combinator in ["oneOf", "anyOf"] {
                let options = array(schema[combinator])
                if !options.isEmpty { return options.map { typeText($0) }.joined(separator: " | ") }
            }
            var types: [String]
            switch schema["type"] {
            case .string(let type)?: types = [type]
            case .array(let list)?: types = list.compactMap(\.string)
            default: types = schema["const"] != nil ? ["constant"] : ["any"]
            }
            types = types.map { type in
                switch type {
                case "array": return "array of " + typeText(schema["items"])
                case "string":
                    if let format = schema["format"]?.string { return "string (\(format))" }
                    let choices = array(schema["enum"]).compactMap(\.string)
                    return choices.isEmpty ? "string" : "string: " + choices.joined(separator: ", ")
                default: return type
                }
            }
            return types.joined(separator: " | ")
        }

        /// The properties of an object schema (after `$ref` and `allOf`), required ones first as declared.
        func fields(of schema: JSONValue?) throws -> [DocsPage.Field] {
            guard let schema = resolve(schema) else { return [] }
            var result: [DocsPage.Field] = []
            for part in array(schema["allOf"]) { result += try fields(of: part) }
            let required = Set(array(schema["required"]).compactMap(\.string))
            let properties = object(schema["properties"]).sorted { lhs, rhs in
                let (left, right) = (required.contains(lhs.key), required.contains(rhs.key))
                return left == right ? lhs.key < rhs.key : left
            }
            for (name, property) in properties {
                let description = property["description"]?.string ?? resolve(property)?["description"]?.string ?? ""
                result.append(
                    DocsPage.Field(
                        name: name, type: typeText(property), required: required.contains(name), description: try Markdown.inlineHTML(description)))
            }
            return result
        }

        func operation(method: String, path: String, _ operation: JSONValue, shared: [JSONValue]) throws -> DocsPage.Operation {
            let parameters = try (shared + array(operation["parameters"])).compactMap { resolve($0) }.map { parameter in
                DocsPage.Parameter(
                    name: parameter["name"]?.string ?? "", location: parameter["in"]?.string ?? "", type: typeText(parameter["schema"]),
                    required: parameter["required"] == .bool(true), description: try Markdown.inlineHTML(parameter["description"]?.string ?? ""))
            }
            let body = resolve(operation["requestBody"])
            let bodyMedia = object(body?["content"]).sorted { $0.key < $1.key }.first
            let answers = try object(operation["responses"]).sorted { $0.key < $1.key }.map { status, reply -> DocsPage.Answer in
                let reply = resolve(reply)
                let media = object(reply?["content"]).sorted { $0.key < $1.key }
                return DocsPage.Answer(
                    status: status, description: try Markdown.inlineHTML(reply?["description"]?.string ?? ""),
                    contentType: media.map(\.key).joined(separator: ", "),
                    schema: media.first.map { typeText($0.value["schema"]) } ?? "")
            }
            let security = operation["security"]
            let isPublic = security.map { array($0).isEmpty } ?? false
            let access = operation["x-access"]?.string ?? (isPublic ? "Anyone" : "Signed-in callers")
            return DocsPage.Operation(
                method: method, path: path, anchor: "op-" + (operation["operationId"]?.string ?? anchorText(method + path)),
                summary: operation["summary"]?.string ?? "",
                description: try Markdown.html(DocsPage.withoutAccessLine(operation["description"]?.string ?? "", access)),
                access: access, isPublic: isPublic,
                parameters: parameters, bodyContentType: bodyMedia?.key ?? "", bodySchema: bodyMedia.map { typeText($0.value["schema"]) } ?? "",
                bodyFields: try fields(of: bodyMedia?.value["schema"]), hasBody: bodyMedia != nil, answers: answers)
        }
    }
}

extension JSONValue {
    fileprivate subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    fileprivate var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
