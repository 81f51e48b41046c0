/* The catalog model: keys, entries, locales, and the catalog as a whole. */
#include "model/catalog.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/unicode.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Entries are most of a big catalog's memory: keep them at 48 bytes. */
_Static_assert(sizeof(void *) != 8 || sizeof(ec_entry) <= 48, "an entry grew past 48 bytes");

const ec_entry_extra ec_entry_no_extra;

const char *ec_key_of(const ec_entry *e, char buf[EC_KEY_MAX])
{
    ec_key_format(buf, e->code, e->sub);
    return buf;
}

ec_entry_extra *ec_entry_extra_of(ec_arena *a, ec_entry *e)
{
    if (!e->has_extra) {
        ec_entry_extra *x = ec_arena_alloc(a, sizeof *x);
        x->note = e->more; /* the note, if any, moves in */
        e->more = x;
        e->has_extra = true;
    }
    return e->more;
}

void ec_entry_set_note(ec_entry *e, char *note)
{
    if (e->has_extra)
        ((ec_entry_extra *)e->more)->note = note;
    else
        e->more = note;
}

ec_entry *ec_locale_add(ec_locale *l)
{
    if (l->n == l->cap) {
        size_t old = l->cap;
        l->cap = l->cap ? l->cap * 2 : 64;
        l->entries = ec_xgrow(l->entries, old * sizeof *l->entries, l->cap * sizeof *l->entries);
    }
    ec_entry *e = &l->entries[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void ec_locale_reserve(ec_locale *l, size_t n)
{
    if (n <= l->cap || n > SIZE_MAX / sizeof *l->entries)
        return;
    ec_entry *e = ec_try_malloc(n * sizeof *e);
    if (!e)
        return; /* only a hint: the array grows as it fills */
    if (l->n)
        memcpy(e, l->entries, l->n * sizeof *e);
    free(l->entries);
    l->entries = e;
    l->cap = n;
}

static int entry_cmp(const void *a, const void *b)
{
    const ec_entry *x = a, *y = b;
    int c = ec_key_cmp(x->code, x->sub, y->code, y->sub);
    if (c)
        return c;
    /* Stable for duplicates: earlier line first. */
    return (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

void ec_locale_sort(ec_locale *l)
{
    size_t i = 1;
    while (i < l->n && entry_cmp(&l->entries[i - 1], &l->entries[i]) <= 0)
        i++;
    if (i < l->n) /* catalogs are usually written in order: sort only when not */
        qsort(l->entries, l->n, sizeof *l->entries, entry_cmp);
}

/* The first entry of entries[lo..hi) whose key is not less than code/sub. */
static size_t lower_bound(const ec_locale *l, size_t lo, size_t hi, int32_t code, int32_t sub)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ec_key_cmp(l->entries[mid].code, l->entries[mid].sub, code, sub) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const ec_entry *entry_at(const ec_locale *l, size_t i, int32_t code, int32_t sub)
{
    return i < l->n && l->entries[i].code == code && l->entries[i].sub == sub ? &l->entries[i]
                                                                              : NULL;
}

const ec_entry *ec_locale_find(const ec_locale *l, int32_t code, int32_t sub)
{
    return entry_at(l, lower_bound(l, 0, l->n, code, sub), code, sub);
}

const ec_entry *ec_locale_find_next(const ec_locale *l, int32_t code, int32_t sub, size_t *at)
{
    size_t i = *at < l->n ? *at : l->n;
    if (i > 0 && ec_key_cmp(l->entries[i - 1].code, l->entries[i - 1].sub, code, sub) >= 0)
        i = 0; /* the key is not past the cursor: search the whole locale */
    /* a few steps first: the next key is usually at the cursor or near it */
    for (int step = 0;
         step < 4 && i < l->n && ec_key_cmp(l->entries[i].code, l->entries[i].sub, code, sub) < 0;
         step++)
        i++;
    if (i < l->n && ec_key_cmp(l->entries[i].code, l->entries[i].sub, code, sub) < 0)
        i = lower_bound(l, i, l->n, code, sub);
    const ec_entry *e = entry_at(l, i, code, sub);
    *at = e ? i + 1 : i;
    return e;
}

ec_staleness ec_entry_staleness(const ec_catalog *c, const ec_locale *l, const ec_entry *e,
                                const ec_entry *src)
{
    if (!src || !ec_norm(src) || l == ec_catalog_source(c))
        return EC_FRESH;
    if (!EC_X(e)->source)
        return c->snapshots && ec_norm(src)[0] && ec_norm_nonempty(e) ? EC_STALE_NO_SNAPSHOT
                                                                      : EC_FRESH;
    char *snap = ec_u_comparable(EC_X(e)->source, EC_X(e)->source_len);
    bool stale = strcmp(snap, ec_norm(src)) != 0;
    free(snap);
    return stale ? EC_STALE_CHANGED : EC_FRESH;
}

const ec_locale *ec_catalog_source(const ec_catalog *c)
{
    return c->source_idx >= 0 ? &c->locales[c->source_idx] : NULL;
}

const ec_entry *ec_catalog_next_key(const ec_catalog *c, const size_t *at)
{
    const ec_entry *min = NULL;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (!l->usable || at[i] >= l->n)
            continue;
        const ec_entry *e = &l->entries[at[i]];
        if (!min || ec_key_cmp(e->code, e->sub, min->code, min->sub) < 0)
            min = e;
    }
    return min;
}

void ec_catalog_pass_key(const ec_catalog *c, size_t *at, int32_t code, int32_t sub)
{
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        while (l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
               l->entries[at[i]].sub == sub)
            at[i]++;
    }
}

/* Does usable locale i have the key at its merge position at[i]? */
static bool has_at(const ec_catalog *c, const size_t *at, size_t i, int32_t code, int32_t sub)
{
    const ec_locale *l = &c->locales[i];
    return l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
           l->entries[at[i]].sub == sub;
}

bool ec_catalog_key_minority(const ec_catalog *c, const size_t *at, int32_t code, int32_t sub)
{
    if (c->source_idx < 0 || !c->locales[c->source_idx].usable ||
        has_at(c, at, (size_t)c->source_idx, code, sub))
        return false;
    size_t usable = 0, holders = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        usable += c->locales[i].usable;
        holders += has_at(c, at, i, code, sub);
    }
    return holders * 2 < usable;
}

/* Counts the distinct keys of all usable locales, and the minority keys (of
 * the catalog and of each locale). */
static void count_keys(ec_catalog *c)
{
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at);
    c->nkeys = c->nminority = 0;
    for (size_t i = 0; i < c->nlocales; i++)
        c->locales[i].nminority = 0;
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at)); c->nkeys++) {
        if (ec_catalog_key_minority(c, at, e->code, e->sub)) {
            c->nminority++;
            for (size_t i = 0; i < c->nlocales; i++)
                c->locales[i].nminority += has_at(c, at, i, e->code, e->sub);
        }
        ec_catalog_pass_key(c, at, e->code, e->sub);
    }
    free(at);
}

void ec_catalog_finish(ec_catalog *c)
{
    count_keys(c);
}

size_t ec_catalog_locale_count(const ec_catalog *c)
{
    return c ? c->nlocales : 0;
}

const char *ec_catalog_locale(const ec_catalog *c, size_t i)
{
    return i < c->nlocales ? c->locales[i].tag : NULL;
}

size_t ec_catalog_key_count(const ec_catalog *c)
{
    return c ? c->nkeys : 0;
}

void ec_locale_free(ec_locale *l)
{
    ec_arena_free(&l->arena);
    free(l->entries);
    free(l->tag);
    free(l->path);
}

void ec_catalog_free(ec_catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlocales; i++)
        ec_locale_free(&c->locales[i]);
    for (size_t i = 0; i < c->nterms; i++) {
        for (size_t j = 0; j < c->terms[i].n; j++) {
            free(c->terms[i].r[j].locale);
            free(c->terms[i].r[j].rendering);
        }
        free(c->terms[i].r);
        free(c->terms[i].word);
    }
    free(c->terms);
    free(c->locales);
    free(c->dir);
    free(c->meta_path);
    free(c->name);
    free(c->source);
    free(c->c_prefix);
    free(c->templates);
    free(c->templates_dir);
    free(c);
}

char *ec_symbol(const char *prefix, const ec_entry *src_entry, int32_t code, int32_t sub)
{
    if (src_entry && EC_X(src_entry)->name)
        return ec_xasprintf("%s_%s", prefix, EC_X(src_entry)->name);
    /* without printf: the C header makes one for every key, twice */
    size_t n = strlen(prefix);
    char *out = ec_xmalloc(n + 2 * EC_CODE_MAX + 2), *p = out + n;
    memcpy(out, prefix, n);
    int32_t part[2] = {code, sub};
    for (int k = 0; k < 2; k++) {
        *p++ = '_';
        if (part[k] < 0)
            *p++ = 'M';
        /* "M" and the digits of -v (INT32_MIN's too) */
        char digits[EC_CODE_MAX];
        size_t len = ec_int_format(digits, part[k]);
        memcpy(p, digits + (part[k] < 0), len - (part[k] < 0));
        p += len - (part[k] < 0);
    }
    *p = '\0';
    return out;
}
