/* drift: do the locales group the same keys under one text?
 *
 * Each locale partitions its keys into groups of equal (comparable) text.
 * For a locale L and each other locale V (a voter), every pair of an L group
 * and a V group that share keys is an overlap. Seen from each L group, its
 * largest overlap says where the group belongs; the keys of its smaller
 * overlaps are the ones L groups wrongly (L joins what V splits). Seen from
 * each V group, the same picks the keys L splits off (L splits what V joins).
 * When two or more overlaps tie for the largest, nothing says which side is
 * wrong, so their keys form one tie unit. A key, or a tie unit, that a strict
 * majority of at least two voters blame is reported. Everything is sorting
 * and counting: O(m^2 n log n) for m locales and n keys, never a loop over
 * pairs of keys. */
#include "check/families.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/map.h"
#include "base/parallel.h"
#include "check/context.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

/* Entry and group numbers: a locale file of at most EC_CATALOG_FILE_MAX
 * bytes holds fewer than 2^32 entries, and 32 bits halve the memory. */
typedef uint32_t ix;
#define NO_GROUP ((ix)-1)
/* The keys a message lists before "and 3 more". */
#define LIST_MAX 8
/* The voters a message names: the locales a uint64_t set can hold (the
 * first 64 of the catalog; the others vote, unnamed). */
#define VOTER_BITS 64

typedef struct {
    ix *gid;       /* per entry: group id, NO_GROUP when the text is unusable */
    ix *gfirst;    /* per group: index of its first entry */
    ix *gsize;     /* per group: number of entries */
    ix *gnext;     /* per entry: next entry of the same group, or NO_GROUP */
    uint64_t *key; /* per entry: its key, packed so that the numbers compare as keys do */
    ix ngroups;
} groups;

/* code/sub as one number in key order: each half's sign bit flipped. */
static uint64_t packed_key(const ec_entry *e)
{
    return (uint64_t)((uint32_t)e->code ^ 0x80000000u) << 32 | ((uint32_t)e->sub ^ 0x80000000u);
}

typedef struct {
    size_t *idx; /* entry indices in L, sorted */
    size_t n;
    size_t votes;
    uint64_t voters;
    bool split;     /* L splits what voters join (else L joins what they split) */
    bool too_large; /* a component too large to find its fewest keys exactly */
} unit;

typedef struct {
    const ec_catalog *c;
    groups *g; /* per locale */
    /* state for the locale L under judgement, per entry of L */
    ix *votes, *eligible, *first_voter, *last_voter;
    uint64_t *voters;
    unit *units;
    size_t nunits;
    ix **lv, **vl;       /* per voter: partner maps L -> V and V -> L (NULL: none),
                            made for the explanation only */
    ix *partner_block;   /* every lv and vl, one block */
    ix *scratch;         /* one block for the four below */
    ix *cur_lv, *cur_vl; /* the partner maps of the voter judging */
    ix *stamp, *count;   /* scratch of blame_side(), indexed by group */
    ix *parent;          /* per entry of L: union-find of the disagreement components */
    bool *named;         /* per entry of L: named by a finding of the minimum explanation */
    bool *strong;        /* per entry of L: blamed by a majority of the overlap votes */
    ec_map unit_ids;
    char **unit_keys; /* owned ids for unit_ids */
} drift;

/* A text's hash and its entry, sorted by hash to find equal texts. */
typedef struct {
    uint32_t h;
    ix i;
} hashed;

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)
#define RADIX_PASSES 3 /* 33 bits: the whole hash */

/* Sorts a[0..n) by hash, stable (equal hashes keep their order), through
 * `tmp`; returns the array that holds the result. Three passes over
 * memory read in order, where a hash map reads at random. */
static hashed *sort_by_hash(hashed *a, hashed *tmp, size_t n)
{
    ix(*count)[RADIX] = ec_xcalloc(RADIX_PASSES, sizeof *count);
    for (size_t k = 0; k < n; k++)
        for (unsigned p = 0; p < RADIX_PASSES; p++)
            count[p][(a[k].h >> (p * RADIX_BITS)) & (RADIX - 1)]++;
    for (unsigned p = 0; p < RADIX_PASSES; p++) {
        ix sum = 0;
        for (size_t b = 0; b < RADIX; b++) {
            ix c = count[p][b];
            count[p][b] = sum;
            sum += c;
        }
        for (size_t k = 0; k < n; k++)
            tmp[count[p][(a[k].h >> (p * RADIX_BITS)) & (RADIX - 1)]++] = a[k];
        hashed *t = a;
        a = tmp;
        tmp = t;
    }
    free(count);
    return a;
}

/* Groups the entries of a run of equal hashes (in entry order) by text:
 * gid[i] gets the first entry of i's group. Distinct texts with one hash
 * are rare, so each is compared with the few groups of its run. */
static void group_run(const ec_locale *l, const hashed *run, size_t n, ix *gid, ix **firsts,
                      size_t *cap)
{
    size_t nfirst = 0;
    for (size_t k = 0; k < n; k++) {
        const char *text = ec_norm(&l->entries[run[k].i]);
        size_t f = 0;
        while (f < nfirst && strcmp(ec_norm(&l->entries[(*firsts)[f]]), text) != 0)
            f++;
        if (f == nfirst) {
            if (nfirst == *cap)
                *firsts = ec_xrealloc(*firsts, (*cap = *cap ? *cap * 2 : 8) * sizeof **firsts);
            (*firsts)[nfirst++] = run[k].i;
        }
        gid[run[k].i] = (*firsts)[f];
    }
}

static void build_groups(const ec_locale *l, groups *g)
{
    /* one block for the five arrays (freed through g->key, its start) */
    size_t n = l->n + 1;
    g->key = ec_xmalloc_pages(n * (sizeof *g->key + 4 * sizeof(ix)));
    g->gid = (ix *)(g->key + n);
    g->gnext = g->gid + n;
    g->gfirst = g->gnext + n;
    g->gsize = g->gfirst + n;
    /* the usable texts by hash, sorted in the space of key and of gnext
     * and gfirst (side by side) until those are filled */
    _Static_assert(sizeof(hashed) == sizeof *g->key && sizeof(hashed) == 2 * sizeof(ix),
                   "a hashed entry takes the room of a key, or of two ids");
    hashed *byhash = (hashed *)g->key;
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        g->gid[i] = NO_GROUP;
        if (ec_norm_nonempty(e))
            byhash[m++] = (hashed){ec_map_hash(ec_norm(e)), (ix)i};
    }
    const hashed *sorted = sort_by_hash(byhash, (hashed *)g->gnext, m);
    /* (an odd number of passes: the result is in gnext and gfirst) */
    _Static_assert(RADIX_PASSES % 2 == 1, "the sorted entries must not be in key");
    ix *firsts = NULL;
    size_t cap = 0;
    for (size_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && sorted[b].h == sorted[a].h;)
            b++;
        group_run(l, sorted + a, b - a, g->gid, &firsts, &cap);
    }
    free(firsts);
    /* group ids in the order of their first entry, which comes before
     * every other entry of its group */
    memset(g->gsize, 0, n * sizeof *g->gsize);
    g->ngroups = 0;
    for (size_t i = 0; i < l->n; i++) {
        g->key[i] = packed_key(&l->entries[i]);
        ix first = g->gid[i];
        if (first == NO_GROUP)
            continue;
        g->gid[i] = first == i ? (ix)g->ngroups++ : g->gid[first];
        g->gsize[g->gid[i]]++;
    }
    /* each group's entries in key order: linked from the last one back, so
     * that the one linked last is the group's first */
    memset(g->gfirst, 0xFF, (g->ngroups + 1) * sizeof *g->gfirst); /* NO_GROUP */
    for (size_t i = l->n; i-- > 0;) {
        ix id = g->gid[i];
        g->gnext[i] = id == NO_GROUP ? NO_GROUP : g->gfirst[id];
        if (id != NO_GROUP)
            g->gfirst[id] = (ix)i;
    }
}

static void free_groups(groups *g)
{
    free(g->key); /* and the other arrays, in the same block */
}

/* Which entry of V has the key of each entry of L (and back), NO_GROUP when
 * the other locale lacks the key or either text is unusable: a merge of the
 * two sorted locales, over their packed keys. */
static void partners(drift *d, size_t li, size_t vi, ix *lv, ix *vl, bool count)
{
    const ec_locale *l = &d->c->locales[li], *v = &d->c->locales[vi];
    const uint64_t *lk = d->g[li].key, *vk = d->g[vi].key;
    for (size_t j = 0; j < v->n; j++)
        vl[j] = NO_GROUP;
    for (size_t i = 0, j = 0; i < l->n; i++) {
        lv[i] = NO_GROUP;
        while (j < v->n && vk[j] < lk[i])
            j++;
        if (j == v->n || vk[j] != lk[i])
            continue;
        if (d->g[li].gid[i] == NO_GROUP || d->g[vi].gid[j] == NO_GROUP)
            continue;
        lv[i] = j;
        vl[j] = i;
        d->eligible[i] += count;
    }
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
    ec_buf_putc(&id, split ? 's' : 'j');
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
    if (vi < VOTER_BITS)
        d->units[u].voters |= (uint64_t)1 << vi;
}

/* One vote of voter `vi` against entry `il` of L (once per voter). */
static void vote_key(drift *d, size_t il, size_t vi)
{
    if (d->votes[il] && d->last_voter[il] == vi)
        return;
    if (!d->votes[il]++)
        d->first_voter[il] = vi;
    d->last_voter[il] = vi;
    if (vi < VOTER_BITS)
        d->voters[il] |= (uint64_t)1 << vi;
}

/* One side of a judgement: the groups of locale A (members in `ga`), each
 * key's partner in locale B (`ab`), B's group ids (`gb`), and `to_l`
 * turning an A entry into the L entry that is blamed. */
typedef struct {
    const groups *ga;
    const ix *ab;
    const ix *gb;
    const ix *to_l;    /* NULL when A is L */
    bool split;        /* A is the voter: L splits what A joins */
    ix *stamp, *count; /* scratch, indexed by B group */
} side;

/* Counts the overlaps of A group g with B's groups; returns their number
 * and the largest overlap (`*maxw`) with how many reach it (`*nmax`). */
static size_t overlaps(const side *s, size_t g, size_t *maxw, size_t *nmax)
{
    size_t distinct = 0;
    *maxw = *nmax = 0;
    for (size_t i = s->ga->gfirst[g]; i != NO_GROUP; i = s->ga->gnext[i]) {
        if (s->ab[i] == NO_GROUP)
            continue;
        size_t b = s->gb[s->ab[i]];
        if (s->stamp[b] != g + 1) {
            s->stamp[b] = g + 1;
            s->count[b] = 0;
            distinct++;
        }
        s->count[b]++;
    }
    for (size_t i = s->ga->gfirst[g]; i != NO_GROUP; i = s->ga->gnext[i]) {
        if (s->ab[i] == NO_GROUP)
            continue;
        size_t w = s->count[s->gb[s->ab[i]]];
        if (w > *maxw) {
            *maxw = w;
            *nmax = 0;
        }
    }
    return distinct;
}

/* For each group of one side, its largest overlap with the other side's
 * groups says where it belongs; the keys of every smaller overlap are
 * blamed. Two or more largest overlaps leave nothing to choose between:
 * their keys form one tie unit. Linear in the number of keys. */
static void blame_side(drift *d, side *s, size_t ngroups, size_t vi)
{
    size_t *tie = ec_xmalloc(sizeof *tie * 16), cap = 16;
    for (size_t g = 0; g < ngroups; g++) {
        size_t maxw, nmax, n = 0;
        if (overlaps(s, g, &maxw, &nmax) < 2)
            continue;
        /* count the B groups reaching maxw, once each */
        for (size_t i = s->ga->gfirst[g]; i != NO_GROUP; i = s->ga->gnext[i])
            if (s->ab[i] != NO_GROUP && s->count[s->gb[s->ab[i]]] == maxw &&
                s->stamp[s->gb[s->ab[i]]] == g + 1) {
                s->stamp[s->gb[s->ab[i]]] = 0; /* seen */
                nmax++;
            }
        for (size_t i = s->ga->gfirst[g]; i != NO_GROUP; i = s->ga->gnext[i]) {
            if (s->ab[i] == NO_GROUP)
                continue;
            size_t il = s->to_l ? s->to_l[i] : i;
            if (s->count[s->gb[s->ab[i]]] != maxw) {
                vote_key(d, il, vi);
            } else if (nmax >= 2) {
                if (n == cap)
                    tie = ec_xrealloc(tie, sizeof *tie * (cap *= 2));
                tie[n++] = il;
            }
        }
        if (nmax >= 2)
            vote_unit(d, tie, n, vi, s->split);
    }
    free(tie);
}

/* One voter V judges L, from the side of L's groups and of V's groups. */
static void judge(drift *d, size_t li, size_t vi)
{
    const groups *gl = &d->g[li], *gv = &d->g[vi];
    ix *lv = d->cur_lv, *vl = d->cur_vl;
    partners(d, li, vi, lv, vl, true);
    size_t nscratch = (gl->ngroups > gv->ngroups ? gl->ngroups : gv->ngroups) + 1;
    memset(d->stamp, 0, nscratch * sizeof *d->stamp);
    side from_l = {gl, lv, gv->gid, NULL, false, d->stamp, d->count};
    blame_side(d, &from_l, gl->ngroups, vi);
    memset(d->stamp, 0, nscratch * sizeof *d->stamp);
    side from_v = {gv, vl, gl->gid, vl, true, d->stamp, d->count};
    blame_side(d, &from_v, gv->ngroups, vi);
}

/* Appends the voters' tags and returns the verb that agrees with them. */
static const char *voter_names(ec_buf *b, const ec_catalog *c, uint64_t voters)
{
    const char *tags[VOTER_BITS] = {0};
    size_t n = 0;
    for (size_t i = 0; i < c->nlocales && i < VOTER_BITS; i++)
        if (voters & ((uint64_t)1 << i))
            tags[n++] = c->locales[i].tag;
    ec_buf_key_list(b, tags, n, n);
    return n == 1 ? "gives" : "give";
}

/* Appends the keys of the group of entry `i` in locale `li`, minus entry i. */
static void group_keys(ec_buf *b, const drift *d, size_t li, size_t i)
{
    const ec_locale *l = &d->c->locales[li];
    const groups *g = &d->g[li];
    size_t gid = g->gid[i], listed = 0, total = g->gsize[gid] - 1;
    const char *keys[LIST_MAX] = {0};
    char kb[LIST_MAX][EC_KEY_MAX];
    for (size_t j = g->gfirst[gid]; j != NO_GROUP && listed < LIST_MAX; j = g->gnext[j])
        if (j != i) {
            keys[listed] = ec_key_of(&l->entries[j], kb[listed]);
            listed++;
        }
    ec_buf_key_list(b, keys, listed, total);
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

/* The number of bits set in v. */
static int bits(uint64_t v)
{
    int n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* A fingerprint of the keys of entry j's group in locale vi, minus j's own
 * key: two locales that give a key the same group partners have equal
 * fingerprints (a sum of mixed keys, so the order does not matter). */
static uint64_t group_print(const drift *d, size_t vi, size_t j)
{
    const groups *g = &d->g[vi];
    uint64_t sum = 0;
    for (size_t k = g->gfirst[g->gid[j]]; k != NO_GROUP; k = g->gnext[k]) {
        if (k == j)
            continue;
        uint64_t h = g->key[k];
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
        sum += h ^ (h >> 31);
    }
    return sum;
}

/* Of the voters that blame entry i of L, those that agree on the group it
 * should join, the most of them (the first on a tie): `*voter` gets one of
 * them, whose group the message names. */
static uint64_t majority_voters(const drift *d, size_t li, size_t i, size_t *voter)
{
    const ec_entry *e = &d->c->locales[li].entries[i];
    uint64_t print[VOTER_BITS] = {0}, mask = 0, best = 0;
    size_t nbest = 0;
    *voter = d->first_voter[i];
    for (size_t vi = 0; vi < d->c->nlocales && vi < VOTER_BITS; vi++) {
        const ec_entry *f;
        if (!(d->voters[i] >> vi & 1) ||
            !(f = ec_locale_find(&d->c->locales[vi], e->code, e->sub)) ||
            d->g[vi].gid[f - d->c->locales[vi].entries] == NO_GROUP)
            continue;
        print[vi] = group_print(d, vi, (size_t)(f - d->c->locales[vi].entries));
        mask |= (uint64_t)1 << vi;
    }
    for (size_t vi = 0; vi < VOTER_BITS; vi++) {
        if (!(mask >> vi & 1))
            continue;
        uint64_t same = 0;
        for (size_t wi = 0; wi < VOTER_BITS; wi++)
            if ((mask >> wi & 1) && print[wi] == print[vi])
                same |= (uint64_t)1 << wi;
        if ((size_t)bits(same) > nbest) {
            nbest = (size_t)bits(same);
            best = same;
            *voter = vi;
        }
    }
    return nbest ? best : d->voters[i];
}

static void report_key(drift *d, ec_ctx *x, size_t li, size_t i, ec_severity sev)
{
    const ec_locale *l = &d->c->locales[li];
    const ec_entry *e = &l->entries[i];
    size_t first;
    uint64_t voters = majority_voters(d, li, i, &first);
    const ec_locale *v = &d->c->locales[first];
    if ((int)li == d->c->source_idx)
        x->src_drifted[i] = true;
    size_t vj = 0;
    entry_in(v, e, &vj);
    ec_buf who = {0}, mine = {0}, theirs = {0};
    const char *verb = voter_names(&who, d->c, voters);
    group_keys(&mine, d, li, i);
    group_keys(&theirs, d, (size_t)(v - d->c->locales), vj);
    if (!mine.len)
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s has a text of its own, but %s %s it the same text as %s", EC_KEY(e),
                      who.data, verb, theirs.data);
    else if (!theirs.len)
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s shares its text with %s, but %s %s it a text of its own", EC_KEY(e),
                      mine.data, who.data, verb);
    else
        ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                      "%s shares its text with %s, but %s %s it the text of %s", EC_KEY(e),
                      mine.data, who.data, verb, theirs.data);
    ec_buf_free(&who);
    ec_buf_free(&mine);
    ec_buf_free(&theirs);
}

static void report_unit(drift *d, ec_ctx *x, size_t li, const unit *u, ec_severity sev)
{
    const ec_locale *l = &d->c->locales[li];
    for (size_t k = 0; k < u->n; k++)
        if (EC_X(&l->entries[u->idx[k]])->ignore & EC_CHECK_BIT(EC_CHECK_DRIFT))
            return;
    const ec_entry *e = &l->entries[u->idx[0]];
    for (size_t k = 0; k < u->n && (int)li == d->c->source_idx; k++)
        x->src_drifted[u->idx[k]] = true;
    ec_buf who = {0}, rest = {0};
    const char *verb = voter_names(&who, d->c, u->voters);
    const char *keys[LIST_MAX] = {0};
    char kb[LIST_MAX][EC_KEY_MAX];
    size_t listed = 0;
    for (size_t k = 1; k < u->n && listed < LIST_MAX; k++) {
        keys[listed] = ec_key_of(&l->entries[u->idx[k]], kb[listed]);
        listed++;
    }
    ec_buf_key_list(&rest, keys, listed, u->n - 1);
    /* a tie of the minimum explanation: which key is wrong is not known */
    const char *which = u->votes ? ""
                        : u->too_large
                            ? "; one of them or more is wrong, but these keys disagree too much "
                              "for errcat to find the fewest to correct: compare them by hand"
                            : "; one of them is wrong, and the catalog alone cannot tell which";
    bool added;
    if (u->split)
        added = ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                              "%s has a different text from %s, but %s %s them one text%s",
                              EC_KEY(e), rest.data, who.data, verb, which);
    else
        added = ec_finding_at(x, l, e, e->pos, EC_CHECK_DRIFT, sev,
                              "%s shares its text with %s, but %s %s them different texts%s",
                              EC_KEY(e), rest.data, who.data, verb, which);
    for (size_t k = 1; added && k < u->n; k++)
        ec_report_relate(x->out, EC_KEY(&l->entries[u->idx[k]]), l->entries[u->idx[k]].pos);
    ec_buf_free(&who);
    ec_buf_free(&rest);
}

/* Whether locale vi is a voter in the judgement of locale li. */
static bool votes_on(const drift *d, size_t vi, size_t li)
{
    return vi != li && d->c->locales[vi].usable;
}

static void reset_locale_state(drift *d, size_t li, size_t n)
{
    /* one zeroed block (freed through d->voters, its start) */
    size_t m = n + 1, size = m * (sizeof *d->voters + 4 * sizeof(ix) + sizeof *d->named);
    d->voters = ec_xmalloc_pages(size);
    memset(d->voters, 0, size);
    d->votes = (ix *)(d->voters + m);
    d->eligible = d->votes + m;
    d->first_voter = d->eligible + m;
    d->last_voter = d->first_voter + m;
    d->named = (bool *)(d->last_voter + m);
    d->lv = ec_xcalloc(d->c->nlocales + 1, sizeof *d->lv);
    d->vl = ec_xcalloc(d->c->nlocales + 1, sizeof *d->vl);
    /* the partner maps of one voter at a time, and the scratch of the
     * largest grouping, in one block: large blocks are filled a huge page
     * at a time, small ones a page at a time */
    size_t vmax = 0, nscratch = d->g[li].ngroups + 1;
    for (size_t vi = 0; vi < d->c->nlocales; vi++)
        if (votes_on(d, vi, li)) {
            if (d->c->locales[vi].n + 1 > vmax)
                vmax = d->c->locales[vi].n + 1;
            if (d->g[vi].ngroups + 1 > nscratch)
                nscratch = d->g[vi].ngroups + 1;
        }
    d->scratch = ec_xmalloc_pages((n + 1 + vmax + 2 * nscratch) * sizeof *d->scratch);
    d->cur_lv = d->scratch;
    d->cur_vl = d->cur_lv + n + 1;
    d->stamp = d->cur_vl + vmax;
    d->count = d->stamp + nscratch;
    d->partner_block = NULL;
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
    free(d->partner_block); /* every lv[vi] and vl[vi] */
    free(d->scratch);
    free(d->lv);
    free(d->vl);
    free(d->units);
    free(d->unit_keys);
    ec_map_free(&d->unit_ids);
    free(d->voters); /* and the other arrays, in the same block */
}

/* ---- the minimum explanation ----
 *
 * Two entries a, b of L disagree when a strict majority, and at least two,
 * of the voters that have both keys group them otherwise than L (one text
 * vs two). Every disagreement has an end that the overlap votes above blame
 * (the smaller overlap, or a tie unit), so those candidates and their
 * neighbours (the keys of their groups, in L and in each voter) give the
 * whole disagreement graph. Per connected component, the exact minimum
 * vertex covers say what to name: a key in all of them alone, the keys in
 * only some of them as one tie. */

/* The components solved exactly: at most this many keys (one bit each),
 * and at most this many search steps. */
#define COVER_KEYS 64
#define COVER_STEPS ((size_t)1 << 20)
/* A candidate with more neighbours than this (the keys of its groups in all
 * locales) is not paired with each: its groups join its component, which is
 * then too large to solve. This keeps the check linear in the keys. */
#define NEIGHBOURS_MAX 512

/* Do entries a and b of L disagree? `*mask` gets the voters that group
 * them otherwise (the first 64), `*first` the first of them. */
static bool disagree(const drift *d, size_t li, size_t a, size_t b, uint64_t *mask, size_t *first)
{
    const groups *gl = &d->g[li];
    *mask = 0;
    *first = SIZE_MAX;
    if (gl->gid[a] == NO_GROUP || gl->gid[b] == NO_GROUP)
        return false;
    bool same = gl->gid[a] == gl->gid[b];
    size_t eligible = 0, against = 0;
    for (size_t vi = 0; vi < d->c->nlocales; vi++) {
        if (!d->lv[vi] || d->lv[vi][a] == NO_GROUP || d->lv[vi][b] == NO_GROUP)
            continue;
        eligible++;
        const ix *gv = d->g[vi].gid;
        if ((gv[d->lv[vi][a]] == gv[d->lv[vi][b]]) == same)
            continue;
        against++;
        if (*first == SIZE_MAX)
            *first = vi;
        if (vi < VOTER_BITS)
            *mask |= (uint64_t)1 << vi;
    }
    return against >= 2 && against * 2 > eligible;
}

typedef struct {
    ix a, b;
    uint64_t voters;
    ix first;
    ix root; /* its component */
} edge;

static int edge_cmp(const void *p, const void *q)
{
    const edge *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

static int edge_root_cmp(const void *p, const void *q)
{
    const edge *x = p, *y = q;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    return edge_cmp(p, q);
}

/* Adds the edge a-b when the two disagree and b was not yet seen from a. */
static void try_edge(const drift *d, size_t li, size_t a, size_t b, ix *seen, edge **e, size_t *n,
                     size_t *cap)
{
    if (b == a || seen[b] == a + 1)
        return;
    seen[b] = (ix)(a + 1);
    uint64_t mask;
    size_t first;
    if (!disagree(d, li, a, b, &mask, &first))
        return;
    if (*n == *cap)
        *e = ec_xrealloc(*e, (*cap = *cap ? *cap * 2 : 64) * sizeof **e);
    (*e)[(*n)++] = (edge){(ix)(a < b ? a : b), (ix)(a < b ? b : a), mask, (ix)first, 0};
}

/* The disagreements of the candidates (sorted, each once); `huge` gets the
 * candidates with too many neighbours to pair. */
static edge *disagreements(const drift *d, size_t li, const bool *cand, bool *huge, size_t *nedges)
{
    const ec_locale *l = &d->c->locales[li];
    const groups *gl = &d->g[li];
    ix *seen = ec_xcalloc(l->n + 1, sizeof *seen);
    edge *e = NULL;
    size_t n = 0, cap = 0;
    for (size_t a = 0; a < l->n; a++) {
        if (!cand[a] || gl->gid[a] == NO_GROUP)
            continue;
        size_t nb = gl->gsize[gl->gid[a]];
        for (size_t vi = 0; vi < d->c->nlocales; vi++)
            if (d->lv[vi] && d->lv[vi][a] != NO_GROUP)
                nb += d->g[vi].gsize[d->g[vi].gid[d->lv[vi][a]]];
        if (nb > NEIGHBOURS_MAX) {
            huge[a] = true;
            continue;
        }
        for (size_t b = gl->gfirst[gl->gid[a]]; b != NO_GROUP; b = gl->gnext[b])
            try_edge(d, li, a, b, seen, &e, &n, &cap);
        for (size_t vi = 0; vi < d->c->nlocales; vi++) {
            if (!d->lv[vi] || d->lv[vi][a] == NO_GROUP)
                continue;
            const groups *gv = &d->g[vi];
            for (size_t j = gv->gfirst[gv->gid[d->lv[vi][a]]]; j != NO_GROUP; j = gv->gnext[j])
                if (d->vl[vi][j] != NO_GROUP)
                    try_edge(d, li, a, d->vl[vi][j], seen, &e, &n, &cap);
        }
    }
    free(seen);
    if (n > 1)
        qsort(e, n, sizeof *e, edge_cmp);
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (!out || e[out - 1].a != e[i].a || e[out - 1].b != e[i].b)
            e[out++] = e[i];
    *nedges = out;
    return e;
}

static size_t find_root(ix *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* The search for the minimum vertex covers of one component. */
typedef struct {
    uint64_t adj[COVER_KEYS];
    size_t n, k, steps;
    uint64_t all, some; /* in every minimum cover, in some */
    bool found;
} cover;

/* Every cover of at most c->k keys that holds `in` and none of `out`:
 * branch on an uncovered edge's end u (in the cover, or out of it and all
 * its neighbours in). */
static void covers(cover *c, uint64_t in, uint64_t out)
{
    if (++c->steps > COVER_STEPS)
        return;
    size_t u = c->n;
    for (size_t v = 0; v < c->n && u == c->n; v++)
        if (!(in >> v & 1) && (c->adj[v] & ~in))
            u = v;
    if (u == c->n) {
        c->all = c->found ? c->all & in : in;
        c->some |= in;
        c->found = true;
        return;
    }
    if ((size_t)bits(in) >= c->k)
        return;
    covers(c, in | (uint64_t)1 << u, out);
    uint64_t nb = c->adj[u];
    if (!(nb & out) && (size_t)bits(in | nb) <= c->k)
        covers(c, in | nb, out | (uint64_t)1 << u);
}

/* A component's keys 0..n-1 and their neighbours (off/nb, both ways), with
 * the keys found to be in every cover of at most k keys. */
typedef struct {
    size_t n;
    ix *off, *nb;
    ix *deg;     /* per key: its neighbours not forced */
    bool *force; /* per key: in every cover of at most k keys */
} graph;

/* Forces, one after the other, each key with more neighbours left than
 * the keys left to choose: a cover without it would need all of them (the
 * high-degree rule). Returns how many keys it forced. */
static size_t force_keys(graph *g, size_t k)
{
    size_t forced = 0;
    for (size_t i = 0; i < g->n; i++) {
        g->force[i] = false;
        g->deg[i] = g->off[i + 1] - g->off[i];
    }
    for (bool changed = true; changed && forced <= k;) {
        changed = false;
        for (size_t i = 0; i < g->n && forced <= k; i++) {
            if (g->force[i] || g->deg[i] <= k - forced)
                continue;
            g->force[i] = changed = true;
            forced++;
            for (size_t j = g->off[i]; j < g->off[i + 1]; j++)
                g->deg[g->nb[j]]--;
        }
    }
    return forced;
}

/* The minimum covers of at most k keys: the forced keys, then an exhaustive
 * search of what is left (each key of it has at most k - forced neighbours
 * left, so more than (k - forced)^2 edges left means no such cover). Sets
 * c->found; false when what is left is too large to search. */
static bool covers_of(graph *g, cover *c, size_t k, ix *bit)
{
    size_t forced = force_keys(g, k);
    c->found = false;
    if (forced > k)
        return true;
    size_t left = k - forced, edges = 0, m = 0;
    for (size_t i = 0; i < g->n; i++)
        if (!g->force[i]) {
            edges += g->deg[i];
            bit[i] = g->deg[i] ? (ix)m++ : NO_GROUP;
        }
    if (edges / 2 > left * left)
        return true;
    if (m > COVER_KEYS)
        return false;
    memset(c->adj, 0, sizeof c->adj);
    c->n = m;
    c->k = left;
    for (size_t i = 0; i < g->n; i++)
        for (size_t j = g->off[i]; j < g->off[i + 1]; j++)
            if (!g->force[i] && !g->force[g->nb[j]])
                c->adj[bit[i]] |= (uint64_t)1 << bit[g->nb[j]];
    covers(c, 0, 0);
    return c->steps <= COVER_STEPS;
}

/* Solves one component (edges e[0..ne), keys numbered by `local`): in_all
 * and in_some get, per key, whether every minimum cover holds it and
 * whether some does. False when it is too large to solve exactly. */
static bool solve(size_t n, const edge *e, size_t ne, const ix *local, bool *in_all, bool *in_some)
{
    graph g = {n, ec_xcalloc(n + 2, sizeof *g.off), ec_xmalloc((2 * ne + 1) * sizeof *g.nb),
               ec_xmalloc((n + 1) * sizeof *g.deg), ec_xmalloc((n + 1) * sizeof *g.force)};
    for (size_t i = 0; i < ne; i++) {
        g.off[local[e[i].a] + 1]++;
        g.off[local[e[i].b] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        g.off[i + 1] += g.off[i];
    ix *fill = ec_xmalloc((n + 1) * sizeof *fill), *bit = ec_xmalloc((n + 1) * sizeof *bit);
    memcpy(fill, g.off, n * sizeof *fill);
    for (size_t i = 0; i < ne; i++) {
        g.nb[fill[local[e[i].a]]++] = local[e[i].b];
        g.nb[fill[local[e[i].b]]++] = local[e[i].a];
    }
    cover *c = ec_xcalloc(1, sizeof *c);
    bool ok = false;
    for (size_t k = 0; k <= n; k++) {
        if (!covers_of(&g, c, k, bit))
            break;
        if (c->found) {
            for (size_t i = 0; i < n; i++) {
                bool b = !g.force[i] && g.deg[i];
                in_all[i] = g.force[i] || (b && (c->all >> bit[i] & 1));
                in_some[i] = g.force[i] || (b && (c->some >> bit[i] & 1));
            }
            ok = true;
            break;
        }
    }
    free(c);
    free(fill);
    free(bit);
    free(g.off);
    free(g.nb);
    free(g.deg);
    free(g.force);
    return ok;
}

/* Names one key alone: the key to correct. */
static void name_key(drift *d, ec_ctx *x, size_t li, size_t a, const edge *e, size_t ne)
{
    /* the voters are also those of its disagreements (blamed only in a tie
     * unit, those alone) */
    if (!d->votes[a])
        d->first_voter[a] = NO_GROUP;
    for (size_t i = 0; i < ne; i++)
        if (e[i].a == a || e[i].b == a) {
            d->voters[a] |= e[i].voters;
            if (!d->votes[a] && (d->first_voter[a] == NO_GROUP || e[i].first < d->first_voter[a]))
                d->first_voter[a] = e[i].first;
        }
    d->named[a] = true;
    report_key(d, x, li, a, EC_SEV_ERROR);
}

/* Names keys idx[0..n) as one tie: one of them is wrong. */
static void name_tie(drift *d, ec_ctx *x, size_t li, size_t *idx, size_t n, const edge *e,
                     size_t ne, bool too_large)
{
    const groups *gl = &d->g[li];
    unit u = {idx, n, 0, 0, gl->gid[idx[0]] != gl->gid[idx[1]], too_large};
    for (size_t i = 0; i < ne; i++)
        u.voters |= e[i].voters;
    for (size_t k = 0; k < n; k++)
        d->named[idx[k]] = true;
    report_unit(d, x, li, &u, EC_SEV_ERROR);
}

/* One component, its keys in `v[0..n)` (entry order) and edges `e`. */
static void explain(drift *d, ec_ctx *x, size_t li, size_t *v, size_t n, const edge *e, size_t ne,
                    ix *local, const bool *cand, const bool *huge)
{
    (void)cand;
    bool exact = true;
    for (size_t i = 0; i < n; i++)
        exact &= !huge[v[i]];
    bool *in_all = ec_xcalloc(n + 1, sizeof *in_all), *in_some = ec_xcalloc(n + 1, sizeof *in_some);
    if (exact) {
        for (size_t i = 0; i < n; i++)
            local[v[i]] = (ix)i;
        exact = solve(n, e, ne, local, in_all, in_some);
    }
    if (!exact) {
        /* name the candidates, with the voters that blamed them */
        size_t m = 0;
        uint64_t voters = 0;
        for (size_t i = 0; i < n; i++)
            if (d->strong[v[i]]) {
                voters |= d->voters[v[i]];
                v[m++] = v[i];
            }
        for (size_t u = 0; u < d->nunits; u++)
            if (d->strong[d->units[u].idx[0]] &&
                find_root(d->parent, d->units[u].idx[0]) == find_root(d->parent, v[0]))
                voters |= d->units[u].voters;
        if (m >= 2) {
            edge all = {0, 0, voters, 0, 0};
            name_tie(d, x, li, v, m, &all, 1, true);
        } else if (m == 1) {
            name_key(d, x, li, v[0], e, ne);
        }
    } else {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (in_all[i])
                name_key(d, x, li, v[i], e, ne);
            else if (in_some[i])
                v[m++] = v[i];
        if (m >= 2)
            name_tie(d, x, li, v, m, e, ne, false);
    }
    free(in_all);
    free(in_some);
}

/* Joins each candidate with too many neighbours to the candidates of its
 * groups (in L, and in each voter), walking each group once. */
static void join_huge(const drift *d, size_t li, const bool *cand, const bool *huge, ix *parent,
                      bool *inv)
{
    const ec_locale *l = &d->c->locales[li];
    for (size_t vi = 0; vi < d->c->nlocales; vi++) {
        const groups *g = &d->g[vi];
        if (vi != li && !d->lv[vi])
            continue;
        bool *walked = ec_xcalloc(g->ngroups + 1, sizeof *walked);
        for (size_t a = 0; a < l->n; a++) {
            if (!huge[a])
                continue;
            inv[a] = true;
            size_t p = vi == li ? a : d->lv[vi][a];
            if (p == NO_GROUP || g->gid[p] == NO_GROUP || walked[g->gid[p]])
                continue;
            walked[g->gid[p]] = true;
            for (size_t j = g->gfirst[g->gid[p]]; j != NO_GROUP; j = g->gnext[j]) {
                size_t b = vi == li ? j : d->vl[vi][j];
                if (b == NO_GROUP || !cand[b])
                    continue;
                size_t ra = find_root(parent, a), rb = find_root(parent, b);
                if (ra != rb)
                    parent[ra] = (ix)rb;
                inv[b] = true;
            }
        }
        free(walked);
    }
}

static int root_cmp(const void *p, const void *q)
{
    const size_t *x = p, *y = q;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The minimum explanation of L's disagreements, component by component. */
static void explain_all(drift *d, ec_ctx *x, size_t li, const bool *cand)
{
    const ec_locale *l = &d->c->locales[li];
    size_t ne;
    bool *huge = ec_xcalloc(l->n + 1, sizeof *huge);
    edge *e = disagreements(d, li, cand, huge, &ne);
    ix *parent = ec_xmalloc((l->n + 1) * sizeof *parent);
    bool *inv = ec_xcalloc(l->n + 1, sizeof *inv);
    for (size_t i = 0; i < l->n; i++)
        parent[i] = (ix)i;
    d->parent = parent;
    join_huge(d, li, cand, huge, parent, inv);
    for (size_t i = 0; i < ne; i++) {
        size_t ra = find_root(parent, e[i].a), rb = find_root(parent, e[i].b);
        if (ra != rb)
            parent[ra] = (ix)rb;
        inv[e[i].a] = inv[e[i].b] = true;
    }
    /* vertices as (root, entry) pairs, and edges grouped by root */
    size_t nv = 0;
    for (size_t i = 0; i < l->n; i++)
        nv += inv[i];
    size_t(*rv)[2] = ec_xmalloc((nv + 1) * sizeof *rv);
    nv = 0;
    for (size_t i = 0; i < l->n; i++)
        if (inv[i]) {
            rv[nv][0] = find_root(parent, i);
            rv[nv++][1] = i;
        }
    qsort(rv, nv, sizeof *rv, root_cmp);
    for (size_t k = 0; k < ne; k++)
        e[k].root = (ix)find_root(parent, e[k].a);
    if (ne > 1)
        qsort(e, ne, sizeof *e, edge_root_cmp);
    size_t *v = ec_xmalloc((nv + 1) * sizeof *v);
    ix *local = ec_xmalloc((l->n + 1) * sizeof *local);
    for (size_t i = 0, k = 0; i < nv;) {
        size_t j = i, n = 0, root = rv[i][0], k0 = k;
        for (; j < nv && rv[j][0] == root; j++)
            v[n++] = rv[j][1];
        while (k < ne && e[k].root == root)
            k++;
        explain(d, x, li, v, n, e ? e + k0 : NULL, k - k0, local, cand, huge); /* e: NULL if none */
        i = j;
    }
    free(local);
    free(v);
    free(rv);
    free(inv);
    free(parent);
    free(huge);
    free(e);
}

/* The partner maps of every voter at once, which the explanation walks
 * (the judging needed one voter's at a time). */
static void keep_partners(drift *d, size_t li)
{
    const ec_locale *l = &d->c->locales[li];
    size_t total = 0;
    for (size_t vi = 0; vi < d->c->nlocales; vi++)
        if (votes_on(d, vi, li))
            total += (l->n + 1) + (d->c->locales[vi].n + 1);
    ix *p = d->partner_block = ec_xmalloc_pages((total + 1) * sizeof *d->partner_block);
    for (size_t vi = 0; vi < d->c->nlocales; vi++)
        if (votes_on(d, vi, li)) {
            d->lv[vi] = p;
            d->vl[vi] = p + l->n + 1;
            p += (l->n + 1) + (d->c->locales[vi].n + 1);
            partners(d, li, vi, d->lv[vi], d->vl[vi], false);
        }
}

static void judge_locale(drift *d, ec_ctx *x, size_t li)
{
    const ec_locale *l = &d->c->locales[li];
    reset_locale_state(d, li, l->n);
    for (size_t vi = 0; vi < d->c->nlocales; vi++)
        if (votes_on(d, vi, li))
            judge(d, li, vi);
    bool *cand = ec_xcalloc(l->n + 1, sizeof *cand), any = d->nunits > 0;
    for (size_t i = 0; i < l->n; i++)
        any |= cand[i] = d->votes[i] > 0;
    for (size_t u = 0; u < d->nunits; u++)
        for (size_t k = 0; k < d->units[u].n; k++)
            cand[d->units[u].idx[k]] = true;
    if (!any) { /* no key is blamed: nothing to explain, nothing to report */
        free(cand);
        free_locale_state(d);
        return;
    }
    free(d->scratch); /* the judging's: not needed by the explanation */
    d->scratch = NULL;
    keep_partners(d, li);
    d->strong = ec_xcalloc(l->n + 1, sizeof *d->strong);
    for (size_t i = 0; i < l->n; i++)
        d->strong[i] = d->votes[i] && verdict(d, li, d->votes[i], d->eligible[i]) == EC_SEV_ERROR;
    for (size_t u = 0; u < d->nunits; u++) {
        const unit *un = &d->units[u];
        size_t eligible = SIZE_MAX;
        for (size_t k = 0; k < un->n; k++)
            if (d->eligible[un->idx[k]] < eligible)
                eligible = d->eligible[un->idx[k]];
        for (size_t k = 0; k < un->n; k++)
            d->strong[un->idx[k]] |= verdict(d, li, un->votes, eligible) == EC_SEV_ERROR;
    }
    explain_all(d, x, li, cand);
    free(d->strong);
    free(cand);
    /* the single-voter warnings, as before, for keys not named already */
    for (size_t i = 0; i < l->n; i++) {
        ec_severity sev = d->votes[i] ? verdict(d, li, d->votes[i], d->eligible[i]) : 0;
        if (sev == EC_SEV_WARNING && !d->named[i])
            report_key(d, x, li, i, sev);
    }
    for (size_t u = 0; u < d->nunits; u++) {
        unit *un = &d->units[u];
        size_t eligible = SIZE_MAX;
        bool named = false;
        for (size_t k = 0; k < un->n; k++) {
            if (d->eligible[un->idx[k]] < eligible)
                eligible = d->eligible[un->idx[k]];
            named |= d->named[un->idx[k]];
        }
        ec_severity sev = verdict(d, li, un->votes, eligible);
        if (sev == EC_SEV_WARNING && !named)
            report_unit(d, x, li, un, sev);
    }
    free_locale_state(d);
}

static void groups_of(size_t i, void *ctx)
{
    drift *d = ctx;
    if (d->c->locales[i].usable)
        build_groups(&d->c->locales[i], &d->g[i]);
}

/* Each locale is judged on its own copy of the per-locale state. */
static void judge_one(ec_ctx *x, size_t li, void *arg)
{
    drift d = *(const drift *)arg;
    if (d.c->locales[li].usable)
        judge_locale(&d, x, li);
}

void ec_check_drift(ec_ctx *x)
{
    drift d = {.c = x->cat};
    d.g = ec_xcalloc(x->cat->nlocales + 1, sizeof *d.g);
    ec_parallel_for(x->cat->nlocales, groups_of, &d);
    /* every locale is judged, even outside --locale: terms needs to know
     * whether the source drifted; ec_finding_at filters the output. Only
     * the source locale's judgement writes x->src_drifted. */
    ec_check_per_locale(x, judge_one, &d);
    for (size_t i = 0; i < x->cat->nlocales; i++)
        if (x->cat->locales[i].usable)
            free_groups(&d.g[i]);
    free(d.g);
}
