-- The day the billing tick first found an invoice unpaid past its due date; setting it emits the
-- webhook event `invoice.overdue` in the same transaction, so each invoice reports it once
-- (whether or not dunning notices are on). Invoices already overdue before this migration are
-- marked without an event: subscribers hear only of invoices that become overdue from now on.
ALTER TABLE invoices ADD COLUMN overdue_on date;
UPDATE invoices SET overdue_on = due_date + 1 WHERE status = 'unpaid' AND due_date < current_date;
CREATE INDEX invoices_overdue_pending_idx ON invoices (due_date) WHERE status = 'unpaid' AND overdue_on IS NULL;
