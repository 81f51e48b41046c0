/* Unit tests of buf.c: ec_buf, ec_buf_json, ec_x* helpers and ec_map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/map.h"

/* ---- ec_buf ---- */

static void test_buf_empty_take(void **state)
{
    (void)state;
    ec_buf b = {0};
    char *s = ec_buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    free(s);
}

static void test_buf_put_puts_putc(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_puts(&b, "abc");
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    ec_buf_putc(&b, '-');
    ec_buf_put(&b, "xyz123", 3);
    assert_int_equal(b.len, 7);
    assert_string_equal(b.data, "abc-xyz");
    /* zero-length put keeps the buffer NUL-terminated and unchanged */
    ec_buf_put(&b, "", 0);
    assert_int_equal(b.len, 7);
    assert_string_equal(b.data, "abc-xyz");
    assert_true(b.cap > b.len);
    ec_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void test_buf_put_embedded_nul(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_put(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    ec_buf_free(&b);
}

static void test_buf_growth(void **state)
{
    (void)state;
    ec_buf b = {0};
    size_t last_cap = 0;
    int grew = 0;
    for (int i = 0; i < 10000; i++) {
        ec_buf_putc(&b, (char)('a' + i % 26));
        assert_int_equal(b.len, (size_t)i + 1);
        assert_true(b.cap >= b.len + 1);
        assert_int_equal(b.data[b.len], '\0');
        if (b.cap != last_cap) {
            grew++;
            last_cap = b.cap;
        }
    }
    /* geometric growth: a handful of reallocations, not one per byte */
    assert_true(grew < 20);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(strlen(b.data), 10000);
    ec_buf_free(&b);
}

static void test_buf_reserve(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_reserve(&b, 1000);
    assert_non_null(b.data);
    assert_true(b.cap >= 1001);
    assert_int_equal(b.len, 0);
    size_t cap = b.cap;
    char *data = b.data;
    for (int i = 0; i < 1000; i++)
        ec_buf_putc(&b, 'x');
    /* the reservation held: no reallocation */
    assert_int_equal(b.cap, cap);
    assert_ptr_equal(b.data, data);
    ec_buf_free(&b);
}

/* "always NUL-terminated" (internal.h): also right after a reservation,
 * before anything is written, so ec_buf_take returns "". */
static void test_buf_reserve_then_take(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_reserve(&b, 16);
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.data[0], '\0');
    char *s = ec_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
}

static void test_buf_printf(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_printf(&b, "%d/%d", 18, 305);
    assert_string_equal(b.data, "18/305");
    ec_buf_printf(&b, " %s=%zu%%", "n", (size_t)42);
    assert_string_equal(b.data, "18/305 n=42%");
    assert_int_equal(b.len, strlen("18/305 n=42%"));
    /* a long expansion that forces growth in the middle of the buffer */
    char big[5000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ec_buf_printf(&b, "[%s]", big);
    assert_int_equal(b.len, 12 + 4999 + 2);
    assert_int_equal(b.data[12], '[');
    assert_int_equal(b.data[13], 'q');
    assert_int_equal(b.data[12 + 4999], 'q');
    assert_int_equal(b.data[b.len - 1], ']');
    assert_int_equal(b.data[b.len], '\0');
    /* an empty expansion appends nothing */
    size_t len = b.len;
    ec_buf_printf(&b, "%s", "");
    assert_int_equal(b.len, len);
    ec_buf_free(&b);
}

static void test_buf_take_resets(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_puts(&b, "hello");
    char *s = ec_buf_take(&b);
    assert_string_equal(s, "hello");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    /* the buffer is reusable after take */
    ec_buf_puts(&b, "again");
    assert_string_equal(b.data, "again");
    char *t = ec_buf_take(&b);
    assert_string_equal(t, "again");
    assert_ptr_not_equal(s, t);
    free(s);
    free(t);
}

static void test_xasprintf_xstrndup(void **state)
{
    (void)state;
    char *s = ec_xasprintf("%s-%03d", "key", 7);
    assert_string_equal(s, "key-007");
    free(s);
    s = ec_xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = ec_xstrdup("");
    assert_string_equal(s, "");
    free(s);
}

/* ---- ec_buf_json ---- */

static char *json(const char *s)
{
    ec_buf b = {0};
    ec_buf_json(&b, s);
    return ec_buf_take(&b);
}

static void test_json_plain(void **state)
{
    (void)state;
    char *s = json("plain text 123");
    assert_string_equal(s, "plain text 123");
    free(s);
    s = json("");
    assert_string_equal(s, "");
    free(s);
}

static void test_json_quotes_backslash(void **state)
{
    (void)state;
    char *s = json("say \"hi\" C:\\dir\\");
    assert_string_equal(s, "say \\\"hi\\\" C:\\\\dir\\\\");
    free(s);
    /* forward slash needs no escaping */
    s = json("18/305");
    assert_string_equal(s, "18/305");
    free(s);
}

static void test_json_short_escapes(void **state)
{
    (void)state;
    char *s = json("a\nb\rc\td");
    assert_string_equal(s, "a\\nb\\rc\\td");
    free(s);
}

/* Compares case-insensitively only the hex digits of \uXXXX escapes. */
static void assert_json_equal_hexcase(const char *got, const char *want)
{
    size_t n = strlen(want);
    assert_int_equal(strlen(got), n);
    for (size_t i = 0; i < n; i++) {
        char g = got[i], w = want[i];
        if (g >= 'A' && g <= 'F')
            g = (char)(g + 32);
        if (w >= 'A' && w <= 'F')
            w = (char)(w + 32);
        if (g != w)
            fail_msg("JSON escape differs at %zu: got \"%s\", want \"%s\"", i, got, want);
    }
}

static void test_json_control_chars(void **state)
{
    (void)state;
    char *s = json("\x01");
    assert_string_equal(s, "\\u0001");
    free(s);
    s = json("a\x1f"
             "b");
    assert_json_equal_hexcase(s, "a\\u001Fb");
    free(s);
    s = json("\x1b[0m");
    assert_json_equal_hexcase(s, "\\u001B[0m");
    free(s);
    s = json("\b\f");
    /* \b and \f may be written either way; both must be escapes */
    assert_true(!strcmp(s, "\\b\\f") || !strcmp(s, "\\u0008\\u000c") ||
                !strcmp(s, "\\u0008\\u000C"));
    free(s);
    /* every C0 control is escaped: the output has no byte below 0x20 */
    char all[32];
    for (int i = 1; i < 32; i++)
        all[i - 1] = (char)i;
    all[31] = '\0';
    s = json(all);
    for (const char *p = s; *p; p++)
        assert_true((unsigned char)*p >= 0x20);
    free(s);
}

static void test_json_utf8_passthrough(void **state)
{
    (void)state;
    char *s = json("알 수 없는 원인 \xe2\x80\x94 推流");
    assert_string_equal(s, "알 수 없는 원인 \xe2\x80\x94 推流");
    free(s);
}

static void test_json_appends(void **state)
{
    (void)state;
    ec_buf b = {0};
    ec_buf_puts(&b, "{\"m\": \"");
    ec_buf_json(&b, "x\"y");
    ec_buf_puts(&b, "\"}");
    assert_string_equal(b.data, "{\"m\": \"x\\\"y\"}");
    ec_buf_free(&b);
}

/* ---- ec_map ---- */

static void test_map_empty(void **state)
{
    (void)state;
    ec_map m = {0};
    size_t v = 42;
    assert_false(ec_map_find(&m, "x", &v));
    assert_int_equal(v, 42); /* not found: *v untouched */
    ec_map_free(&m);
    assert_null(m.slots);
    assert_int_equal(m.n, 0);
}

static void test_map_insert_find(void **state)
{
    (void)state;
    ec_map m = {0};
    bool added = false;
    assert_int_equal(ec_map_get_or_add(&m, "a", 1, &added), 1);
    assert_true(added);
    assert_int_equal(ec_map_get_or_add(&m, "b", 2, &added), 2);
    assert_true(added);
    /* an existing key keeps its value */
    assert_int_equal(ec_map_get_or_add(&m, "a", 99, &added), 1);
    assert_false(added);
    assert_int_equal(m.n, 2);
    size_t v = 0;
    assert_true(ec_map_find(&m, "a", &v));
    assert_int_equal(v, 1);
    assert_true(ec_map_find(&m, "a", NULL));
    assert_false(ec_map_find(&m, "c", &v));
    assert_false(ec_map_find(&m, "", &v));
    /* the empty string is a key like any other */
    assert_int_equal(ec_map_get_or_add(&m, "", 5, NULL), 5);
    assert_true(ec_map_find(&m, "", &v));
    assert_int_equal(v, 5);
    /* lookups compare contents, not pointers */
    char copy[2] = {'b', '\0'};
    assert_true(ec_map_find(&m, copy, &v));
    assert_int_equal(v, 2);
    /* the largest value a map holds */
    assert_int_equal(ec_map_get_or_add(&m, "max", UINT32_MAX, NULL), UINT32_MAX);
    assert_true(ec_map_find(&m, "max", &v));
    assert_int_equal(v, UINT32_MAX);
    ec_map_free(&m);
}

/* A reserved map takes its keys without growing. */
static void test_map_reserve(void **state)
{
    (void)state;
    enum { N = 3000 };
    ec_map m = {0};
    ec_map_reserve(&m, N);
    size_t cap = m.cap;
    assert_true(cap >= 2 * N);
    assert_int_equal(cap & (cap - 1), 0);
    char(*keys)[16] = malloc(N * sizeof *keys);
    assert_non_null(keys);
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        assert_int_equal(ec_map_get_or_add(&m, keys[i], i, NULL), i);
    }
    assert_int_equal(m.cap, cap);
    ec_map_reserve(&m, 10); /* less than held: nothing changes */
    assert_int_equal(m.cap, cap);
    ec_map_reserve(&m, 4 * N); /* more: the keys move to a larger table */
    assert_true(m.cap >= 8 * N);
    for (size_t i = 0; i < N; i++) {
        size_t v = 0;
        assert_true(ec_map_find(&m, keys[i], &v));
        assert_int_equal(v, i);
    }
    ec_map_free(&m);
    free(keys);
}

/* An arena that grows past several blocks (each twice the last, so the
 * large ones are placed for huge pages) keeps every string it handed out;
 * a request larger than a block gets its own; reset keeps one block. */
static void test_arena_grows(void **state)
{
    (void)state;
    enum { N = 24000, LEN = 1000 };
    ec_arena a = {0};
    char **s = malloc(N * sizeof *s);
    assert_non_null(s);
    char text[LEN];
    for (size_t i = 0; i < N; i++) {
        memset(text, 'a' + (int)(i % 26), LEN);
        s[i] = ec_arena_dup(&a, text, LEN - (i % 7));
    }
    char *big = ec_arena_alloc(&a, (size_t)40 << 20);
    assert_int_equal(big[0], 0);
    assert_int_equal(big[((size_t)40 << 20) - 1], 0);
    char *after = ec_arena_dup(&a, "after", 5);
    for (size_t i = 0; i < N; i++) {
        size_t n = LEN - (i % 7);
        assert_int_equal(strlen(s[i]), n);
        assert_int_equal(s[i][0], 'a' + (int)(i % 26));
        assert_int_equal(s[i][n - 1], 'a' + (int)(i % 26));
    }
    assert_string_equal(after, "after");
    ec_arena_reset(&a);
    assert_string_equal(ec_arena_dup(&a, "again", 5), "again");
    ec_arena_free(&a);
    free(s);
}

/* Two strings copied one right after the other, each NUL-terminated,
 * empty ones included. */
static void test_arena_dup2(void **state)
{
    (void)state;
    ec_arena a = {0};
    char *p = ec_arena_dup2(&a, "ab", 2, "xyz", 3);
    assert_memory_equal(p, "ab\0xyz\0", 7);
    char *q = ec_arena_dup2(&a, "a\0b", 3, "", 0); /* a NUL byte inside the first */
    assert_memory_equal(q, "a\0b\0\0", 5);
    char *e = ec_arena_dup2(&a, "", 0, "", 0);
    assert_memory_equal(e, "\0\0", 2);
    ec_arena_free(&a);
}

/* A reserved arena takes its strings from one block while they fit, then
 * grows as any other; reserving a used or small arena changes nothing. */
static void test_arena_reserve(void **state)
{
    (void)state;
    enum { N = 5000, LEN = 1000 };
    ec_arena a = {0};
    ec_arena_reserve(&a, (size_t)N * (LEN + 1) / 2); /* half of what comes */
    char *first = ec_arena_dup(&a, "x", 1);
    char **s = malloc(N * sizeof *s);
    assert_non_null(s);
    char text[LEN];
    for (size_t i = 0; i < N; i++) {
        memset(text, 'a' + (int)(i % 26), LEN);
        s[i] = ec_arena_dup(&a, text, LEN);
    }
    /* the first half, 2.5 MB, one after the other in the reserved block
     * (an arena that was not reserved starts a new block after 1 MB) */
    for (size_t i = 0; i < N / 2; i++)
        assert_ptr_equal(s[i], first + 2 + i * (LEN + 1));
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(strlen(s[i]), LEN);
        assert_int_equal(s[i][LEN - 1], 'a' + (int)(i % 26));
    }
    ec_arena_reserve(&a, (size_t)64 << 20); /* in use: a no-op */
    assert_string_equal(ec_arena_dup(&a, "after", 5), "after");
    assert_string_equal(first, "x");
    ec_arena_free(&a);
    ec_arena small = {0};
    ec_arena_reserve(&small, 100); /* too small to be worth a block */
    assert_null(small.head);
    ec_arena_free(&small);
    free(s);
}

/* A growing array keeps its bytes, small or large (placed for huge pages). */
static void test_xgrow(void **state)
{
    (void)state;
    size_t old = 0;
    unsigned char *p = NULL;
    for (size_t n = 1000; n <= ((size_t)16 << 20); n *= 4) {
        p = ec_xgrow(p, old, n);
        for (size_t i = 0; i < old; i++)
            assert_int_equal(p[i], (unsigned char)(i * 7 + i / 1000));
        for (size_t i = old; i < n; i++)
            p[i] = (unsigned char)(i * 7 + i / 1000);
        old = n;
    }
    p = ec_xgrow(p, old, 10); /* shrinking keeps the start */
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(p[i], (unsigned char)(i * 7));
    free(p);
}

static void test_map_thousands(void **state)
{
    (void)state;
    enum { N = 20000 };
    char **keys = malloc(N * sizeof *keys);
    assert_non_null(keys);
    ec_map m = {0};
    for (size_t i = 0; i < N; i++) {
        keys[i] = ec_xasprintf("%zu/%zu", i / 100, i % 100);
        bool added = false;
        assert_int_equal(ec_map_get_or_add(&m, keys[i], i * 3, &added), i * 3);
        assert_true(added);
        assert_int_equal(m.n, i + 1);
        /* load factor stays at most one half; capacity a power of two */
        assert_true(m.n * 2 <= m.cap);
        assert_int_equal(m.cap & (m.cap - 1), 0);
    }
    for (size_t i = 0; i < N; i++) {
        char probe[32];
        snprintf(probe, sizeof probe, "%zu/%zu", i / 100, i % 100);
        size_t v = 0;
        assert_true(ec_map_find(&m, probe, &v));
        assert_int_equal(v, i * 3);
        bool added = true;
        assert_int_equal(ec_map_get_or_add(&m, probe, 0, &added), i * 3);
        assert_false(added);
    }
    assert_int_equal(m.n, N);
    assert_false(ec_map_find(&m, "200/0", NULL));
    assert_false(ec_map_find(&m, "0/100", NULL));
    assert_false(ec_map_find(&m, "nope", NULL));
    ec_map_free(&m);
    assert_int_equal(m.cap, 0);
    for (size_t i = 0; i < N; i++)
        free(keys[i]);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_empty_take),
        cmocka_unit_test(test_buf_put_puts_putc),
        cmocka_unit_test(test_buf_put_embedded_nul),
        cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_buf_reserve),
        cmocka_unit_test(test_buf_reserve_then_take),
        cmocka_unit_test(test_buf_printf),
        cmocka_unit_test(test_buf_take_resets),
        cmocka_unit_test(test_xasprintf_xstrndup),
        cmocka_unit_test(test_json_plain),
        cmocka_unit_test(test_json_quotes_backslash),
        cmocka_unit_test(test_json_short_escapes),
        cmocka_unit_test(test_json_control_chars),
        cmocka_unit_test(test_json_utf8_passthrough),
        cmocka_unit_test(test_json_appends),
        cmocka_unit_test(test_map_empty),
        cmocka_unit_test(test_map_insert_find),
        cmocka_unit_test(test_map_thousands),
        cmocka_unit_test(test_map_reserve),
        cmocka_unit_test(test_xgrow),
        cmocka_unit_test(test_arena_grows),
        cmocka_unit_test(test_arena_reserve),
        cmocka_unit_test(test_arena_dup2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
