/* Growable buffers, checked allocation and a small string hash map. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Out of memory is the one condition errcat does not turn into a finding:
 * there is nothing sensible left to do, so say so and stop. */
static void oom(void)
{
    fputs("errcat: out of memory\n", stderr);
    abort();
}

void *ec_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *ec_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *ec_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *ec_xstrndup(const char *s, size_t n)
{
    char *d = ec_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ec_xstrdup(const char *s)
{
    return ec_xstrndup(s, strlen(s));
}

char *ec_xasprintf(const char *fmt, ...)
{
    ec_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    ec_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return ec_buf_take(&b);
}

void ec_buf_reserve(ec_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = ec_xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';
}

void ec_buf_put(ec_buf *b, const char *s, size_t n)
{
    ec_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ec_buf_puts(ec_buf *b, const char *s)
{
    ec_buf_put(b, s, strlen(s));
}

void ec_buf_putc(ec_buf *b, char c)
{
    ec_buf_put(b, &c, 1);
}

void ec_buf_vprintf(ec_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    ec_buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ec_buf_printf(ec_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ec_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *ec_buf_take(ec_buf *b)
{
    char *d = b->data ? b->data : ec_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void ec_buf_free(ec_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ec_buf_json(ec_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': ec_buf_puts(b, "\\\""); break;
        case '\\': ec_buf_puts(b, "\\\\"); break;
        case '\n': ec_buf_puts(b, "\\n"); break;
        case '\r': ec_buf_puts(b, "\\r"); break;
        case '\t': ec_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                ec_buf_printf(b, "\\u%04x", *p);
            else
                ec_buf_putc(b, (char)*p);
        }
    }
}

/* ---- ec_map: open addressing, FNV-1a; keys are borrowed, not copied ---- */

static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

static void map_grow(ec_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = ec_xcalloc(cap, sizeof *keys);
    size_t *vals = ec_xcalloc(cap, sizeof *vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash_str(m->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

static size_t map_slot(const ec_map *m, const char *k)
{
    size_t j = hash_str(k) & (m->cap - 1);
    while (m->keys[j] && strcmp(m->keys[j], k) != 0)
        j = (j + 1) & (m->cap - 1);
    return j;
}

size_t ec_map_get_or_add(ec_map *m, const char *k, size_t v, bool *added)
{
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t j = map_slot(m, k);
    if (m->keys[j]) {
        if (added)
            *added = false;
        return m->vals[j];
    }
    m->keys[j] = k;
    m->vals[j] = v;
    m->n++;
    if (added)
        *added = true;
    return v;
}

size_t *ec_map_find(const ec_map *m, const char *k)
{
    if (!m->cap)
        return NULL;
    size_t j = map_slot(m, k);
    return m->keys[j] ? &m->vals[j] : NULL;
}

void ec_map_free(ec_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- ec_arena ---- */

struct ec_arena_block {
    ec_arena_block *next;
    char data[];
};

#define ARENA_BLOCK (1u << 20)

char *ec_arena_dup(ec_arena *a, const char *s, size_t n)
{
    if (n + 1 > a->left) {
        size_t size = n + 1 > ARENA_BLOCK / 4 ? n + 1 : ARENA_BLOCK;
        ec_arena_block *b = ec_xmalloc(sizeof *b + size);
        if (size == ARENA_BLOCK || !a->head) {
            b->next = a->head;
            a->head = b;
            a->p = b->data;
            a->left = size;
        } else {
            /* a big string gets a block of its own; the current one stays open */
            b->next = a->head->next;
            a->head->next = b;
            memcpy(b->data, s, n);
            b->data[n] = '\0';
            return b->data;
        }
    }
    char *d = a->p;
    memcpy(d, s, n);
    d[n] = '\0';
    a->p += n + 1;
    a->left -= n + 1;
    return d;
}

void ec_arena_free(ec_arena *a)
{
    for (ec_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    memset(a, 0, sizeof *a);
}
