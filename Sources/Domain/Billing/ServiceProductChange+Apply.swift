import Postgres

extension ServiceProductChange {
    /// Applies pending change `changeID` in the caller's transaction: a compare-and-set on its status
    /// (only the transaction that moves it from `pending` goes on, so it happens once), the server
    /// moved to the product with its resources and the new recurring amount, and the module's
    /// `change_package` job queued when the server is running. Returns the job.
    @discardableResult
    static func apply(changeID: Int, actor: Actor, origin: RequestOrigin, on connection: PostgresConnection) throws -> Job? {
        guard let row = try connection.query(
            """
            UPDATE service_product_changes SET status = 'applied', applied_at = now()
            WHERE id = $1 AND status = 'pending' RETURNING service_id, to_product_id, new_amount
            """, [changeID]).firstRow else { return nil }
        let serviceID = try row.decode(Int.self, "service_id")
        try connection.query(
            """
            UPDATE server_instances s SET product_id = p.id, recurring_amount = $3, cpu_cores = p.cpu_cores, ram_gb = p.ram_gb,
                   storage_gb = p.storage_gb, bandwidth_tb = p.bandwidth_tb, version = s.version + 1, updated_at = now()
            FROM products p WHERE s.id = $1 AND p.id = $2
            """, [serviceID, try row.decode(Int.self, "to_product_id"), try row.decode(Money.self, "new_amount")])
        var job: Job?
        if let server = try Instances.find(id: serviceID, on: connection), ServerAction.changePackage.allowedFrom.contains(server.status) {
            job = try Jobs.enqueue(.changePackage, instance: server, requestedBy: actor, on: connection)
            try connection.query("UPDATE service_product_changes SET job_id = $2 WHERE id = $1", [changeID, job!.id])
        }
        try AuditLog.record(on: connection, actor: actor, action: "server.product_changed", targetType: "server", targetID: String(serviceID),
                            after: ["change": String(changeID), "product": String(try row.decode(Int.self, "to_product_id")),
                                    "job": job.map { String($0.id) } ?? ""], origin: origin)
        return job
    }

    /// An invoice was paid (in the paying transaction): the change waiting for it applies, once.
    static func invoicePaid(invoiceID: Int, actor: Actor, on connection: PostgresConnection) throws {
        let waiting = try connection.query(
            "SELECT id FROM service_product_changes WHERE invoice_id = $1 AND status = 'pending' FOR UPDATE", [invoiceID])
        for row in waiting { try apply(changeID: try row.decode(Int.self, "id"), actor: actor, origin: .commandLine, on: connection) }
    }

    /// An invoice was cancelled (in the cancelling transaction): the change waiting for it is cancelled.
    static func invoiceCancelled(invoiceID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            "UPDATE service_product_changes SET status = 'cancelled', cancelled_at = now() WHERE invoice_id = $1 AND status = 'pending'", [invoiceID])
    }
}
