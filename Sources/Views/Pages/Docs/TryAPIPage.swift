/// `/docs/try`: Swagger UI over the OpenAPI document, so a visitor can send real requests
/// from the browser.
///
/// Swagger UI's files come from the `swagger-ui-py` package and are served by nginx under
/// `/static/swagger-ui/`; `/static/js/try-api.js` starts it (no inline script). A signed-in
/// visitor's requests carry their session cookie, and the initialiser adds the session's CSRF
/// token (from the `csrf-token` meta value) to unsafe ones.
public struct TryAPIPage: PageModel {
    public let template = "docs/try"
    public var title: String { "Try the API" }
    public var bodyClass: String { "api-try" }

    /// Swagger UI's stylesheet and script, served by nginx from the package.
    public static let swaggerStylesheet = "/static/swagger-ui/swagger-ui.css"
    public static let swaggerScript = "/static/swagger-ui/swagger-ui-bundle.js"
    /// Our initialiser.
    public static let initialiser = "/static/js/try-api.js"

    /// The signed-in user's email, nil for a visitor who is not signed in.
    public var signedInAs: String?
    /// True when ``signedInAs`` is set.
    public var isSignedIn: Bool
    /// False when the server has no OpenAPI document (then there is nothing to try).
    public var isDocumentLoaded: Bool
    /// Where Swagger UI loads the document from.
    public let documentPath = "/api/v1/openapi.json"
    /// The session's CSRF token, empty when not signed in.
    public let csrfToken: String

    public init(signedInAs: String?, csrfToken: String, isDocumentLoaded: Bool) {
        self.signedInAs = signedInAs
        self.isSignedIn = signedInAs != nil
        self.csrfToken = csrfToken
        self.isDocumentLoaded = isDocumentLoaded
    }

    public var head: PageHead {
        guard isDocumentLoaded else { return .none }
        return PageHead(
            stylesheets: [Self.swaggerStylesheet], scripts: [Self.swaggerScript, Self.initialiser],
            meta: [PageHead.Meta(name: "csrf-token", content: csrfToken)])
    }
}
