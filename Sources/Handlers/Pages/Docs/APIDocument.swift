import Domain
import Foundation
import Views

/// The OpenAPI document (`static/openapi.json`): its bytes as served, and the reference page built from it.
///
/// Loaded once at worker start; read-only afterwards.
public struct APIDocument: Sendable {
    /// The document exactly as it is on disk; empty when none was found.
    public let bytes: [UInt8]
    /// The `/docs` page model, built once from the parsed document.
    public let page: DocsPage

    /// No document: `/api/v1/openapi.json` answers 404 and `/docs` says so.
    public static let empty = APIDocument(
        bytes: [], page: DocsPage(apiTitle: "VPS Portal API", version: "", introduction: .empty, groups: [], schemas: []))

    init(bytes: [UInt8], page: DocsPage) {
        self.bytes = bytes
        self.page = page
    }

    /// Parses `bytes` as an OpenAPI 3.1 document and renders its Markdown descriptions (once, here);
    /// throws when it is not a JSON object or libcmark fails.
    public init(bytes: [UInt8]) throws {
        guard let root = JSONValue.parse(String(decoding: bytes, as: UTF8.self)), case .object = root else {
            throw APIDocumentError.notJSON
        }
        self.bytes = bytes
        self.page = try DocsPage(openAPI: root)
    }

    /// The document at `path`, `.empty` when the file does not exist; throws when it exists but is broken.
    public static func load(path: String) throws -> APIDocument {
        guard let data = FileManager.default.contents(atPath: path) else { return .empty }
        return try APIDocument(bytes: Array(data))
    }

    /// Like `load(path:)`, but a broken document is logged and served as none, so a worker still starts.
    public static func loadOrEmpty(path: String) -> APIDocument {
        do {
            return try load(path: path)
        } catch {
            Log.warning("\(path): \(error); /api/v1/openapi.json will answer 404")
            return .empty
        }
    }

    /// True when a document was loaded.
    public var isLoaded: Bool { !bytes.isEmpty }
}

/// Why a document could not be used.
public enum APIDocumentError: Error, CustomStringConvertible {
    case notJSON

    public var description: String { "the OpenAPI document is not a JSON object" }
}
