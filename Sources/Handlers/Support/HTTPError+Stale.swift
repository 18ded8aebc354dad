import Domain
import Foundation

extension HTTPError {
    /// 409 for an edit based on an old version, carrying the current state so the client can see what changed.
    public init(_ stale: StaleVersion) {
        let current: any Encodable
        let noun: String
        switch stale {
        case .product(let product): current = product; noun = "product"
        case .order(let order): current = order; noun = "order"
        case .customer(let customer): current = customer; noun = "customer"
        case .server(let server): current = server; noun = "server"
        }
        self.init(
            .conflict, title: "Edit conflict",
            detail: "The \(noun) was changed by someone else (it is now at version \(stale.currentVersion)). Review the current state and apply your change again.",
            headers: [("ETag", "\"\(stale.currentVersion)\"")])
        currentVersion = stale.currentVersion
        self.current = (try? JSONStreamEncoder.encode(current)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) }
    }
}

extension RequestContext {
    /// The version an edit is based on: `If-Match` (`"3"`, `W/"3"` or `3`) or the body's `version`.
    /// Required: an edit without one answers 428.
    public func expectedVersion(body: Int?) throws -> Int {
        if let header = request.headers["if-match"] {
            let digits = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            guard let version = Int(digits), version > 0 else {
                throw HTTPError(.badRequest, detail: "If-Match must carry the version number, e.g. \"3\".",
                                fieldErrors: [.init(field: "If-Match", message: "must be a version number")])
            }
            return version
        }
        guard let body else {
            throw HTTPError(.preconditionRequired, title: "Version required",
                            detail: "Send the version this edit is based on: an If-Match header or a version field.",
                            fieldErrors: [.init(field: "version", message: "is required")])
        }
        return body
    }

    /// The acting staff member's step-up code: the `X-2FA-Code` header (JSON) or the form's `code`.
    public var stepUpCode: String? {
        request.headers["x-2fa-code"] ?? (request.isAPI ? nil : try? form()["code"])
    }
}
