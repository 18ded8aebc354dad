import Domain
import Foundation

/// Parses invoice list filters from the query string.
enum InvoiceQuery {
    static func filter(_ query: QueryParameters) throws -> Invoices.Filter {
        var filter = Invoices.Filter()
        var issues: [FieldIssue] = []
        if let status = query["status"], !status.isEmpty {
            if let value = InvoiceStatus(rawValue: status) { filter.status = value } else {
                issues.append(.init(field: "status", message: "must be one of \(InvoiceStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if let customer = query["customer_id"], !customer.isEmpty {
            if let id = Int(customer), id > 0 { filter.customerID = id } else {
                issues.append(.init(field: "customer_id", message: "must be a positive whole number"))
            }
        }
        if let number = query["number"]?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            if number.count <= 40 { filter.number = number } else {
                issues.append(.init(field: "number", message: "must be an invoice number such as INV-2025-000042"))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return filter
    }
}
