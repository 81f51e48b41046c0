/* Growable byte buffers, an arena, allocation that does not fail, and the
 * small text helpers every layer uses (base layer: src/base/buf.c). */
#ifndef ERRCAT_BASE_BUF_H
#define ERRCAT_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} ec_buf;

void ec_buf_reserve(ec_buf *b, size_t extra);
void ec_buf_put(ec_buf *b, const char *s, size_t n);
void ec_buf_puts(ec_buf *b, const char *s);
void ec_buf_putc(ec_buf *b, char c);
void ec_buf_printf(ec_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void ec_buf_vprintf(ec_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* Returns the data (never NULL) and leaves `b` empty; the caller frees it. */
char *ec_buf_take(ec_buf *b);
void ec_buf_free(ec_buf *b);
/* Appends `s` as the contents of a JSON string (without the quotes); bytes
 * that are not UTF-8 become U+FFFD. */
void ec_buf_json(ec_buf *b, const char *s);
/* Appends `s` safe to show on a terminal, on one line: line breaks and tabs
 * as \n \r \t, other control characters (C0, DEL, C1) and bytes that are
 * not UTF-8 as \xNN or \uNNNN, and so are the bidirectional embeddings,
 * overrides and isolates (U+202A-202E, U+2066-2069), which could reorder
 * what the line shows. */
void ec_buf_printable(ec_buf *b, const char *s);

/* An arena: many small strings in a few big blocks, freed all at once. */
typedef struct ec_arena_block ec_arena_block;
typedef struct {
    ec_arena_block *head;
    char *p;
    size_t left;
} ec_arena;

/* `size` zeroed bytes from the arena, aligned for any type. */
void *ec_arena_alloc(ec_arena *a, size_t size);
/* Copies s[0..n) into the arena, NUL-terminated. */
char *ec_arena_dup(ec_arena *a, const char *s, size_t n);
/* Copies s[0..n) and then t[0..m) into the arena, each NUL-terminated, one
 * right after the other: t is at the result + n + 1. */
char *ec_arena_dup2(ec_arena *a, const char *s, size_t n, const char *t, size_t m);
void ec_arena_free(ec_arena *a);
/* Room for about `n` bytes in one block, when the arena is still empty and
 * `n` is large: a hint that saves the first, small blocks (each filled
 * page by page) and the blocks between; address space until used. */
void ec_arena_reserve(ec_arena *a, size_t n);
/* Frees everything allocated from the arena but keeps its first block for
 * what comes next: an arena reused for one item after another. */
void ec_arena_reset(ec_arena *a);

/* Allocation that does not fail: out of memory, the library calls the
 * function given to ec_on_oom (NULL: none; it must not allocate), then the
 * program's handler (ec_set_oom_handler, public), then abort(). */
void ec_on_oom(void (*cleanup)(void));
void *ec_xmalloc(size_t n);
/* ec_xmalloc() of a block that, from 2 MiB on, starts on a huge-page
 * boundary, so that all of it can be backed by huge pages. */
void *ec_xmalloc_pages(size_t n);
/* ec_xmalloc_pages() that may fail (NULL), for an allocation that is only
 * a hint. */
void *ec_try_malloc(size_t n);
void *ec_xcalloc(size_t n, size_t size);
void *ec_xrealloc(void *p, size_t n);
/* ec_xrealloc for an array that keeps growing: p holds `old` bytes, and
 * a large result is placed where the kernel can back it with huge pages
 * (see buf.c). */
void *ec_xgrow(void *p, size_t old, size_t n);
char *ec_xstrdup(const char *s);
char *ec_xstrndup(const char *s, size_t n);
char *ec_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The lists of messages, one way everywhere. ec_buf_key_list appends the
 * first n of `total` items (keys, locale tags, field names) as "a, b, c",
 * or "a, b, c and 4 more" when total > n; ec_buf_name_list appends n items
 * as a phrase: "en, zh and ja". */
void ec_buf_key_list(ec_buf *b, const char *const *keys, size_t n, size_t total);
void ec_buf_name_list(ec_buf *b, const char *const *names, size_t n);

#endif
