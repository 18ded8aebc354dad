/* Who is asking: the session cookie (Sessions.find) or the bearer token (APITokens.authenticate),
 * each found by the SHA-256 hex of its text, with the same "touch when older than 60 s" rule. */
#define _GNU_SOURCE
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reference.h"

static void sha256_hex(const char *text, size_t n, char out[65]) {
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)text, n, digest);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void copy(char *to, size_t size, const char *from) { snprintf(to, size, "%s", from); }

/* The user columns (User.columns) starting at `first`. */
static void read_user(PGresult *r, int first, struct caller *c) {
    c->user_id = strtoll(PQgetvalue(r, 0, first), NULL, 10);
    copy(c->email, sizeof c->email, PQgetvalue(r, 0, first + 1));
    copy(c->name, sizeof c->name, PQgetvalue(r, 0, first + 2));
    copy(c->role, sizeof c->role, PQgetvalue(r, 0, first + 3));
    c->two_factor = PQgetvalue(r, 0, first + 5)[0] == 't';
}

/* A failed touch fails the request in the portal too; here it only matters for the bytes. */
static void touch(struct worker *w, enum statement s, const char *id) {
    const char *values[] = {id};
    PGresult *r = run(w, s, 1, values);
    if (r) PQclear(r);
}

int find_session(struct worker *w, const char *cookies, struct caller *c) {
    /* The value of vps_session in `name=value; name=value`. */
    const char *p = cookies;
    size_t n = 0;
    while ((p = strstr(p, "vps_session=")) != NULL) {
        if (p == cookies || p[-1] == ' ' || p[-1] == ';') {
            p += strlen("vps_session=");
            n = strcspn(p, "; ");
            break;
        }
        p++;
    }
    if (!p || n == 0 || n > 100) return 0;
    char hash[65];
    sha256_hex(p, n, hash);
    const char *values[] = {hash, "3600"};
    PGresult *r = run(w, SQL_SESSION_FIND, 2, values);
    if (!r || PQntuples(r) == 0) {
        if (r) PQclear(r);
        return 0;
    }
    copy(c->stage, sizeof c->stage, PQgetvalue(r, 0, 1));
    copy(c->csrf, sizeof c->csrf, PQgetvalue(r, 0, 2));
    read_user(r, 7, c);
    if (now() - pg_epoch(PQgetvalue(r, 0, 4)) > 60) touch(w, SQL_SESSION_TOUCH, PQgetvalue(r, 0, 0));
    PQclear(r);
    return 1;
}

int find_token(struct worker *w, const char *authorization, struct caller *c) {
    if (strncmp(authorization, "Bearer ", 7) != 0) return 0;
    const char *token = authorization + 7;
    size_t n = strlen(token);
    if (strncmp(token, "vps_", 4) != 0 || n > 100) return 0;
    char hash[65];
    sha256_hex(token, n, hash);
    const char *values[] = {hash};
    PGresult *r = run(w, SQL_TOKEN_FIND, 1, values);
    if (!r || PQntuples(r) == 0) {
        if (r) PQclear(r);
        return 0;
    }
    copy(c->scope, sizeof c->scope, PQgetvalue(r, 0, 1));
    read_user(r, 3, c);
    if (PQgetisnull(r, 0, 2) || now() - pg_epoch(PQgetvalue(r, 0, 2)) > 60) touch(w, SQL_TOKEN_TOUCH, PQgetvalue(r, 0, 0));
    PQclear(r);
    return 1;
}
