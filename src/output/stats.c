/* errcat stats: per-locale coverage. */
#include "base/buf.h"
#include "model/catalog.h"
#include "model/report.h"
#include "output/stats.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

typedef ec_stats_row row;

static void fill_row(const ec_catalog *c, const ec_locale *l, const ec_report *r, row *out)
{
    const ec_locale *src = ec_catalog_source(c);
    memset(out, 0, sizeof *out);
    out->tag = l->tag;
    out->keys = l->n;
    size_t at = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        const ec_entry *s = src && src != l ? ec_locale_find_next(src, e->code, e->sub, &at) : NULL;
        bool has_text = ec_norm_nonempty(e);
        if (src != l && (!s || !has_text))
            continue; /* not a translation of a source entry */
        if (src != l && ec_entry_staleness(c, l, e, s) != EC_FRESH)
            out->stale++;
        else if (has_text)
            out->translated++;
    }
    /* the keys `missing` reports: minority keys are no one's gap (extra) */
    size_t reported = c->nkeys - c->nminority, held = l->n - l->nminority;
    out->missing = reported >= held && l->usable ? reported - held : 0;
    /* As msgfmt counts a PO file: source keys with neither a translation
     * nor a stale (fuzzy) one. */
    size_t source_keys = 0;
    for (size_t i = 0; src && i < src->n; i++)
        source_keys += ec_norm_nonempty(&src->entries[i]);
    if (src && src != l && source_keys >= out->translated + out->stale)
        out->untranslated = source_keys - out->translated - out->stale;
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        if (strcmp(f.locale, l->tag) != 0)
            continue;
        if (f.severity == EC_SEV_ERROR)
            out->errors++;
        else
            out->warnings++;
    }
}

static void render_text(ec_buf *b, const row *rows, size_t n)
{
    size_t w = strlen("locale");
    for (size_t i = 0; i < n; i++)
        if (strlen(rows[i].tag) > w)
            w = strlen(rows[i].tag);
    ec_buf_printf(b, "%-*s  %6s  %10s  %5s  %12s  %7s  %6s  %8s\n", (int)w, "locale", "keys",
                  "translated", "stale", "untranslated", "missing", "errors", "warnings");
    for (size_t i = 0; i < n; i++) {
        const row *x = &rows[i];
        ec_buf_printf(b, "%-*s  %6zu  %10zu  %5zu  %12zu  %7zu  %6zu  %8zu\n", (int)w, x->tag,
                      x->keys, x->translated, x->stale, x->untranslated, x->missing, x->errors,
                      x->warnings);
    }
}

static void render_json(ec_buf *b, const row *rows, size_t n)
{
    ec_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        const row *x = &rows[i];
        ec_buf_puts(b, i ? ",\n  {\"locale\": \"" : "\n  {\"locale\": \"");
        ec_buf_json(b, x->tag);
        ec_buf_printf(b,
                      "\", \"keys\": %zu, \"translated\": %zu, \"stale\": %zu, "
                      "\"untranslated\": %zu, \"missing\": %zu, \"errors\": %zu, "
                      "\"warnings\": %zu}",
                      x->keys, x->translated, x->stale, x->untranslated, x->missing, x->errors,
                      x->warnings);
    }
    ec_buf_puts(b, n ? "\n]\n" : "]\n");
}

bool ec_stats_renders(ec_format fmt)
{
    return fmt == EC_FORMAT_TEXT || fmt == EC_FORMAT_JSON;
}

ec_stats_row *ec_stats_rows(const ec_catalog *c, const ec_report *r, const char **only, size_t *n)
{
    row *rows = ec_xcalloc(c->nlocales + 1, sizeof *rows);
    *n = 0;
    for (size_t i = 0; i < c->nlocales; i++)
        if (ec_locale_selected(c->locales[i].tag, only))
            fill_row(c, &c->locales[i], r, &rows[(*n)++]);
    return rows;
}

char *ec_stats_render(const ec_catalog *c, const ec_report *r, ec_format fmt, const char **only)
{
    size_t n;
    row *rows = ec_stats_rows(c, r, only, &n);
    ec_buf b = {0};
    if (fmt == EC_FORMAT_JSON)
        render_json(&b, rows, n);
    else
        render_text(&b, rows, n);
    free(rows);
    return ec_buf_take(&b);
}
