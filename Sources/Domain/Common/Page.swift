/// One page of a keyset-paginated list: items and the cursor for the next page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Opaque cursor for the next page; nil on the last page.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Validated list parameters: `limit` 1…200 (default 50) and an opaque cursor.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var limit: Int
    /// The id to continue below (lists run newest first).
    public var afterID: Int?

    public init(limit: Int = PageRequest.defaultLimit, afterID: Int? = nil) {
        self.limit = limit
        self.afterID = afterID
    }

    /// Parses `?limit=` and `?cursor=` text; throws a field issue for bad values.
    public init(limit: String?, cursor: String?) throws {
        var issues: [FieldIssue] = []
        var parsedLimit = PageRequest.defaultLimit
        if let limit {
            if let value = Int(limit), (1...PageRequest.maximumLimit).contains(value) {
                parsedLimit = value
            } else {
                issues.append(FieldIssue(field: "limit", message: "must be a whole number from 1 to \(PageRequest.maximumLimit)"))
            }
        }
        var afterID: Int?
        if let cursor, !cursor.isEmpty {
            if let id = Int(cursor), id > 0 { afterID = id } else { issues.append(FieldIssue(field: "cursor", message: "is not a cursor this list gave out")) }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        self.init(limit: parsedLimit, afterID: afterID)
    }

    /// Cuts a fetched `limit + 1` rows to a page, with a cursor when more remain.
    public func page<Item>(_ rows: [Item], id: (Item) -> Int) -> Page<Item> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { String(id($0)) })
    }
}
