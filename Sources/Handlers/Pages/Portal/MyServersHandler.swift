import Domain
import Views

/// `/my/servers`: the customer's own servers; anyone else's answer 404.
enum MyServersHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let page = try Instances.list(Instances.Filter(customerID: customer.id),
                                      page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]), on: context.connection)
        let rows = page.items.map {
            MyServersPage.Row(
                id: $0.id, hostname: $0.hostname.isEmpty ? "Server \($0.id)" : $0.hostname, status: $0.status.rawValue,
                ipAddress: $0.ipAddress.isEmpty ? "—" : $0.ipAddress, specs: "\($0.cpuCores) vCPU · \($0.ramGB) GB · \($0.storageGB) GB",
                location: $0.datacenterLocation, operatingSystem: $0.operatingSystem, since: Display.dateTime($0.provisionedAt ?? $0.createdAt))
        }
        return try context.page(MyServersPage(rows: rows, nextHref: page.nextCursor.map { "/my/servers?cursor=\($0)" }))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let notice = context.query["queued"] != nil ? "Reboot requested. This page follows it until it is done." : nil
        return try MyServerRenderer.render(context, server: try Instances.visible(id: try context.idParameter(), to: customer, on: context.connection),
                                           notice: notice)
    }

    static func reveal(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let server = try Instances.visible(id: try context.idParameter(), to: customer, on: context.connection)
        do {
            guard try Profiles.confirm(customer, password: try context.form()["password"], authenticator: context.services.authenticator,
                                       on: context.connection, origin: context.origin) != nil
            else {
                return try MyServerRenderer.render(context, server: server, passwordError: "That is not your password.", status: .forbidden)
            }
            let credentials = try context.services.serverSecrets.reveal(instanceID: server.id, to: customer, on: context.connection, origin: context.origin)
            return try MyServerRenderer.render(context, server: server, credentials: credentials)
        } catch let error as DomainError {
            let mapped = HTTPError(error)
            if case .validation(let issues) = error {
                return try MyServerRenderer.render(context, server: server, passwordError: issues.first.map { "Password \($0.message)" }, status: mapped.status)
            }
            var response = try MyServerRenderer.render(context, server: server, alert: mapped.detail, status: mapped.status)
            response.addHeaders(of: mapped)
            return response
        }
    }

    static func reboot(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let server = try Instances.visible(id: try context.idParameter(), to: customer, on: context.connection)
        do {
            let job = try ServerActions.request(.reboot, instanceID: server.id, by: customer, on: context.connection, origin: context.origin)
            return .redirect(to: "/my/servers/\(server.id)?queued=\(job.id)")
        } catch let error as DomainError {
            let mapped = HTTPError(error)
            var response = try MyServerRenderer.render(context, server: server, alert: mapped.detail, status: mapped.status)
            response.addHeaders(of: mapped)
            return response
        }
    }
}
