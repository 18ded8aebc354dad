/// `/`: sends a visitor to where they can start.
enum HomeHandler {
    static func home(_ request: Request, _ context: RequestContext) throws -> Response {
        .redirect(to: "/login")
    }
}
