import Domain

/// Server list filters from the query string (shared by the page and the API).
enum ServerQuery {
    static func filter(_ query: QueryParameters) throws -> Instances.Filter {
        var filter = Instances.Filter()
        var issues: [FieldIssue] = []
        if let status = query["status"], !status.isEmpty {
            if let value = ServerStatus(rawValue: status) { filter.status = value } else {
                issues.append(.init(field: "status", message: "must be one of \(ServerStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        for (field, keyPath) in [("customer_id", \Instances.Filter.customerID), ("product_id", \Instances.Filter.productID)] {
            guard let text = query[field], !text.isEmpty else { continue }
            if let id = Int(text), id > 0 { filter[keyPath: keyPath] = id } else { issues.append(.init(field: field, message: "must be a positive whole number")) }
        }
        if let location = query["location"], !location.isEmpty { filter.location = String(location.prefix(100)) }
        if let search = query["search"], !search.isEmpty { filter.search = search }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return filter
    }
}
