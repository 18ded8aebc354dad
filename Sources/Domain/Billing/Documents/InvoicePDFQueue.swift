import Foundation
import Postgres

/// The render queue (`invoice_document_jobs`): one row per issued invoice whose PDF is not stored
/// yet, queued in the issuing transaction and run by `vpsctl jobs` outside it — a billing run that
/// issues thousands of invoices only inserts rows. Taken with `FOR UPDATE SKIP LOCKED`, retried
/// with the server jobs' backoff, failed for good after `max_attempts`; deleted once stored.
/// Its rows wake runners on the jobs' NOTIFY channel; a dead runner's are requeued with its jobs.
public enum InvoicePDFQueue {
    /// Queues the render of just-issued invoice `invoiceID` (in the issuing transaction; once per invoice).
    static func enqueue(invoiceID: Int, on connection: PostgresConnection) throws {
        try connection.query("INSERT INTO invoice_document_jobs (invoice_id) VALUES ($1) ON CONFLICT (invoice_id) DO NOTHING", [invoiceID])
    }

    /// Takes the next ready render for runner `runnerKey`, renders and stores the PDF (or records
    /// the failure); false when none was ready.
    public static func runNext(maker: InvoicePDFMaker, runnerKey: Int64, on connection: PostgresConnection) throws -> Bool {
        guard let taken = try SideQueue.take(table: "invoice_document_jobs", key: "invoice_id", runnerKey: runnerKey,
                                             returning: "invoice_id, attempts, max_attempts", on: connection) else { return false }
        let invoiceID = try taken.decode(Int.self, "invoice_id"), attempts = try taken.decode(Int.self, "attempts")
        let maxAttempts = try taken.decode(Int.self, "max_attempts")
        do {
            _ = try InvoicePDFs.ensure(invoiceID: invoiceID, maker: maker, on: connection)
            try connection.query("DELETE FROM invoice_document_jobs WHERE invoice_id = $1 AND locked_by = $2", [invoiceID, runnerKey])
        } catch {
            try SideQueue.recordFailure(table: "invoice_document_jobs", key: "invoice_id", errorColumn: "last_error", id: invoiceID,
                                        runnerKey: runnerKey, attempts: attempts, final: error is DomainError || attempts >= maxAttempts,
                                        error: error, on: connection)
        }
        return true
    }
}
