/* Output buffer and the portal's text formats (escaping, timestamps). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reference.h"

static void grow(struct buf *b, size_t need) {
    if (b->len + need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 16384;
    while (cap < b->len + need) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) abort();
    b->cap = cap;
}

void buf_put(struct buf *b, const char *s, size_t n) {
    grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void buf_puts(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_printf(struct buf *b, const char *format, ...) {
    va_list args;
    va_start(args, format);
    char small[256];
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < (int)sizeof small) {
        buf_put(b, small, (size_t)n);
        return;
    }
    grow(b, (size_t)n + 1);
    va_start(args, format);
    vsnprintf(b->data + b->len, (size_t)n + 1, format, args);
    va_end(args);
    b->len += (size_t)n;
}

void buf_html(struct buf *b, const char *s) {
    const char *run = s;
    for (; *s; s++) {
        const char *entity;
        switch (*s) {
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '&': entity = "&amp;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        buf_put(b, run, (size_t)(s - run));
        buf_puts(b, entity);
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
}

void buf_json(struct buf *b, const char *s) {
    static const char hex[] = "0123456789abcdef";
    grow(b, 2);
    b->data[b->len++] = '"';
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char escape[7];
        size_t n = 2;
        escape[0] = '\\';
        switch (c) {
        case '"': case '\\': escape[1] = (char)c; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        default:
            if (c >= 0x20) continue;
            memcpy(escape + 1, "u00", 3);
            escape[4] = hex[c >> 4];
            escape[5] = hex[c & 15];
            n = 6;
        }
        buf_put(b, run, (size_t)(s - run));
        buf_put(b, escape, n);
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
    buf_put(b, "\"", 1);
}

/* PostgreSQL (DateStyle ISO, TimeZone UTC) writes `2026-11-21 01:33:43.123456+00`; the portal
 * truncates to whole seconds, so the text's first 19 characters are the answer. */
void buf_rfc3339(struct buf *b, const char *pg) {
    char text[21];
    memcpy(text, pg, 19);
    text[10] = 'T';
    text[19] = 'Z';
    buf_put(b, text, 20);
}

void buf_minutes(struct buf *b, const char *pg) {
    buf_put(b, pg, 16);
    buf_puts(b, " UTC");
}

double pg_epoch(const char *pg) {
    struct tm t = {0};
    double fraction = 0;
    if (sscanf(pg, "%d-%d-%d %d:%d:%d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min, &t.tm_sec) != 6) return 0;
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    if (pg[19] == '.') fraction = strtod(pg + 19, NULL);
    return (double)timegm(&t) + fraction;
}
