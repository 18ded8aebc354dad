import Postgres

extension CreditLedger {
    /// The refunded part of credit note `note` goes in as the customer's credit (in the note's
    /// transaction; once: a unique index per credit note).
    static func creditRefund(_ note: CreditNote, invoiceNumber: String, actor: Actor, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, invoice_id, credit_note_id, actor_id, actor_label)
            VALUES ($1, $2, $3, 'refund', $4, $5, $6, $7, $8)
            """, [note.customerID, note.currency, note.refunded, "Refund: credit note \(note.number) of invoice \(invoiceNumber)", note.invoiceID,
                  note.id, actor.userID, actor.label])
    }
}
