/// The browsable API reference at `/docs`: the operations of the OpenAPI document, grouped by tag.
///
/// Descriptions are the document's Markdown, rendered to ``HTMLMarkup`` once when the document
/// is loaded (``Markdown``): block HTML for the introduction, tags, operations and schemas, inline
/// HTML for table cells.
public struct DocsPage: PageModel {
    public let template = "docs/index"
    public var title: String { "API reference" }
    public var bodyClass: String { "api-docs" }

    /// One parameter (path, query or header) of an operation.
    public struct Parameter: Sendable {
        public var name: String
        public var location: String
        public var type: String
        public var required: Bool
        public var description: HTMLMarkup

        public init(name: String, location: String, type: String, required: Bool, description: HTMLMarkup) {
            self.name = name
            self.location = location
            self.type = type
            self.required = required
            self.description = description
        }
    }

    /// One field of a request body or of a response schema.
    public struct Field: Sendable {
        public var name: String
        public var type: String
        public var required: Bool
        public var description: HTMLMarkup

        public init(name: String, type: String, required: Bool, description: HTMLMarkup) {
            self.name = name
            self.type = type
            self.required = required
            self.description = description
        }
    }

    /// One documented answer of an operation.
    public struct Answer: Sendable {
        public var status: String
        public var description: HTMLMarkup
        public var contentType: String
        public var schema: String
        /// True for 2xx, to tint the row.
        public var isSuccess: Bool

        public init(status: String, description: HTMLMarkup, contentType: String, schema: String) {
            self.status = status
            self.description = description
            self.contentType = contentType
            self.schema = schema
            self.isSuccess = status.hasPrefix("2")
        }
    }

    /// One method + path.
    public struct Operation: Sendable {
        public var method: String
        /// Lower-case method, for the badge's CSS class.
        public var methodClass: String
        public var path: String
        public var anchor: String
        public var summary: String
        public var description: HTMLMarkup
        public var access: String
        public var isPublic: Bool
        public var parameters: [Parameter]
        public var hasParameters: Bool
        public var bodyContentType: String
        public var bodySchema: String
        public var bodyFields: [Field]
        public var hasBody: Bool
        public var answers: [Answer]

        public init(
            method: String, path: String, anchor: String, summary: String, description: HTMLMarkup, access: String, isPublic: Bool,
            parameters: [Parameter], bodyContentType: String, bodySchema: String, bodyFields: [Field], hasBody: Bool, answers: [Answer]
        ) {
            self.method = method.uppercased()
            self.methodClass = method.lowercased()
            self.path = path
            self.anchor = anchor
            self.summary = summary
            self.description = description
            self.access = access
            self.isPublic = isPublic
            self.parameters = parameters
            self.hasParameters = !parameters.isEmpty
            self.bodyContentType = bodyContentType
            self.bodySchema = bodySchema
            self.bodyFields = bodyFields
            self.hasBody = hasBody
            self.answers = answers
        }
    }

    /// The operations of one tag.
    public struct Group: Sendable {
        public var name: String
        public var anchor: String
        public var description: HTMLMarkup
        public var operations: [Operation]
        public var operationCount: Int

        public init(name: String, anchor: String, description: HTMLMarkup, operations: [Operation]) {
            self.name = name
            self.anchor = anchor
            self.description = description
            self.operations = operations
            self.operationCount = operations.count
        }
    }

    /// A reusable schema (`components/schemas`), listed at the end.
    public struct Schema: Sendable {
        public var name: String
        public var anchor: String
        public var description: HTMLMarkup
        public var fields: [Field]
        public var hasFields: Bool

        public init(name: String, anchor: String, description: HTMLMarkup, fields: [Field]) {
            self.name = name
            self.anchor = anchor
            self.description = description
            self.fields = fields
            self.hasFields = !fields.isEmpty
        }
    }

    public var apiTitle: String
    public var version: String
    /// The document's description.
    public var introduction: HTMLMarkup
    public var groups: [Group]
    public var schemas: [Schema]
    public var operationCount: Int
    public var isEmpty: Bool

    public init(apiTitle: String, version: String, introduction: HTMLMarkup, groups: [Group], schemas: [Schema]) {
        self.apiTitle = apiTitle
        self.version = version
        self.introduction = introduction
        self.groups = groups
        self.schemas = schemas
        self.operationCount = groups.reduce(0) { $0 + $1.operations.count }
        self.isEmpty = groups.isEmpty
    }
}
