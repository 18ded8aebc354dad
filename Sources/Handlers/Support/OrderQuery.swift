import Domain
import Foundation

/// Parses order list filters from the query string (shared by the page and the API).
enum OrderQuery {
    static func filter(_ query: QueryParameters) throws -> Orders.Filter {
        var filter = Orders.Filter()
        var issues: [FieldIssue] = []
        if let status = query["status"], !status.isEmpty {
            if let value = OrderStatus(rawValue: status) { filter.status = value } else {
                issues.append(.init(field: "status", message: "must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if let customer = query["customer_id"], !customer.isEmpty {
            if let id = Int(customer), id > 0 { filter.customerID = id } else { issues.append(.init(field: "customer_id", message: "must be a positive whole number")) }
        }
        for field in ["from", "to"] {
            guard let text = query[field], !text.isEmpty else { continue }
            guard let date = parseDate(text) else {
                issues.append(.init(field: field, message: "must be a date (2026-11-21) or an RFC 3339 time"))
                continue
            }
            if field == "from" { filter.from = date } else { filter.to = text.count == 10 ? date.addingTimeInterval(86_400) : date }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return filter
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if text.count == 10 {
            formatter.formatOptions = [.withFullDate]
        } else {
            formatter.formatOptions = [.withInternetDateTime]
        }
        return formatter.date(from: text)
    }
}
