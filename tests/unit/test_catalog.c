/* Unit tests of catalog.c: keys, key order, the per-locale entry table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/key.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

static bool parse(const char *s, int32_t *code, int32_t *sub)
{
    return ec_key_parse(s, strlen(s), code, sub);
}

/* ---- ec_key_parse ---- */

static void test_key_parse_accepts(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int32_t code, sub;
    } ok[] = {
        {"0/0", 0, 0},
        {"5/0", 5, 0},
        {"-1/2", -1, 2},
        {"18/305", 18, 305},
        {"0/-7", 0, -7},
        {"2147483647/-2147483648", INT32_MAX, INT32_MIN},
        {"-2147483648/2147483647", INT32_MIN, INT32_MAX},
        {"10/100", 10, 100},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        int32_t code = 12345, sub = 12345;
        if (!parse(ok[i].s, &code, &sub))
            fail_msg("ec_key_parse rejected \"%s\"", ok[i].s);
        assert_int_equal(code, ok[i].code);
        assert_int_equal(sub, ok[i].sub);
    }
}

static void test_key_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "5",
        "05/0",
        "-0/0",
        "5/",
        "/5",
        "5/0 ",
        "+5/0",
        "2147483648/0",
        "1/-2147483649",
        "a/b",
        "",
        "5/05",
        "5/-0",
        " 5/0",
        "5//0",
        "5/0/0",
        "-/0",
        "5/-",
        "1e3/0",
        "5 /0",
        "0x5/0",
        "99999999999/0",
        "1/2147483648",
        "-2147483649/0",
        "5/0\n",
        "５/0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int32_t code = 0, sub = 0;
        if (parse(bad[i], &code, &sub))
            fail_msg("ec_key_parse accepted \"%s\" as %d/%d", bad[i], code, sub);
    }
}

static void test_key_parse_uses_length(void **state)
{
    (void)state;
    int32_t code = 0, sub = 0;
    /* only the first n bytes are the key */
    assert_true(ec_key_parse("18/305 trailing", 6, &code, &sub));
    assert_int_equal(code, 18);
    assert_int_equal(sub, 305);
    assert_true(ec_key_parse("18/305", 5, &code, &sub));
    assert_int_equal(sub, 30);
    /* an embedded NUL inside n is not a key */
    assert_false(ec_key_parse("1/0\0", 4, &code, &sub));
    assert_false(ec_key_parse("1/0", 0, &code, &sub));
}

/* ---- ec_key_cmp ---- */

static void test_key_cmp_order(void **state)
{
    (void)state;
    static const int32_t sorted[][2] = {
        {INT32_MIN, 0},
        {-2, 5},
        {-1, 0},
        {-1, 1},
        {0, -1},
        {0, 0},
        {0, 1},
        {9, 0},
        {10, 0},
        {18, 100},
        {18, 305},
        {18, 602},
        {21, 0},
        {INT32_MAX, INT32_MIN},
        {INT32_MAX, INT32_MAX},
    };
    size_t n = sizeof sorted / sizeof *sorted;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int want = i < j ? -1 : i > j ? 1 : 0;
            int got = ec_key_cmp(sorted[i][0], sorted[i][1], sorted[j][0], sorted[j][1]);
            int sign = (got > 0) - (got < 0);
            if (sign != want)
                fail_msg("ec_key_cmp(%d/%d, %d/%d) = %d, want sign %d", sorted[i][0], sorted[i][1],
                         sorted[j][0], sorted[j][1], got, want);
        }
    }
    /* the named examples */
    assert_true(ec_key_cmp(9, 0, 10, 0) < 0);
    assert_true(ec_key_cmp(10, 0, 18, 100) < 0);
    assert_true(ec_key_cmp(18, 100, 18, 602) < 0);
    assert_true(ec_key_cmp(18, 602, 21, 0) < 0);
    assert_true(ec_key_cmp(-1, 0, 0, 0) < 0);
    assert_int_equal(ec_key_cmp(18, 305, 18, 305), 0);
    /* no overflow at the extremes */
    assert_true(ec_key_cmp(INT32_MIN, 0, INT32_MAX, 0) < 0);
    assert_true(ec_key_cmp(0, INT32_MAX, 0, INT32_MIN) > 0);
}

/* ---- ec_locale_add / ec_locale_sort / ec_locale_find ---- */

static void add(ec_locale *l, int32_t code, int32_t sub, int line)
{
    ec_entry *e = ec_locale_add(l);
    e->code = code;
    e->sub = sub;
    e->pos.line = line;
    e->pos.col = 3;
}

static void free_locale(ec_locale *l)
{
    free(l->entries); /* keys are inline, texts would be in l->arena */
    ec_arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}

static void test_locale_add_zeroes(void **state)
{
    (void)state;
    ec_locale l = {0};
    for (int i = 0; i < 200; i++) {
        ec_entry *e = ec_locale_add(&l);
        assert_non_null(e);
        assert_ptr_equal(e, &l.entries[i]);
        assert_int_equal(l.n, (size_t)i + 1);
        assert_true(l.cap >= l.n);
        assert_int_equal(e->code, 0);
        assert_int_equal(e->sub, 0);
        assert_null(e->text);
        assert_null(ec_norm(e));
        assert_int_equal(EC_X(e)->ignore, 0);
        assert_false(e->text_ok);
        assert_int_equal(e->code, 0);
        assert_int_equal(e->pos.line, 0);
    }
    free(l.entries);
}

/* Reserved room keeps the entries added before it, and entries added up
 * to it stay where they are; past it, the array grows as before. */
static void test_locale_reserve(void **state)
{
    (void)state;
    ec_locale l = {0};
    add(&l, 1, 1, 1);
    add(&l, 1, 2, 2);
    ec_locale_reserve(&l, 100000); /* large: placed for huge pages */
    assert_int_equal(l.cap, 100000);
    assert_int_equal(l.n, 2);
    assert_string_equal(EC_KEY(&l.entries[0]), "1/1");
    assert_string_equal(EC_KEY(&l.entries[1]), "1/2");
    const ec_entry *first = l.entries;
    for (int i = 2; i < 100000; i++)
        add(&l, 2, i, i + 1);
    assert_ptr_equal(l.entries, first);
    assert_int_equal(l.cap, 100000);
    ec_locale_reserve(&l, 10); /* less than held: nothing changes */
    assert_ptr_equal(l.entries, first);
    add(&l, 3, 0, 100001);
    assert_true(l.cap > 100000);
    assert_int_equal(l.n, 100001);
    assert_string_equal(EC_KEY(&l.entries[0]), "1/1");
    assert_string_equal(EC_KEY(&l.entries[99999]), "2/99999");
    assert_string_equal(EC_KEY(&l.entries[100000]), "3/0");
    assert_int_equal(l.entries[100000].pos.line, 100001);
    ec_locale_reserve(&l, SIZE_MAX); /* cannot be had: only a hint */
    assert_int_equal(l.n, 100001);
    assert_string_equal(EC_KEY(&l.entries[50000]), "2/50000");
    free_locale(&l);
}

/* ec_locale_find_next() finds what ec_locale_find() finds, whatever the
 * order of the questions: ascending (the cursor's case), repeated, going
 * back, jumping far, and keys the locale lacks. */
static void test_locale_find_next(void **state)
{
    (void)state;
    ec_locale l = {0};
    for (int i = 0; i < 3000; i++)
        add(&l, i / 100, (i % 100) * 2, i + 1); /* even sub-codes only */
    size_t at = 0;
    unsigned seed = 7;
    for (int q = 0; q < 20000; q++) {
        int32_t code, sub;
        if (q < 6000) { /* ascending, every key and every gap */
            code = (q / 2) / 100;
            sub = ((q / 2) % 100) * 2 + (q % 2);
        } else {
            seed = seed * 1103515245u + 12345u;
            code = (int32_t)((seed >> 8) % 32) - 1;
            sub = (int32_t)((seed >> 16) % 202) - 1;
        }
        const ec_entry *want = ec_locale_find(&l, code, sub);
        const ec_entry *got = ec_locale_find_next(&l, code, sub, &at);
        assert_ptr_equal(got, want);
        assert_true(at <= l.n);
        if (q % 7 == 0) /* asked again */
            assert_ptr_equal(ec_locale_find_next(&l, code, sub, &at), want);
    }
    size_t past = l.n + 5; /* a cursor past the end */
    assert_ptr_equal(ec_locale_find_next(&l, 0, 0, &past), &l.entries[0]);
    assert_int_equal(past, 1);
    ec_locale empty = {0};
    size_t z = 0;
    assert_null(ec_locale_find_next(&empty, 0, 0, &z));
    assert_int_equal(z, 0);
    free_locale(&l);
}

/* A key's C symbol: its name when the source entry has one, else the two
 * codes, M for a minus sign. */
static void test_symbol(void **state)
{
    (void)state;
    static const struct {
        int32_t code, sub;
        const char *want;
    } cases[] = {
        {0, 0, "LIVE_0_0"},
        {18, 305, "LIVE_18_305"},
        {-1, 5, "LIVE_M1_5"},
        {7, -20, "LIVE_7_M20"},
        {INT32_MIN, INT32_MAX, "LIVE_M2147483648_2147483647"},
        {INT32_MAX, INT32_MIN, "LIVE_2147483647_M2147483648"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = ec_symbol("LIVE", NULL, cases[i].code, cases[i].sub);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
    ec_arena a = {0};
    ec_entry e = {0};
    ec_entry_extra_of(&a, &e)->name = "PUSH_REJECTED";
    char *named = ec_symbol("LIVE", &e, 1, 2);
    assert_string_equal(named, "LIVE_PUSH_REJECTED");
    free(named);
    ec_arena_free(&a);
}

static void test_locale_sort_and_find(void **state)
{
    (void)state;
    ec_locale l = {0};
    add(&l, 21, 0, 1);
    add(&l, 18, 602, 2);
    add(&l, 10, 0, 3);
    add(&l, 18, 100, 4);
    add(&l, 9, 0, 5);
    add(&l, -1, 0, 6);
    add(&l, 0, 0, 7);
    add(&l, 18, 305, 8);
    ec_locale_sort(&l);
    static const char *const want[] = {"-1/0",   "0/0",    "9/0",    "10/0",
                                       "18/100", "18/305", "18/602", "21/0"};
    assert_int_equal(l.n, 8);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(EC_KEY(&l.entries[i]), want[i]);

    for (size_t i = 0; i < l.n; i++) {
        const ec_entry *e = ec_locale_find(&l, l.entries[i].code, l.entries[i].sub);
        assert_ptr_equal(e, &l.entries[i]);
    }
    const ec_entry *e = ec_locale_find(&l, 18, 305);
    assert_non_null(e);
    assert_string_equal(EC_KEY(e), "18/305");
    assert_int_equal(e->pos.line, 8);
    assert_null(ec_locale_find(&l, 18, 306));
    assert_null(ec_locale_find(&l, 18, 0));
    assert_null(ec_locale_find(&l, -2, 0));
    assert_null(ec_locale_find(&l, 22, 0));
    assert_null(ec_locale_find(&l, 1, 0));
    free_locale(&l);
}

static void test_locale_find_empty(void **state)
{
    (void)state;
    ec_locale l = {0};
    assert_null(ec_locale_find(&l, 0, 0));
    ec_locale_sort(&l);
    assert_int_equal(l.n, 0);
    add(&l, 5, 0, 1);
    ec_locale_sort(&l);
    assert_non_null(ec_locale_find(&l, 5, 0));
    assert_null(ec_locale_find(&l, 4, 0));
    assert_null(ec_locale_find(&l, 6, 0));
    free_locale(&l);
}

static void test_locale_sort_duplicates_stable(void **state)
{
    (void)state;
    ec_locale l = {0};
    add(&l, 3, 0, 40);
    add(&l, 1, 0, 10);
    add(&l, 3, 0, 20);
    add(&l, 2, 0, 5);
    add(&l, 3, 0, 30);
    ec_locale_sort(&l);
    assert_string_equal(EC_KEY(&l.entries[0]), "1/0");
    assert_string_equal(EC_KEY(&l.entries[1]), "2/0");
    /* duplicates keep their file (line) order */
    assert_int_equal(l.entries[2].pos.line, 20);
    assert_int_equal(l.entries[3].pos.line, 30);
    assert_int_equal(l.entries[4].pos.line, 40);
    /* find returns one of the duplicates: the first in order */
    const ec_entry *e = ec_locale_find(&l, 3, 0);
    assert_non_null(e);
    assert_int_equal(e->pos.line, 20);
    free_locale(&l);
}

static void test_locale_many_keys(void **state)
{
    (void)state;
    ec_locale l = {0};
    /* 3000 keys inserted in a scrambled order */
    const int n = 3000;
    for (int i = 0; i < n; i++) {
        int k = (i * 7919) % n; /* 7919 is prime and coprime with 3000 */
        add(&l, k / 50 - 10, k % 50 - 25, i + 1);
    }
    ec_locale_sort(&l);
    assert_int_equal(l.n, (size_t)n);
    for (size_t i = 1; i < l.n; i++)
        assert_true(ec_key_cmp(l.entries[i - 1].code, l.entries[i - 1].sub, l.entries[i].code,
                               l.entries[i].sub) < 0);
    for (int k = 0; k < n; k++) {
        const ec_entry *e = ec_locale_find(&l, k / 50 - 10, k % 50 - 25);
        assert_non_null(e);
        assert_int_equal(e->code, k / 50 - 10);
        assert_int_equal(e->sub, k % 50 - 25);
    }
    assert_null(ec_locale_find(&l, -10, 25));
    assert_null(ec_locale_find(&l, 50, -25));
    free_locale(&l);
}

/* ---- check table ---- */

static void test_check_names(void **state)
{
    (void)state;
    /* the ids released so far keep their values (the enum is append-only) */
    static const struct {
        ec_check_id id;
        const char *name;
        bool check;
    } known[] = {
        {EC_CHECK_SYNTAX, "syntax", true},
        {EC_CHECK_SCHEMA, "schema", true},
        {EC_CHECK_DUPLICATE, "duplicate", true},
        {EC_CHECK_ENCODING, "encoding", true},
        {EC_CHECK_MISSING, "missing", true},
        {EC_CHECK_EMPTY, "empty", true},
        {EC_CHECK_PLACEHOLDER, "placeholder", true},
        {EC_CHECK_DRIFT, "drift", true},
        {EC_CHECK_TERMS, "terms", true},
        {EC_CHECK_STALE, "stale", true},
        {EC_CHECK_UNTRANSLATED, "untranslated", true},
        {EC_CHECK_SCRIPT, "script", true},
        {EC_CHECK_WHITESPACE, "whitespace", true},
        {EC_CHECK_NFC, "nfc", true},
        {EC_CHECK_IO, "io", false},
        {EC_CHECK_TEMPLATE, "template", false},
        {EC_CHECK_OUTPUT, "output", false},
        {EC_CHECK_IMPORT, "import", false},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        assert_int_equal(known[i].id, (int)i);
        assert_string_equal(ec_check_name(known[i].id), known[i].name);
        assert_int_equal(ec_check_is_check(known[i].id), known[i].check);
    }
    /* every id, those appended later included: a name of its own, found by
     * name only when it is a check (--disable, ignore:), a description */
    for (int i = 0; i < EC_CHECK_COUNT; i++) {
        const char *name = ec_check_name((ec_check_id)i);
        assert_non_null(name);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(ec_check_name((ec_check_id)j), name);
        assert_int_equal(ec_check_from_name(name), ec_check_is_check((ec_check_id)i) ? i : -1);
        assert_true(strlen(ec_check_description((ec_check_id)i)) > 0);
    }
    assert_null(ec_check_name(EC_CHECK_COUNT));
    assert_int_equal(ec_check_from_name("nope"), -1);
    assert_int_equal(ec_check_from_name("io"), -1);
    assert_int_equal(ec_check_from_name("Drift"), -1);
    /* default severities of README "Checks" */
    for (int i = EC_CHECK_SYNTAX; i <= EC_CHECK_DRIFT; i++)
        assert_int_equal(ec_check_default_severity((ec_check_id)i), EC_SEV_ERROR);
    for (int i = EC_CHECK_TERMS; i <= EC_CHECK_NFC; i++)
        assert_int_equal(ec_check_default_severity((ec_check_id)i), EC_SEV_WARNING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_parse_accepts),
        cmocka_unit_test(test_key_parse_rejects),
        cmocka_unit_test(test_key_parse_uses_length),
        cmocka_unit_test(test_key_cmp_order),
        cmocka_unit_test(test_locale_add_zeroes),
        cmocka_unit_test(test_locale_reserve),
        cmocka_unit_test(test_locale_find_next),
        cmocka_unit_test(test_symbol),
        cmocka_unit_test(test_locale_sort_and_find),
        cmocka_unit_test(test_locale_find_empty),
        cmocka_unit_test(test_locale_sort_duplicates_stable),
        cmocka_unit_test(test_locale_many_keys),
        cmocka_unit_test(test_check_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
