import Domain
import Foundation

/// `/api/v1/dedicated-servers/instances…`, `…/provision` and `/api/v1/jobs/{id}`.
enum ServersAPIHandler {
    struct Accepted: Encodable {
        let job: Job
        let instance: ServerInstance?
    }

    struct StatusBody: Encodable {
        let id: Int
        let status: ServerStatus
        let hostname: String
        let ipAddress: String
        let failureReason: String
        let job: Job?

        enum CodingKeys: String, CodingKey {
            case id, status, hostname, job
            case ipAddress = "ip_address", failureReason = "failure_reason"
        }
    }

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let filter = try ServerQuery.filter(context.query)
        let page = try Instances.list(filter, page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try tagged(try Instances.visible(id: try context.idParameter(), to: context.caller))
    }

    static func status(_ request: Request, _ context: RequestContext) throws -> Response {
        let server = try Instances.visible(id: try context.idParameter(), to: context.caller)
        let job = try Jobs.recent(of: server, limit: 1, on: context.connection).first
        return try .json(StatusBody(id: server.id, status: server.status, hostname: server.hostname, ipAddress: server.ipAddress,
                                    failureReason: server.failureReason, job: job))
    }

    static func credentials(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try context.services.serverSecrets.reveal(instanceID: try context.idParameter(), to: context.caller))
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.user
        let body = try JSONObject(context)
        let version = try context.expectedVersion(body: try body.integer("version"))
        var input = InstanceEdits.Input()
        for field in InstanceEdits.Input.fields { if let value = try body.text(field) { input.scalars[field] = value } }
        input.ipAddresses = try body.strings("ip_addresses")
        let server = try InstanceEdits.update(
            id: try context.idParameter(), expectedVersion: version, input, by: staff, secrets: context.services.serverSecrets,
            on: context.connection, origin: context.origin)
        return try tagged(server)
    }

    /// `POST …/{id}/{action}`: queues the action and answers 202 with the job.
    static func action(_ action: ServerAction) -> Handler {
        { request, context in
            let job = try ServerActions.request(action, instanceID: try context.idParameter(), by: context.caller)
            return try accepted(job, instance: nil)
        }
    }

    static func provision(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.user
        let body = try JSONObject(context)
        guard let customerID = try body.integer("customer_id") else { throw DomainError.invalid("customer_id", "is required") }
        guard let productID = try body.integer("product_id") else { throw DomainError.invalid("product_id", "is required") }
        let result = try ServerActions.provision(
            customerID: customerID, productID: productID, hostname: try body.text("hostname"), operatingSystem: try body.text("operating_system"),
            by: staff, on: context.connection, origin: context.origin)
        return try accepted(result.job, instance: result.server)
    }

    static func job(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try Jobs.visible(id: try context.idParameter(), to: context.caller))
    }

    private static func accepted(_ job: Job, instance: ServerInstance?) throws -> Response {
        var response = try Response.json(Accepted(job: job, instance: instance), status: .accepted)
        response.setHeader("Location", "/api/v1/jobs/\(job.id)")
        return response
    }

    private static func tagged(_ server: ServerInstance) throws -> Response {
        var response = try Response.json(server)
        response.setHeader("ETag", "\"\(server.version)\"")
        return response
    }
}
