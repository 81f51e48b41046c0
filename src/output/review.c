/* The review page: `errcat check --format html` (README "The review page").
 * One self-contained HTML5 document: a header, the coverage of each locale
 * with an inline SVG chart, the findings grouped by file with the texts of
 * their key in every locale, and filters. Every catalog text is escaped and
 * isolated in <bdi>; nothing depends on the clock. */
#include "base/buf.h"
#include "base/key.h"
#include "base/map.h"
#include "base/unicode.h"
#include "check/families.h"
#include "model/catalog.h"
#include "model/report.h"
#include "output/stats.h"
#include "errcat/errcat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The CSP: nothing may be fetched; only the page's own style and script run. */
#define CSP                                                                                        \
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "                  \
    "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"

static const char css[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--mute:#5c5c5c;--line:#d0d0d0;"
    "--err:#b00020;--warn:#8a5a00;--here:#fff3c4;--tr:#2e7d32;--st:#f9a825;--un:#9e9e9e;"
    "--mi:#c62828;--mark:#ffe08a;--g0:#cfe3ff;--g1:#ffd6cc;--g2:#d4f0d0;--g3:#eed8ff;"
    "--g4:#fff0b3;--g5:#d0f0f0}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#e8e8e8;--mute:#a8a8a8;"
    "--line:#3a3a3a;--err:#ff6b7f;--warn:#ffc04d;--here:#3d3418;--tr:#66bb6a;--st:#fdd835;"
    "--un:#bdbdbd;--mi:#ef5350;--mark:#6b5200;--g0:#1f3f6e;--g1:#6e2c1f;--g2:#275a22;"
    "--g3:#4b2a6e;--g4:#5c4d0f;--g5:#1d5454}}\n"
    "body{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif;margin:0 "
    "auto;max-width:70rem;padding:1rem}\n"
    "h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:1px solid var(--line)}"
    "h3{font-size:1.05rem;font-family:monospace}\n"
    "table{border-collapse:collapse;margin:.3rem 0}th,td{border:1px solid "
    "var(--line);padding:.15rem .45rem;text-align:left;vertical-align:top}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}"
    "dl.meta dt{font-weight:600}dl.meta dd{margin:0}\n"
    "ol.findings{list-style:none;padding:0}\n"
    "li.finding{border-left:4px solid var(--line);margin:.6rem 0;padding:.2rem .6rem}\n"
    "li.finding[data-severity=error]{border-left-color:var(--err)}"
    "li.finding[data-severity=warning]{border-left-color:var(--warn)}\n"
    ".sev{font-weight:700;text-transform:uppercase;font-size:.8rem}"
    "[data-severity=error] .sev{color:var(--err)}[data-severity=warning] .sev{color:var(--warn)}\n"
    ".where{font-family:monospace;color:var(--mute)}.msg{margin:.2rem 0}\n"
    "table.texts td{white-space:pre-wrap}tr.here{background:var(--here)}\n"
    ".esc{font-family:monospace;color:var(--mute);border:1px solid var(--line);padding:0 2px}"
    ".none{color:var(--mute);font-style:italic}\n"
    "svg text{fill:var(--fg);font:12px system-ui,sans-serif}"
    ".tr{fill:var(--tr)}.st{fill:var(--st)}.un{fill:var(--un)}.mi{fill:var(--mi)}\n"
    "form.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}\n"
    "mark{background:var(--mark);color:inherit;border-radius:2px;outline:1px solid var(--line)}\n"
    "table.matrix td{text-align:center;font:700 .9rem monospace;min-width:1.6rem}"
    "table.matrix caption{text-align:left;color:var(--mute);font-size:.85rem}"
    "table.matrix th.named{text-decoration:underline}\n"
    ".g0{background:var(--g0)}.g1{background:var(--g1)}.g2{background:var(--g2)}"
    ".g3{background:var(--g3)}.g4{background:var(--g4)}.g5{background:var(--g5)}\n"
    "[hidden]{display:none!important}\n";

/* Shows only the findings that match every <select> of the form, hides the
 * file groups left empty and says how many are shown. */
static const char js[] =
    "(function(){var f=document.getElementById('filters');if(!f)return;"
    "var items=document.querySelectorAll('li.finding'),groups=document.querySelectorAll("
    "'section.file'),out=document.getElementById('shown');"
    "function apply(){var l=f.elements.locale.value,c=f.elements.check.value,"
    "s=f.elements.severity.value,n=0;for(var i=0;i<items.length;i++){var e=items[i],"
    "ok=(!l||e.dataset.locale===l)&&(!c||e.dataset.check===c)&&(!s||e.dataset.severity===s);"
    "e.hidden=!ok;if(ok)n++;}for(var j=0;j<groups.length;j++){groups[j].hidden="
    "!groups[j].querySelector('li.finding:not([hidden])');}"
    "out.textContent=n+' of '+items.length+' findings shown';}"
    "f.addEventListener('change',apply);f.addEventListener('submit',function(e){"
    "e.preventDefault();});apply();})();\n";

/* Decodes the UTF-8 sequence at s[0..n): its code point and length, or -1
 * (length 1) for a byte that does not start a valid sequence. */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    *len = 1;
    if (s[0] < 0x80)
        return s[0];
    size_t need = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (s[0] >= 0xF5 || !need || need > n)
        return -1;
    int32_t c = s[0] & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const int32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[need] || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
        return -1;
    *len = need;
    return c;
}

/* Whether code point `c` may not stand as it is in an HTML document: the
 * controls but tab and line feed (a carriage return would be folded),
 * and the noncharacters. */
static bool html_forbidden(int32_t c)
{
    if (c == '\t' || c == '\n')
        return false;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return true;
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Appends s[0..n) as HTML text or attribute value: & < > " ' as
 * references, the characters a document may not hold shown as a marked
 * U+XXXX (in an attribute: a plain U+XXXX), bytes that are not UTF-8 as
 * U+FFFD. */
static void html_put(ec_buf *b, const char *s, size_t n, bool attr)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len;
        int32_t c = utf8_next(p + i, n - i, &len);
        if (c < 0) {
            ec_buf_puts(b, "\xEF\xBF\xBD");
        } else if (html_forbidden(c)) {
            ec_buf_printf(b, attr ? "U+%04X" : "<span class=\"esc\">U+%04X</span>", (unsigned)c);
        } else {
            switch (c) {
            case '&': ec_buf_puts(b, "&amp;"); break;
            case '<': ec_buf_puts(b, "&lt;"); break;
            case '>': ec_buf_puts(b, "&gt;"); break;
            case '"': ec_buf_puts(b, "&quot;"); break;
            case '\'': ec_buf_puts(b, "&#39;"); break;
            default: ec_buf_put(b, s + i, len);
            }
        }
        i += len;
    }
}

/* A NUL-terminated string as HTML text. */
static void html(ec_buf *b, const char *s)
{
    html_put(b, s ? s : "", s ? strlen(s) : 0, false);
}

/* A NUL-terminated string as an attribute value (without the quotes). */
static void attr(ec_buf *b, const char *s)
{
    html_put(b, s ? s : "", s ? strlen(s) : 0, true);
}

/* A catalog string isolated from the page's text direction. */
static void bdi(ec_buf *b, const char *s)
{
    ec_buf_puts(b, "<bdi>");
    html(b, s);
    ec_buf_puts(b, "</bdi>");
}

/* ` lang="TAG"` when `tag` is a valid BCP 47 tag (a file name may not be). */
static void lang_attr(ec_buf *b, const char *tag)
{
    if (tag && *tag && ec_u_valid_langtag(tag)) {
        ec_buf_puts(b, " lang=\"");
        attr(b, tag);
        ec_buf_putc(b, '"');
    }
}

static const char *sev_name(ec_severity s)
{
    return s == EC_SEV_ERROR ? "error" : "warning";
}

/* The head of the document, up to and including <body>. */
static void page_head(ec_buf *b, const ec_catalog *c)
{
    ec_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<meta name=\"generator\" content=\"errcat ");
    attr(b, ec_version());
    ec_buf_puts(b, "\">\n<title>errcat review");
    if (c && c->name) {
        ec_buf_puts(b, ": ");
        html(b, c->name);
    }
    ec_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The counts of errors and warnings per check, in check order. */
static void counts_table(ec_buf *b, const ec_report *r)
{
    size_t err[EC_CHECK_COUNT] = {0}, warn[EC_CHECK_COUNT] = {0};
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        if ((size_t)f.check < EC_CHECK_COUNT)
            (f.severity == EC_SEV_ERROR ? err : warn)[f.check]++;
    }
    ec_buf_puts(b, "<table id=\"counts\">\n<caption>Findings per check</caption>\n"
                   "<thead><tr><th scope=\"col\">check</th><th scope=\"col\">errors</th>"
                   "<th scope=\"col\">warnings</th></tr></thead>\n<tbody>\n");
    for (int k = 0; k < EC_CHECK_COUNT; k++)
        if (err[k] || warn[k])
            ec_buf_printf(b,
                          "<tr data-check=\"%s\"><th scope=\"row\">%s</th><td class=\"n\">%zu</td>"
                          "<td class=\"n\">%zu</td></tr>\n",
                          ec_check_name(k), ec_check_name(k), err[k], warn[k]);
    ec_buf_printf(b,
                  "<tr><th scope=\"row\">total</th><td class=\"n\">%zu</td><td "
                  "class=\"n\">%zu</td></tr>\n</tbody>\n</table>\n",
                  ec_report_count_severity(r, EC_SEV_ERROR),
                  ec_report_count_severity(r, EC_SEV_WARNING));
}

/* The header: what catalog, which errcat, how many findings of what. */
static void page_header(ec_buf *b, const ec_catalog *c, const ec_report *r, const char **only)
{
    ec_buf_puts(b, "<header>\n<h1>errcat review");
    if (c && c->name) {
        ec_buf_puts(b, ": ");
        bdi(b, c->name);
    }
    ec_buf_puts(b, "</h1>\n<dl class=\"meta\">\n");
    if (c) {
        ec_buf_puts(b, "<dt>Catalog</dt><dd>");
        bdi(b, c->dir);
        ec_buf_puts(b, "</dd>\n<dt>Source locale</dt><dd>");
        if (c->source)
            bdi(b, c->source);
        else
            ec_buf_puts(b, "<span class=\"none\">none</span>");
        ec_buf_puts(b, "</dd>\n<dt>Locales</dt><dd>");
        const char *sep = "";
        for (size_t i = 0; i < c->nlocales; i++)
            if (ec_locale_selected(c->locales[i].tag, only)) {
                ec_buf_puts(b, sep);
                bdi(b, c->locales[i].tag);
                sep = ", ";
            }
        ec_buf_printf(b, "</dd>\n<dt>Keys</dt><dd>%zu</dd>\n", c->nkeys);
    }
    ec_buf_puts(b, "<dt>errcat</dt><dd>");
    html(b, ec_version());
    ec_buf_printf(b, "</dd>\n<dt>Findings</dt><dd>%zu errors, %zu warnings</dd>\n</dl>\n",
                  ec_report_count_severity(r, EC_SEV_ERROR),
                  ec_report_count_severity(r, EC_SEV_WARNING));
    counts_table(b, r);
    ec_buf_puts(b, "</header>\n");
}

#define BAR_X 110 /* where the bars start (the locale label before) */
#define BAR_W 480 /* the width of the longest bar */
#define BAR_H 18  /* the height of a bar */
#define ROW_H 40  /* a bar and its label line */

/* One segment of a stacked bar; *x moves past it. */
static void bar_part(ec_buf *b, const char *cls, size_t v, size_t max, size_t *x, size_t y)
{
    size_t w = max ? v * BAR_W / max : 0;
    if (w)
        ec_buf_printf(b, "<rect class=\"%s\" x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"%d\"/>",
                      cls, *x, y, w, BAR_H);
    *x += w;
}

/* The chart of the coverage: per locale a bar of translated, stale,
 * untranslated and missing keys, with the numbers as text beneath. */
static void coverage_chart(ec_buf *b, const ec_stats_row *rows, size_t n)
{
    size_t max = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = rows[i].translated + rows[i].stale + rows[i].untranslated + rows[i].missing;
        max = t > max ? t : max;
    }
    ec_buf_printf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "aria-labelledby=\"chart-title\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d "
                  "%zu\">\n<title id=\"chart-title\">Coverage per locale: translated, stale, "
                  "untranslated and missing keys</title>\n",
                  BAR_X + BAR_W + 10, n * ROW_H + 10, BAR_X + BAR_W + 10, n * ROW_H + 10);
    for (size_t i = 0; i < n; i++) {
        const ec_stats_row *x = &rows[i];
        size_t y = i * ROW_H + 4, at = BAR_X;
        ec_buf_printf(b, "<g><text x=\"0\" y=\"%zu\">", y + 13);
        html(b, x->tag);
        ec_buf_puts(b, "</text>");
        bar_part(b, "tr", x->translated, max, &at, y);
        bar_part(b, "st", x->stale, max, &at, y);
        bar_part(b, "un", x->untranslated, max, &at, y);
        bar_part(b, "mi", x->missing, max, &at, y);
        ec_buf_printf(b,
                      "<text x=\"%d\" y=\"%zu\">%zu translated, %zu stale, %zu untranslated, "
                      "%zu missing</text></g>\n",
                      BAR_X, y + BAR_H + 14, x->translated, x->stale, x->untranslated, x->missing);
    }
    ec_buf_puts(b, "</svg>\n");
}

/* The coverage section: the numbers of `errcat stats` and their chart. */
static void coverage(ec_buf *b, const ec_catalog *c, const ec_report *r, const char **only)
{
    size_t n;
    ec_stats_row *rows = ec_stats_rows(c, r, only, &n);
    ec_buf_puts(b, "<section id=\"coverage\">\n<h2>Coverage</h2>\n<table>\n<thead><tr>");
    static const char *const cols[] = {"locale",       "keys",    "translated", "stale",
                                       "untranslated", "missing", "errors",     "warnings"};
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
        ec_buf_printf(b, "<th scope=\"col\">%s</th>", cols[k]);
    ec_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const ec_stats_row *x = &rows[i];
        ec_buf_puts(b, "<tr><th scope=\"row\">");
        bdi(b, x->tag);
        ec_buf_printf(b,
                      "</th><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
                      "class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
                      "class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
                      x->keys, x->translated, x->stale, x->untranslated, x->missing, x->errors,
                      x->warnings);
    }
    ec_buf_puts(b, "</tbody>\n</table>\n");
    if (n)
        coverage_chart(b, rows, n);
    ec_buf_puts(b, "</section>\n");
    free(rows);
}

/* One <select> of the filters: "" first (all), then `values`. */
static void filter_select(ec_buf *b, const char *name, const char *label, const char *const *values,
                          size_t n)
{
    ec_buf_printf(b, "<label>%s <select name=\"%s\"><option value=\"\">all</option>", label, name);
    for (size_t i = 0; i < n; i++) {
        ec_buf_puts(b, "<option value=\"");
        attr(b, values[i]);
        ec_buf_puts(b, "\">");
        html(b, values[i]);
        ec_buf_puts(b, "</option>");
    }
    ec_buf_puts(b, "</select></label>\n");
}

/* The filters: the locales of the catalog (else of the findings), the
 * checks and the severities that occur. */
static void filters(ec_buf *b, const ec_catalog *c, const ec_report *r)
{
    size_t n = ec_report_count(r);
    const char **v = ec_xcalloc((c ? c->nlocales : 0) + n + EC_CHECK_COUNT + 2, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; c && i < c->nlocales; i++)
        v[k++] = c->locales[i].tag;
    for (size_t i = 0; i < n; i++) { /* locales the catalog does not list */
        const char *l = ec_report_get(r, i).locale;
        bool seen = !*l;
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(v[j], l);
        if (!seen)
            v[k++] = l;
    }
    ec_buf_puts(b, "<form id=\"filters\" class=\"filters\">\n");
    filter_select(b, "locale", "Locale", v, k);
    bool has[EC_CHECK_COUNT] = {0}, sev[3] = {0};
    for (size_t i = 0; i < n; i++) {
        ec_finding f = ec_report_get(r, i);
        if ((size_t)f.check < EC_CHECK_COUNT)
            has[f.check] = true;
        sev[f.severity == EC_SEV_ERROR ? 2 : 1] = true;
    }
    k = 0;
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (has[i])
            v[k++] = ec_check_name(i);
    filter_select(b, "check", "Check", v, k);
    k = 0;
    if (sev[2])
        v[k++] = "error";
    if (sev[1])
        v[k++] = "warning";
    filter_select(b, "severity", "Severity", v, k);
    ec_buf_printf(b, "</form>\n<p id=\"shown\" aria-live=\"polite\">%zu findings</p>\n", n);
    free(v);
}

/* Appends e's text as one isolated cell content: HTML-escaped, the bytes of
 * marks[0..n) (sorted, disjoint) each in a <mark class="CLS">. */
static void marked_text(ec_buf *b, const ec_entry *e, const ec_span *marks, size_t n,
                        const char *cls)
{
    size_t at = 0;
    ec_buf_puts(b, "<bdi>");
    for (size_t i = 0; i < n; i++) {
        if (marks[i].start < at || marks[i].start + marks[i].len > e->text_len)
            continue;
        html_put(b, e->text + at, marks[i].start - at, false);
        ec_buf_printf(b, "<mark class=\"%s\">", cls);
        html_put(b, e->text + marks[i].start, marks[i].len, false);
        ec_buf_puts(b, "</mark>");
        at = marks[i].start + marks[i].len;
    }
    html_put(b, e->text + at, e->text_len - at, false);
    ec_buf_puts(b, "</bdi>");
}

/* Whether w[0..n) is made of ASCII letters and digits only: a term that
 * matches whole tokens (as the terms check matches it). */
static bool token_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z') ||
              (w[i] >= '0' && w[i] <= '9')))
            return false;
    return n > 0;
}

/* Where a term occurs in a text: the spans found so far. */
typedef struct {
    const char *base, *term;
    size_t len;
    ec_span *v;
    size_t n;
} term_hits;

/* Keeps a token of the text that is the term. */
static void term_token(const ec_token *t, void *ctx)
{
    term_hits *h = ctx;
    if (t->len == h->len && !memcmp(t->start, h->term, h->len)) {
        h->v = ec_xrealloc(h->v, (h->n + 1) * sizeof *h->v);
        h->v[h->n++] = (ec_span){(size_t)(t->start - h->base), t->len};
    }
}

/* The occurrences of `term` in e's text: whole tokens for a Latin word or a
 * number, else every occurrence as a substring (not overlapping). */
static ec_span *term_spans(const ec_entry *e, const char *term, size_t *n)
{
    term_hits h = {e->text, term, strlen(term), NULL, 0};
    if (!h.len) {
        *n = 0;
        return NULL;
    }
    if (token_word(term, h.len)) {
        ec_u_tokens(e->text, e->text_len, term_token, &h);
    } else {
        for (size_t i = 0; i + h.len <= e->text_len;) {
            if (!memcmp(e->text + i, term, h.len)) {
                h.v = ec_xrealloc(h.v, (h.n + 1) * sizeof *h.v);
                h.v[h.n++] = (ec_span){i, h.len};
                i += h.len;
            } else {
                i++;
            }
        }
    }
    *n = h.n;
    return h.v;
}

/* One row of a finding's texts: the locale and its text of the key, with the
 * placeholders marked for a placeholder finding and the term (`subject`) in
 * the source text for a terms finding. */
static void text_row(ec_buf *b, const ec_locale *l, const ec_finding *f, const char *subject,
                     int32_t code, int32_t sub, bool is_source)
{
    const ec_entry *e = ec_locale_find(l, code, sub);
    bool here = !strcmp(l->tag, f->locale);
    ec_buf_printf(b, "<tr%s><th scope=\"row\">", here ? " class=\"here\"" : "");
    bdi(b, l->tag);
    if (here)
        ec_buf_puts(b, " <small>(this finding)</small>");
    ec_buf_puts(b, "</th><td");
    if (!e) {
        ec_buf_puts(b, " class=\"none\">no entry</td></tr>\n");
        return;
    }
    if (!e->text || !e->text_len) {
        ec_buf_puts(b, " class=\"none\">empty</td></tr>\n");
        return;
    }
    lang_attr(b, l->tag);
    ec_buf_puts(b, ">");
    size_t n = 0;
    ec_span *marks = NULL;
    const char *cls = "";
    if (f->check == EC_CHECK_PLACEHOLDER) {
        marks = ec_placeholder_spans(e->text, !is_source, &n);
        cls = "placeholder";
    } else if (f->check == EC_CHECK_TERMS && is_source && subject) {
        marks = term_spans(e, subject, &n);
        cls = "term";
    }
    marked_text(b, e, marks, n, cls);
    free(marks);
    ec_buf_puts(b, "</td></tr>\n");
}

/* The texts of the finding's key in every locale, the source first. */
static void key_texts(ec_buf *b, const ec_catalog *c, const ec_finding *f, const char *subject)
{
    int32_t code, sub;
    if (!c || !*f->key || !ec_key_parse(f->key, strlen(f->key), &code, &sub) || !c->nlocales)
        return;
    const ec_locale *src = ec_catalog_source(c);
    ec_buf_puts(b, "<table class=\"texts\">\n");
    if (src)
        text_row(b, src, f, subject, code, sub, true);
    for (size_t i = 0; i < c->nlocales; i++)
        if (&c->locales[i] != src)
            text_row(b, &c->locales[i], f, subject, code, sub, false);
    ec_buf_puts(b, "</table>\n");
}

/* ---- the key matrix of a drift finding ---- */

#define MATRIX_KEYS 16 /* the most keys a matrix shows */
#define NO_GROUP SIZE_MAX

/* A locale's groups of equal (comparable) text, as drift forms them. */
typedef struct {
    size_t *gid;    /* per entry: its group, NO_GROUP without a usable text */
    size_t *next;   /* per entry: the next entry of its group, NO_GROUP at the end */
    size_t *gfirst; /* per group: its first entry */
} groups;

/* Groups the entries of `l` by their comparable text (linear: one hash map). */
static void build_groups(const ec_locale *l, groups *g)
{
    ec_map m = {0};
    size_t ngroups = 0, *glast = ec_xmalloc((l->n + 1) * sizeof *glast);
    g->gid = ec_xmalloc((l->n + 1) * sizeof *g->gid);
    g->next = ec_xmalloc((l->n + 1) * sizeof *g->next);
    g->gfirst = ec_xmalloc((l->n + 1) * sizeof *g->gfirst);
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        g->next[i] = g->gid[i] = NO_GROUP;
        if (!ec_norm_nonempty(e))
            continue;
        bool added;
        size_t id = ec_map_get_or_add(&m, ec_norm(e), ngroups, &added);
        if (added)
            g->gfirst[ngroups++] = i;
        else
            g->next[glast[id]] = i;
        glast[id] = i;
        g->gid[i] = id;
    }
    free(glast);
    ec_map_free(&m);
}

/* The group of key code/sub in locale li, NO_GROUP when it has none. */
static size_t group_of(const ec_catalog *c, const groups *g, size_t li, int32_t code, int32_t sub)
{
    const ec_entry *e = ec_locale_find(&c->locales[li], code, sub);
    return e ? g[li].gid[e - c->locales[li].entries] : NO_GROUP;
}

/* A key of a matrix: the key, whether the finding names it, and for how many
 * (named key, locale) pairs it shares the named key's text there. */
typedef struct {
    int32_t code, sub;
    bool named;
    size_t shares;
} mkey;

/* Named keys first (in the finding's order), then the keys that share a
 * named key's text in more locales, then key order. */
static int mkey_rank(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    if (x->named != y->named)
        return x->named ? -1 : 1;
    if (x->shares != y->shares)
        return x->shares > y->shares ? -1 : 1;
    return ec_key_cmp(x->code, x->sub, y->code, y->sub);
}

/* Key order, for merging the candidates of a matrix. */
static int mkey_cmp(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    return ec_key_cmp(x->code, x->sub, y->code, y->sub);
}

/* The keys of the matrix of drift finding `f` into k[0..MATRIX_KEYS): the keys
 * it names, then those that share a named key's text in some locale (the
 * first MATRIX_KEYS + 1 of each group, so a large group costs no more);
 * returns their number, *more when some were left out. */
static size_t matrix_keys(const ec_catalog *c, const groups *g, const ec_finding *f, mkey *k,
                          bool *more)
{
    size_t nn = 0, n = 0, cap = 0;
    mkey *named = ec_xcalloc(f->nrelated + 1, sizeof *named), *cand = NULL;
    for (size_t i = 0; i <= f->nrelated; i++) {
        const char *key = i ? f->related[i - 1].key : f->key;
        int32_t code, sub;
        if (ec_key_parse(key, strlen(key), &code, &sub))
            named[nn++] = (mkey){code, sub, true, 0};
    }
    for (size_t i = 0; i < nn; i++)
        for (size_t li = 0; li < c->nlocales; li++) {
            size_t gid = group_of(c, g, li, named[i].code, named[i].sub), walked = 0;
            if (gid == NO_GROUP)
                continue;
            const ec_locale *l = &c->locales[li];
            for (size_t e = g[li].gfirst[gid]; e != NO_GROUP && walked <= MATRIX_KEYS;
                 e = g[li].next[e], walked++) {
                if (n == cap) {
                    cap = cap ? 2 * cap : 64;
                    cand = ec_xrealloc(cand, cap * sizeof *cand);
                }
                cand[n++] = (mkey){l->entries[e].code, l->entries[e].sub, false, 1};
            }
        }
    /* merge: one candidate per key, counting its locales, the named ones out */
    qsort(cand, n, sizeof *cand, mkey_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !mkey_cmp(&cand[m - 1], &cand[i])) {
            cand[m - 1].shares++;
            continue;
        }
        bool is_named = false;
        for (size_t j = 0; j < nn && !is_named; j++)
            is_named = !mkey_cmp(&named[j], &cand[i]);
        if (!is_named)
            cand[m++] = cand[i];
    }
    qsort(cand, m, sizeof *cand, mkey_rank);
    size_t out = 0;
    for (size_t i = 0; i < nn && out < MATRIX_KEYS; i++)
        k[out++] = named[i];
    for (size_t i = 0; i < m && out < MATRIX_KEYS; i++)
        k[out++] = cand[i];
    *more = nn + m > out;
    free(named);
    free(cand);
    return out;
}

/* One row of a matrix: locale l's group of each key, as letters A, B, ... in
 * the order they first occur in the row, each with its colour class. */
static void matrix_row(ec_buf *b, const ec_catalog *c, const groups *g, size_t li, const mkey *k,
                       size_t n, bool here)
{
    size_t seen[MATRIX_KEYS], nseen = 0;
    ec_buf_printf(b, "<tr%s><th scope=\"row\">", here ? " class=\"here\"" : "");
    bdi(b, c->locales[li].tag);
    ec_buf_puts(b, here ? " <small>(this finding)</small></th>" : "</th>");
    for (size_t i = 0; i < n; i++) {
        size_t gid = group_of(c, g, li, k[i].code, k[i].sub), letter = 0;
        if (gid == NO_GROUP) {
            ec_buf_puts(b, "<td class=\"none\">-</td>");
            continue;
        }
        while (letter < nseen && seen[letter] != gid)
            letter++;
        if (letter == nseen)
            seen[nseen++] = gid;
        ec_buf_printf(b, "<td class=\"g%zu\">%c</td>", letter % 6, (char)('A' + letter));
    }
    ec_buf_puts(b, "</tr>\n");
}

/* The matrix of a drift finding: the keys involved by locale, each cell the
 * letter of its group of equal text in that locale, so that the locale that
 * groups them otherwise stands out. */
static void drift_matrix(ec_buf *b, const ec_catalog *c, const groups *g, const ec_finding *f)
{
    mkey k[MATRIX_KEYS];
    bool more;
    size_t n = matrix_keys(c, g, f, k, &more);
    if (!n)
        return;
    ec_buf_puts(b, "<table class=\"matrix\">\n<caption>Keys by locale: in a row, one letter is one "
                   "text");
    if (more)
        ec_buf_printf(b, " (the first %d keys)", MATRIX_KEYS);
    ec_buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">locale</th>");
    for (size_t i = 0; i < n; i++) {
        char key[EC_KEY_MAX];
        ec_key_format(key, k[i].code, k[i].sub);
        ec_buf_printf(b, "<th scope=\"col\"%s>%s</th>", k[i].named ? " class=\"named\"" : "", key);
    }
    ec_buf_puts(b, "</tr></thead>\n<tbody>\n");
    const ec_locale *src = ec_catalog_source(c);
    if (src)
        matrix_row(b, c, g, (size_t)(src - c->locales), k, n, !strcmp(src->tag, f->locale));
    for (size_t li = 0; li < c->nlocales; li++)
        if (&c->locales[li] != src)
            matrix_row(b, c, g, li, k, n, !strcmp(c->locales[li].tag, f->locale));
    ec_buf_puts(b, "</tbody>\n</table>\n");
}

/* What the findings part of the page reads: the catalog, the report and,
 * built when the first drift finding needs them, every locale's groups. */
typedef struct {
    const ec_catalog *c;
    const ec_report *r;
    groups *g; /* per locale, or NULL */
} page;

/* The groups of every locale, built once. */
static const groups *page_groups(page *p)
{
    if (!p->g) {
        p->g = ec_xcalloc(p->c->nlocales + 1, sizeof *p->g);
        for (size_t li = 0; li < p->c->nlocales; li++)
            build_groups(&p->c->locales[li], &p->g[li]);
    }
    return p->g;
}

/* Frees the groups of a page. */
static void page_free(page *p)
{
    for (size_t li = 0; p->g && li < p->c->nlocales; li++) {
        free(p->g[li].gid);
        free(p->g[li].next);
        free(p->g[li].gfirst);
    }
    free(p->g);
}

/* The anchor of a key: "key-18/305". */
static void key_anchor(ec_buf *b, const char *key)
{
    ec_buf_puts(b, "key-");
    attr(b, key);
}

/* A key as a link to its row of "Keys with findings". */
static void key_link(ec_buf *b, const char *key)
{
    ec_buf_puts(b, "<a class=\"key\" href=\"#");
    key_anchor(b, key);
    ec_buf_puts(b, "\">");
    bdi(b, key);
    ec_buf_puts(b, "</a>");
}

/* One finding: its facts as data attributes and as text, then its texts
 * (and the key matrix of a drift finding). */
static void finding(ec_buf *b, page *p, const ec_finding *f, size_t idx)
{
    ec_buf_printf(b, "<li class=\"finding\" id=\"f%zu\" data-check=\"%s\" data-locale=\"", idx + 1,
                  ec_check_name(f->check));
    attr(b, f->locale);
    ec_buf_printf(b, "\" data-severity=\"%s\" data-key=\"", sev_name(f->severity));
    attr(b, f->key);
    if (f->nrelated) { /* every key it names, its own first, as JSON "keys" */
        ec_buf_puts(b, "\" data-keys=\"");
        attr(b, f->key);
        for (size_t k = 0; k < f->nrelated; k++) {
            ec_buf_putc(b, ' ');
            attr(b, f->related[k].key);
        }
    }
    ec_buf_printf(b, "\">\n<p><span class=\"sev\">%s</span> <span class=\"check\">%s</span>",
                  sev_name(f->severity), ec_check_name(f->check));
    if (*f->locale) {
        ec_buf_puts(b, " <span class=\"locale\">");
        bdi(b, f->locale);
        ec_buf_puts(b, "</span>");
    }
    if (*f->key) {
        ec_buf_puts(b, " ");
        key_link(b, f->key);
    }
    for (size_t k = 0; k < f->nrelated; k++) {
        ec_buf_puts(b, k ? ", " : " <span class=\"also\">with ");
        key_link(b, f->related[k].key);
        ec_buf_puts(b, k + 1 == f->nrelated ? "</span>" : "");
    }
    ec_buf_puts(b, " <span class=\"where\"><bdi>");
    html(b, f->file);
    if (f->line > 0)
        ec_buf_printf(b, ":%d:%d", f->line, f->column);
    ec_buf_puts(b, "</bdi></span></p>\n<p class=\"msg\"><bdi>");
    html(b, f->message);
    ec_buf_puts(b, "</bdi></p>\n");
    key_texts(b, p->c, f, ec_report_subject(p->r, idx));
    if (p->c && f->check == EC_CHECK_DRIFT && *f->key)
        drift_matrix(b, p->c, page_groups(p), f);
    ec_buf_puts(b, "</li>\n");
}

/* The findings of one file, those of the report at `idx[0..n)`. */
static void file_group(ec_buf *b, page *p, const size_t *idx, size_t n, size_t group)
{
    ec_finding first = ec_report_get(p->r, idx[0]);
    ec_buf_printf(b, "<section class=\"file\" id=\"file-%zu\">\n<h3><bdi>", group + 1);
    html(b, *first.file ? first.file : "(no file)");
    ec_buf_printf(b, "</bdi> <small>(%zu)</small></h3>\n<ol class=\"findings\">\n", n);
    for (size_t i = 0; i < n; i++) {
        ec_finding f = ec_report_get(p->r, idx[i]);
        finding(b, p, &f, idx[i]);
    }
    ec_buf_puts(b, "</ol>\n</section>\n");
}

/* The rank of a file in catalog order: catalog.yaml, the locale files in
 * output order, then every other file (n + 1). */
static size_t file_rank(const ec_catalog *c, const char *file)
{
    if (!c)
        return 0;
    if (c->meta_path && !strcmp(file, c->meta_path))
        return 0;
    for (size_t i = 0; i < c->nlocales; i++)
        if (c->locales[i].path && !strcmp(file, c->locales[i].path))
            return i + 1;
    return c->nlocales + 1;
}

/* The findings, grouped by file in catalog order (within a rank, files and
 * findings keep the report's order). */
static void findings(ec_buf *b, const ec_catalog *c, const ec_report *r)
{
    size_t n = ec_report_count(r), nrank = (c ? c->nlocales : 0) + 2;
    ec_buf_puts(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    filters(b, c, r);
    if (!n)
        ec_buf_puts(b, "<p class=\"none\">No findings.</p>\n");
    /* counting sort by rank: linear, stable */
    size_t *rank = ec_xcalloc(n + 1, sizeof *rank), *start = ec_xcalloc(nrank + 1, sizeof *start);
    size_t *order = ec_xcalloc(n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        rank[i] = file_rank(c, ec_report_get(r, i).file);
        start[rank[i] + 1]++;
    }
    for (size_t k = 0; k < nrank; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++)
        order[start[rank[i]]++] = i;
    size_t group = 0;
    page p = {c, r, NULL};
    for (size_t i = 0; i < n;) {
        const char *file = ec_report_get(r, order[i]).file;
        size_t j = i + 1;
        while (j < n && !strcmp(ec_report_get(r, order[j]).file, file))
            j++;
        file_group(b, &p, order + i, j - i, group++);
        i = j;
    }
    page_free(&p);
    free(rank);
    free(start);
    free(order);
    ec_buf_puts(b, "</section>\n");
}

/* A row of "Keys with findings": a key a finding names, and the finding. */
typedef struct {
    const char *key;
    size_t idx;
} named_key;

/* Orders named keys by key, then report order. */
static int by_key(const void *a, const void *b)
{
    const named_key *x = a, *y = b;
    int32_t cx, sx, cy, sy;
    bool kx = ec_key_parse(x->key, strlen(x->key), &cx, &sx);
    bool ky = ec_key_parse(y->key, strlen(y->key), &cy, &sy);
    int d = kx && ky ? ec_key_cmp(cx, sx, cy, sy) : strcmp(x->key, y->key);
    return d ? d : (x->idx > y->idx) - (x->idx < y->idx);
}

/* The keys findings name (their own and the others, such as a drift tie's),
 * each an anchor (key-18/305) listing the findings that name it. */
static void key_index(ec_buf *b, const ec_report *r)
{
    size_t n = ec_report_count(r), m = 0, cap = n + 1;
    named_key *v = ec_xcalloc(cap, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        ec_finding f = ec_report_get(r, i);
        if (!*f.key)
            continue;
        if (m + f.nrelated + 1 > cap) {
            cap = 2 * (m + f.nrelated + 1);
            v = ec_xrealloc(v, cap * sizeof *v);
        }
        v[m++] = (named_key){f.key, i};
        for (size_t k = 0; k < f.nrelated; k++)
            v[m++] = (named_key){f.related[k].key, i};
    }
    qsort(v, m, sizeof *v, by_key);
    ec_buf_puts(b, "<section id=\"keys\">\n<h2>Keys with findings</h2>\n<table>\n<tbody>\n");
    for (size_t i = 0; i < m;) {
        const char *key = v[i].key;
        ec_buf_puts(b, "<tr id=\"");
        key_anchor(b, key);
        ec_buf_puts(b, "\"><th scope=\"row\">");
        bdi(b, key);
        ec_buf_puts(b, "</th><td>");
        size_t j = i;
        for (; j < m && !strcmp(v[j].key, key); j++) {
            if (j > i && v[j].idx == v[j - 1].idx)
                continue; /* a finding that names the key twice */
            ec_finding f = ec_report_get(r, v[j].idx);
            ec_buf_printf(b, "%s<a href=\"#f%zu\">%s", j > i ? ", " : "", v[j].idx + 1,
                          ec_check_name(f.check));
            if (*f.locale) {
                ec_buf_puts(b, " ");
                bdi(b, f.locale);
            }
            ec_buf_puts(b, "</a>");
        }
        ec_buf_puts(b, "</td></tr>\n");
        i = j;
    }
    ec_buf_puts(b, "</tbody>\n</table>\n</section>\n");
    free(v);
}

char *ec_report_render_html(const ec_report *r, const ec_catalog *c, const char **only_locales)
{
    ec_buf b = {0};
    page_head(&b, c);
    page_header(&b, c, r, only_locales);
    ec_buf_puts(&b, "<main>\n");
    if (c)
        coverage(&b, c, r, only_locales);
    findings(&b, c, r);
    key_index(&b, r);
    ec_buf_printf(&b, "</main>\n<script>\n%s</script>\n</body>\n</html>\n", js);
    return ec_buf_take(&b);
}
