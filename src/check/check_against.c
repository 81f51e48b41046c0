/* The checks against an older version of the catalog (--against OLD):
 * removed, renamed and reworded (README "Comparing with an older catalog"). */
#include "base/buf.h"
#include "base/key.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

/* The locale of `c` tagged `tag`, or NULL when it has none usable. */
static const ec_locale *locale_of(const ec_catalog *c, const char *tag)
{
    for (size_t i = 0; i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, tag))
            return c->locales[i].usable ? &c->locales[i] : NULL;
    return NULL;
}

/* The prefix of a catalog's C symbols. */
static const char *prefix_of(const ec_catalog *c)
{
    return c->c_prefix ? c->c_prefix : "ERRCAT";
}

/* removed: every key of the old source locale that the new one lacks (a
 * retired entry is kept, so it is not removed). */
static void check_removed(ec_ctx *x, const ec_locale *src, const ec_locale *old_src)
{
    for (size_t i = 0; i < old_src->n; i++) {
        const ec_entry *o = &old_src->entries[i];
        if (ec_locale_find(src, o->code, o->sub))
            continue;
        ec_report_add(x->out, src->path, (ec_pos){0, 0}, EC_SEV_ERROR, EC_CHECK_REMOVED, src->tag,
                      EC_KEY(o),
                      "%s was removed from %s (the old catalog has it); keep its entry with "
                      "retired: true",
                      EC_KEY(o), src->tag);
    }
}

/* A symbol of the old catalog and its key. */
typedef struct {
    char *symbol;
    const ec_entry *e;
} old_symbol;

static int cmp_symbol(const void *a, const void *b)
{
    return strcmp(((const old_symbol *)a)->symbol, ((const old_symbol *)b)->symbol);
}

/* renamed: a key whose symbol differs from the old one, and a symbol that
 * named another key in the old catalog. */
static void check_renamed(ec_ctx *x, const ec_catalog *old, const ec_locale *src,
                          const ec_locale *old_src)
{
    old_symbol *syms = ec_xcalloc(old_src->n + 1, sizeof *syms);
    for (size_t i = 0; i < old_src->n; i++) {
        const ec_entry *o = &old_src->entries[i];
        syms[i] = (old_symbol){ec_symbol(prefix_of(old), o, o->code, o->sub), o};
    }
    qsort(syms, old_src->n, sizeof *syms, cmp_symbol);
    for (size_t i = 0; i < src->n; i++) {
        const ec_entry *e = &src->entries[i];
        ec_pos pos = EC_X(e)->name_pos.line ? EC_X(e)->name_pos : e->pos;
        char *sym = ec_symbol(prefix_of(x->cat), e, e->code, e->sub);
        const ec_entry *o = ec_locale_find(old_src, e->code, e->sub);
        char *was = o ? ec_symbol(prefix_of(old), o, o->code, o->sub) : NULL;
        if (was && strcmp(was, sym) != 0)
            ec_finding_at(x, src, e, pos, EC_CHECK_RENAMED, 0,
                          "the C symbol of %s is now %s; it was %s", EC_KEY(e), sym, was);
        old_symbol probe = {sym, NULL};
        const old_symbol *hit = bsearch(&probe, syms, old_src->n, sizeof *syms, cmp_symbol);
        if (hit && (hit->e->code != e->code || hit->e->sub != e->sub))
            ec_finding_at(x, src, e, pos, EC_CHECK_RENAMED, 0,
                          "%s now names %s; in the old catalog it named %s", sym, EC_KEY(e),
                          EC_KEY(hit->e));
        free(was);
        free(sym);
    }
    for (size_t i = 0; i < old_src->n; i++)
        free(syms[i].symbol);
    free(syms);
}

/* The text of entry `e` for a message: quoted, at most this many bytes. */
#define QUOTE_MAX 200

static void quote(ec_buf *b, const ec_entry *e)
{
    size_t n = strlen(e->text);
    ec_buf_printf(b, "\"%.*s%s\"", (int)(n > QUOTE_MAX ? QUOTE_MAX : n), e->text,
                  n > QUOTE_MAX ? "..." : "");
}

/* Whether two entries hold the same text. */
static bool same_text(const ec_entry *a, const ec_entry *b)
{
    return a->text_ok && b->text_ok && a->text_len == b->text_len &&
           !memcmp(a->text, b->text, a->text_len);
}

/* reworded: per translation of each key whose source text changed, when the
 * translation's text is the old one. */
static void check_reworded(ec_ctx *x, const ec_catalog *old, const ec_locale *src,
                           const ec_locale *old_src)
{
    for (size_t li = 0; li < x->cat->nlocales; li++) {
        const ec_locale *l = &x->cat->locales[li];
        const ec_locale *ol = locale_of(old, l->tag);
        if (l == src || !l->usable || !ol || !ec_locale_selected(l->tag, x->opt->only_locales))
            continue;
        for (size_t i = 0; i < l->n; i++) {
            const ec_entry *e = &l->entries[i];
            const ec_entry *s = ec_locale_find(src, e->code, e->sub);
            const ec_entry *os = ec_locale_find(old_src, e->code, e->sub);
            const ec_entry *oe = ec_locale_find(ol, e->code, e->sub);
            if (!s || !os || !oe || s->retired || !s->text_ok || !os->text_ok || same_text(s, os) ||
                !same_text(e, oe))
                continue;
            ec_buf was = {0}, now = {0};
            quote(&was, os);
            quote(&now, s);
            ec_finding_at(x, l, e, e->text_pos.line ? e->text_pos : e->pos, EC_CHECK_REWORDED, 0,
                          "the source text of %s changed from %s to %s, but the %s text did not",
                          EC_KEY(e), was.data, now.data, l->tag);
            ec_buf_free(&was);
            ec_buf_free(&now);
        }
    }
}

void ec_check_against(const ec_catalog *c, const ec_catalog *old, const ec_check_options *opt,
                      ec_report *r)
{
    ec_check_options o = opt ? *opt : (ec_check_options){0};
    for (int i = 0; c && i < EC_CHECK_COUNT; i++)
        if (c->policy[i] == EC_POLICY_OFF)
            o.disabled[i] = true;
    const ec_locale *src = c ? ec_catalog_source(c) : NULL;
    const ec_locale *old_src = old ? ec_catalog_source(old) : NULL;
    if (!src || !old_src || strcmp(src->tag, old_src->tag) != 0)
        return;
    ec_report *mine = ec_report_new();
    ec_ctx x = {c, &o, mine, NULL};
    if (!o.disabled[EC_CHECK_REMOVED])
        check_removed(&x, src, old_src);
    if (!o.disabled[EC_CHECK_RENAMED])
        check_renamed(&x, old, src, old_src);
    if (!o.disabled[EC_CHECK_REWORDED])
        check_reworded(&x, old, src, old_src);
    ec_report_apply_policy(mine, c->policy);
    ec_report_filter(mine, o.disabled, o.only_locales);
    ec_report_move(r, mine);
    ec_report_free(mine);
    ec_report_sort(r);
}
