import Domain

/// One credit note in the invoice document's list (`templates/partials/invoice_credit_notes.mustache`).
struct CreditNoteLine: Sendable {
    var number: String
    var date: String
    var reason: String
    var reducedDue: String
    var refunded: String
    var refundTo: String?
    var amount: String

    init(_ note: CreditNote) {
        number = note.number
        date = note.issueDate.description
        reason = note.reason
        reducedDue = "\(note.reducedDue) \(note.currency)"
        refunded = "\(note.refunded) \(note.currency)"
        refundTo = note.refundTo.map { destination in
            switch destination {
            case .creditBalance: "to credit balance"
            case .outside: "outside the portal"
            case .gateway: "through the payment gateway"
            }
        }
        amount = "\(note.amount) \(note.currency)"
    }
}
