/* drift: do the locales group the same keys under one text?
 *
 * Each locale partitions its keys into groups of equal (comparable) text.
 * For a locale L and each other locale V (a voter), the groups of L and V are
 * matched greedily by overlap (the number of keys they share), largest
 * overlap first. Keys on an unmatched overlap are the fewest keys whose
 * texts explain the disagreement with V: the voter blames them. When an
 * unmatched overlap is as large as the matched one it competes with, nothing
 * says which side is wrong, so the keys of both form one tie unit. A key (or
 * tie unit) blamed by a strict majority of at least two voters is reported.
 * Everything is sorting and counting: O(m^2 n log n) for m locales and n
 * keys, never a loop over pairs of keys. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define NO_GROUP ((size_t)-1)
#define LIST_MAX 8

typedef struct {
    size_t *gid;     /* per entry: group id, NO_GROUP when the text is unusable */
    size_t *gfirst;  /* per group: index of its first entry */
    size_t *gsize;   /* per group: number of entries */
    size_t *gnext;   /* per entry: next entry of the same group, or NO_GROUP */
    size_t ngroups;
} groups;

typedef struct {
    size_t gl, gv; /* groups of L and V */
    size_t il;     /* entry index in L */
    size_t iv;     /* entry index in V */
} pair;

typedef struct {
    size_t gl, gv, w;
    size_t first;  /* index into the pair array */
    size_t minkey; /* entry index in L of the edge's first key */
    size_t anchor; /* tie: the matched edge it competes with, else NO_GROUP */
    bool matched;
} edge;

typedef struct {
    size_t *idx;   /* entry indices in L, sorted */
    size_t n;
    size_t votes, eligible;
    uint64_t voters;
    bool split;    /* L splits what voters join (else L joins what they split) */
} unit;

typedef struct {
    const ec_catalog *c;
    groups *g;          /* per locale */
    /* state for the locale L under judgement */
    size_t *votes, *eligible, *first_voter;
    uint64_t *voters;
    unit *units;
    size_t nunits;
    ec_map unit_ids;
    char **unit_keys;   /* owned ids for unit_ids */
} drift;

static void build_groups(const ec_locale *l, groups *g)
{
    ec_map m = {0};
    g->gid = ec_xmalloc((l->n + 1) * sizeof *g->gid);
    g->gnext = ec_xmalloc((l->n + 1) * sizeof *g->gnext);
    g->gfirst = ec_xmalloc((l->n + 1) * sizeof *g->gfirst);
    g->gsize = ec_xcalloc(l->n + 1, sizeof *g->gsize);
    size_t *glast = ec_xmalloc((l->n + 1) * sizeof *glast);
    g->ngroups = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        g->gnext[i] = NO_GROUP;
        if (!e->norm || !e->norm[0]) {
            g->gid[i] = NO_GROUP;
            continue;
        }
        bool added;
        size_t id = ec_map_get_or_add(&m, e->norm, g->ngroups, &added);
        if (added) {
            g->gfirst[id] = i;
            g->ngroups++;
        } else {
            g->gnext[glast[id]] = i;
        }
        glast[id] = i;
        g->gid[i] = id;
        g->gsize[id]++;
    }
    free(glast);
    ec_map_free(&m);
}

static void free_groups(groups *g)
{
    free(g->gid);
    free(g->gnext);
    free(g->gfirst);
    free(g->gsize);
}

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->gl != y->gl)
        return x->gl < y->gl ? -1 : 1;
    if (x->gv != y->gv)
        return x->gv < y->gv ? -1 : 1;
    return (x->il > y->il) - (x->il < y->il);
}

static int edge_cmp(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    /* equal weights: the edge whose first key comes first wins */
    return (x->minkey > y->minkey) - (x->minkey < y->minkey);
}

/* The keys L and V both have, with usable texts in both. */
static pair *common_pairs(const drift *d, size_t li, size_t vi, size_t *np)
{
    const ec_locale *l = &d->c->locales[li], *v = &d->c->locales[vi];
    pair *p = ec_xmalloc((l->n + 1) * sizeof *p);
    size_t n = 0, j = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        while (j < v->n && ec_key_cmp(v->entries[j].code, v->entries[j].sub, e->code, e->sub) < 0)
            j++;
        if (j == v->n || v->entries[j].code != e->code || v->entries[j].sub != e->sub)
            continue;
        size_t gl = d->g[li].gid[i], gv = d->g[vi].gid[j];
        if (gl == NO_GROUP || gv == NO_GROUP)
            continue;
        d->eligible[i]++;
        p[n++] = (pair){gl, gv, i, j};
    }
    *np = n;
    return p;
}

/* Pairs sorted by (gl, gv) -> edges with weights; edges sorted by weight. */
static edge *make_edges(pair *p, size_t np, size_t *ne)
{
    qsort(p, np, sizeof *p, pair_cmp);
    edge *e = ec_xmalloc((np + 1) * sizeof *e);
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        if (n && e[n - 1].gl == p[i].gl && e[n - 1].gv == p[i].gv) {
            e[n - 1].w++;
            continue;
        }
        e[n++] = (edge){p[i].gl, p[i].gv, 1, i, p[i].il, NO_GROUP, false};
    }
    qsort(e, n, sizeof *e, edge_cmp);
    *ne = n;
    return e;
}

static void match_edges(edge *e, size_t ne, size_t ngl, size_t ngv)
{
    size_t *ml = ec_xmalloc((ngl + 1) * sizeof *ml), *mv = ec_xmalloc((ngv + 1) * sizeof *mv);
    for (size_t i = 0; i < ngl; i++)
        ml[i] = NO_GROUP;
    for (size_t i = 0; i < ngv; i++)
        mv[i] = NO_GROUP;
    for (size_t i = 0; i < ne; i++) {
        if (ml[e[i].gl] != NO_GROUP || mv[e[i].gv] != NO_GROUP)
            continue;
        e[i].matched = true;
        ml[e[i].gl] = mv[e[i].gv] = i;
    }
    for (size_t i = 0; i < ne; i++) {
        if (e[i].matched)
            continue;
        size_t a = ml[e[i].gl], b = mv[e[i].gv];
        if (a != NO_GROUP && e[a].w == e[i].w)
            e[i].anchor = a;
        else if (b != NO_GROUP && e[b].w == e[i].w)
            e[i].anchor = b;
    }
    free(ml);
    free(mv);
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Records one vote of voter `vi` for the tie unit with entry indices idx[0..n). */
static void vote_unit(drift *d, size_t *idx, size_t n, size_t vi, bool split)
{
    qsort(idx, n, sizeof *idx, size_cmp);
    ec_buf id = {0};
    for (size_t i = 0; i < n; i++)
        ec_buf_printf(&id, "%zu,", idx[i]);
    bool added;
    size_t u = ec_map_get_or_add(&d->unit_ids, id.data, d->nunits, &added);
    if (added) {
        /* the map borrows the id string: keep it in unit_keys */
        d->units = ec_xrealloc(d->units, (d->nunits + 1) * sizeof *d->units);
        d->unit_keys = ec_xrealloc(d->unit_keys, (d->nunits + 1) * sizeof *d->unit_keys);
        d->unit_keys[d->nunits] = ec_buf_take(&id);
        unit *nu = &d->units[d->nunits++];
        memset(nu, 0, sizeof *nu);
        nu->idx = ec_xmalloc(n * sizeof *nu->idx);
        memcpy(nu->idx, idx, n * sizeof *idx);
        nu->n = n;
        nu->split = split;
    } else {
        ec_buf_free(&id);
    }
    d->units[u].votes++;
    if (vi < 64)
        d->units[u].voters |= (uint64_t)1 << vi;
}

typedef struct {
    size_t anchor, edge;
} tied;

static int tied_cmp(const void *a, const void *b)
{
    const tied *x = a, *y = b;
    if (x->anchor != y->anchor)
        return x->anchor < y->anchor ? -1 : 1;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* Each matched edge with unmatched edges tied to it makes one tie unit: the
 * L entries of the matched edge and of all edges tied to it. */
static void tie_units(drift *d, const edge *e, size_t ne, const pair *p, size_t vi)
{
    tied *t = ec_xmalloc((ne + 1) * sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < ne; i++)
        if (!e[i].matched && e[i].anchor != NO_GROUP)
            t[n++] = (tied){e[i].anchor, i};
    qsort(t, n, sizeof *t, tied_cmp);
    for (size_t s = 0; s < n;) {
        size_t a = t[s].anchor, end = s, total = e[a].w;
        while (end < n && t[end].anchor == a)
            total += e[t[end++].edge].w;
        size_t *idx = ec_xmalloc(total * sizeof *idx), k = 0;
        for (size_t i = 0; i < e[a].w; i++)
            idx[k++] = p[e[a].first + i].il;
        for (size_t u = s; u < end; u++)
            for (size_t i = 0; i < e[t[u].edge].w; i++)
                idx[k++] = p[e[t[u].edge].first + i].il;
        vote_unit(d, idx, k, vi, e[t[s].edge].gl != e[a].gl);
        free(idx);
        s = end;
    }
    free(t);
}

/* One voter V judges L. */
static void judge(drift *d, size_t li, size_t vi)
{
    size_t np, ne;
    pair *p = common_pairs(d, li, vi, &np);
    edge *e = make_edges(p, np, &ne);
    match_edges(e, ne, d->g[li].ngroups, d->g[vi].ngroups);
    for (size_t i = 0; i < ne; i++) {
        if (e[i].matched || e[i].anchor != NO_GROUP)
            continue;
        for (size_t k = 0; k < e[i].w; k++) {
            size_t il = p[e[i].first + k].il;
            if (!d->votes[il]++)
                d->first_voter[il] = vi;
            if (vi < 64)
                d->voters[il] |= (uint64_t)1 << vi;
        }
    }
    tie_units(d, e, ne, p, vi);
    free(e);
    free(p);
}

static void voter_names(ec_buf *b, const ec_catalog *c, uint64_t voters)
{
    bool first = true;
    for (size_t i = 0; i < c->nlocales && i < 64; i++) {
        if (!(voters & ((uint64_t)1 << i)))
            continue;
        ec_buf_printf(b, "%s%s", first ? "" : ", ", c->locales[i].tag);
        first = false;
    }
}

/* Appends the keys of the group of entry `i` in locale `li`, minus entry i. */
static void group_keys(ec_buf *b, const drift *d, size_t li, size_t i)
{
    const ec_locale *l = &d->c->locales[li];
    const groups *g = &d->g[li];
    size_t gid = g->gid[i], listed = 0, total = g->gsize[gid] - 1;
    for (size_t j = g->gfirst[gid]; j != NO_GROUP && listed < LIST_MAX; j = g->gnext[j]) {
        if (j == i)
            continue;
        ec_buf_printf(b, "%s%s", listed ? ", " : "", l->entries[j].key);
        listed++;
    }
    if (total > listed)
        ec_buf_printf(b, " and %zu more", total - listed);
}

static const ec_entry *entry_in(const ec_locale *v, const ec_entry *e, size_t *idx)
{
    const ec_entry *f = ec_locale_find(v, e->code, e->sub);
    if (f)
        *idx = (size_t)(f - v->entries);
    return f;
}

static ec_severity verdict(const drift *d, size_t li, size_t votes, size_t eligible)
{
    if (eligible >= 2)
        return (votes * 2 > eligible && votes >= 2) ? EC_SEV_ERROR : 0;
    /* a single voter: a disagreement, blamed on the translation */
    if (votes == 1 && (int)li != d->c->source_idx)
        return EC_SEV_WARNING;
    return 0;
}

static void report_key(drift *d, ec_ctx *x, size_t li, size_t i, ec_severity sev)
{
    const ec_locale *l = &d->c->locales[li];
    const ec_entry *e = &l->entries[i];
    const ec_locale *v = &d->c->locales[d->first_voter[i]];
    size_t vj = 0;
    entry_in(v, e, &vj);
    ec_buf who = {0}, mine = {0}, theirs = {0};
    voter_names(&who, d->c, d->voters[i]);
    group_keys(&mine, d, li, i);
    group_keys(&theirs, d, (size_t)(v - d->c->locales), vj);
    if (!mine.len)
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s has a text of its own, but %s give it the same text as %s", e->key,
                      who.data, theirs.data);
    else if (!theirs.len)
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s shares its text with %s, but %s give it a text of its own", e->key,
                      mine.data, who.data);
    else
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s shares its text with %s, but %s give it the text of %s", e->key,
                      mine.data, who.data, theirs.data);
    ec_buf_free(&who);
    ec_buf_free(&mine);
    ec_buf_free(&theirs);
}

static void report_unit(drift *d, ec_ctx *x, size_t li, const unit *u, ec_severity sev)
{
    const ec_locale *l = &d->c->locales[li];
    for (size_t k = 0; k < u->n; k++)
        if (l->entries[u->idx[k]].ignore & (1u << EC_CHECK_DRIFT))
            return;
    const ec_entry *e = &l->entries[u->idx[0]];
    ec_buf who = {0}, rest = {0};
    voter_names(&who, d->c, u->voters);
    for (size_t k = 1; k < u->n && k <= LIST_MAX; k++)
        ec_buf_printf(&rest, "%s%s", k > 1 ? ", " : "", l->entries[u->idx[k]].key);
    if (u->n - 1 > LIST_MAX)
        ec_buf_printf(&rest, " and %zu more", u->n - 1 - LIST_MAX);
    if (u->split)
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s has a different text from %s, but %s give them one text", e->key,
                      rest.data, who.data);
    else
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s shares its text with %s, but %s give them different texts", e->key,
                      rest.data, who.data);
    ec_buf_free(&who);
    ec_buf_free(&rest);
}

static void reset_locale_state(drift *d, size_t n)
{
    d->votes = ec_xcalloc(n + 1, sizeof *d->votes);
    d->eligible = ec_xcalloc(n + 1, sizeof *d->eligible);
    d->first_voter = ec_xcalloc(n + 1, sizeof *d->first_voter);
    d->voters = ec_xcalloc(n + 1, sizeof *d->voters);
    d->units = NULL;
    d->nunits = 0;
    d->unit_keys = NULL;
    memset(&d->unit_ids, 0, sizeof d->unit_ids);
}

static void free_locale_state(drift *d)
{
    for (size_t u = 0; u < d->nunits; u++) {
        free(d->units[u].idx);
        free(d->unit_keys[u]);
    }
    free(d->units);
    free(d->unit_keys);
    ec_map_free(&d->unit_ids);
    free(d->votes);
    free(d->eligible);
    free(d->first_voter);
    free(d->voters);
}

static void judge_locale(drift *d, ec_ctx *x, size_t li)
{
    const ec_locale *l = &d->c->locales[li];
    reset_locale_state(d, l->n);
    for (size_t vi = 0; vi < d->c->nlocales; vi++)
        if (vi != li && d->c->locales[vi].usable)
            judge(d, li, vi);
    for (size_t i = 0; i < l->n; i++) {
        ec_severity sev = d->votes[i] ? verdict(d, li, d->votes[i], d->eligible[i]) : 0;
        if (sev)
            report_key(d, x, li, i, sev);
    }
    for (size_t u = 0; u < d->nunits; u++) {
        unit *un = &d->units[u];
        size_t eligible = SIZE_MAX;
        for (size_t k = 0; k < un->n; k++)
            if (d->eligible[un->idx[k]] < eligible)
                eligible = d->eligible[un->idx[k]];
        ec_severity sev = verdict(d, li, un->votes, eligible);
        if (sev)
            report_unit(d, x, li, un, sev);
    }
    free_locale_state(d);
}

void ec_check_drift(ec_ctx *x)
{
    drift d = {.c = x->cat};
    d.g = ec_xcalloc(x->cat->nlocales + 1, sizeof *d.g);
    for (size_t i = 0; i < x->cat->nlocales; i++)
        if (x->cat->locales[i].usable)
            build_groups(&x->cat->locales[i], &d.g[i]);
    for (size_t li = 0; li < x->cat->nlocales; li++) {
        const ec_locale *l = &x->cat->locales[li];
        if (l->usable && ec_locale_selected(l->tag, x->opt ? x->opt->only_locales : NULL))
            judge_locale(&d, x, li);
    }
    for (size_t i = 0; i < x->cat->nlocales; i++)
        if (x->cat->locales[i].usable)
            free_groups(&d.g[i]);
    free(d.g);
}
