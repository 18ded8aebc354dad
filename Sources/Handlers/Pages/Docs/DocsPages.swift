import Views

/// The API description (`/api/v1/openapi.json`), its browsable reference (`/docs`) and the
/// page that tries it in Swagger UI (`/docs/try`).
///
/// All public: the document says what exists, never anything about the data behind it.
enum DocsPages {

    /// `GET /api/v1/openapi.json`: the checked-in document, byte for byte.
    static func document(_ request: Request, _ context: RequestContext) throws -> Response {
        let document = context.services.apiDocument
        guard document.isLoaded else { throw HTTPError.notFound("The API description is not installed on this server.") }
        return Response(
            status: .ok, headers: [("Content-Type", "application/json"), ("Cache-Control", "public, max-age=300")], body: document.bytes)
    }

    /// `GET /docs`: the reference page rendered from the document.
    /// Not cached publicly: a signed-in visitor's page carries their navigation.
    static func reference(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(context.services.apiDocument.page)
    }

    /// `GET /docs/try`: Swagger UI pointed at the document. A signed-in visitor's session
    /// authenticates the requests they send; the page hands the session's CSRF token to the
    /// initialiser for unsafe ones. Carries that token, so never cached (the default `no-store`).
    static func tryIt(_ request: Request, _ context: RequestContext) throws -> Response {
        let session = context.identity?.session.flatMap { $0.stage == .full ? $0 : nil }
        let page = TryAPIPage(
            signedInAs: session?.user.email, csrfToken: session?.csrfToken ?? "",
            isDocumentLoaded: context.services.apiDocument.isLoaded)
        return try context.page(page)
    }
}
