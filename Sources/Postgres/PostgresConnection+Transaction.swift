extension PostgresConnection {
    /// Runs `body` inside BEGIN/COMMIT; any thrown error rolls back and is rethrown.
    ///
    /// Nested calls join the outer transaction, so a use case can call another.
    @discardableResult
    public func transaction<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        if inTransaction { return try body(self) }
        try query("BEGIN")
        do {
            let result = try body(self)
            try beforeCommit?(self)
            try query("COMMIT")
            return result
        } catch {
            if isConnected { _ = try? query("ROLLBACK") }
            throw error
        }
    }
}

extension PostgresConnection {
    /// Runs `body`'s reads in one snapshot (a read-only REPEATABLE READ transaction), so figures
    /// read by several statements agree with each other while writers commit meanwhile. Inside a
    /// transaction already, `body` joins it.
    public func snapshot<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        if inTransaction { return try body(self) }
        try query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let result = try body(self)
            try query("COMMIT")
            return result
        } catch {
            if isConnected { _ = try? query("ROLLBACK") }
            throw error
        }
    }
}
