/* The check table and the driver that runs it. Adding a check is one
 * function and one row here. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *id;
    ec_severity severity;
    const char *description;
    ec_entry_check per_entry;     /* run on every entry of every locale */
    void (*per_catalog)(ec_ctx *); /* run once over all locales */
} check_row;

/* Indexed by ec_check_id. syntax, schema and duplicate are found while loading. */
static const check_row checks[EC_CHECK_COUNT] = {
    {"syntax", EC_SEV_ERROR, "the YAML is not well-formed", NULL, NULL},
    {"schema", EC_SEV_ERROR, "wrong shape: missing or unknown field, bad key, non-string text, "
                             "locale/file mismatch, bad catalog.yaml", NULL, NULL},
    {"duplicate", EC_SEV_ERROR, "the same key (or field) twice in one file", NULL, NULL},
    {"encoding", EC_SEV_ERROR, "invalid UTF-8, NUL or other control characters",
     ec_check_encoding, NULL},
    {"missing", EC_SEV_ERROR, "a key that another locale of the catalog has and this one lacks",
     NULL, ec_check_missing},
    {"empty", EC_SEV_ERROR, "empty or white-space-only text", ec_check_empty, NULL},
    {"placeholder", EC_SEV_ERROR, "printf conversions or brace arguments differ from the source",
     ec_check_placeholder, NULL},
    {"drift", EC_SEV_ERROR, "the locale groups keys under one text differently from the others",
     NULL, ec_check_drift},
    {"terms", EC_SEV_WARNING, "a term of the source text that this translation drops", NULL,
     ec_check_terms},
    {"stale", EC_SEV_WARNING, "the entry's source snapshot differs from the current source text",
     ec_check_stale, NULL},
    {"untranslated", EC_SEV_WARNING, "a translation identical to its source text",
     ec_check_untranslated, NULL},
    {"script", EC_SEV_WARNING, "text lacks the locale's script or carries a foreign one",
     ec_check_script, NULL},
    {"whitespace", EC_SEV_WARNING, "leading or trailing white space, doubled spaces, tabs or "
                                   "line breaks", ec_check_whitespace, NULL},
    {"nfc", EC_SEV_WARNING, "text not in Unicode NFC", ec_check_nfc, NULL},
};

const char *ec_version(void)
{
    return ERRCAT_VERSION;
}

const char *ec_check_name(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].id : NULL;
}

int ec_check_from_name(const char *name)
{
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (!strcmp(checks[i].id, name))
            return i;
    return -1;
}

ec_severity ec_check_default_severity(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].severity : EC_SEV_ERROR;
}

const char *ec_check_description(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].description : "";
}

/* Checks whose findings on a translation follow its source entry's `ignore`. */
static bool follows_source(ec_check_id c)
{
    return c == EC_CHECK_TERMS || c == EC_CHECK_PLACEHOLDER || c == EC_CHECK_UNTRANSLATED ||
           c == EC_CHECK_STALE;
}

void ec_finding_at(ec_ctx *x, const ec_locale *l, const ec_entry *e, ec_pos pos,
                   ec_check_id check, ec_severity sev, const char *fmt, ...)
{
    if (x->opt && x->opt->disabled[check])
        return;
    if (x->opt && !ec_locale_selected(l->tag, x->opt->only_locales))
        return;
    if (e && (e->ignore & (1u << check)))
        return;
    const ec_locale *src = ec_catalog_source(x->cat);
    if (e && src && src != l && follows_source(check)) {
        const ec_entry *s = ec_locale_find(src, e->code, e->sub);
        if (s && (s->ignore & (1u << check)))
            return;
    }
    va_list ap;
    va_start(ap, fmt);
    ec_report_vadd(x->out, l->path, pos, sev ? sev : checks[check].severity, check, l->tag,
                   e ? e->key : "", fmt, ap);
    va_end(ap);
}

/* The checks of every entry of locale i. */
static void entry_checks_of(ec_ctx *x, size_t i, void *arg)
{
    (void)arg;
    const ec_locale *src = ec_catalog_source(x->cat), *l = &x->cat->locales[i];
    if (x->opt && !ec_locale_selected(l->tag, x->opt->only_locales))
        return;
    /* the source entry of each key by a merge, not a search per entry */
    size_t k = 0;
    for (size_t j = 0; j < l->n; j++) {
        const ec_entry *e = &l->entries[j], *s = NULL;
        if (src && src != l) {
            while (k < src->n &&
                   ec_key_cmp(src->entries[k].code, src->entries[k].sub, e->code, e->sub) < 0)
                k++;
            if (k < src->n && src->entries[k].code == e->code && src->entries[k].sub == e->sub)
                s = &src->entries[k];
        }
        for (int c = 0; c < EC_CHECK_COUNT; c++)
            if (checks[c].per_entry && !(x->opt && x->opt->disabled[c]))
                checks[c].per_entry(x, l, e, s);
    }
}

typedef struct {
    ec_ctx *per;
    void (*fn)(ec_ctx *x, size_t li, void *arg);
    void *arg;
} per_locale_job;

static void per_locale_one(size_t i, void *ctx)
{
    per_locale_job *j = ctx;
    j->fn(&j->per[i], i, j->arg);
}

void ec_check_per_locale(ec_ctx *x, void (*fn)(ec_ctx *x, size_t li, void *arg), void *arg)
{
    size_t n = x->cat->nlocales;
    per_locale_job j = {ec_xcalloc(n + 1, sizeof *j.per), fn, arg};
    for (size_t i = 0; i < n; i++) {
        j.per[i] = *x;
        j.per[i].out = ec_report_new();
    }
    ec_parallel_for(n, per_locale_one, &j);
    for (size_t i = 0; i < n; i++) {
        ec_report_move(x->out, j.per[i].out);
        ec_report_free(j.per[i].out);
    }
    free(j.per);
}

void ec_check_run(const ec_catalog *c, const ec_check_options *opt, ec_report *r)
{
    ec_ctx x = {c, opt, r, NULL};
    if (c) {
        ec_u_init(); /* before any thread uses ICU's shared objects */
        const ec_locale *src = ec_catalog_source(c);
        x.src_drifted = ec_xcalloc(src ? src->n + 1 : 1, sizeof *x.src_drifted);
        ec_check_per_locale(&x, entry_checks_of, NULL);
        ec_phase("entry checks");
        for (int i = 0; i < EC_CHECK_COUNT; i++)
            if (checks[i].per_catalog && !(opt && opt->disabled[i])) {
                checks[i].per_catalog(&x);
                ec_phase(checks[i].id);
            }
        free(x.src_drifted);
    }
    ec_report_filter(r, opt ? opt->disabled : NULL, opt ? opt->only_locales : NULL);
    ec_report_sort(r);
    ec_phase("sort findings");
}

/* ---- helpers for messages ---- */

void ec_buf_key_list(ec_buf *b, const char **keys, size_t n, size_t total)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ec_buf_puts(b, (i + 1 == n && total == n) ? " and " : ", ");
        ec_buf_puts(b, keys[i]);
    }
    if (total > n)
        ec_buf_printf(b, " and %zu more", total - n);
}

void ec_buf_name_list(ec_buf *b, const char **names, size_t n)
{
    ec_buf_key_list(b, names, n, n);
}

/* ---- missing: k-way merge over the sorted locales ---- */

/* Appends the tags of the usable locales that have the key (at[] positions). */
static void holders(ec_buf *b, const ec_catalog *c, const size_t *at, int32_t code, int32_t sub)
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
        holders(&who, c, at, code, sub);
        char key[32];
        snprintf(key, sizeof key, "%d/%d", code, sub);
        ec_entry fake = {.code = code, .sub = sub};
        ec_key_format(fake.key, code, sub);
        const char *where = at[i] > 0 ? l->entries[at[i] - 1].key : NULL;
        ec_finding_at(x, l, &fake, insert_pos(l, at[i]), EC_CHECK_MISSING, 0,
                      "%s lacks %s, which %s %s%s%s", l->tag, key, who.data,
                      strchr(who.data, ',') || strstr(who.data, " and ") ? "have" : "has",
                      where ? "; it belongs after " : "", where ? where : "");
        ec_buf_free(&who);
    }
}

void ec_check_missing(ec_ctx *x)
{
    const ec_catalog *c = x->cat;
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at);
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at));) {
        int32_t code = e->code, sub = e->sub;
        report_missing(x, at, code, sub);
        ec_catalog_pass_key(c, at, code, sub);
    }
    free(at);
}
