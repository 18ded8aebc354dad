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
        if let overdue = query["overdue"], !overdue.isEmpty {
            switch overdue {
            case "true", "1": filter.overdue = true
            case "false", "0": filter.overdue = false
            default: issues.append(.init(field: "overdue", message: "must be true or false"))
            }
        }
        for (key, path) in [("issued_from", \Invoices.Filter.issuedFrom), ("issued_to", \Invoices.Filter.issuedTo)] {
            guard let text = query[key], !text.isEmpty else { continue }
            if let day = CalendarDay(text) { filter[keyPath: path] = day } else {
                issues.append(.init(field: key, message: "must be a date like 2026-01-31"))
            }
        }
        if let from = filter.issuedFrom, let to = filter.issuedTo, from > to {
            issues.append(.init(field: "issued_to", message: "must not be before issued_from"))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return filter
    }
}
