/// The API description (`/api/v1/openapi.json`) and its browsable reference (`/docs`).
///
/// Both are public: the document says what exists, never anything about the data behind it.
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
}
