@testable import Domain
import Foundation
import Postgres
import Testing

/// What the customer was told at the end of the dunning simulation: one message per suspension,
/// lift and termination that happened (worded by cause), one `invoice.overdue` webhook event per
/// invoice that went overdue, and no two messages for one step.
struct LifecycleNoticeChecks {
    let connection: PostgresConnection
    let hook: Int

    func count(_ sql: PostgresQuery) throws -> Int { try connection.query(sql)[0].decode(Int.self, "n") }

    func verify() throws {
        let suspended = try count("SELECT count(*) AS n FROM jobs WHERE action = 'suspend' AND status = 'succeeded'")
        let lifted = try count("SELECT count(*) AS n FROM jobs WHERE action = 'unsuspend' AND status = 'succeeded'")
        let terminated = try count("SELECT count(*) AS n FROM server_instances WHERE status = 'terminated'")
        #expect(suspended > 0 && lifted > 0 && terminated > 0)
        #expect(try count("SELECT count(*) AS n FROM outbox_messages WHERE event_key LIKE 'service.suspended:%' AND body_text LIKE '%suspended: invoice % is overdue.%'")
                == suspended, "one 'suspended' per suspension, naming the overdue invoice")
        #expect(try count("SELECT count(*) AS n FROM outbox_messages WHERE event_key LIKE 'service.unsuspended:%'") == lifted)
        #expect(try count("SELECT count(*) AS n FROM outbox_messages WHERE event_key LIKE 'service.terminated:%' AND body_text LIKE '%was not paid%'")
                == terminated, "one 'terminated' per terminated server, not a second one for the cancellation")
        // Each server's suspensions and terminations: never two messages for one state change.
        #expect(try count(
            """
            SELECT count(*) AS n FROM (SELECT split_part(event_key, ':', 1), split_part(event_key, ':', 2), split_part(event_key, ':', 3)
                                       FROM outbox_messages WHERE event_key LIKE 'service.%' GROUP BY 1, 2, 3 HAVING count(*) > 1) d
            """) == 0)
        let overdue = try count("SELECT count(DISTINCT invoice_id) AS n FROM dunning_steps WHERE step_key LIKE 'invoice.overdue:%'")
        let events = try count("SELECT count(*) AS n FROM outbox_messages WHERE event_key LIKE \("webhook:\(hook):invoice.overdue:%")")
        #expect(events == overdue && events > 0, "one invoice.overdue event per invoice that got an overdue notice")
        #expect(try count("SELECT count(*) AS n FROM invoices WHERE overdue_on IS NOT NULL") == events)
        #expect(try count("SELECT count(*) AS n FROM invoices WHERE overdue_on IS NOT NULL AND overdue_on <= due_date") == 0)
    }
}
