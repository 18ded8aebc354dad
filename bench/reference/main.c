/* reference: the C reference responder for `make bench`.
 *   reference --socket PATH --db CONNINFO [--threads N]   serve FastCGI on a unix socket
 *   reference --print-sql                                 print sql.h's statements, NUL-separated
 * N threads (default 8), each with its own FastCGI request, its own PostgreSQL connection and
 * every statement of sql.h prepared once on it (like the portal's worker threads). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reference.h"

static const char *const statement_text[SQL_COUNT] = {
#define AS_TEXT(name, count, text) [name] = text,
    REFERENCE_STATEMENTS(AS_TEXT)
#undef AS_TEXT
};
static const int statement_params[SQL_COUNT] = {
#define AS_COUNT(name, count, text) [name] = count,
    REFERENCE_STATEMENTS(AS_COUNT)
#undef AS_COUNT
};

static int listen_fd;
static const char *conninfo;
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

static PGconn *connect_db(void) {
    PGconn *db = PQconnectdb(conninfo);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "reference: %s", PQerrorMessage(db));
        exit(1);
    }
    /* The same session settings as the portal's PostgresConnection. */
    PQclear(PQexec(db, "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET client_min_messages = warning"));
    for (int s = 0; s < SQL_COUNT; s++) {
        char name[16];
        snprintf(name, sizeof name, "r%d", s);
        PGresult *r = PQprepare(db, name, statement_text[s], statement_params[s], NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "reference: preparing %s: %s", statement_text[s], PQerrorMessage(db));
            exit(1);
        }
        PQclear(r);
    }
    return db;
}

PGresult *run(struct worker *w, enum statement s, int count, const char *const *values) {
    char name[16];
    snprintf(name, sizeof name, "r%d", (int)s);
    PGresult *r = PQexecPrepared(w->db, name, count, values, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        fprintf(stderr, "reference: %s", PQerrorMessage(w->db));
        PQclear(r);
        return NULL;
    }
    return r;
}

PGresult *list_servers(struct worker *w, enum statement s, const char *filter, int *shown) {
    const char *values[] = {filter, "51"};
    PGresult *r = run(w, s, 2, values);
    if (!r) {
        refuse(w, "500 Internal Server Error", "list query failed");
        return NULL;
    }
    *shown = PQntuples(r) > 50 ? 50 : PQntuples(r);
    return r;
}

PGresult *customer_servers(struct worker *w, enum statement s, const struct caller *c, int *shown) {
    char customer[24];
    snprintf(customer, sizeof customer, "%lld", c->user_id);
    return list_servers(w, s, customer, shown);
}

/* The worker's headers, in the worker's order (FastCGIAdapter + SecurityHeadersMiddleware +
 * PortalApplication); nginx hides and re-adds the three security headers it owns. */
void respond(struct worker *w, const char *status, const char *content_type, const char *location) {
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "Status: %s\r\nContent-Type: %s\r\n%s%s%s"
                     "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
                     "X-Content-Type-Options: nosniff\r\nReferrer-Policy: same-origin\r\nX-Frame-Options: DENY\r\n"
                     "Cache-Control: no-store\r\nX-Request-ID: %s\r\nContent-Length: %zu\r\n\r\n",
                     status, content_type, location ? "Location: " : "", location ? location : "", location ? "\r\n" : "",
                     w->request_id, w->out.len);
    /* libfcgi's own printf knows no %zu: format here, write bytes there. */
    FCGX_PutStr(head, n, w->request.out);
    FCGX_PutStr(w->out.data, (int)w->out.len, w->request.out);
}

/* Anything outside the benchmarked happy paths: a plain problem, not the portal's bytes. */
void refuse(struct worker *w, const char *status, const char *detail) {
    w->out.len = 0;
    buf_puts(&w->out, "{\"title\":\"not served by the reference\",\"detail\":");
    buf_json(&w->out, detail);
    buf_puts(&w->out, "}");
    respond(w, status, "application/problem+json", NULL);
}

static const char *param(struct worker *w, const char *name) {
    const char *value = FCGX_GetParam(name, w->request.envp);
    return value ? value : "";
}

static void dispatch(struct worker *w) {
    const char *method = param(w, "REQUEST_METHOD");
    /* Path and query from REQUEST_URI, as the portal's FastCGI adapter reads them. */
    char path[512];
    const char *target = param(w, "REQUEST_URI"), *query = strchr(target, '?');
    size_t length = query ? (size_t)(query - target) : strlen(target);
    if (length >= sizeof path) length = sizeof path - 1;
    memcpy(path, target, length);
    path[length] = 0;
    query = query ? query + 1 : "";
    struct caller c;
    snprintf(w->request_id, sizeof w->request_id, "%s", param(w, "REQUEST_ID"));
    snprintf(w->remote_addr, sizeof w->remote_addr, "%s", param(w, "REMOTE_ADDR"));
    w->out.len = 0;
    static const char instances[] = "/api/v1/dedicated-servers/instances";
    if (strncmp(path, instances, sizeof instances - 1) == 0) {
        const char *rest = path + sizeof instances - 1;
        if (!find_token(w, param(w, "HTTP_AUTHORIZATION"), &c)) return refuse(w, "401 Unauthorized", "no valid token");
        if (strcmp(method, "GET") == 0 && *rest == 0) return api_instances(w, &c);
        char *end;
        long long id = rest[0] == '/' ? strtoll(rest + 1, &end, 10) : 0;
        if (strcmp(method, "POST") == 0 && id > 0 && strcmp(end, "/reboot") == 0) {
            if (strcmp(c.scope, "write") != 0) return refuse(w, "403 Forbidden", "read-only token");
            return api_reboot(w, &c, id);
        }
        return refuse(w, "404 Not Found", "not a benchmarked request");
    }
    if (strcmp(method, "GET") != 0) return refuse(w, "404 Not Found", "not a benchmarked request");
    int is_my = strcmp(path, "/my/servers") == 0, is_admin = strcmp(path, "/admin/servers") == 0;
    if (!is_my && !is_admin) return refuse(w, "404 Not Found", "not a benchmarked request");
    if (!find_session(w, param(w, "HTTP_COOKIE"), &c) || strcmp(c.stage, "full") != 0)
        return refuse(w, "403 Forbidden", "no full session");
    int staff = strcmp(c.role, "staff") == 0 || strcmp(c.role, "admin") == 0;
    if (is_my && strcmp(c.role, "customer") == 0) return page_my_servers(w, &c);
    if (is_admin && staff && c.two_factor) return page_admin_servers(w, &c, query);
    refuse(w, "403 Forbidden", "not this audience");
}

static void *serve(void *unused) {
    (void)unused;
    struct worker w = {0};
    w.db = connect_db();
    FCGX_InitRequest(&w.request, listen_fd, 0);
    for (;;) {
        pthread_mutex_lock(&accept_lock);
        int accepted = FCGX_Accept_r(&w.request);
        pthread_mutex_unlock(&accept_lock);
        if (accepted < 0) break;
        if (PQstatus(w.db) != CONNECTION_OK) PQreset(w.db);
        dispatch(&w);
        FCGX_Finish_r(&w.request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *socket_path = NULL;
    int threads = 8;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print-sql") == 0) {
            for (int s = 0; s < SQL_COUNT; s++) fwrite(statement_text[s], 1, strlen(statement_text[s]) + 1, stdout);
            return 0;
        } else if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) {
            socket_path = argv[++i];
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            conninfo = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: reference --socket PATH --db CONNINFO [--threads N] | --print-sql\n");
            return 2;
        }
    }
    if (!socket_path || !conninfo || threads < 1) {
        fprintf(stderr, "usage: reference --socket PATH --db CONNINFO [--threads N] | --print-sql\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    FCGX_Init();
    /* libfcgi turns SIGTERM into a "shutdown pending" flag that a thread blocked in accept()
     * never sees; the reference holds no state worth a graceful stop, so SIGTERM ends it. */
    signal(SIGTERM, SIG_DFL);
    unlink(socket_path);
    listen_fd = FCGX_OpenSocket(socket_path, 1024);
    if (listen_fd < 0) {
        perror("reference: socket");
        return 1;
    }
    chmod(socket_path, 0666); /* nginx's workers run as nobody */
    pthread_t ids[threads];
    for (int i = 0; i < threads; i++) pthread_create(&ids[i], NULL, serve, NULL);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    return 0;
}
