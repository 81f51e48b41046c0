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

/* The bytes a Markdown cell cannot hold as they are: those that get a
 * backslash, and the line breaks. */
static bool md_special(unsigned char c)
{
    static const char special[256] = {
        ['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1,  [']'] = 1,
        ['<'] = 1,  ['&'] = 1, ['|'] = 1, ['~'] = 1, ['\n'] = 1, ['\r'] = 1};
    return special[c];
}

/* ec_md_cell() appended to *out. */
static void md_cell_into(ec_buf *out, const char *s, size_t n)
{
    ec_buf b = *out;
    ec_buf_reserve(&b, n + 16);
    /* GFM trims cells, so outer spaces are written as character references. */
    size_t lead = 0, trail = 0;
    while (lead < n && s[lead] == ' ')
        lead++;
    while (trail < n - lead && s[n - 1 - trail] == ' ')
        trail++;
    for (size_t i = 0; i < lead; i++)
        ec_buf_puts(&b, "&#32;");
    size_t run = lead; /* the plain bytes from here on are copied at once */
    for (size_t i = lead; i < n - trail; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!md_special(c))
            continue;
        ec_buf_put(&b, s + run, i - run);
        run = i + 1;
        if (c == '\n')
            ec_buf_puts(&b, "<br>"); /* a table row is one line */
        else if (c == '\r')
            ec_buf_puts(&b, "&#13;");
        else
            ec_buf_putc(&b, '\\'), ec_buf_putc(&b, (char)c);
    }
    ec_buf_put(&b, s + run, n - trail - run);
    for (size_t i = 0; i < trail; i++)
        ec_buf_puts(&b, "&#32;");
    *out = b;
}

char *ec_md_cell(const char *s, size_t n)
{
    ec_buf b = {0};
    md_cell_into(&b, s, n);
    return ec_buf_take(&b);
}

/* A C string literal (with quotes), pure ASCII, for s[0..n): written
 * straight into a buffer of the longest size it can take. */
static char *c_literal(const char *s, size_t n)
{
    char *d = ec_xmalloc(n * 4 + 3), *p = d;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c == '?') { /* \? : never a trigraph */
            *p++ = '\\';
            *p++ = (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            *p++ = (char)c;
        } else { /* always three octal digits: no run-on into the next char */
            *p++ = '\\';
            *p++ = (char)('0' + (c >> 6));
            *p++ = (char)('0' + ((c >> 3) & 7));
            *p++ = (char)('0' + (c & 7));
        }
    }
    *p++ = '"';
    *p = '\0';
    return d;
}

/* ---- Markdown table ---- */

/* cell[0..n), `w` columns wide, and spaces up to `width` columns, in *b. */
static void pad_into(ec_buf *b, const char *cell, size_t n, size_t w, size_t width)
{
    b->len = 0;
    ec_buf_put(b, cell, n);
    size_t pad = w < width ? width - w : 0;
    ec_buf_reserve(b, pad);
    memset(b->data + b->len, ' ', pad);
    b->len += pad;
    b->data[b->len] = '\0';
}

static char *padded(const char *cell, size_t width)
{
    ec_buf b = {0};
    size_t n = strlen(cell);
    pad_into(&b, cell, n, ec_u_display_width(cell, n), width);
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
    size_t at = 0;
    for (size_t i = 0; src && src->usable && i < t->n; i++) {
        const ec_entry *se = ec_locale_find_next(src, t->e[i]->code, t->e[i]->sub, &at);
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

/* A locale's table as the templates see it: `rows` and `groups` are lists
 * made on demand, row by row, from the entries, so that a table of 200,000
 * rows never exists whole (only what one row needs, while it renders). */
typedef struct {
    table_rows t;
    size_t wc, ws, wt; /* the Markdown columns' widths */
    uint32_t *width;   /* per row: the columns of its Markdown text cell */
    bool markdown;     /* rows carry their Markdown cells (ec_view_markdown) */
    size_t *group;     /* per row: the index of its group */
    size_t *start;     /* per group: its first row; [ngroups]: t.n */
    size_t ngroups;
} table_view;

/* The values make_row() makes (the map and its 13 fields), and
 * make_group() apart from its rows (the map, 3 fields and the list). */
#define ROW_VALUES 14
#define GROUP_VALUES 5

/* A group's rows: a slice of the table's. */
typedef struct {
    const table_view *tv;
    size_t first;
} group_rows;

/* The Markdown cell of a row's text, in *cell (reused), with the retired
 * mark when `retired`. */
static void md_text_cell(const ec_entry *e, bool retired, ec_buf *cell)
{
    cell->len = 0;
    md_cell_into(cell, e->text ? e->text : "", e->text ? e->text_len : 0);
    if (retired)
        ec_buf_puts(cell, RETIRED_MARK);
}

/* The widths of the Markdown columns: the widest cell of each, the header's
 * included. */
static void md_measure(table_view *tv)
{
    tv->wc = strlen("errcode");
    tv->ws = strlen("sub_errcode");
    tv->wt = strlen("errmsg");
    char num[EC_CODE_MAX];
    ec_buf cell = {0};
    for (size_t i = 0; i < tv->t.n; i++) {
        const ec_entry *e = tv->t.e[i];
        tv->wc = max_sz(tv->wc, ec_int_format(num, e->code));
        tv->ws = max_sz(tv->ws, ec_int_format(num, e->sub));
        md_text_cell(e, tv->t.retired[i], &cell);
        tv->width[i] = (uint32_t)ec_u_display_width(cell.data, cell.len);
        tv->wt = max_sz(tv->wt, tv->width[i]);
    }
    ec_buf_free(&cell);
}

static ec_value *md_triple(const char *a, const char *b, const char *c, const table_view *tv)
{
    ec_value *v = ec_v_map();
    char *pa = padded(a, tv->wc), *pb = padded(b, tv->ws), *pc = padded(c, tv->wt);
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

/* The table's header and rule lines, padded to the columns' widths. */
static void md_fields(ec_value *v, const table_view *tv)
{
    ec_v_put(v, "md_head", md_triple("errcode", "sub_errcode", "errmsg", tv));
    char *a = dashes(tv->wc), *b = dashes(tv->ws), *c = dashes(tv->wt);
    ec_v_put(v, "md_rule", md_triple(a, b, c, tv));
    free(a);
    free(b);
    free(c);
}

/* ---- rows and rowspan groups ---- */

/* Row i of the table (ec_v_gen_list()'s maker): the entry's key, codes and
 * text, whether it is a fallback, its Markdown cells, and its place in its
 * group. Consecutive entries with one errcode form a group; a lone
 * sub-code 0 spans both code columns, as in the English docs page. */
static ec_value *make_row(const void *ctx, size_t i)
{
    const table_view *tv = ctx;
    const ec_entry *e = tv->t.e[i];
    size_t g = tv->group[i], span = tv->start[g + 1] - tv->start[g];
    bool single = span == 1 && tv->t.e[tv->start[g]]->sub == 0;
    bool retired = tv->t.retired[i];
    ec_value *r = ec_v_map_sized(ROW_VALUES - 1);
    ec_v_put_static(r, "fallback", ec_v_bool(tv->t.fallback[i]));
    ec_v_put_static(r, "retired", ec_v_bool(retired));
    char code[EC_CODE_MAX], sub[EC_CODE_MAX];
    size_t nc = ec_int_format(code, e->code), ns = ec_int_format(sub, e->sub);
    char key[EC_KEY_MAX];
    ec_key_format(key, e->code, e->sub);
    ec_v_put_static(r, "key", ec_v_str(key));
    ec_v_put_static(r, "code", ec_v_strn(code, nc));
    ec_v_put_static(r, "sub", ec_v_strn(sub, ns));
    ec_v_put_static(r, "text", ec_v_strn_kept(e->text ? e->text : "", e->text ? e->text_len : 0));
    if (tv->markdown) {
        ec_buf cell = {0}, pad = {0};
        pad_into(&pad, code, nc, nc, tv->wc); /* digits and '-': a column each */
        ec_v_put_static(r, "md_code", ec_v_strn(pad.data, pad.len));
        pad_into(&pad, sub, ns, ns, tv->ws);
        ec_v_put_static(r, "md_sub", ec_v_strn(pad.data, pad.len));
        md_text_cell(e, retired, &cell);
        size_t w = tv->width[i];
        pad_into(&pad, cell.data, cell.len, w, tv->wt);
        ec_v_put_static(r, "md_text", ec_v_strn(pad.data, pad.len));
        if (retired) { /* md_plain: the cell without the (ASCII) mark */
            cell.len -= strlen(RETIRED_MARK);
            w -= strlen(RETIRED_MARK);
        }
        pad_into(&pad, cell.data, cell.len, w, tv->wt);
        ec_v_put_static(r, "md_plain", ec_v_strn(pad.data, pad.len));
        ec_buf_free(&cell);
        ec_buf_free(&pad);
    }
    ec_v_put_static(r, "first", ec_v_bool(i == tv->start[g]));
    ec_v_put_static(r, "single", ec_v_bool(single));
    ec_v_put_static(r, "rowspan", ec_v_num((double)span));
    return r;
}

/* Row i of a group (ec_v_gen_list()'s maker). */
static ec_value *make_group_row(const void *ctx, size_t i)
{
    const group_rows *gr = ctx;
    return make_row(gr->tv, gr->first + i);
}

/* Group g of the table (ec_v_gen_list()'s maker): its errcode, rowspan,
 * whether it is a lone sub-code 0, and its rows. */
static ec_value *make_group(const void *ctx, size_t g)
{
    const table_view *tv = ctx;
    size_t first = tv->start[g], span = tv->start[g + 1] - first;
    ec_value *v = ec_v_map();
    char num[EC_CODE_MAX];
    snprintf(num, sizeof num, "%d", tv->t.e[first]->code);
    ec_v_put_str(v, "code", num);
    ec_v_put(v, "rowspan", ec_v_num((double)span));
    ec_v_put(v, "single", ec_v_bool(span == 1 && tv->t.e[first]->sub == 0));
    group_rows *gr = ec_arena_alloc(ec_v_arena(), sizeof *gr);
    *gr = (group_rows){tv, first};
    ec_v_put(v, "rows", ec_v_gen_list(span, make_group_row, gr, span * ROW_VALUES));
    return v;
}

/* The groups of the table: each row's group and each group's first row. */
static void find_groups(table_view *tv, ec_arena *a)
{
    const table_rows *t = &tv->t;
    tv->group = ec_arena_alloc(a, (t->n + 1) * sizeof *tv->group);
    tv->start = ec_arena_alloc(a, (t->n + 1) * sizeof *tv->start);
    for (size_t i = 0; i < t->n; i++) {
        if (i == 0 || t->e[i]->code != t->e[i - 1]->code)
            tv->start[tv->ngroups++] = i;
        tv->group[i] = tv->ngroups - 1;
    }
    tv->start[tv->ngroups] = t->n;
}

/* Copies the rows of `t` into the arena and frees them. */
static table_rows rows_in_arena(table_rows *t, ec_arena *a)
{
    table_rows c = *t;
    c.e = ec_arena_alloc(a, (t->n + 1) * sizeof *c.e);
    c.fallback = ec_arena_alloc(a, t->n + 1);
    c.retired = ec_arena_alloc(a, t->n + 1);
    if (t->n) {
        memcpy(c.e, t->e, t->n * sizeof *c.e);
        memcpy(c.fallback, t->fallback, t->n);
        memcpy(c.retired, t->retired, t->n);
    }
    rows_free(t);
    return c;
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
    table_view *tv = ec_arena_alloc(a, sizeof *tv);
    table_rows t = rows_of(c, l);
    mark_retired(c, &t);
    tv->t = rows_in_arena(&t, a);
    find_groups(tv, a);
    tv->width = ec_arena_alloc(a, (tv->t.n + 1) * sizeof *tv->width);
    md_measure(tv);
    tv->markdown = true;
    ec_v_put(v, "nkeys", ec_v_num((double)tv->t.n));
    ec_v_put(v, "nfallback", ec_v_num((double)tv->t.nfallback));
    ec_v_put(v, "nretired", ec_v_num((double)tv->t.nretired));
    md_fields(v, tv);
    ec_v_put(v, "rows", ec_v_gen_list(tv->t.n, make_row, tv, tv->t.n * ROW_VALUES));
    ec_v_put(v, "groups",
             ec_v_gen_list(tv->ngroups, make_group, tv,
                           tv->ngroups * GROUP_VALUES + tv->t.n * ROW_VALUES));
    ec_v_use_arena(NULL);
    return v;
}

void ec_view_markdown(ec_value *view, bool on)
{
    const ec_value *rows = ec_v_get(view, "rows");
    if (rows && rows->gen == make_row)
        ((table_view *)rows->gen_ctx)->markdown = on;
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
#define EC_C_INT_MAX sizeof "(-2147483647 - 1)"

static const char *c_int(char out[EC_C_INT_MAX], int32_t v)
{
    if (v == INT32_MIN)
        return "(-2147483647 - 1)";
    ec_int_format(out, v);
    return out;
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

/* What the lists of the header view make their items from. */
typedef struct {
    const ec_catalog *c;
    const char *prefix;
    const key *k;
    size_t n;
    size_t *src_at; /* ec_locale_find_next()'s cursor in the source locale */
} header_ctx;

/* A locale's messages: the header's keys, in that locale. */
typedef struct {
    const header_ctx *h;
    const ec_locale *l;
    const char *ident;
    size_t *at; /* ec_locale_find_next()'s cursor: the list is made in order */
} header_msgs;

/* Key i of the header (ec_v_gen_list()'s maker): its name, symbol and codes. */
static ec_value *make_key(const void *ctx, size_t i)
{
    const header_ctx *h = ctx;
    const ec_locale *src = ec_catalog_source(h->c);
    const ec_entry *se =
        src ? ec_locale_find_next(src, h->k[i].code, h->k[i].sub, h->src_at) : NULL;
    ec_value *kv = ec_v_map();
    char *sym = symbol_of(h->prefix, se, h->k[i].code, h->k[i].sub);
    char keyname[EC_KEY_MAX], code[EC_C_INT_MAX], sub[EC_C_INT_MAX];
    ec_key_format(keyname, h->k[i].code, h->k[i].sub);
    ec_v_put_static(kv, "key", ec_v_str(keyname));
    ec_v_put_static(kv, "symbol", ec_v_str(sym));
    ec_v_put_static(kv, "code", ec_v_str(c_int(code, h->k[i].code)));
    ec_v_put_static(kv, "sub", ec_v_str(c_int(sub, h->k[i].sub)));
    ec_v_put_static(kv, "retired", ec_v_bool(se && se->retired));
    free(sym);
    return kv;
}

/* The C expression of a locale's text for key i: NULL, a literal, or for a
 * text longer than a C literal, the name of its byte array. */
static char *message_expr(const ec_entry *e, const char *ident, size_t i)
{
    if (!e || !e->text_ok || !e->text)
        return ec_xstrdup("NULL");
    if (e->text_len <= C_LITERAL_MAX)
        return c_literal(e->text, e->text_len);
    return ec_xasprintf("long_%s_%zu", ident, i);
}

/* Message i of a locale (ec_v_gen_list()'s maker). */
static ec_value *make_message(const void *ctx, size_t i)
{
    const header_msgs *hm = ctx;
    const ec_entry *e = ec_locale_find_next(hm->l, hm->h->k[i].code, hm->h->k[i].sub, hm->at);
    char *expr = message_expr(e, hm->ident, i);
    ec_value *m = ec_v_map();
    ec_v_put_str(m, "c", expr);
    free(expr);
    return m;
}

/* The byte arrays of a locale's texts longer than a C literal. */
static void long_messages(const header_msgs *hm, ec_value *long_msgs)
{
    for (size_t i = 0; i < hm->h->n; i++) {
        const ec_entry *e = ec_locale_find_next(hm->l, hm->h->k[i].code, hm->h->k[i].sub, hm->at);
        if (!e || !e->text_ok || !e->text || e->text_len <= C_LITERAL_MAX)
            continue;
        char *name = message_expr(e, hm->ident, i);
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
        free(name);
    }
}

static ec_value *header_locale(const header_ctx *h, const ec_locale *l, size_t index,
                               ec_value *long_msgs)
{
    ec_value *lv = ec_v_map();
    char *ident = c_ident(l->tag, false);
    ec_v_put_str(lv, "tag", l->tag);
    ec_v_put_str(lv, "ident", ident);
    ec_v_put(lv, "index", ec_v_num((double)index));
    header_msgs *hm = ec_arena_alloc(ec_v_arena(), sizeof *hm);
    *hm = (header_msgs){h, l, ec_v_get(lv, "ident")->str,
                        ec_arena_alloc(ec_v_arena(), sizeof *hm->at)};
    long_messages(hm, long_msgs);
    ec_v_put(lv, "messages", ec_v_gen_list(h->n, make_message, hm, 2 * h->n));
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
    header_ctx *h = ec_arena_alloc(a, sizeof *h);
    *h = (header_ctx){c, ec_v_get(v, "prefix")->str, ec_arena_alloc(a, (n + 1) * sizeof *k), n,
                      ec_arena_alloc(a, sizeof *h->src_at)};
    if (n)
        memcpy((key *)h->k, k, n * sizeof *k);
    ec_v_put(v, "keys", ec_v_gen_list(n, make_key, h, 6 * n));
    ec_v_put(v, "nkeys", ec_v_num((double)n));
    ec_value *locales = ec_v_list(), *long_msgs = ec_v_list();
    size_t li = 0, source_index = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        if (!c->locales[i].usable)
            continue;
        if ((int)i == c->source_idx)
            source_index = li;
        ec_v_push(locales, header_locale(h, &c->locales[i], li++, long_msgs));
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
