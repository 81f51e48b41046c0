/* terms: a term of the source text that a translation drops.
 *
 * Terms are the Latin words of the source text with two or more capitals or
 * with digits, its numbers of two or more digits, and the words of the
 * glossary (`terms:` in catalog.yaml). A number must appear in every
 * translation; a glossary term must appear as the glossary renders it for the
 * locale (verbatim when it names no rendering). Any other word is expected in
 * translation T when a strict majority of the evidence keeps it: the other
 * translations of the entry, and T's locale's own other entries whose source
 * has the word. Counts per (locale, word) are made in one pass, so the check
 * is linear in the number of entries. */
#include "check/families.h"

#include "base/buf.h"
#include "base/map.h"
#include "base/parallel.h"
#include "base/unicode.h"
#include "check/context.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 31 /* bit 31 of a `kept` mask: the translation exists */
#define HAS_TRANSLATION (1u << 31)
#define NO_WORD UINT32_MAX

typedef struct {
    uint32_t off, len; /* the word in the source entry's norm */
    uint32_t word;     /* id of a counted word, NO_WORD for numbers and glossary terms */
    int32_t glossary;  /* index into cat->terms, or -1 */
    bool number;
} term;

typedef struct {
    term *t; /* most source texts have none or a few; MAX_TERMS while gathered */
    size_t n;
    uint32_t *kept; /* per locale: bit k when term k is present, HAS_TRANSLATION;
                       in the block of `t` */
} src_terms;

typedef struct {
    const ec_ctx *x;
    const ec_catalog *c;
    const ec_locale *src;
    src_terms *st; /* per source entry */
    ec_map words;  /* word -> id; keys in `arena` */
    ec_arena arena;
    size_t nwords;
    size_t *keep, *total; /* per word id x locale */
} terms;

/* ---- the terms of a source text ---- */

static void add_term(src_terms *st, const char *base, const char *w, size_t len, bool number,
                     int glossary)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->t[i].len == len && !memcmp(base + st->t[i].off, w, len))
            return;
    if (st->n == MAX_TERMS)
        return;
    st->t[st->n++] = (term){(uint32_t)(w - base), (uint32_t)len, NO_WORD, glossary, number};
}

typedef struct token_list token_list;
static void keep_token(const ec_token *t, void *ctx);

typedef struct {
    src_terms *st;
    const char *base;
    token_list *tl;
} collect_ctx;

/* Keeps every token of the source text and adds its terms. */
static void collect_token(const ec_token *t, void *ctx)
{
    collect_ctx *cc = ctx;
    keep_token(t, cc->tl);
    if (t->is_number) {
        if (t->len >= 2)
            add_term(cc->st, cc->base, t->start, t->len, true, -1);
    } else if (t->upper >= 2 || t->has_digit) {
        add_term(cc->st, cc->base, t->start, t->len, false, -1);
    }
}

/* ---- presence in a translation ---- */

struct token_list {
    const char **start;
    size_t *len;
    size_t n, cap;
};

static void keep_token(const ec_token *t, void *ctx)
{
    token_list *tl = ctx;
    if (tl->n == tl->cap) {
        tl->cap = tl->cap ? tl->cap * 2 : 16;
        tl->start = ec_xrealloc(tl->start, tl->cap * sizeof *tl->start);
        tl->len = ec_xrealloc(tl->len, tl->cap * sizeof *tl->len);
    }
    tl->start[tl->n] = t->start;
    tl->len[tl->n++] = t->len;
}

static bool is_token_word(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return len > 0;
}

/* Latin words and numbers match whole tokens; anything else as a substring. */
static bool present(const char *text, const char *w, size_t len)
{
    if (is_token_word(w, len))
        return ec_u_has_token(text, strlen(text), w, len);
    char *z = ec_xstrndup(w, len);
    bool found = strstr(text, z) != NULL;
    free(z);
    return found;
}

static const char *rendering(const ec_catalog *c, int glossary, const char *locale)
{
    const ec_term *t = &c->terms[glossary];
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->r[i].locale, locale))
            return t->r[i].rendering;
    return t->word;
}

/* What a translation in `locale` must contain for term `t` of source `base`. */
static const char *expected_form(const terms *s, const term *t, const char *base,
                                 const char *locale, size_t *len)
{
    if (t->glossary < 0) {
        *len = t->len;
        return base + t->off;
    }
    const char *r = rendering(s->c, t->glossary, locale);
    *len = strlen(r);
    return r;
}

static void glossary_terms(const ec_catalog *c, const ec_entry *e, const token_list *tl,
                           src_terms *st)
{
    const char *source = ec_norm(e);
    for (size_t g = 0; g < c->nterms; g++) {
        const char *w = c->terms[g].word, *at = NULL;
        size_t len = strlen(w);
        if (is_token_word(w, len)) {
            for (size_t i = 0; i < tl->n && !at; i++)
                if (tl->len[i] == len && !memcmp(tl->start[i], w, len))
                    at = tl->start[i];
        } else {
            at = strstr(source, w);
        }
        if (!at)
            continue;
        size_t i = 0;
        while (i < st->n && !(st->t[i].len == len && !memcmp(source + st->t[i].off, w, len)))
            i++;
        if (i < st->n)
            st->t[i].glossary = (int32_t)g;
        else
            add_term(st, source, at, len, false, (int)g);
    }
}

static uint32_t word_id(terms *s, const char *w, size_t len)
{
    char small[128];
    char *z = len < sizeof small ? memcpy(small, w, len) : ec_xmalloc(len + 1);
    if (z != small)
        memcpy(z, w, len);
    z[len] = '\0';
    size_t id = s->nwords;
    if (!ec_map_find(&s->words, z, &id)) {
        ec_map_get_or_add(&s->words, ec_arena_dup(&s->arena, z, len), id, NULL);
        s->nwords++;
    }
    if (z != small)
        free(z);
    return (uint32_t)id;
}

/* What one task of the gathering reuses from entry to entry. */
typedef struct {
    token_list tl;
    ec_buf text, word; /* folded forms */
    size_t *at;        /* per locale: ec_locale_find_next()'s cursor */
} scratch;

/* The terms of source entry e and where each translation keeps them
 * (entries come in key order, for the cursors). */
static void gather_entry(terms *s, const ec_entry *e, src_terms *st, scratch *sc)
{
    const ec_catalog *c = s->c;
    const char *source = ec_norm(e);
    term found[MAX_TERMS];
    sc->tl.n = 0;
    st->t = found;
    st->n = 0;
    collect_ctx cc = {st, source, &sc->tl};
    ec_u_tokens(source, strlen(source), collect_token, &cc);
    glossary_terms(c, e, &sc->tl, st);
    if (!st->n) {
        st->t = NULL;
        return;
    }
    /* the terms and the per-locale masks, in one block */
    st->t = ec_xmalloc(st->n * sizeof *st->t + c->nlocales * sizeof *st->kept);
    memcpy(st->t, found, st->n * sizeof *st->t);
    st->kept = (uint32_t *)(st->t + st->n);
    memset(st->kept, 0, c->nlocales * sizeof *st->kept);
    for (size_t li = 0; li < c->nlocales; li++) {
        const ec_locale *l = &c->locales[li];
        const ec_entry *t =
            l == s->src || !l->usable ? NULL : ec_locale_find_next(l, e->code, e->sub, &sc->at[li]);
        if (!t || !ec_norm_nonempty(t))
            continue;
        st->kept[li] = HAS_TRANSLATION;
        /* ３０ and ٣٠ are the number 30, ＲＴＭＰ is RTMP */
        bool may_fold = !(t->facts & EC_FACT_KNOWN) || (t->facts & EC_FACT_FOLDS);
        const char *text = ec_norm(t);
        if (may_fold && ec_u_fold_width_digits_into(&sc->text, text, strlen(text)))
            text = sc->text.data;
        for (size_t k = 0; k < st->n; k++) {
            size_t len;
            const char *w = expected_form(s, &st->t[k], source, l->tag, &len);
            if (ec_u_fold_width_digits_into(&sc->word, w, len)) {
                w = sc->word.data;
                len = sc->word.len;
            }
            if (present(text, w, len))
                st->kept[li] |= 1u << k;
        }
    }
}

#define CHUNK 4096 /* source entries per task of the parallel gathering */

/* The terms of the source entries of one chunk and where the translations
 * keep them: independent of every other chunk. */
static void gather_chunk(size_t chunk, void *ctx)
{
    terms *s = ctx;
    scratch sc = {.at = ec_xcalloc(s->c->nlocales + 1, sizeof *sc.at)};
    size_t end = (chunk + 1) * CHUNK < s->src->n ? (chunk + 1) * CHUNK : s->src->n;
    for (size_t i = chunk * CHUNK; i < end; i++)
        if (ec_norm(&s->src->entries[i]) && !s->x->src_drifted[i])
            gather_entry(s, &s->src->entries[i], &s->st[i], &sc);
    free(sc.at);
    free(sc.tl.start);
    free(sc.tl.len);
    ec_buf_free(&sc.text);
    ec_buf_free(&sc.word);
}

/* Pass 1: every source entry's terms (on all cores), the ids of the counted
 * words, then the per-(word, locale) counts. */
static void gather(terms *s)
{
    size_t m = s->c->nlocales;
    s->st = ec_xcalloc(s->src->n + 1, sizeof *s->st);
    ec_parallel_for((s->src->n + CHUNK - 1) / CHUNK, gather_chunk, s);
    for (size_t i = 0; i < s->src->n; i++) {
        src_terms *st = &s->st[i];
        const char *norm = ec_norm(&s->src->entries[i]);
        for (size_t k = 0; k < st->n; k++)
            if (!st->t[k].number && st->t[k].glossary < 0)
                st->t[k].word = word_id(s, norm + st->t[k].off, st->t[k].len);
    }
    s->keep = ec_xcalloc(s->nwords * m + 1, sizeof *s->keep);
    s->total = ec_xcalloc(s->nwords * m + 1, sizeof *s->total);
    for (size_t i = 0; i < s->src->n; i++) {
        const src_terms *st = &s->st[i];
        for (size_t k = 0; k < st->n; k++) {
            if (st->t[k].word == NO_WORD)
                continue;
            for (size_t li = 0; li < m; li++) {
                if (!(st->kept[li] & HAS_TRANSLATION))
                    continue;
                s->total[st->t[k].word * m + li]++;
                s->keep[st->t[k].word * m + li] += (st->kept[li] >> k) & 1u;
            }
        }
    }
}

typedef struct {
    size_t keep, total, own_keep, own_total;
} evidence;

/* Is counted word k of `st` expected in locale li? A strict majority of the
 * other translations of the entry and the locale's other entries keep it. */
static bool expected(const terms *s, const src_terms *st, size_t k, size_t li, evidence *ev)
{
    size_t m = s->c->nlocales;
    uint32_t w = st->t[k].word;
    memset(ev, 0, sizeof *ev);
    for (size_t o = 0; o < m; o++) {
        if (o == li || !(st->kept[o] & HAS_TRANSLATION))
            continue;
        ev->total++;
        ev->keep += (st->kept[o] >> k) & 1u;
    }
    /* T itself drops the word, so its own count is all other entries. */
    ev->own_keep = s->keep[w * m + li];
    ev->own_total = s->total[w * m + li] - 1;
    return (ev->keep + ev->own_keep) * 2 > ev->total + ev->own_total;
}

static void report_drop(terms *s, const ec_entry *se, const src_terms *st, size_t k, size_t li)
{
    const ec_locale *l = &s->c->locales[li];
    const ec_entry *e = ec_locale_find(l, se->code, se->sub);
    const term *t = &st->t[k];
    ec_ctx *x = (ec_ctx *)s->x;
    evidence ev;
    int wl = (int)t->len;
    const char *word = ec_norm(se) + t->off;
    bool added = false;
    if (t->number) {
        added = ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                              "the %s text of %s lacks the number %.*s of the source text", l->tag,
                              EC_KEY(e), wl, word);
    } else if (t->glossary >= 0) {
        size_t len;
        const char *r = expected_form(s, t, ec_norm(se), l->tag, &len);
        if (len != t->len || memcmp(r, word, len))
            added =
                ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                              "the %s text of %s lacks \"%s\", the glossary's %s rendering of %.*s",
                              l->tag, EC_KEY(e), r, l->tag, wl, word);
        else
            added = ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                                  "the %s text of %s drops %.*s, which the glossary keeps verbatim",
                                  l->tag, EC_KEY(e), wl, word);
    } else if (expected(s, st, k, li, &ev)) {
        added =
            ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                          "the %s text of %s drops %.*s of the source text, which %zu of %zu other "
                          "translations and %zu of %zu other %s entries with %.*s keep",
                          l->tag, EC_KEY(e), wl, word, ev.keep, ev.total, ev.own_keep, ev.own_total,
                          l->tag, wl, word);
    }
    if (added) /* the review page marks the term in the source text */
        ec_report_set_subject(x->out, word, t->len);
}

static void free_terms(terms *s)
{
    for (size_t i = 0; i < s->src->n; i++)
        free(s->st[i].t); /* and its kept[] */
    free(s->st);
    ec_map_free(&s->words);
    ec_arena_free(&s->arena);
    free(s->keep);
    free(s->total);
}

void ec_check_terms(ec_ctx *x)
{
    const ec_locale *src = ec_catalog_source(x->cat);
    if (!src)
        return;
    terms s = {.x = x, .c = x->cat, .src = src};
    gather(&s);
    for (size_t i = 0; i < src->n; i++) {
        const src_terms *st = &s.st[i];
        for (size_t li = 0; li < x->cat->nlocales && st->kept; li++) {
            if (!(st->kept[li] & HAS_TRANSLATION))
                continue;
            for (size_t k = 0; k < st->n; k++)
                if (!((st->kept[li] >> k) & 1u))
                    report_drop(&s, &src->entries[i], st, k, li);
        }
    }
    free_terms(&s);
}
