/* Growable buffers, checked allocation and a small string hash map. */
#define _DEFAULT_SOURCE /* madvise */
#include "base/buf.h"

#include "errcat/errcat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void (*oom_cleanup)(void);
static void (*oom_handler)(void);

void ec_on_oom(void (*cleanup)(void))
{
    oom_cleanup = cleanup;
}

void ec_set_oom_handler(void (*fn)(void))
{
    oom_handler = fn;
}

/* Out of memory is the one condition the library does not turn into a
 * finding: there is nothing sensible left to do. The clean-up registered
 * (temporary files) runs first, then the program's handler, which says so
 * and stops (errcat: exit status 2); a library must not exit by itself, so
 * without one, or should it return, it is abort(). */
static void oom(void)
{
    if (oom_cleanup)
        oom_cleanup();
    if (oom_handler)
        oom_handler();
    abort();
}

/* Large blocks (a big catalog's entries, text arenas, hash maps) are
 * written once, page by page, as they fill. Each first touch of a 4 KiB
 * page is a page fault, and on a virtual machine a fault costs as much as
 * reading a few entries. Where the kernel offers transparent huge pages on
 * request (madvise mode, the common default), asking for them over the
 * 2 MiB-aligned middle of such a block makes one fault fill 2 MiB. A hint
 * only: refused or unsupported, nothing changes. */
#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HUGE_HINT_MIN ((size_t)4 << 20)

static void *huge_hint(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    if (n >= HUGE_HINT_MIN) {
        uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t hi = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
        if (hi > lo)
            (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#else
    (void)n;
#endif
    return p;
}

void *ec_try_malloc(size_t n)
{
    if (n < HUGE_PAGE) {
        void *p = malloc(n ? n : 1);
        return p ? huge_hint(p, n) : NULL;
    }
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, n) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, n, MADV_HUGEPAGE);
#endif
    return p;
}

void *ec_xmalloc_pages(size_t n)
{
    void *p = ec_try_malloc(n);
    if (!p)
        oom();
    return p;
}

void *ec_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return huge_hint(p, n);
}

void *ec_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    /* calloc has checked that n * size does not overflow */
    return huge_hint(p, n * size);
}

/* Not hinted: madvise splits the mapping of a large block, and realloc
 * can then no longer move it in one piece (it copies instead, into pages
 * with no hint). A large array that grows uses ec_xgrow. */
void *ec_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *ec_xgrow(void *p, size_t old, size_t n)
{
    if (n < HUGE_HINT_MIN || n <= old)
        return ec_xrealloc(p, n);
    void *q = ec_xmalloc_pages(n);
    if (old)
        memcpy(q, p, old);
    free(p);
    return q;
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

/* Length of the well-formed UTF-8 sequence at p (1 to 4), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        return (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (p[0] >= 0xe0 && p[0] <= 0xef) {
        unsigned lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        unsigned lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
    }
    return 0;
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
            if (*p < 0x20 || *p == 0x7f) {
                ec_buf_printf(b, "\\u%04x", *p);
            } else if (*p < 0x80) {
                ec_buf_putc(b, (char)*p);
            } else {
                /* JSON is UTF-8: a byte that is not, becomes U+FFFD. */
                size_t n = utf8_seq(p);
                if (n) {
                    ec_buf_put(b, (const char *)p, n);
                    p += n - 1;
                } else {
                    ec_buf_puts(b, "\\ufffd");
                }
            }
        }
    }
}

void ec_buf_printable(ec_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t n = utf8_seq(p);
        if (*p == '\n')
            ec_buf_puts(b, "\\n");
        else if (*p == '\r')
            ec_buf_puts(b, "\\r");
        else if (*p == '\t')
            ec_buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f || n == 0)
            ec_buf_printf(b, "\\x%02X", *p);
        else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) /* C1 controls */
            ec_buf_printf(b, "\\u%04X", p[1]);
        else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
            ec_buf_printf(b, "\\u%04X", 0x2000 + (p[2] - 0x80)); /* U+202A..U+202E */
        else if (n == 3 && p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
            ec_buf_printf(b, "\\u%04X", 0x2040 + (p[2] - 0x80)); /* U+2066..U+2069 */
        else
            ec_buf_put(b, (const char *)p, n);
        if (n > 1)
            p += n - 1;
    }
}

/* ---- ec_arena ---- */

struct ec_arena_block {
    ec_arena_block *next;
    size_t size;
    _Alignas(16) char data[];
};

#define ARENA_BLOCK ((size_t)1 << 20)
#define ARENA_BLOCK_MAX ((size_t)32 << 20)

/* `size` bytes aligned to `align` (a power of two). A request larger than a
 * quarter block gets a block of its own and leaves the current one open. */
static char *arena_take(ec_arena *a, size_t size, size_t align)
{
    size_t pad = a->head ? (size_t)(-(uintptr_t)a->p & (align - 1)) : 0;
    if (a->head && pad + size <= a->left) {
        char *p = a->p + pad;
        a->p = p + size;
        a->left -= pad + size;
        return p;
    }
    /* Blocks double as an arena grows (a big locale's texts take a few
     * large blocks, not a thousand small ones), up to ARENA_BLOCK_MAX. */
    size_t block = ARENA_BLOCK, last = a->head ? sizeof *a->head + a->head->size : 0;
    if (last >= ARENA_BLOCK)
        block = last * 2 > ARENA_BLOCK_MAX ? ARENA_BLOCK_MAX : last * 2;
    bool own = size > block / 4;
    /* a regular block is `block` bytes in all, header included: from 2 MiB
     * on, a whole number of huge pages */
    size_t data = own ? size : block - sizeof(ec_arena_block);
    ec_arena_block *b = ec_xmalloc_pages(sizeof *b + data);
    b->size = data;
    if (own && a->head) {
        b->next = a->head->next;
        a->head->next = b;
        return b->data;
    }
    b->next = a->head;
    a->head = b;
    a->p = b->data + size;
    a->left = b->size - size;
    return b->data;
}

void ec_arena_reserve(ec_arena *a, size_t n)
{
    if (a->head || n < ARENA_BLOCK * 2 || n > SIZE_MAX / 2)
        return;
    /* a whole number of huge pages, header included */
    size_t block = (n + sizeof(ec_arena_block) + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    ec_arena_block *b = ec_try_malloc(block);
    if (!b)
        return; /* only a hint: the arena grows as it fills */
    b->next = NULL;
    b->size = block - sizeof *b;
    a->head = b;
    a->p = b->data;
    a->left = b->size;
}

char *ec_arena_dup(ec_arena *a, const char *s, size_t n)
{
    char *d = arena_take(a, n + 1, 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ec_arena_dup2(ec_arena *a, const char *s, size_t n, const char *t, size_t m)
{
    char *d = arena_take(a, n + 1 + m + 1, 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    if (m)
        memcpy(d + n + 1, t, m);
    d[n + 1 + m] = '\0';
    return d;
}

void *ec_arena_alloc(ec_arena *a, size_t size)
{
    void *p = arena_take(a, size ? size : 1, _Alignof(max_align_t));
    memset(p, 0, size);
    return p;
}

void ec_arena_reset(ec_arena *a)
{
    if (!a->head)
        return;
    for (ec_arena_block *b = a->head->next, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head->next = NULL;
    a->p = a->head->data;
    a->left = a->head->size;
}

void ec_arena_free(ec_arena *a)
{
    for (ec_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    memset(a, 0, sizeof *a);
}

/* ---- lists in messages ---- */

/* items[0..n) separated by ", ", and by `last` before the last one. */
static void put_list(ec_buf *b, const char *const *items, size_t n, const char *last)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ec_buf_puts(b, i + 1 == n ? last : ", ");
        ec_buf_puts(b, items[i]);
    }
}

void ec_buf_key_list(ec_buf *b, const char *const *keys, size_t n, size_t total)
{
    put_list(b, keys, n, ", ");
    if (total > n)
        ec_buf_printf(b, " and %zu more", total - n);
}

void ec_buf_name_list(ec_buf *b, const char *const *names, size_t n)
{
    put_list(b, names, n, " and ");
}
