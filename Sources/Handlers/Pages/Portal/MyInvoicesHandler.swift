import Domain
import Views

/// `/my/invoices`: a customer's own invoices; anyone else's answer 404.
enum MyInvoicesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyInvoicesPage(try Invoices.list(Invoices.Filter(), page: try context.pageRequest(), for: context.caller)))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyInvoicesPage(try Invoices.visible(id: try context.idParameter(), to: context.caller)))
    }
}
