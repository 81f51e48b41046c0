/* missing: a key that another locale has and this one lacks, found by one
 * k-way merge over the sorted locales; extra: a minority key (one the source
 * lacks and fewer than half of the locales have), reported on the locales
 * that have it instead of as missing on all the others. */
#include "check/families.h"

#include "base/buf.h"
#include "base/key.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

/* Appends the tags of the usable locales that have the key (at[] positions);
 * returns how many there are. */
static size_t holders(ec_buf *b, const ec_catalog *c, const size_t *at, int32_t code, int32_t sub)
{
    const char **names = ec_xmalloc(c->nlocales * sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
            l->entries[at[i]].sub == sub)
            names[n++] = l->tag;
    }
    ec_buf_name_list(b, names, n);
    free(names);
    return n;
}

/* Where a missing key belongs: after the entry before it, else at `messages:`. */
static ec_pos insert_pos(const ec_locale *l, size_t at)
{
    if (at > 0)
        return l->entries[at - 1].pos;
    return l->messages_pos.line ? l->messages_pos : (ec_pos){1, 1};
}

static void report_missing(ec_ctx *x, const size_t *at, int32_t code, int32_t sub)
{
    const ec_catalog *c = x->cat;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        bool has = at[i] < l->n && l->entries[at[i]].code == code && l->entries[at[i]].sub == sub;
        if (!l->usable || has)
            continue;
        ec_buf who = {0};
        size_t nwho = holders(&who, c, at, code, sub);
        ec_entry fake = {.code = code, .sub = sub};
        const char *where = at[i] > 0 ? EC_KEY(&l->entries[at[i] - 1]) : NULL;
        ec_finding_at(x, l, &fake, insert_pos(l, at[i]), EC_CHECK_MISSING, 0,
                      "%s lacks %s, which %s %s%s%s", l->tag, EC_KEY(&fake), who.data,
                      nwho == 1 ? "has" : "have", where ? "; it belongs after " : "",
                      where ? where : "");
        ec_buf_free(&who);
    }
}

/* Whether the source locale's entry of the key is retired: a retired key
 * needs no translations. Keys come in order: `cursor` follows them in the
 * source locale (ec_locale_find_next). */
static bool retired(const ec_catalog *c, int32_t code, int32_t sub, size_t *cursor)
{
    const ec_locale *src = ec_catalog_source(c);
    const ec_entry *e = src ? ec_locale_find_next(src, code, sub, cursor) : NULL;
    return e && e->retired;
}

void ec_check_missing(ec_ctx *x)
{
    const ec_catalog *c = x->cat;
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at), cursor = 0;
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at));) {
        int32_t code = e->code, sub = e->sub;
        if (!ec_catalog_key_minority(c, at, code, sub) && !retired(c, code, sub, &cursor))
            report_missing(x, at, code, sub);
        ec_catalog_pass_key(c, at, code, sub);
    }
    free(at);
}

/* ---- extra ---- */

/* The most pairs of (minority key, key it lacks) of one locale that the
 * "did you mean" search compares: past that, no suggestion. */
#define SUGGEST_PAIRS_MAX 2000000
/* The largest edit distance of a suggestion. */
#define SUGGEST_DISTANCE_MAX 2

/* What one locale has and lacks: its minority keys, and the keys it lacks
 * that are reported missing (the candidates of "did you mean"). */
typedef struct {
    const ec_entry **extra;
    size_t nextra;
    char (*lacks)[EC_KEY_MAX];
    size_t nlacks;
} has_lacks;

/* The Levenshtein distance of a and b, or SUGGEST_DISTANCE_MAX + 1 when it
 * is larger. */
static size_t key_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if ((na > nb ? na - nb : nb - na) > SUGGEST_DISTANCE_MAX)
        return SUGGEST_DISTANCE_MAX + 1;
    size_t row[EC_KEY_MAX + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > SUGGEST_DISTANCE_MAX)
            return SUGGEST_DISTANCE_MAX + 1;
    }
    return row[nb];
}

/* The key of `h->lacks` closest to `key` (the first in key order of the
 * closest), or NULL when none is within SUGGEST_DISTANCE_MAX. */
static const char *closest_lacked(const has_lacks *h, const char *key)
{
    if (h->nextra * h->nlacks > SUGGEST_PAIRS_MAX)
        return NULL;
    const char *best = NULL;
    size_t best_d = SUGGEST_DISTANCE_MAX + 1;
    for (size_t i = 0; i < h->nlacks; i++) {
        size_t d = key_distance(key, h->lacks[i]);
        if (d < best_d)
            best_d = d, best = h->lacks[i];
    }
    return best;
}

/* Collects, by one merge, each usable locale's minority keys and the keys it
 * lacks that are no minority keys; the count of usable locales that have
 * each minority key goes to the entry's slot in `holders` (per locale, by
 * entry index). */
static void collect(const ec_catalog *c, has_lacks *h, size_t **holders)
{
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at);
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at));) {
        int32_t code = e->code, sub = e->sub;
        bool minority = ec_catalog_key_minority(c, at, code, sub);
        size_t n = 0;
        for (size_t i = 0; i < c->nlocales; i++) {
            const ec_locale *l = &c->locales[i];
            n += l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
                 l->entries[at[i]].sub == sub;
        }
        for (size_t i = 0; i < c->nlocales; i++) {
            const ec_locale *l = &c->locales[i];
            if (!l->usable)
                continue;
            bool has =
                at[i] < l->n && l->entries[at[i]].code == code && l->entries[at[i]].sub == sub;
            if (minority && has) {
                holders[i][h[i].nextra] = n;
                h[i].extra[h[i].nextra++] = &l->entries[at[i]];
            } else if (!minority && !has && l->nminority) {
                h[i].lacks = ec_xrealloc(h[i].lacks, (h[i].nlacks + 1) * sizeof *h[i].lacks);
                ec_key_format(h[i].lacks[h[i].nlacks++], code, sub);
            }
        }
        ec_catalog_pass_key(c, at, code, sub);
    }
    free(at);
}

void ec_check_extra(ec_ctx *x)
{
    const ec_catalog *c = x->cat;
    const ec_locale *src = ec_catalog_source(c);
    if (!c->nminority || !src)
        return;
    size_t usable = 0;
    for (size_t i = 0; i < c->nlocales; i++)
        usable += c->locales[i].usable;
    has_lacks *h = ec_xcalloc(c->nlocales + 1, sizeof *h);
    size_t **holders = ec_xcalloc(c->nlocales + 1, sizeof *holders);
    for (size_t i = 0; i < c->nlocales; i++) {
        h[i].extra = ec_xcalloc(c->locales[i].nminority + 1, sizeof *h[i].extra);
        holders[i] = ec_xcalloc(c->locales[i].nminority + 1, sizeof *holders[i]);
    }
    collect(c, h, holders);
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        for (size_t k = 0; k < h[i].nextra; k++) {
            const ec_entry *e = h[i].extra[k];
            size_t others = usable - holders[i][k] - 1; /* lacking, besides the source */
            const char *near = closest_lacked(&h[i], EC_KEY(e));
            ec_buf msg = {0};
            ec_buf_printf(&msg, "%s has %s, which %s", l->tag, EC_KEY(e), src->tag);
            if (others)
                ec_buf_printf(&msg, " and %zu other locale%s lack", others, others == 1 ? "" : "s");
            else
                ec_buf_puts(&msg, " lacks");
            if (near)
                ec_buf_printf(&msg, "; did you mean %s, which %s lacks?", near, l->tag);
            ec_finding_at(x, l, e, e->pos, EC_CHECK_EXTRA, 0, "%s", msg.data);
            ec_buf_free(&msg);
        }
    }
    for (size_t i = 0; i < c->nlocales; i++) {
        free(h[i].extra);
        free(h[i].lacks);
        free(holders[i]);
    }
    free(h);
    free(holders);
}
