/* The drift check against a deliberately simple reference of its
 * definition: on thousands of small random catalogs with injected faults,
 * errcat's drift findings name the same keys as the reference, key for key.
 *
 * The reference: two keys disagree in locale L when a strict majority, and
 * at least two, of the other locales that have both group them otherwise
 * (one text vs two); all pairs are tried. Per connected component of the
 * disagreement graph, every subset is tried in order of size for the minimum
 * vertex covers; a key in all of them is named alone, the keys in only some
 * of them together, as one tie. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "errcat/errcat.h"

enum { MAXL = 6, MAXK = 12, CATALOGS = 3000 };

static const char *const tags[MAXL] = {"en", "de", "fr", "ja", "ko", "zh"};

/* A small random catalog: per locale, per key, a group number (equal
 * numbers: one text). */
typedef struct {
    int nl, nk;
    int grp[MAXL][MAXK];
} cat;

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* xorshift64: the same catalogs on every run */
static int rnd(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

/* The groups all locales agree on, then 1 to 3 faults: a key copies
 * another key's text, or is re-worded on its own, in any locale. */
static void make(cat *c)
{
    c->nl = 3 + rnd(MAXL - 2);
    c->nk = 4 + rnd(MAXK - 3);
    int base[MAXK];
    int ngroups = 1 + rnd(c->nk);
    for (int k = 0; k < c->nk; k++)
        base[k] = rnd(ngroups);
    for (int l = 0; l < c->nl; l++)
        for (int k = 0; k < c->nk; k++)
            c->grp[l][k] = base[k];
    int faults = 1 + rnd(3);
    for (int f = 0; f < faults; f++) {
        int l = rnd(c->nl), k = rnd(c->nk);
        if (rnd(2))
            c->grp[l][k] = c->grp[l][rnd(c->nk)];
        else
            c->grp[l][k] = 100 + f;
    }
}

/* Do keys a and b disagree in locale l? */
static bool ref_disagree(const cat *c, int l, int a, int b)
{
    bool same = c->grp[l][a] == c->grp[l][b];
    int eligible = 0, against = 0;
    for (int v = 0; v < c->nl; v++) {
        if (v == l)
            continue;
        eligible++;
        against += (c->grp[v][a] == c->grp[v][b]) != same;
    }
    return against >= 2 && against * 2 > eligible;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The reference's findings, one line each: "locale key[,key...]". */
static size_t reference(const cat *c, char **out)
{
    size_t n = 0;
    for (int l = 0; l < c->nl; l++) {
        bool adj[MAXK][MAXK] = {{0}};
        int comp[MAXK];
        for (int a = 0; a < c->nk; a++) {
            comp[a] = a;
            for (int b = 0; b < c->nk; b++)
                adj[a][b] = a != b && ref_disagree(c, l, a, b);
        }
        /* components: relabel until nothing changes */
        for (bool changed = true; changed;) {
            changed = false;
            for (int a = 0; a < c->nk; a++)
                for (int b = 0; b < c->nk; b++)
                    if (adj[a][b] && comp[b] != comp[a]) {
                        int m = comp[a] < comp[b] ? comp[a] : comp[b];
                        comp[a] = comp[b] = m;
                        changed = true;
                    }
        }
        for (int r = 0; r < c->nk; r++) {
            unsigned members = 0;
            for (int a = 0; a < c->nk; a++)
                if (comp[a] == r && (a != r || 1))
                    for (int b = 0; b < c->nk; b++)
                        if (adj[a][b])
                            members |= 1u << a;
            if (!members)
                continue;
            unsigned all = 0, some = 0;
            bool found = false;
            for (int size = 0; size <= c->nk && !found; size++)
                for (unsigned s = 0; s < (1u << c->nk); s++) {
                    if ((s & ~members) || __builtin_popcount(s) != size)
                        continue;
                    bool covers = true;
                    for (int a = 0; a < c->nk && covers; a++)
                        for (int b = 0; b < c->nk && covers; b++)
                            if (adj[a][b] && (members >> a & 1) && !(s >> a & 1) && !(s >> b & 1))
                                covers = false;
                    if (!covers)
                        continue;
                    all = found ? all & s : s;
                    some |= s;
                    found = true;
                }
            ec_buf b = {0};
            for (int a = 0; a < c->nk; a++)
                if (all >> a & 1) {
                    ec_buf_printf(&b, "%s %d/0", tags[l], a + 1);
                    out[n++] = ec_buf_take(&b);
                }
            unsigned tie = some & ~all;
            if (tie) {
                ec_buf_printf(&b, "%s ", tags[l]);
                const char *sep = "";
                for (int a = 0; a < c->nk; a++)
                    if (tie >> a & 1) {
                        ec_buf_printf(&b, "%s%d/0", sep, a + 1);
                        sep = ",";
                    }
                out[n++] = ec_buf_take(&b);
            }
        }
    }
    qsort(out, n, sizeof *out, cmp_str);
    return n;
}

/* errcat's drift errors, in the reference's form. */
static size_t errcat_findings(const cat *c, char **out)
{
    ec_buf files[MAXL + 1] = {{0}};
    ec_file f[MAXL + 1];
    ec_buf_printf(&files[0], "name: ref\nsource: en\nlocales: [");
    for (int l = 0; l < c->nl; l++)
        ec_buf_printf(&files[0], "%s%s", l ? ", " : "", tags[l]);
    ec_buf_puts(&files[0], "]\n");
    f[0] = (ec_file){"catalog.yaml", files[0].data, files[0].len};
    char names[MAXL][16];
    for (int l = 0; l < c->nl; l++) {
        ec_buf *b = &files[l + 1];
        ec_buf_printf(b, "locale: %s\nmessages:\n", tags[l]);
        for (int k = 0; k < c->nk; k++)
            ec_buf_printf(b, "  \"%d/0\": Text %s %d\n", k + 1, tags[l], c->grp[l][k]);
        snprintf(names[l], sizeof names[l], "%s.yaml", tags[l]);
        f[l + 1] = (ec_file){names[l], b->data, b->len};
    }
    ec_report *r = ec_report_new();
    ec_catalog *loaded = ec_catalog_load_files("ref", f, (size_t)c->nl + 1, r);
    assert_non_null(loaded);
    ec_check_options opt = {0};
    for (int k = 0; k < EC_CHECK_COUNT; k++)
        opt.disabled[k] = k != EC_CHECK_DRIFT;
    ec_check_run(loaded, &opt, r);
    size_t n = 0;
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding x = ec_report_get(r, i);
        if (x.check != EC_CHECK_DRIFT || x.severity != EC_SEV_ERROR)
            continue;
        ec_buf b = {0};
        ec_buf_printf(&b, "%s %s", x.locale, x.key);
        for (size_t k = 0; k < x.nrelated; k++)
            ec_buf_printf(&b, ",%s", x.related[k].key);
        out[n++] = ec_buf_take(&b);
    }
    ec_report_free(r);
    ec_catalog_free(loaded);
    for (int l = 0; l <= c->nl; l++)
        ec_buf_free(&files[l]);
    qsort(out, n, sizeof *out, cmp_str);
    return n;
}

static void dump(const char *what, char **v, size_t n)
{
    fprintf(stderr, "%s:\n", what);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %s\n", v[i]);
}

static void test_drift_matches_reference(void **state)
{
    (void)state;
    size_t named = 0, ties = 0;
    for (int i = 0; i < CATALOGS; i++) {
        cat c;
        make(&c);
        char *want[MAXL * MAXK], *got[MAXL * MAXK * 2];
        size_t nw = reference(&c, want), ng = errcat_findings(&c, got);
        bool same = nw == ng;
        for (size_t k = 0; same && k < nw; k++)
            same = !strcmp(want[k], got[k]);
        if (!same) {
            for (int l = 0; l < c.nl; l++) {
                fprintf(stderr, "%s:", tags[l]);
                for (int k = 0; k < c.nk; k++)
                    fprintf(stderr, " %d", c.grp[l][k]);
                fprintf(stderr, "\n");
            }
            dump("reference", want, nw);
            dump("errcat", got, ng);
            fail_msg("catalog %d: errcat's drift findings differ from the reference", i);
        }
        for (size_t k = 0; k < nw; k++) {
            named++;
            ties += strchr(want[k], ',') != NULL;
            free(want[k]);
        }
        for (size_t k = 0; k < ng; k++)
            free(got[k]);
    }
    /* the catalogs give both kinds of finding, so the comparison means something */
    fprintf(stderr, "%zu findings, %zu of them ties\n", named, ties);
    assert_true(named > CATALOGS / 2);
    assert_true(ties > CATALOGS / 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drift_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
