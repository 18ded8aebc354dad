/// The API description (`/api/v1/openapi.json`) and its browsable reference (`/docs`).
enum DocsPages {
    static func register(_ router: inout Router) {
    }
}
