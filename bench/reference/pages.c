/* The two HTML pages: templates/layout.mustache around templates/my/servers.mustache and
 * templates/admin/servers/list.mustache, written out by hand as the portal renders them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"

/* The list pages' columns (ServerSummary.columns), by position. */
enum { C_ID, C_CUSTOMER_ID, C_CUSTOMER_EMAIL, C_PRODUCT_NAME, C_HOSTNAME, C_IP, C_STATUS, C_CPU, C_RAM, C_STORAGE, C_LOCATION, C_OS,
       C_PROVISIONED_AT, C_CREATED_AT };

static const char *const statuses[] = {"pending_provisioning", "provisioning", "active", "suspended", "terminated", "failed"};

static void link(struct buf *b, const char *label, const char *href, const char *current) {
    size_t n = strlen(href);
    int is_current = strcmp(current, href) == 0 ||
                     (strcmp(href, "/admin") != 0 && strcmp(href, "/my") != 0 && strncmp(current, href, n) == 0 && current[n] == '/');
    buf_puts(b, "<li><a href=\"");
    buf_puts(b, href);
    buf_puts(b, is_current ? "\" aria-current=\"page\">" : "\">");
    buf_puts(b, label);
    buf_puts(b, "</a></li>");
}

/* The layout down to `<main>` (Navigation in Sources/Views/PageModel.swift). */
static void layout_head(struct buf *b, const char *title, const struct caller *c, const char *path) {
    static const char *const customer[][2] = {{"Overview", "/my"}, {"My servers", "/my/servers"}, {"My orders", "/my/orders"},
                                              {"My invoices", "/my/invoices"}, {"Catalog", "/catalog"}, {"Account", "/my/account"}};
    static const char *const staff[][2] = {
        {"Dashboard", "/admin"}, {"Orders", "/admin/orders"}, {"Invoices", "/admin/invoices"}, {"Payments", "/admin/payments"},
        {"Servers", "/admin/servers"}, {"Reports", "/admin/reports"}, {"Tasks", "/admin/tasks"}, {"Outbox", "/admin/outbox"},
        {"Products", "/admin/products"},
        {"Customers", "/admin/customers"}, {"Staff", "/admin/staff"}, {"Audit log", "/admin/audit"}, {"Session log", "/admin/sessions"},
        {"Webhooks", "/admin/webhooks"}};
    static const char *const admin[][2] = {{"Billing settings", "/admin/settings/billing"},
                                           {"Payment settings", "/admin/settings/payments"},
                                           {"Notification settings", "/admin/settings/notifications"}};
    int is_admin = strcmp(c->role, "admin") == 0, is_staff = is_admin || strcmp(c->role, "staff") == 0;
    buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    buf_html(b, title);
    buf_puts(b, " · VPS Portal</title>\n<link rel=\"stylesheet\" href=\"/static/css/portal.css\">\n"
                "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body class=\"\">\n"
                "<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"topbar\">\n"
                "  <a class=\"brand\" href=\"/\"><img src=\"/static/favicon.svg\" alt=\"\" width=\"24\" height=\"24\"> VPS Portal</a>\n"
                "  <nav class=\"nav\" aria-label=\"Main\">\n    <ul>\n      ");
    if (is_staff) {
        for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) link(b, staff[i][0], staff[i][1], path);
        if (is_admin)
            for (size_t i = 0; i < sizeof admin / sizeof admin[0]; i++) link(b, admin[i][0], admin[i][1], path);
        link(b, "Account", "/account", path);
    } else {
        for (size_t i = 0; i < sizeof customer / sizeof customer[0]; i++) link(b, customer[i][0], customer[i][1], path);
    }
    buf_puts(b, "\n    </ul>\n  </nav>\n  <div class=\"who\">\n    <span class=\"who-name\">");
    buf_html(b, c->name[0] ? c->name : c->email);
    buf_puts(b, "</span> <span class=\"badge\">");
    buf_puts(b, is_admin ? "Admin" : is_staff ? "Staff" : "Customer");
    buf_puts(b, "</span>\n    <form method=\"post\" action=\"/logout\" class=\"inline\">\n"
                "      <input type=\"hidden\" name=\"csrf_token\" value=\"");
    buf_html(b, c->csrf);
    buf_puts(b, "\">\n      <button type=\"submit\" class=\"button button-small\">Sign out</button>\n    </form>\n  </div>\n"
                "</header>\n<main id=\"main\" class=\"content\">\n");
}

static void layout_tail(struct buf *b) {
    buf_puts(b, "\n</main>\n<footer class=\"footer\">\n  <p>VPS Portal · servers you can rely on</p>\n</footer>\n</body>\n</html>\n");
}

static const char *or_dash(const char *s) { return s[0] ? s : "—"; }

/* `{{#isEmpty}}…{{/isEmpty}}{{^isEmpty}}<table head>` of both list templates; true for a table. */
static int table_or_empty(struct buf *b, int shown, const char *empty, const char *head) {
    buf_puts(b, shown ? head : empty);
    return shown > 0;
}

void page_my_servers(struct worker *w, const struct caller *c) {
    int shown;
    PGresult *r = customer_servers(w, SQL_SUMMARY_BY_CUSTOMER, c, &shown);
    if (!r) return;
    struct buf *b = &w->out;
    layout_head(b, "My servers", c, "/my/servers");
    buf_puts(b, "<section>\n  <div class=\"page-head\"><h1>My servers</h1><a class=\"button button-primary\" href=\"/catalog\">"
                "Order a server</a></div>\n  ");
    if (table_or_empty(b, shown, "<p class=\"muted\">You have no servers yet. <a href=\"/catalog\">Order one</a>.</p>\n",
                       "\n  <div class=\"table-wrap card\">\n  <table class=\"table\" id=\"my-servers\">\n"
                       "    <thead><tr><th scope=\"col\">Server</th><th scope=\"col\">Status</th><th scope=\"col\">IP address</th>"
                       "<th scope=\"col\">Specs</th><th scope=\"col\">Location</th><th scope=\"col\">OS</th><th scope=\"col\">Since</th>"
                       "</tr></thead>\n    <tbody>")) {
        for (int i = 0; i < shown; i++) {
            const char *id = PQgetvalue(r, i, C_ID), *hostname = PQgetvalue(r, i, C_HOSTNAME), *status = PQgetvalue(r, i, C_STATUS);
            buf_printf(b, "<tr><td><a href=\"/my/servers/%s\">", id);
            if (hostname[0]) buf_html(b, hostname); else buf_printf(b, "Server %s", id);
            buf_puts(b, "</a></td><td><span class=\"badge status-");
            buf_html(b, status);
            buf_puts(b, "\">");
            for (const char *s = status; *s; s++) buf_put(b, *s == '_' ? " " : s, 1);
            buf_puts(b, "</span></td>\n      <td><code>");
            buf_html(b, or_dash(PQgetvalue(r, i, C_IP)));
            buf_printf(b, "</code></td><td>%s vCPU · %s GB · %s GB</td><td>", PQgetvalue(r, i, C_CPU), PQgetvalue(r, i, C_RAM),
                       PQgetvalue(r, i, C_STORAGE));
            buf_html(b, PQgetvalue(r, i, C_LOCATION));
            buf_puts(b, "</td><td>");
            buf_html(b, PQgetvalue(r, i, C_OS));
            buf_puts(b, "</td><td>");
            buf_minutes(b, PQgetvalue(r, i, PQgetisnull(r, i, C_PROVISIONED_AT) ? C_CREATED_AT : C_PROVISIONED_AT));
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody>\n  </table>\n  </div>\n");
    }
    buf_puts(b, "  ");
    if (PQntuples(r) > 50) buf_printf(b, "<p><a class=\"button\" href=\"/my/servers?cursor=%s\">More servers</a></p>", PQgetvalue(r, 49, C_ID));
    buf_puts(b, "\n</section>\n");
    layout_tail(b);
    PQclear(r);
    respond(w, "200 OK", "text/html; charset=utf-8", NULL);
}

void page_admin_servers(struct worker *w, const struct caller *c, const char *query) {
    /* Only the benchmarked filter: status=<a status>. */
    const char *status = NULL;
    if (strncmp(query, "status=", 7) == 0)
        for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
            if (strcmp(query + 7, statuses[i]) == 0) status = statuses[i];
    if (!status) return refuse(w, "404 Not Found", "only ?status=<status> is served");
    int shown;
    PGresult *r = list_servers(w, SQL_SUMMARY_BY_STATUS, status, &shown);
    if (!r) return;
    struct buf *b = &w->out;
    layout_head(b, "Servers", c, "/admin/servers");
    buf_puts(b, "<section>\n  <div class=\"page-head\">\n    <h1>Servers</h1>\n    <a class=\"button\" href=\"/admin/tasks\">Manual tasks</a>\n"
                "  </div>\n  <form method=\"get\" action=\"/admin/servers\" class=\"card form filters\" id=\"server-filters\">\n"
                "    <div class=\"field\">\n      <label for=\"status\">Status</label>\n"
                "      <select id=\"status\" name=\"status\"><option value=\"\">any</option>");
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", statuses[i], statuses[i] == status ? " selected" : "", statuses[i]);
    buf_puts(b, "</select>\n    </div>\n    <div class=\"field\">\n      <label for=\"customer_id\">Customer id</label>\n"
                "      <input id=\"customer_id\" name=\"customer_id\" type=\"text\" inputmode=\"numeric\" value=\"\">\n    </div>\n"
                "    <div class=\"field\">\n      <label for=\"product_id\">Product id</label>\n"
                "      <input id=\"product_id\" name=\"product_id\" type=\"text\" inputmode=\"numeric\" value=\"\">\n    </div>\n"
                "    <div class=\"field\">\n      <label for=\"location\">Location</label>\n"
                "      <input id=\"location\" name=\"location\" type=\"text\" value=\"\">\n    </div>\n"
                "    <div class=\"field\">\n      <label for=\"search\">Search</label>\n"
                "      <input id=\"search\" name=\"search\" type=\"search\" placeholder=\"hostname or IP\" value=\"\">\n    </div>\n"
                "    <button type=\"submit\" class=\"button\">Filter</button>\n  </form>\n  \n  ");
    if (table_or_empty(b, shown, "<p class=\"muted\">No servers match.</p>\n",
                       "\n  <div class=\"table-wrap\">\n  <table class=\"table\" id=\"servers\">\n"
                       "    <thead><tr><th scope=\"col\">Server</th><th scope=\"col\">Hostname</th><th scope=\"col\">IP</th>"
                       "<th scope=\"col\">Status</th><th scope=\"col\">Customer</th><th scope=\"col\">Product</th>"
                       "<th scope=\"col\">Location</th><th scope=\"col\">Created</th></tr></thead>\n    <tbody>\n    ")) {
        for (int i = 0; i < shown; i++) {
            const char *id = PQgetvalue(r, i, C_ID);
            buf_printf(b, "<tr><td><a href=\"/admin/servers/%s\">#%s</a></td><td>", id, id);
            buf_html(b, or_dash(PQgetvalue(r, i, C_HOSTNAME)));
            buf_puts(b, "</td><td>");
            buf_html(b, or_dash(PQgetvalue(r, i, C_IP)));
            buf_puts(b, "</td>\n      <td><span class=\"badge status-");
            buf_html(b, PQgetvalue(r, i, C_STATUS));
            buf_puts(b, "\">");
            buf_html(b, PQgetvalue(r, i, C_STATUS));
            buf_printf(b, "</span></td><td><a href=\"/admin/customers/%s\">", PQgetvalue(r, i, C_CUSTOMER_ID));
            buf_html(b, PQgetvalue(r, i, C_CUSTOMER_EMAIL));
            buf_puts(b, "</a></td>\n      <td>");
            buf_html(b, or_dash(PQgetvalue(r, i, C_PRODUCT_NAME)));
            buf_puts(b, "</td><td>");
            buf_html(b, or_dash(PQgetvalue(r, i, C_LOCATION)));
            buf_puts(b, "</td><td>");
            buf_minutes(b, PQgetvalue(r, i, C_CREATED_AT));
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "\n    </tbody>\n  </table>\n  </div>\n");
    }
    buf_puts(b, "  ");
    if (PQntuples(r) > 50)
        buf_printf(b, "<p><a class=\"button\" href=\"/admin/servers?status=%s&amp;cursor=%s\" rel=\"next\">Next page</a></p>", status,
                   PQgetvalue(r, 49, C_ID));
    buf_puts(b, "\n</section>\n");
    layout_tail(b);
    PQclear(r);
    respond(w, "200 OK", "text/html; charset=utf-8", NULL);
}
