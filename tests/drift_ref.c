/* The drift reference (see drift_ref.h).
 *
 * Two keys disagree in locale L when a strict majority, and at least two,
 * of the other locales that have both keys group them otherwise than L (one
 * text vs two); every pair of keys is tried. Per connected component of the
 * disagreement graph, every subset is tried, in order of size, for the
 * minimum vertex covers: a key in all of them is named alone, the keys in
 * only some of them together, as one tie. Slow and plain on purpose: it
 * shares nothing with src/check/check_drift.c but the definition. */
#include "drift_ref.h"

#include "base/buf.h"
#include "errcat/errcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tags[DR_MAXL] = {"en", "de", "fr", "ja", "ko", "zh", "ru", "pt"};

/* Appends a string the list then owns. */
static void push(dr_list *l, char *s)
{
    if (l->n == l->cap)
        l->v = ec_xrealloc(l->v, (l->cap = l->cap ? l->cap * 2 : 16) * sizeof *l->v);
    l->v[l->n++] = s;
}

void dr_list_free(dr_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    *l = (dr_list){0};
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Sorts the list, so that two lists compare string by string. */
static void sort(dr_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

int dr_rand(uint64_t *state, int n)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (int)(*state % (uint64_t)n);
}

/* A number in [lo, hi]. */
static int between(uint64_t *state, int lo, int hi)
{
    return lo + dr_rand(state, hi - lo + 1);
}

void dr_make(dr_cat *c, const dr_params *p, uint64_t *s)
{
    c->nl = between(s, p->min_locales, p->max_locales);
    c->nk = between(s, p->min_keys, p->max_keys);
    /* groups of 1 (a third of them) or 2 to max_group keys, shuffled */
    int base[DR_MAXK], ngroups = 0;
    for (int k = 0; k < c->nk; ngroups++) {
        int size = dr_rand(s, 3) ? between(s, 2, p->max_group) : 1;
        for (int j = 0; j < size && k < c->nk; j++)
            base[k++] = ngroups;
    }
    for (int k = c->nk - 1; k > 0; k--) {
        int j = dr_rand(s, k + 1), t = base[k];
        base[k] = base[j];
        base[j] = t;
    }
    for (int l = 0; l < c->nl; l++)
        for (int k = 0; k < c->nk; k++)
            c->grp[l][k] = base[k];
    if (dr_rand(s, 100) < p->absent_percent)
        for (int l = 1; l < c->nl; l++)
            for (int k = 0; k < c->nk; k++)
                if (!dr_rand(s, 12))
                    c->grp[l][k] = DR_ABSENT;
    int faults = between(s, 1, p->max_faults), fresh = ngroups;
    for (int f = 0; f < faults; f++) {
        int l = dr_rand(s, c->nl), k = dr_rand(s, c->nk);
        if (dr_rand(s, 2)) {
            int from = dr_rand(s, c->nk);
            if (c->grp[l][from] != DR_ABSENT)
                c->grp[l][k] = c->grp[l][from];
        } else {
            c->grp[l][k] = fresh++;
        }
    }
}

bool dr_has_absent(const dr_cat *c)
{
    for (int l = 0; l < c->nl; l++)
        for (int k = 0; k < c->nk; k++)
            if (c->grp[l][k] == DR_ABSENT)
                return true;
    return false;
}

/* ---- the reference ---- */

/* The exhaustive search of one component's minimum vertex covers: its
 * keys are 0..n-1, adj[i * n + j] says whether i and j disagree. */
typedef struct {
    int n;
    bool *adj;
    bool *in;         /* the subset being built */
    bool *all, *some; /* in every minimum cover, in some */
    bool found;
    size_t steps, budget;
} search;

/* Decides key v, then the keys after it, with `left` more keys to put in
 * the subset: every subset of that size is reached, except that a key is
 * left out only when all its earlier neighbours are in (else an edge would
 * stay uncovered). So each cover of the size is found, and nothing else. */
static void subsets(search *x, int v, int left)
{
    if (++x->steps > x->budget || left > x->n - v)
        return;
    if (v == x->n) {
        for (int i = 0; i < x->n; i++) {
            x->all[i] = x->in[i] && (x->all[i] || !x->found);
            x->some[i] |= x->in[i];
        }
        x->found = true;
        return;
    }
    if (left) {
        x->in[v] = true;
        subsets(x, v + 1, left - 1);
        x->in[v] = false;
    }
    for (int u = 0; u < v; u++)
        if (x->adj[v * x->n + u] && !x->in[u])
            return;
    subsets(x, v + 1, left);
}

/* The covers of each size, smallest first, until some are found; false
 * when that takes more than `budget` steps. */
static bool solve(search *x)
{
    for (int size = 0; size <= x->n && !x->found; size++)
        subsets(x, 0, size);
    return x->steps <= x->budget;
}

/* The locales in which keys a and b disagree, one bit each. */
static unsigned disagreements(const dr_cat *c, int a, int b)
{
    int both = 0, same = 0;
    bool is_same[DR_MAXL] = {0}, has[DR_MAXL] = {0};
    for (int l = 0; l < c->nl; l++) {
        has[l] = c->grp[l][a] != DR_ABSENT && c->grp[l][b] != DR_ABSENT;
        is_same[l] = has[l] && c->grp[l][a] == c->grp[l][b];
        both += has[l];
        same += is_same[l];
    }
    unsigned in = 0;
    for (int l = 0; l < c->nl; l++) {
        if (!has[l])
            continue;
        /* the other locales that have both: how many group them otherwise */
        int eligible = both - 1, against = is_same[l] ? eligible - (same - 1) : same;
        if (against >= 2 && against * 2 > eligible)
            in |= 1u << l;
    }
    return in;
}

/* The findings of one component (keys comp[0..n), in key order) of
 * locale l; false when it is too large to search. */
static bool component(const dr_cat *c, int code, int l, const unsigned char *edge, const int *comp,
                      int n, size_t budget, dr_list *out)
{
    search x = {.n = n, .budget = budget};
    x.adj = ec_xcalloc((size_t)n * n, sizeof *x.adj);
    x.in = ec_xcalloc((size_t)n, sizeof *x.in);
    x.all = ec_xcalloc((size_t)n, sizeof *x.all);
    x.some = ec_xcalloc((size_t)n, sizeof *x.some);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            x.adj[i * n + j] = edge[comp[i] * c->nk + comp[j]] >> l & 1;
    bool ok = solve(&x);
    ec_buf b = {0};
    for (int i = 0; ok && i < n; i++)
        if (x.all[i]) {
            ec_buf_printf(&b, "%s %d/%d error", tags[l], code, comp[i] + 1);
            push(out, ec_buf_take(&b));
        }
    const char *sep = "";
    for (int i = 0; ok && i < n; i++)
        if (x.some[i] && !x.all[i]) {
            if (!*sep)
                ec_buf_printf(&b, "%s ", tags[l]);
            ec_buf_printf(&b, "%s%d/%d", sep, code, comp[i] + 1);
            sep = ",";
        }
    if (*sep) {
        ec_buf_puts(&b, " error");
        push(out, ec_buf_take(&b));
    }
    free(x.adj);
    free(x.in);
    free(x.all);
    free(x.some);
    return ok;
}

bool dr_reference(const dr_cat *c, int code, size_t budget, dr_list *out)
{
    int nk = c->nk;
    /* per pair of keys, the locales in which they disagree */
    unsigned char *edge = ec_xcalloc((size_t)nk * nk + 1, 1), *any = ec_xcalloc((size_t)nk + 1, 1);
    for (int a = 0; a < nk; a++)
        for (int b = a + 1; b < nk; b++) {
            edge[a * nk + b] = edge[b * nk + a] = (unsigned char)disagreements(c, a, b);
            any[a] |= edge[a * nk + b];
            any[b] |= edge[a * nk + b];
        }
    int *label = ec_xmalloc(sizeof *label * (nk + 1)), *comp = ec_xmalloc(sizeof *comp * (nk + 1));
    bool ok = true;
    for (int l = 0; l < c->nl && ok; l++) {
        for (int a = 0; a < nk; a++)
            label[a] = -1;
        for (int r = 0; r < nk && ok; r++) {
            if (label[r] >= 0 || !(any[r] >> l & 1))
                continue;
            /* the component of key r: every key reached through edges of l */
            int n = 0;
            label[r] = r;
            comp[n++] = r;
            for (int i = 0; i < n; i++)
                for (int b = 0; b < nk; b++)
                    if ((edge[comp[i] * nk + b] >> l & 1) && label[b] < 0) {
                        label[b] = r;
                        comp[n++] = b;
                    }
            if (n > 1) {
                qsort(comp, (size_t)n, sizeof *comp, cmp_int);
                ok = component(c, code, l, edge, comp, n, budget, out);
            }
        }
    }
    free(any);
    free(label);
    free(comp);
    free(edge);
    if (!ok)
        dr_list_free(out);
    sort(out);
    return ok;
}

/* ---- errcat ---- */

/* The locale files of catalogs c[0..n), packed: catalog j's key k is
 * "j/k+1" and its texts are its own ("Text de j g"). */
static size_t pack_files(const dr_cat *c, size_t n, ec_buf *files, ec_file *f, char (*names)[16])
{
    int nl = 0;
    for (size_t j = 0; j < n; j++)
        nl = c[j].nl > nl ? c[j].nl : nl;
    ec_buf_printf(&files[0], "name: ref\nsource: en\nlocales: [");
    for (int l = 0; l < nl; l++)
        ec_buf_printf(&files[0], "%s%s", l ? ", " : "", tags[l]);
    ec_buf_puts(&files[0], "]\n");
    f[0] = (ec_file){"catalog.yaml", files[0].data, files[0].len};
    for (int l = 0; l < nl; l++) {
        ec_buf *b = &files[l + 1];
        ec_buf_printf(b, "locale: %s\nmessages:\n", tags[l]);
        for (size_t j = 0; j < n; j++)
            for (int k = 0; l < c[j].nl && k < c[j].nk; k++)
                if (c[j].grp[l][k] != DR_ABSENT)
                    ec_buf_printf(b, "  \"%zu/%d\": Text %s %zu %d\n", j, k + 1, tags[l], j,
                                  c[j].grp[l][k]);
        snprintf(names[l], sizeof names[l], "%s.yaml", tags[l]);
        f[l + 1] = (ec_file){names[l], b->data, b->len};
    }
    return (size_t)nl + 1;
}

bool dr_errcat(const dr_cat *c, size_t n, dr_list *out)
{
    ec_buf files[DR_MAXL + 1] = {{0}};
    ec_file f[DR_MAXL + 1];
    char names[DR_MAXL][16];
    size_t nfiles = pack_files(c, n, files, f, names);
    ec_report *r = ec_report_new();
    ec_catalog *loaded = ec_catalog_load_files("ref", f, nfiles, r);
    if (loaded) {
        ec_check_options opt = {0};
        for (int k = 0; k < EC_CHECK_COUNT; k++)
            opt.disabled[k] = k != EC_CHECK_DRIFT;
        ec_check_run(loaded, &opt, r);
    }
    bool ok = loaded != NULL;
    for (size_t i = 0; loaded && i < ec_report_count(r); i++) {
        ec_finding x = ec_report_get(r, i);
        char *end;
        unsigned long j = strtoul(x.key ? x.key : "", &end, 10);
        if (x.check != EC_CHECK_DRIFT || !x.key || *end != '/' || j >= n) {
            ok = false; /* a finding of nothing the catalogs hold */
            continue;
        }
        if (x.severity != EC_SEV_ERROR && dr_has_absent(&c[j]))
            continue;
        ec_buf b = {0};
        ec_buf_printf(&b, "%s %s", x.locale, x.key);
        for (size_t k = 0; k < x.nrelated; k++)
            ec_buf_printf(&b, ",%s", x.related[k].key);
        ec_buf_printf(&b, " %s", x.severity == EC_SEV_ERROR ? "error" : "warning");
        if (strstr(x.message, "too much for errcat"))
            ec_buf_puts(&b, " too-large");
        push(&out[j], ec_buf_take(&b));
    }
    ec_report_free(r);
    ec_catalog_free(loaded);
    for (size_t l = 0; l < nfiles; l++)
        ec_buf_free(&files[l]);
    for (size_t j = 0; j < n; j++)
        sort(&out[j]);
    return ok;
}

void dr_dump(const dr_cat *c, const dr_list *want, const dr_list *got)
{
    for (int l = 0; l < c->nl; l++) {
        fprintf(stderr, "%s:", tags[l]);
        for (int k = 0; k < c->nk; k++)
            fprintf(stderr, " %d", c->grp[l][k]);
        fprintf(stderr, "\n");
    }
    fprintf(stderr, "reference:\n");
    for (size_t i = 0; i < want->n; i++)
        fprintf(stderr, "  %s\n", want->v[i]);
    fprintf(stderr, "errcat:\n");
    for (size_t i = 0; i < got->n; i++)
        fprintf(stderr, "  %s\n", got->v[i]);
}

bool dr_same(const dr_list *a, const dr_list *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return false;
    return true;
}

size_t dr_too_large(const dr_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        size_t len = strlen(l->v[i]);
        n += len >= 10 && !strcmp(l->v[i] + len - 10, " too-large");
    }
    return n;
}
