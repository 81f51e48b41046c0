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
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 32

typedef struct {
    char *word;      /* owned, NUL-terminated */
    bool number;
    int glossary;    /* index into cat->terms, or -1 */
} term;

typedef struct {
    term t[MAX_TERMS];
    size_t n;
    const ec_entry **tr;  /* per locale: the translation, or NULL */
    uint32_t *kept;       /* per locale: bit i set when term i is present */
} src_terms;

typedef struct {
    size_t *keep, *total; /* per word id x locale */
} counts;

typedef struct {
    const ec_ctx *x;
    const ec_catalog *c;
    src_terms *st;        /* per source entry */
    ec_map words;         /* word -> id */
    char **word_of;
    size_t nwords;
    counts cnt;
} terms;

/* ---- collecting terms of a source text ---- */

typedef struct {
    src_terms *out;
} collect_ctx;

static void add_term(src_terms *st, const char *w, size_t len, bool number, int glossary)
{
    for (size_t i = 0; i < st->n; i++)
        if (strlen(st->t[i].word) == len && !memcmp(st->t[i].word, w, len))
            return;
    if (st->n == MAX_TERMS)
        return;
    st->t[st->n++] = (term){ec_xstrndup(w, len), number, glossary};
}

static void collect_token(const ec_token *t, void *ctx)
{
    src_terms *st = ctx;
    if (t->is_number) {
        if (t->len >= 2)
            add_term(st, t->start, t->len, true, -1);
    } else if (t->upper >= 2 || t->has_digit) {
        add_term(st, t->start, t->len, false, -1);
    }
}

/* ---- presence of a term in a text ---- */

typedef struct {
    const char *w;
    size_t len;
    bool found;
} find_ctx;

static void find_token(const ec_token *t, void *ctx)
{
    find_ctx *f = ctx;
    if (t->len == f->len && !memcmp(t->start, f->w, f->len))
        f->found = true;
}

static bool is_token_word(const char *w)
{
    for (; *w; w++) {
        char c = *w;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* Latin words and numbers match whole tokens; anything else as a substring. */
static bool contains(const char *text, size_t n, const char *w)
{
    if (!is_token_word(w))
        return strstr(text, w) != NULL;
    if (!strstr(text, w))
        return false;
    find_ctx f = {w, strlen(w), false};
    ec_u_tokens(text, n, find_token, &f);
    return f.found;
}

static const char *rendering(const ec_catalog *c, int glossary, const char *locale)
{
    const ec_term *t = &c->terms[glossary];
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->r[i].locale, locale))
            return t->r[i].rendering;
    return t->word;
}

/* What translation T in `locale` must contain for term `t`. */
static const char *expected_form(const terms *s, const term *t, const char *locale)
{
    return t->glossary >= 0 ? rendering(s->c, t->glossary, locale) : t->word;
}

static void glossary_terms(const ec_catalog *c, const ec_entry *e, src_terms *st)
{
    for (size_t g = 0; g < c->nterms; g++) {
        const char *w = c->terms[g].word;
        if (!contains(e->norm, strlen(e->norm), w))
            continue;
        size_t i = 0;
        while (i < st->n && strcmp(st->t[i].word, w))
            i++;
        if (i < st->n)
            st->t[i].glossary = (int)g;
        else
            add_term(st, w, strlen(w), false, (int)g);
    }
}

static size_t word_id(terms *s, const char *w)
{
    size_t *v = ec_map_find(&s->words, w);
    if (v)
        return *v;
    s->word_of = ec_xrealloc(s->word_of, (s->nwords + 1) * sizeof *s->word_of);
    s->word_of[s->nwords] = ec_xstrdup(w);
    ec_map_get_or_add(&s->words, s->word_of[s->nwords], s->nwords, NULL);
    return s->nwords++;
}

/* Pass 1: the terms of every source entry, where each translation keeps them,
 * and the per-(word, locale) counts. */
static void gather(terms *s, const ec_locale *src)
{
    const ec_catalog *c = s->c;
    size_t m = c->nlocales;
    s->st = ec_xcalloc(src->n + 1, sizeof *s->st);
    for (size_t i = 0; i < src->n; i++) {
        const ec_entry *e = &src->entries[i];
        src_terms *st = &s->st[i];
        if (!e->norm)
            continue;
        ec_u_tokens(e->norm, strlen(e->norm), collect_token, st);
        glossary_terms(c, e, st);
        if (!st->n)
            continue;
        st->tr = ec_xcalloc(m, sizeof *st->tr);
        st->kept = ec_xcalloc(m, sizeof *st->kept);
        for (size_t li = 0; li < m; li++) {
            const ec_locale *l = &c->locales[li];
            if (l == src || !l->usable)
                continue;
            const ec_entry *t = ec_locale_find(l, e->code, e->sub);
            if (!t || !t->norm || !t->norm[0])
                continue;
            st->tr[li] = t;
            for (size_t k = 0; k < st->n; k++)
                if (contains(t->norm, strlen(t->norm), expected_form(s, &st->t[k], l->tag)))
                    st->kept[li] |= 1u << k;
        }
        for (size_t k = 0; k < st->n; k++)
            if (!st->t[k].number && st->t[k].glossary < 0)
                word_id(s, st->t[k].word);
    }
    s->cnt.keep = ec_xcalloc(s->nwords * m + 1, sizeof *s->cnt.keep);
    s->cnt.total = ec_xcalloc(s->nwords * m + 1, sizeof *s->cnt.total);
    for (size_t i = 0; i < src->n; i++) {
        src_terms *st = &s->st[i];
        for (size_t k = 0; k < st->n && st->tr; k++) {
            if (st->t[k].number || st->t[k].glossary >= 0)
                continue;
            size_t w = word_id(s, st->t[k].word);
            for (size_t li = 0; li < m; li++) {
                if (!st->tr[li])
                    continue;
                s->cnt.total[w * m + li]++;
                s->cnt.keep[w * m + li] += (st->kept[li] >> k) & 1u;
            }
        }
    }
}

/* Is term k of `st` expected in locale li? Fills the evidence counts. */
static bool expected(terms *s, const src_terms *st, size_t k, size_t li, size_t *keep,
                     size_t *total, size_t *own_keep, size_t *own_total)
{
    size_t m = s->c->nlocales;
    const term *t = &st->t[k];
    if (t->number || t->glossary >= 0)
        return true;
    size_t w = *ec_map_find(&s->words, t->word);
    *keep = *total = 0;
    for (size_t o = 0; o < m; o++) {
        if (o == li || !st->tr[o])
            continue;
        (*total)++;
        *keep += (st->kept[o] >> k) & 1u;
    }
    /* T itself drops the word, so its own count is all other entries. */
    *own_keep = s->cnt.keep[w * m + li];
    *own_total = s->cnt.total[w * m + li] - 1;
    size_t all_keep = *keep + *own_keep, all = *total + *own_total;
    return all_keep * 2 > all;
}

static void report_drop(terms *s, const src_terms *st, size_t k, size_t li)
{
    const ec_locale *l = &s->c->locales[li];
    const ec_entry *e = st->tr[li];
    const term *t = &st->t[k];
    ec_ctx *x = (ec_ctx *)s->x;
    size_t keep = 0, total = 0, own_keep = 0, own_total = 0;
    if (!expected(s, st, k, li, &keep, &total, &own_keep, &own_total))
        return;
    if (t->number)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                      "the %s text of %s lacks the number %s of the source text", l->tag,
                      e->key, t->word);
    else if (t->glossary >= 0 && strcmp(expected_form(s, t, l->tag), t->word))
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                      "the %s text of %s lacks \"%s\", the glossary's %s rendering of %s", l->tag,
                      e->key, expected_form(s, t, l->tag), l->tag, t->word);
    else if (t->glossary >= 0)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                      "the %s text of %s drops %s, which the glossary keeps verbatim", l->tag,
                      e->key, t->word);
    else
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_TERMS, 0,
                      "the %s text of %s drops %s of the source text, which %zu of %zu other "
                      "translations and %zu of %zu other %s entries with %s keep",
                      l->tag, e->key, t->word, keep, total, own_keep, own_total, l->tag, t->word);
}

static void free_terms(terms *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < s->st[i].n; k++)
            free(s->st[i].t[k].word);
        free(s->st[i].tr);
        free(s->st[i].kept);
    }
    free(s->st);
    for (size_t i = 0; i < s->nwords; i++)
        free(s->word_of[i]);
    free(s->word_of);
    ec_map_free(&s->words);
    free(s->cnt.keep);
    free(s->cnt.total);
}

void ec_check_terms(ec_ctx *x)
{
    const ec_locale *src = ec_catalog_source(x->cat);
    if (!src)
        return;
    terms s = {.x = x, .c = x->cat};
    gather(&s, src);
    for (size_t i = 0; i < src->n; i++) {
        const src_terms *st = &s.st[i];
        if (!st->tr || x->src_drifted[i])
            continue;
        for (size_t li = 0; li < x->cat->nlocales; li++) {
            if (!st->tr[li])
                continue;
            for (size_t k = 0; k < st->n; k++)
                if (!((st->kept[li] >> k) & 1u))
                    report_drop(&s, st, k, li);
        }
    }
    free_terms(&s, src->n);
}
