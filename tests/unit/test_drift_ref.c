/* The drift check against a deliberately simple reference of its
 * definition (tests/drift_ref.c, shared with fuzz/fuzz_drift.c): on
 * thousands of random catalogs with injected faults, errcat's drift findings
 * name the same keys as the reference, key for key: which keys alone, which
 * together in a tie, in which locale, with which severity.
 *
 * - small: 3,000 catalogs (1,000 under AddressSanitizer) of 3 to 6 locales
 *   and 4 to 12 keys, 1 to 3 faults;
 * - large: 1,200 catalogs (120 under AddressSanitizer) of 3 to 8 locales
 *   and 20 to 300 keys, groups of every size up to 30 keys, 1 to 10 faults,
 *   and in a quarter of them translations that lack a key here and there.
 *
 * errcat loads PACK catalogs at a time as one (drift_ref.h says why that
 * changes no finding).
 *
 * A catalog whose component is too large for the reference's exhaustive
 * search is skipped and counted (the count must stay under 1%); errcat
 * saying that a component was too large to solve exactly is a mismatch
 * unless the reference found it too large too. Where no locale lacks a key,
 * errcat must give no warning (every pair has two voters or more); where
 * some do, its single-voter warnings are left out, as the reference does not
 * define them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift_ref.h"
#include "errcat/errcat.h"

/* What the comparison of a series of catalogs saw. */
typedef struct {
    size_t findings, ties, skipped, too_large;
} tally;

/* Under AddressSanitizer (scripts/test's second tree), where parsing YAML
 * costs thirty times as much, each series stops after its first SMALL and
 * LARGE catalogs. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
enum { SMALL = 1000, LARGE = 120 };
#else
enum { SMALL = 3000, LARGE = 1200 };
#endif

/* Catalogs errcat loads as one (README "Tests"): loading costs more than
 * checking small catalogs, above all under AddressSanitizer. */
enum { PACK = 24 };

/* Compares errcat with the reference on `count` catalogs made with `p`. */
static tally compare(const dr_params *p, int count, uint64_t seed, size_t budget)
{
    tally t = {0};
    uint64_t state = seed;
    dr_cat *c = malloc(PACK * sizeof *c);
    for (int i = 0; i < count; i += PACK) {
        size_t n = (size_t)(count - i < PACK ? count - i : PACK);
        dr_list want[PACK] = {{0}}, got[PACK] = {{0}};
        for (size_t j = 0; j < n; j++)
            dr_make(&c[j], p, &state);
        assert_true(dr_errcat(c, n, got));
        for (size_t j = 0; j < n; j++) {
            if (!dr_reference(&c[j], (int)j, budget, &want[j])) {
                /* the reference cannot tell: nothing to compare */
                t.skipped++;
                t.too_large += dr_too_large(&got[j]) > 0;
            } else if (!dr_same(&want[j], &got[j])) {
                dr_dump(&c[j], &want[j], &got[j]);
                fail_msg("catalog %d (keys %zu/...): errcat's drift findings differ from the "
                         "reference",
                         i + (int)j, j);
            }
            for (size_t k = 0; k < want[j].n; k++) {
                t.findings++;
                t.ties += strchr(want[j].v[k], ',') != NULL;
            }
            dr_list_free(&want[j]);
            dr_list_free(&got[j]);
        }
    }
    free(c);
    fprintf(stderr,
            "%d catalogs: %zu findings, %zu of them ties; %zu skipped (%zu too large for "
            "errcat too)\n",
            count, t.findings, t.ties, t.skipped, t.too_large);
    return t;
}

static void test_drift_small(void **state)
{
    (void)state;
    enum { CATALOGS = SMALL };
    dr_params p = {3, 6, 4, 12, 6, 3, 0};
    tally t = compare(&p, CATALOGS, 0x9E3779B97F4A7C15u, (size_t)1 << 16);
    /* the catalogs give both kinds of finding, so the comparison means something */
    assert_true(t.findings > CATALOGS / 2);
    assert_true(t.ties > CATALOGS / 20);
    assert_int_equal(t.skipped, 0);
}

static void test_drift_large(void **state)
{
    (void)state;
    enum { CATALOGS = LARGE };
    dr_params p = {3, 8, 20, 300, 30, 10, 25};
    tally t = compare(&p, CATALOGS, 0xD1B54A32D192ED03u, (size_t)1 << 20);
    assert_true(t.findings > CATALOGS * 3);
    assert_true(t.ties > CATALOGS / 10);
    assert_true(t.skipped * 100 < CATALOGS);
}

int main(void)
{
    /* thousands of small runs: threads would cost more than they give */
    ec_set_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drift_small),
        cmocka_unit_test(test_drift_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
