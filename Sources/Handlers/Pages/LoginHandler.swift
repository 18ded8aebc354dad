import Views

/// The sign-in page.
enum LoginHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(LoginPage(email: context.query["email"] ?? ""))
    }
}
