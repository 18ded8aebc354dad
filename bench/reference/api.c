/* The two JSON requests: the server list (ServersAPIHandler.list, ServerInstance.writeFields(to:))
 * and the staff reboot (ServerActions.request in one transaction, answering 202 Accepted). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"

enum kind { TEXT, INT, BOOL, TIME, MONEY };
/* ServerInstance's fields in writeFields order: JSON key, column, kind, nullable. */
static const struct field {
    const char *key;
    int column;
    enum kind kind;
    int nullable;
} server_fields[] = {
    {"id", 0, INT, 0}, {"customer_id", 1, INT, 0}, {"customer_email", 2, TEXT, 0}, {"order_id", 3, INT, 1},
    {"product_id", 4, INT, 1}, {"product_name", 5, TEXT, 0}, {"provisioning_module", 6, TEXT, 0}, {"hostname", 7, TEXT, 0},
    {"ip_address", 8, TEXT, 0}, {"ip_addresses", 9, TEXT, 0} /* written as an array below */, {"mac_address", 10, TEXT, 0},
    {"cpu_cores", 11, INT, 0}, {"ram_gb", 12, INT, 0}, {"storage_gb", 13, INT, 0}, {"storage_type", 14, TEXT, 0},
    {"bandwidth_tb", 15, INT, 0}, {"ssh_port", 16, INT, 0}, {"status", 17, TEXT, 0}, {"suspension_reason", 18, TEXT, 0},
    {"suspended_for", 19, TEXT, 0}, {"suspended_invoice_number", 20, TEXT, 1}, {"failure_reason", 21, TEXT, 0},
    {"provisioned_at", 22, TIME, 1}, {"suspended_at", 23, TIME, 1}, {"cancelled_at", 24, TIME, 1},
    {"terminated_at", 25, TIME, 1}, {"provider", 26, TEXT, 0}, {"provider_server_id", 27, TEXT, 0},
    {"control_panel_url", 28, TEXT, 0}, {"control_panel_type", 29, TEXT, 0}, {"operating_system", 30, TEXT, 0},
    {"os_version", 31, TEXT, 0}, {"datacenter_location", 32, TEXT, 0}, {"region", 33, TEXT, 0}, {"notes", 34, TEXT, 0},
    {"has_root_password", 35, BOOL, 0}, {"version", 36, INT, 0}, {"created_at", 37, TIME, 0}, {"updated_at", 38, TIME, 0},
    {"billing_cycle", 39, TEXT, 1}, {"recurring_amount", 40, MONEY, 0}, {"next_due_date", 41, TEXT, 1},
    {"billing_status", 42, TEXT, 0},
};

/* Money is exact cents, written with two decimals ("12.50"), as Money's Encodable does. */
static void money(struct buf *b, const char *numeric) {
    int negative = numeric[0] == '-';
    const char *p = numeric + negative;
    long long units = strtoll(p, (char **)&p, 10), cents = 0;
    if (*p == '.') {
        cents = (p[1] ? p[1] - '0' : 0) * 10 + (p[1] && p[2] ? p[2] - '0' : 0);
    }
    buf_printf(b, "\"%s%lld.%02lld\"", negative && (units || cents) ? "-" : "", units, cents);
}

static void value(struct buf *b, PGresult *r, int row, const struct field *f) {
    if (f->nullable && PQgetisnull(r, row, f->column)) return buf_put(b, "null", 4);
    const char *v = PQgetvalue(r, row, f->column);
    switch (f->kind) {
    case INT: buf_puts(b, v); break;
    case BOOL: buf_puts(b, v[0] == 't' ? "true" : "false"); break;
    case TIME: buf_put(b, "\"", 1); buf_rfc3339(b, v); buf_put(b, "\"", 1); break;
    case MONEY: money(b, v); break;
    case TEXT: buf_json(b, v); break;
    }
}

/* Addresses hold no spaces: the array travels as one space-separated text. */
static void addresses(struct buf *b, const char *text) {
    buf_put(b, "[", 1);
    int first = 1;
    while (*text) {
        size_t n = strcspn(text, " ");
        if (n) {
            if (!first) buf_put(b, ",", 1);
            char one[128];
            snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), text);
            buf_json(b, one);
            first = 0;
        }
        text += n;
        while (*text == ' ') text++;
    }
    buf_put(b, "]", 1);
}

static void server(struct buf *b, PGresult *r, int row) {
    buf_put(b, "{", 1);
    for (size_t i = 0; i < sizeof server_fields / sizeof server_fields[0]; i++) {
        const struct field *f = &server_fields[i];
        if (i) buf_put(b, ",", 1);
        buf_json(b, f->key);
        buf_put(b, ":", 1);
        if (f->column == 9) addresses(b, PQgetvalue(r, row, 9));
        else value(b, r, row, f);
    }
    buf_put(b, "}", 1);
}

void api_instances(struct worker *w, const struct caller *c) {
    if (strcmp(c->role, "customer") != 0) return refuse(w, "404 Not Found", "only a customer's list is served");
    int shown;
    PGresult *r = customer_servers(w, SQL_LIST_BY_CUSTOMER, c, &shown);
    if (!r) return;
    struct buf *b = &w->out;
    buf_puts(b, "{\"items\":[");
    for (int i = 0; i < shown; i++) {
        if (i) buf_put(b, ",", 1);
        server(b, r, i);
    }
    buf_puts(b, "],\"next_cursor\":");
    if (PQntuples(r) > 50) buf_json(b, PQgetvalue(r, 49, 0)); else buf_puts(b, "null");
    buf_puts(b, "}");
    PQclear(r);
    respond(w, "200 OK", "application/json", NULL);
}

static void end(struct worker *w, enum statement s) {
    PGresult *r = run(w, s, 0, NULL);
    if (r) PQclear(r);
}

/* Staff only (a customer's reboot adds the rate check): lock the server, look for an open job,
 * insert the job, write the audit row, commit. */
void api_reboot(struct worker *w, const struct caller *c, long long instance_id) {
    if (strcmp(c->role, "staff") != 0 && strcmp(c->role, "admin") != 0) return refuse(w, "403 Forbidden", "only staff reboots are served");
    if (!c->two_factor) return refuse(w, "403 Forbidden", "staff without two-factor sign-in");
    char id[24], user[24];
    snprintf(id, sizeof id, "%lld", instance_id);
    snprintf(user, sizeof user, "%lld", c->user_id);
    end(w, SQL_BEGIN);
    const char *lock[] = {id};
    PGresult *server = run(w, SQL_SERVER_LOCK, 1, lock);
    if (!server || PQntuples(server) == 0) {
        if (server) PQclear(server);
        end(w, SQL_ROLLBACK);
        return refuse(w, "404 Not Found", "no such server");
    }
    char customer[24];
    snprintf(customer, sizeof customer, "%s", PQgetvalue(server, 0, 1));
    int active = strcmp(PQgetvalue(server, 0, 17), "active") == 0;
    PQclear(server);
    PGresult *open = run(w, SQL_OPEN_JOB, 1, lock);
    int busy = !open || PQntuples(open) > 0;
    if (open) PQclear(open);
    if (!active || busy) {
        end(w, SQL_ROLLBACK);
        return refuse(w, "409 Conflict", "not active, or a job is under way");
    }
    const char *job_values[] = {"reboot", id, customer, user, c->email, "300"};
    PGresult *job = run(w, SQL_JOB_INSERT, 6, job_values);
    if (!job || PQntuples(job) != 1) {
        if (job) PQclear(job);
        end(w, SQL_ROLLBACK);
        return refuse(w, "500 Internal Server Error", "job insert failed");
    }
    char after[64];
    snprintf(after, sizeof after, "{\"job\": \"%s\"}", PQgetvalue(job, 0, 0));
    const char *audit[] = {user, c->email, "server.reboot_requested", "server", id, NULL, after, w->remote_addr, w->request_id};
    PGresult *logged = run(w, SQL_AUDIT_INSERT, 9, audit);
    if (!logged) {
        PQclear(job);
        end(w, SQL_ROLLBACK);
        return refuse(w, "500 Internal Server Error", "audit insert failed");
    }
    PQclear(logged);
    end(w, SQL_COMMIT);
    /* Job.encode(to:) inside {"job": …} (ServersAPIHandler.Accepted without an instance). */
    struct buf *b = &w->out;
    buf_printf(b, "{\"job\":{\"id\":%s,\"action\":", PQgetvalue(job, 0, 0));
    buf_json(b, PQgetvalue(job, 0, 1));
    buf_puts(b, ",\"status\":");
    buf_json(b, PQgetvalue(job, 0, 4));
    buf_printf(b, ",\"instance_id\":%s,\"customer_id\":%s,\"attempts\":%s,\"max_attempts\":%s,\"error\":", PQgetvalue(job, 0, 2),
               PQgetvalue(job, 0, 3), PQgetvalue(job, 0, 5), PQgetvalue(job, 0, 6));
    if (PQgetvalue(job, 0, 8)[0]) buf_json(b, PQgetvalue(job, 0, 8)); else buf_puts(b, "null");
    buf_puts(b, ",\"requested_by\":");
    buf_json(b, PQgetvalue(job, 0, 9));
    static const char *const times[] = {"run_after", "created_at", "started_at", "finished_at"};
    for (int i = 0; i < 4; i++) {
        buf_printf(b, ",\"%s\":", times[i]);
        if (PQgetisnull(job, 0, 10 + i)) buf_puts(b, "null");
        else { buf_put(b, "\"", 1); buf_rfc3339(b, PQgetvalue(job, 0, 10 + i)); buf_put(b, "\"", 1); }
    }
    buf_puts(b, "}}");
    char location[64];
    snprintf(location, sizeof location, "/api/v1/jobs/%s", PQgetvalue(job, 0, 0));
    PQclear(job);
    respond(w, "202 Accepted", "application/json", location);
}
