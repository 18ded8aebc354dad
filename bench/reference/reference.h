/* The C reference responder for `make bench` (docs/benchmark.md, "The reference responder"):
 * the benchmarked requests answered with the portal's SQL (sql.h) and the portal's bytes, by
 * hand, so the portal has a yardstick that does the same work. Not a second portal: anything
 * outside the benchmarked happy paths gets a plain refusal. */
#ifndef REFERENCE_H
#define REFERENCE_H

#include <fcgiapp.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "sql.h"

/* A growable byte buffer (one per thread, reused for every request). */
struct buf {
    char *data;
    size_t len, cap;
};
void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* HTML text, escaped like the portal's templates (< > & " '). */
void buf_html(struct buf *b, const char *s);
/* A JSON string, escaped like the portal's JSONStreamEncoder. */
void buf_json(struct buf *b, const char *s);
/* `2026-11-21T01:33:43Z` / `2026-11-21 01:33 UTC` from PostgreSQL's ISO timestamptz text. */
void buf_rfc3339(struct buf *b, const char *pg);
void buf_minutes(struct buf *b, const char *pg);
/* Seconds since the epoch from PostgreSQL's ISO timestamptz text (UTC sessions). */
double pg_epoch(const char *pg);

/* One worker thread: its FastCGI request, its connection, its buffers. */
struct worker {
    FCGX_Request request;
    PGconn *db;
    struct buf out;
    char request_id[64];
    char remote_addr[64];
};

/* The signed-in user, from a session or a token. */
struct caller {
    long long user_id;
    char email[256];
    char name[256];
    char role[16];
    int two_factor;
    char csrf[128];
    char stage[16];
    char scope[8];
};

PGresult *run(struct worker *w, enum statement s, int count, const char *const *values);
/* A first page of servers (Instances.list: 50 and one more to know there is a next page), or NULL
 * after answering 500; `shown` gets the rows to show. */
PGresult *list_servers(struct worker *w, enum statement s, const char *filter, int *shown);
PGresult *customer_servers(struct worker *w, enum statement s, const struct caller *c, int *shown);
int find_session(struct worker *w, const char *cookie_header, struct caller *c);
int find_token(struct worker *w, const char *authorization, struct caller *c);

void page_my_servers(struct worker *w, const struct caller *c);
void page_admin_servers(struct worker *w, const struct caller *c, const char *query);
void api_instances(struct worker *w, const struct caller *c);
void api_reboot(struct worker *w, const struct caller *c, long long instance_id);

/* Writes the response: status line, the portal's headers, Content-Length, body (w->out). */
void respond(struct worker *w, const char *status, const char *content_type, const char *location);
void refuse(struct worker *w, const char *status, const char *detail);

#endif
