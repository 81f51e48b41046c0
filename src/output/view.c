/* View models for the templates. Everything that needs escaping other than
 * HTML (which the Mustache engine does) is escaped here, once. */
#include "output/view.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "output/mustache.h"
#include "errcat/errcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C_LITERAL_MAX 4095 /* the longest string literal C99 promises to support */

char *ec_md_cell(const char *s, size_t n)
{
    ec_buf b = {0};
    /* GFM trims cells, so outer spaces are written as character references. */
    size_t lead = 0, trail = 0;
    while (lead < n && s[lead] == ' ')
        lead++;
    while (trail < n - lead && s[n - 1 - trail] == ' ')
        trail++;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' && (i < lead || i >= n - trail))
            ec_buf_puts(&b, "&#32;");
        else if (c == '\n')
            ec_buf_puts(&b, "<br>"); /* a table row is one line */
        else if (c == '\r')
            ec_buf_puts(&b, "&#13;");
        else if (c && strchr("\\`*_[]<&|~", c))
            ec_buf_putc(&b, '\\'), ec_buf_putc(&b, c);
        else
            ec_buf_putc(&b, c);
    }
    return ec_buf_take(&b);
}

/* A C string literal (with quotes), pure ASCII, for s[0..n). */
static char *c_literal(const char *s, size_t n)
{
    ec_buf b = {0};
    ec_buf_reserve(&b, n * 4 + 2);
    ec_buf_putc(&b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c == '?') { /* \? : never a trigraph */
            char esc[2] = {'\\', (char)c};
            ec_buf_put(&b, esc, 2);
        } else if (c >= 0x20 && c < 0x7f) {
            ec_buf_putc(&b, (char)c);
        } else { /* always three octal digits: no run-on into the next char */
            char esc[4] = {'\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
                           (char)('0' + (c & 7))};
            ec_buf_put(&b, esc, 4);
        }
    }
    ec_buf_putc(&b, '"');
    return ec_buf_take(&b);
}

/* ---- Markdown table ---- */

static char *padded(const char *cell, size_t width)
{
    size_t w = ec_u_display_width(cell, strlen(cell));
    ec_buf b = {0};
    ec_buf_puts(&b, cell);
    for (; w < width; w++)
        ec_buf_putc(&b, ' ');
    return ec_buf_take(&b);
}

static size_t max_sz(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* The rows of a locale's table: its own entries and, for each key of the
 * source locale that it lacks, the source entry as a fallback; in key order. */
typedef struct {
    const ec_entry **e;
    bool *fallback;
    bool *retired; /* the source entry of the row's key is `retired: true` */
    size_t n, nfallback, nretired;
} table_rows;

/* What a reader sees after the text of a retired key in a Markdown table
 * (README "Outputs": retired keys). */
#define RETIRED_MARK " (retired)"

static table_rows rows_of(const ec_catalog *c, const ec_locale *l)
{
    const ec_locale *src = ec_catalog_source(c);
    if (src == l || (src && !src->usable))
        src = NULL;
    size_t cap = l->n + (src ? src->n : 0) + 1, i = 0, k = 0;
    table_rows t = {ec_xcalloc(cap, sizeof *t.e),
                    ec_xcalloc(cap, sizeof *t.fallback),
                    ec_xcalloc(cap, sizeof *t.retired),
                    0,
                    0,
                    0};
    while (i < l->n || (src && k < src->n)) {
        const ec_entry *a = i < l->n ? &l->entries[i] : NULL;
        const ec_entry *b = src && k < src->n ? &src->entries[k] : NULL;
        int cmp = !a ? 1 : !b ? -1 : ec_key_cmp(a->code, a->sub, b->code, b->sub);
        if (cmp <= 0) {
            t.e[t.n++] = a;
            i++;
            /* the source's duplicates of the key go with it */
            while (cmp == 0 && k < src->n && src->entries[k].code == a->code &&
                   src->entries[k].sub == a->sub)
                k++;
        } else {
            t.fallback[t.n] = true;
            t.e[t.n++] = b;
            t.nfallback++;
            for (k++;
                 k < src->n && src->entries[k].code == b->code && src->entries[k].sub == b->sub;)
                k++;
        }
    }
    return t;
}

/* Marks the rows whose key the source locale retired. */
static void mark_retired(const ec_catalog *c, table_rows *t)
{
    const ec_locale *src = ec_catalog_source(c);
    for (size_t i = 0; src && src->usable && i < t->n; i++) {
        const ec_entry *se = ec_locale_find(src, t->e[i]->code, t->e[i]->sub);
        t->retired[i] = se && se->retired;
        t->nretired += t->retired[i];
    }
}

static void rows_free(table_rows *t)
{
    free(t->e);
    free(t->fallback);
    free(t->retired);
}

typedef struct {
    char **code, **sub, **text, **plain; /* text: with the retired mark; plain: without */
    size_t wc, ws, wt;
} md_cells;

static void md_measure(const table_rows *t, md_cells *m)
{
    m->code = ec_xcalloc(t->n + 1, sizeof *m->code);
    m->sub = ec_xcalloc(t->n + 1, sizeof *m->sub);
    m->text = ec_xcalloc(t->n + 1, sizeof *m->text);
    m->plain = ec_xcalloc(t->n + 1, sizeof *m->plain);
    m->wc = strlen("errcode");
    m->ws = strlen("sub_errcode");
    m->wt = strlen("errmsg");
    for (size_t i = 0; i < t->n; i++) {
        const ec_entry *e = t->e[i];
        m->code[i] = ec_xasprintf("%d", e->code);
        m->sub[i] = ec_xasprintf("%d", e->sub);
        m->plain[i] = ec_md_cell(e->text ? e->text : "", e->text ? e->text_len : 0);
        m->text[i] = ec_xasprintf("%s%s", m->plain[i], t->retired[i] ? RETIRED_MARK : "");
        m->wc = max_sz(m->wc, strlen(m->code[i]));
        m->ws = max_sz(m->ws, strlen(m->sub[i]));
        m->wt = max_sz(m->wt, ec_u_display_width(m->text[i], strlen(m->text[i])));
    }
}

static ec_value *md_triple(const char *a, const char *b, const char *c, const md_cells *m)
{
    ec_value *v = ec_v_map();
    char *pa = padded(a, m->wc), *pb = padded(b, m->ws), *pc = padded(c, m->wt);
    ec_v_put_str(v, "code", pa);
    ec_v_put_str(v, "sub", pb);
    ec_v_put_str(v, "text", pc);
    free(pa);
    free(pb);
    free(pc);
    return v;
}

static char *dashes(size_t n)
{
    char *d = ec_xmalloc(n + 1);
    memset(d, '-', n);
    d[n] = '\0';
    return d;
}

static void md_fields(ec_value *v, const table_rows *t, ec_value *rows)
{
    md_cells m;
    md_measure(t, &m);
    ec_v_put(v, "md_head", md_triple("errcode", "sub_errcode", "errmsg", &m));
    char *a = dashes(m.wc), *b = dashes(m.ws), *c = dashes(m.wt);
    ec_v_put(v, "md_rule", md_triple(a, b, c, &m));
    free(a);
    free(b);
    free(c);
    for (size_t i = 0; i < t->n; i++) {
        ec_value *row = rows->items[i];
        char *pc = padded(m.code[i], m.wc), *ps = padded(m.sub[i], m.ws),
             *pt = padded(m.text[i], m.wt), *pp = padded(m.plain[i], m.wt);
        ec_v_put_str(row, "md_code", pc);
        ec_v_put_str(row, "md_sub", ps);
        ec_v_put_str(row, "md_text", pt);
        ec_v_put_str(row, "md_plain", pp);
        free(pc);
        free(ps);
        free(pt);
        free(pp);
        free(m.plain[i]);
        free(m.code[i]);
        free(m.sub[i]);
        free(m.text[i]);
    }
    free(m.code);
    free(m.sub);
    free(m.text);
    free(m.plain);
}

/* ---- rows and rowspan groups ---- */

static ec_value *entry_row(const ec_entry *e, bool fallback, bool retired)
{
    ec_value *r = ec_v_map();
    ec_v_put(r, "fallback", ec_v_bool(fallback));
    ec_v_put(r, "retired", ec_v_bool(retired));
    char num[EC_CODE_MAX];
    ec_v_put_str(r, "key", e->key);
    snprintf(num, sizeof num, "%d", e->code);
    ec_v_put_str(r, "code", num);
    snprintf(num, sizeof num, "%d", e->sub);
    ec_v_put_str(r, "sub", num);
    ec_v_put(r, "text", ec_v_strn(e->text ? e->text : "", e->text ? e->text_len : 0));
    return r;
}

/* Consecutive entries with one errcode form a group; a lone sub-code 0 spans
 * both code columns, as in the English docs page. The groups' rows are the
 * nodes of `rows` (views live in an arena, where sharing is allowed). */
static ec_value *groups_of(const table_rows *t, ec_value *all_rows)
{
    ec_value *groups = ec_v_list();
    for (size_t i = 0, j; i < t->n; i = j) {
        for (j = i; j < t->n && t->e[j]->code == t->e[i]->code; j++)
            ;
        bool single = j - i == 1 && t->e[i]->sub == 0;
        ec_value *g = ec_v_map(), *rows = ec_v_list();
        char num[EC_CODE_MAX];
        snprintf(num, sizeof num, "%d", t->e[i]->code);
        ec_v_put_str(g, "code", num);
        ec_v_put(g, "rowspan", ec_v_num((double)(j - i)));
        ec_v_put(g, "single", ec_v_bool(single));
        for (size_t k = i; k < j; k++) {
            ec_value *r = all_rows->items[k];
            ec_v_put(r, "first", ec_v_bool(k == i));
            ec_v_put(r, "single", ec_v_bool(single));
            ec_v_put(r, "rowspan", ec_v_num((double)(j - i)));
            ec_v_push(rows, r);
        }
        ec_v_put(g, "rows", rows);
        ec_v_push(groups, g);
    }
    return groups;
}

ec_value *ec_view_locale(const ec_catalog *c, const ec_locale *l, ec_arena *a)
{
    ec_v_use_arena(a);
    ec_value *v = ec_v_map();
    ec_v_put_str(v, "name", c->name ? c->name : "");
    ec_v_put_str(v, "locale", l->tag);
    ec_v_put_str(v, "lang", l->tag);
    ec_v_put_str(v, "source", c->source ? c->source : "");
    char *title = ec_xasprintf("%s (%s)", c->name ? c->name : "messages", l->tag);
    ec_v_put_str(v, "title", title);
    free(title);
    table_rows t = rows_of(c, l);
    mark_retired(c, &t);
    ec_v_put(v, "nkeys", ec_v_num((double)t.n));
    ec_v_put(v, "nfallback", ec_v_num((double)t.nfallback));
    ec_v_put(v, "nretired", ec_v_num((double)t.nretired));
    ec_value *rows = ec_v_list();
    for (size_t i = 0; i < t.n; i++)
        ec_v_push(rows, entry_row(t.e[i], t.fallback[i], t.retired[i]));
    md_fields(v, &t, rows);
    ec_v_put(v, "rows", rows);
    ec_v_put(v, "groups", groups_of(&t, rows));
    rows_free(&t);
    ec_v_use_arena(NULL);
    return v;
}

/* ---- the C header ---- */

/* `s` as a C identifier part: letters in one case, anything else '_'. */
static char *c_ident(const char *s, bool upper)
{
    char *d = ec_xstrdup(s);
    for (char *p = d; *p; p++) {
        char c = *p;
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (letter)
            *p = upper ? (char)(c & ~0x20) : (char)(c | 0x20);
        else if (!(c >= '0' && c <= '9'))
            *p = '_';
    }
    return d;
}

/* A C integer constant; INT32_MIN cannot be written as one literal. */
static char *c_int(int32_t v)
{
    return v == INT32_MIN ? ec_xstrdup("(-2147483647 - 1)") : ec_xasprintf("%d", v);
}

#define symbol_of ec_symbol

typedef struct {
    int32_t code, sub;
} key;

/* The union of the keys of all usable locales, sorted. */
static key *all_keys(const ec_catalog *c, size_t *n)
{
    key *k = ec_xmalloc((c->nkeys + 1) * sizeof *k);
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at), count = 0;
    for (const ec_entry *e; count < c->nkeys && (e = ec_catalog_next_key(c, at));) {
        k[count++] = (key){e->code, e->sub};
        ec_catalog_pass_key(c, at, e->code, e->sub);
    }
    free(at);
    *n = count;
    return k;
}

static ec_value *header_keys(const ec_catalog *c, const char *prefix, const key *k, size_t n)
{
    const ec_locale *src = ec_catalog_source(c);
    ec_value *keys = ec_v_list();
    for (size_t i = 0; i < n; i++) {
        const ec_entry *se = src ? ec_locale_find(src, k[i].code, k[i].sub) : NULL;
        ec_value *kv = ec_v_map();
        char *sym = symbol_of(prefix, se, k[i].code, k[i].sub);
        char *code = c_int(k[i].code), *sub = c_int(k[i].sub);
        char *keyname = ec_xasprintf("%d/%d", k[i].code, k[i].sub);
        ec_v_put_str(kv, "key", keyname);
        ec_v_put_str(kv, "symbol", sym);
        ec_v_put_str(kv, "code", code);
        ec_v_put_str(kv, "sub", sub);
        ec_v_put(kv, "retired", ec_v_bool(se && se->retired));
        free(sym);
        free(code);
        free(sub);
        free(keyname);
        ec_v_push(keys, kv);
    }
    return keys;
}

/* Texts longer than a C literal may become a byte array in long_messages. */
static char *message_expr(const ec_entry *e, const char *ident, size_t i, ec_value *long_msgs)
{
    if (!e || !e->text_ok || !e->text)
        return ec_xstrdup("NULL");
    if (e->text_len <= C_LITERAL_MAX)
        return c_literal(e->text, e->text_len);
    char *name = ec_xasprintf("long_%s_%zu", ident, i);
    ec_buf bytes = {0};
    for (size_t j = 0; j < e->text_len; j++)
        ec_buf_printf(&bytes, "%s'\\%03o'", j ? (j % 12 ? ", " : ",\n        ") : "",
                      (unsigned char)e->text[j]);
    ec_buf_puts(&bytes, ", '\\0'");
    ec_value *lm = ec_v_map();
    ec_v_put_str(lm, "ident", name);
    ec_v_put_str(lm, "bytes", bytes.data);
    ec_v_push(long_msgs, lm);
    ec_buf_free(&bytes);
    return name;
}

static ec_value *header_locale(const ec_locale *l, size_t index, const key *k, size_t n,
                               ec_value *long_msgs)
{
    ec_value *lv = ec_v_map(), *msgs = ec_v_list();
    char *ident = c_ident(l->tag, false);
    ec_v_put_str(lv, "tag", l->tag);
    ec_v_put_str(lv, "ident", ident);
    ec_v_put(lv, "index", ec_v_num((double)index));
    for (size_t i = 0; i < n; i++) {
        const ec_entry *e = ec_locale_find(l, k[i].code, k[i].sub);
        char *expr = message_expr(e, ident, i, long_msgs);
        ec_value *m = ec_v_map();
        ec_v_put_str(m, "c", expr);
        ec_v_push(msgs, m);
        free(expr);
    }
    ec_v_put(lv, "messages", msgs);
    free(ident);
    return lv;
}

ec_value *ec_view_header(const ec_catalog *c, ec_arena *a)
{
    ec_v_use_arena(a);
    ec_value *v = ec_v_map();
    size_t n = 0;
    key *k = all_keys(c, &n);
    /* c_prefix is a C identifier: macros use it as written, functions lower-cased */
    char *prefix = ec_xstrdup(c->c_prefix ? c->c_prefix : "ERRCAT");
    char *lower = c_ident(prefix, false);
    char *fn = ec_xasprintf("%s_message", lower);
    char *upper = c_ident(prefix, true);
    char *guard = ec_xasprintf("%s_ERRCAT_H", upper);
    free(upper);
    ec_v_put_str(v, "name", c->name ? c->name : "");
    ec_v_put_str(v, "prefix", prefix);
    ec_v_put_str(v, "lower", lower);
    ec_v_put_str(v, "fn", fn);
    ec_v_put_str(v, "guard", guard);
    ec_v_put(v, "keys", header_keys(c, prefix, k, n));
    ec_v_put(v, "nkeys", ec_v_num((double)n));
    ec_value *locales = ec_v_list(), *long_msgs = ec_v_list();
    size_t li = 0, source_index = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        if (!c->locales[i].usable)
            continue;
        if ((int)i == c->source_idx)
            source_index = li;
        ec_v_push(locales, header_locale(&c->locales[i], li++, k, n, long_msgs));
    }
    ec_v_put(v, "locales", locales);
    ec_v_put(v, "long_messages", long_msgs);
    ec_v_put(v, "nlocales", ec_v_num((double)li));
    ec_v_put(v, "source_index", ec_v_num((double)source_index));
    ec_v_put_str(v, "source", c->source ? c->source : "");
    free(prefix);
    free(lower);
    free(fn);
    free(guard);
    free(k);
    ec_v_use_arena(NULL);
    return v;
}
