/* The SQL the portal runs for the benchmarked requests, text for text (whitespace included).
 * This is the one place the reference keeps SQL. `reference --print-sql` prints it, and
 * scripts/bench.sh and Tests/system/test_bench_reference.py compare it with the statements
 * the portal ran (PostgreSQL's log_statement = 'all'), so a change in the portal's SQL that
 * is not made here too fails `make test`.
 * Sources: Sessions.find, APITokens.authenticate, Instances.list (ServerInstance and ServerSummary rows) / find, ServerActions.request,
 * Jobs.enqueue, AuditLog.record, PostgresConnection.transaction. */
#ifndef REFERENCE_SQL_H
#define REFERENCE_SQL_H

#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.is_active, u.totp_enabled_at IS NOT NULL AS two_factor, u.email_verified_at IS NOT NULL AS email_verified, u.created_at"

#define SERVER_COLUMNS \
    "s.id, s.customer_id, u.email AS customer_email, s.order_id, s.product_id, coalesce(p.name, '') AS product_name,\n" \
    "s.provisioning_module, s.hostname, s.ip_address, array_to_string(s.ip_addresses, ' ') AS ip_addresses, s.mac_address,\n" \
    "s.cpu_cores, s.ram_gb, s.storage_gb, s.storage_type, s.bandwidth_tb, s.ssh_port, s.status, s.suspension_reason,\n" \
    "s.suspended_for, (SELECT number FROM invoices WHERE id = s.suspended_invoice_id) AS suspended_invoice_number,\n" \
    "s.failure_reason, s.provisioned_at, s.suspended_at, s.cancelled_at, s.terminated_at, s.provider, s.provider_server_id,\n" \
    "s.control_panel_url, s.control_panel_type, s.operating_system, s.os_version, s.datacenter_location, s.region, s.notes,\n" \
    "s.root_password IS NOT NULL AS has_root_password, s.version, s.created_at, s.updated_at,\n" \
    "s.billing_cycle, s.recurring_amount, s.next_due_date, s.billing_status"
/* The list pages' columns (ServerSummary.columns). */
#define SUMMARY_COLUMNS \
    "s.id, s.customer_id, u.email AS customer_email, coalesce(p.name, '') AS product_name, s.hostname, s.ip_address,\n" \
    "s.status, s.cpu_cores, s.ram_gb, s.storage_gb, s.datacenter_location, s.operating_system, s.provisioned_at, s.created_at"
#define SERVER_FROM "server_instances s JOIN users u ON u.id = s.customer_id LEFT JOIN products p ON p.id = s.product_id"

#define JOB_COLUMNS \
    "j.id, j.action, j.instance_id, j.customer_id, j.status, j.attempts, j.max_attempts, j.timeout_seconds, j.last_error,\n" \
    "j.requested_label, j.run_after, j.created_at, j.started_at, j.finished_at"

/* X(name, parameter count, text): every statement, prepared once per connection. */
#define REFERENCE_STATEMENTS(X) \
    X(SQL_SESSION_FIND, 2, \
      "SELECT s.id AS session_id, s.stage, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at,\n" \
      "       s.remote_address, s.user_agent, " USER_COLUMNS "\n" \
      "FROM sessions s JOIN users u ON u.id = s.user_id\n" \
      "WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()\n" \
      "  AND s.last_seen_at > now() - make_interval(secs => $2) AND u.is_active") \
    X(SQL_SESSION_TOUCH, 1, "UPDATE sessions SET last_seen_at = now() WHERE id = $1") \
    X(SQL_TOKEN_FIND, 1, \
      "SELECT t.id AS token_id, t.scope, t.last_used_at, " USER_COLUMNS "\n" \
      "FROM api_tokens t JOIN users u ON u.id = t.user_id\n" \
      "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.is_active") \
    X(SQL_TOKEN_TOUCH, 1, "UPDATE api_tokens SET last_used_at = now() WHERE id = $1") \
    X(SQL_LIST_BY_CUSTOMER, 2, \
      "SELECT " SERVER_COLUMNS " FROM " SERVER_FROM " WHERE s.customer_id = $1 ORDER BY s.id DESC LIMIT $2") \
    X(SQL_SUMMARY_BY_CUSTOMER, 2, \
      "SELECT " SUMMARY_COLUMNS " FROM " SERVER_FROM " WHERE s.customer_id = $1 ORDER BY s.id DESC LIMIT $2") \
    X(SQL_SUMMARY_BY_STATUS, 2, \
      "SELECT " SUMMARY_COLUMNS " FROM " SERVER_FROM " WHERE s.status = $1 ORDER BY s.id DESC LIMIT $2") \
    X(SQL_BEGIN, 0, "BEGIN") \
    X(SQL_COMMIT, 0, "COMMIT") \
    X(SQL_ROLLBACK, 0, "ROLLBACK") \
    X(SQL_SERVER_LOCK, 1, "SELECT " SERVER_COLUMNS " FROM " SERVER_FROM " WHERE s.id = $1 FOR UPDATE OF s") \
    X(SQL_OPEN_JOB, 1, \
      "SELECT id, action FROM jobs WHERE instance_id = $1 AND status IN ('queued', 'running') ORDER BY id LIMIT 1") \
    X(SQL_JOB_INSERT, 6, \
      "INSERT INTO jobs AS j (action, instance_id, customer_id, requested_by, requested_label, timeout_seconds)\n" \
      "VALUES ($1, $2, $3, $4, $5, $6)\n" \
      "RETURNING " JOB_COLUMNS) \
    X(SQL_AUDIT_INSERT, 9, \
      "INSERT INTO audit_log (actor_id, actor_label, action, target_type, target_id, before, after, remote_address, request_id)\n" \
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb,\n" \
      "        $8, $9)")

enum statement {
#define AS_ENUM(name, count, text) name,
    REFERENCE_STATEMENTS(AS_ENUM)
#undef AS_ENUM
    SQL_COUNT
};

#endif
